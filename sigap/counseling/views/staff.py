"""Staff counselling pages under /staf/konsultasi/: the consultation list and file,
sessions, document help, referrals, closing and the hand-over to LP-PAR; the
counsellor's schedule and availability; the IKM figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.accounts.choices import ROLES_CONSULTATIONS, ROLES_COUNSELLING, ROLES_READING_ALL_CONSULTATIONS
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import client_ip, record_read
from sigap.counseling import ikm
from sigap.counseling.choices import AppointmentStatus, ConsultationStatus, ExceptionKind
from sigap.counseling.forms import (
    AvailabilityForm,
    CloseForm,
    ConsultationForm,
    DocumentForm,
    DocumentStatusForm,
    EscalateForm,
    ExceptionForm,
    IkmFilterForm,
    ProfileForm,
    ReassignForm,
    ReferralForm,
    ReferralOutcomeForm,
    SessionForm,
)
from sigap.counseling.models import CounsellorProfile
from sigap.counseling.selectors import (
    assignable_profiles_for_user,
    availability_exception_get_for_user,
    availability_exceptions_for_user,
    consultation_get_for_user,
    consultation_list_for_user,
    counsellor_profile_for_user,
    ikm_for,
    ikm_units_for_user,
    may_read_notes,
    may_reassign,
    schedule_units_for_user,
    session_get_for_user,
    upcoming_appointments_for_user,
)
from sigap.counseling.services import (
    SlotTaken,
    availability_add,
    availability_exception_add,
    availability_exception_remove,
    availability_remove,
    consultation_close,
    consultation_escalate,
    consultation_open,
    consultation_reassign,
    counsellor_profile_save,
    document_add,
    document_update,
    referral_add,
    referral_outcome_record,
    session_record,
)
from sigap.intake.selectors import report_get_for_user

PAGE_SIZE = 50


def _posted(request):
    """The POST data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def _refuse_if_closed(request, consultation):
    """A closed consultation takes no more sessions, documents or referrals."""
    if consultation.is_open():
        return None
    messages.error(request, _("This consultation is closed."))
    return redirect(consultation)


@login_required
@require_safe
def consultation_list(request):
    status = request.GET.get("status", ConsultationStatus.OPEN)
    consultations = consultation_list_for_user(request.user, status=status)
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    context = {"page": page, "status": status, "statuses": ConsultationStatus.choices}
    return render(request, "counseling/consultation_list.html", context)


def _detail_context(request, consultation, **forms) -> dict:
    appointments = list(consultation.appointments.select_related("counsellor"))
    return {
        "consultation": consultation,
        "appointments": appointments,
        "sessions": consultation.sessions.select_related("counsellor", "follow_up"),
        "documents": consultation.documents.all(),
        "referrals": consultation.referrals.all(),
        "may_read_notes": may_read_notes(request.user, consultation),
        "may_reassign": consultation.is_open() and may_reassign(request.user, consultation),
        "document_form": forms.get("document_form") or DocumentForm(),
        "status_form": DocumentStatusForm(),
        "referral_form": forms.get("referral_form") or ReferralForm(),
        "outcome_form": ReferralOutcomeForm(),
    }


@login_required
@require_safe
def consultation_detail(request, pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    return render(request, "counseling/consultation_detail.html", _detail_context(request, consultation))


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request):
    if not has_role(request.user, ROLES_CONSULTATIONS):
        raise PermissionDenied
    profiles = assignable_profiles_for_user(request.user)
    form = ConsultationForm(_posted(request), profiles=profiles, initial={"counsellor": profiles.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        profile = data.pop("counsellor")
        report_id = data.pop("report")
        report = report_get_for_user(request.user, report_id, ip=client_ip(request)) if report_id else None
        consultation = consultation_open(
            actor=request.user, unit=profile.unit, counsellor=profile.user, report=report, ip=client_ip(request), **data
        )
        return redirect(consultation)
    return render(request, "counseling/consultation_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request, pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if refused := _refuse_if_closed(request, consultation):
        return refused
    booked = consultation.appointments.filter(status=AppointmentStatus.BOOKED).order_by("start")
    form = SessionForm(
        _posted(request), appointments=booked, initial={"appointment": getattr(booked.first(), "pk", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            session_record(
                actor=request.user, consultation=consultation, ip=client_ip(request), **form.service_arguments()
            )
        except SlotTaken:
            form.add_error("follow_up_start", _("The counsellor already has an appointment at that time."))
        else:
            messages.success(request, _("Session recorded."))
            return redirect(consultation)
    context = {"consultation": consultation, "form": form}
    return render(request, "counseling/session_form.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def session_detail(request, pk: int, session_pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    session = session_get_for_user(request.user, consultation, session_pk, ip=client_ip(request))
    return render(request, "counseling/session_detail.html", {"consultation": consultation, "session": session})


@login_required
@require_POST
def document_new(request, pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if refused := _refuse_if_closed(request, consultation):
        return refused
    form = DocumentForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, consultation, document_form=form)
        return render(request, "counseling/consultation_detail.html", context, status=400)
    document_add(actor=request.user, consultation=consultation, ip=client_ip(request), **form.cleaned_data)
    return redirect(consultation)


@login_required
@require_POST
def document_status(request, pk: int, item_pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if refused := _refuse_if_closed(request, consultation):
        return refused
    item = get_object_or_404(consultation.documents, pk=item_pk)
    form = DocumentStatusForm(request.POST)
    if not form.is_valid():
        return render(
            request, "counseling/consultation_detail.html", _detail_context(request, consultation), status=400
        )
    document_update(actor=request.user, item=item, status=form.cleaned_data["status"], ip=client_ip(request))
    return redirect(consultation)


@login_required
@require_POST
def referral_new(request, pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if refused := _refuse_if_closed(request, consultation):
        return refused
    form = ReferralForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, consultation, referral_form=form)
        return render(request, "counseling/consultation_detail.html", context, status=400)
    referral_add(actor=request.user, consultation=consultation, ip=client_ip(request), **form.cleaned_data)
    return redirect(consultation)


@login_required
@require_POST
def referral_outcome(request, pk: int, referral_pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if refused := _refuse_if_closed(request, consultation):
        return refused
    referral = get_object_or_404(consultation.referrals, pk=referral_pk)
    form = ReferralOutcomeForm(request.POST)
    if not form.is_valid():
        return render(
            request, "counseling/consultation_detail.html", _detail_context(request, consultation), status=400
        )
    referral_outcome_record(actor=request.user, referral=referral, ip=client_ip(request), **form.cleaned_data)
    return redirect(consultation)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_close_view(request, pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if refused := _refuse_if_closed(request, consultation):
        return refused
    form = CloseForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        consultation, code = consultation_close(
            actor=request.user, consultation=consultation, reason=form.cleaned_data["reason"], ip=client_ip(request)
        )
        # Shown once, in this answer only: the code is kept nowhere but as a hash.
        return render(request, "counseling/closed.html", {"consultation": consultation, "survey_code": code})
    context = {"consultation": consultation, "form": form}
    return render(request, "counseling/close.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_reassign_view(request, pk: int):
    """The head of the unit gives the consultation to another counsellor (403 for the
    counsellor who holds it; 404, from the gate, for everyone else)."""
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if not may_reassign(request.user, consultation):
        raise PermissionDenied
    if refused := _refuse_if_closed(request, consultation):
        return refused
    profiles = (
        assignable_profiles_for_user(request.user)
        .filter(unit_id=consultation.unit_id)
        .exclude(user_id=consultation.counsellor_id)
    )
    # Only those who take its kind (a JSON list, which SQLite cannot filter; a unit has
    # a handful of counsellors).
    profiles = profiles.filter(pk__in=[profile.pk for profile in profiles if profile.takes(consultation.kind)])
    form = ReassignForm(_posted(request), profiles=profiles)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_reassign(
                actor=request.user,
                consultation=consultation,
                counsellor=form.cleaned_data["counsellor"].user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(consultation)s now belongs to %(counsellor)s.")
                % {"consultation": consultation, "counsellor": form.cleaned_data["counsellor"].user},
            )
            return redirect(consultation)
    context = {"consultation": consultation, "form": form}
    return render(request, "counseling/reassign.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_escalate_view(request, pk: int):
    consultation = consultation_get_for_user(request.user, pk, ip=client_ip(request))
    if consultation.escalated_report_id is not None:
        messages.error(request, _("This consultation was already handed over to LP-PAR."))
        return redirect(consultation)
    form = EscalateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        report = consultation_escalate(
            actor=request.user,
            consultation=consultation,
            categories=form.cleaned_data["categories"],
            summary=form.cleaned_data["summary"],
            in_danger=form.cleaned_data["in_danger"] == "yes",
            ip=client_ip(request),
        )
        messages.success(request, _("Handed over to LP-PAR as report #%(id)s.") % {"id": report.pk})
        return redirect(consultation)
    context = {"consultation": consultation, "form": form}
    return render(request, "counseling/escalate.html", context, status=400 if form.errors else 200)


# --- Schedule and availability --------------------------------------------------------


def _schedule_context(request, **forms) -> dict:
    user = request.user
    profile = counsellor_profile_for_user(user)
    is_head = has_role(user, ROLES_READING_ALL_CONSULTATIONS)
    leave_kinds = [ExceptionKind.LEAVE, ExceptionKind.OTHER]
    return {
        "profile": profile,
        "is_counsellor": has_role(user, ROLES_COUNSELLING),
        "is_head": is_head,
        "appointments": upcoming_appointments_for_user(user),
        "blocks": profile.availability.all() if profile else [],
        "exceptions": availability_exceptions_for_user(user)[:50],
        "profile_form": forms.get("profile_form") or ProfileForm(instance=profile, prefix="profile"),
        "availability_form": forms.get("availability_form") or AvailabilityForm(prefix="block"),
        "leave_form": forms.get("leave_form") or ExceptionForm(prefix="leave", kinds=leave_kinds),
        "holiday_form": forms.get("holiday_form") or ExceptionForm(prefix="holiday", kinds=[ExceptionKind.HOLIDAY]),
    }


def _schedule_page(request, status: int = 200, **forms):
    return render(request, "counseling/schedule.html", _schedule_context(request, **forms), status=status)


def _own_profile_or_403(user) -> CounsellorProfile:
    profile = counsellor_profile_for_user(user)
    if profile is None or not has_role(user, ROLES_COUNSELLING):
        raise PermissionDenied
    return profile


@login_required
@require_safe
def schedule(request):
    schedule_units_for_user(request.user)
    return _schedule_page(request)


@login_required
@require_POST
def profile_save(request):
    units = schedule_units_for_user(request.user)
    if not has_role(request.user, ROLES_COUNSELLING):
        raise PermissionDenied
    profile = counsellor_profile_for_user(request.user)
    form = ProfileForm(request.POST, instance=profile, prefix="profile")
    if not form.is_valid():
        return _schedule_page(request, status=400, profile_form=form)
    unit = profile.unit if profile else units_for_roles(request.user, ROLES_COUNSELLING).filter(pk__in=units).first()
    if unit is None:
        raise PermissionDenied
    counsellor_profile_save(actor=request.user, user=request.user, unit=unit, **form.cleaned_data)
    messages.success(request, _("Profile saved."))
    return redirect("counseling:schedule")


@login_required
@require_POST
def availability_new(request):
    schedule_units_for_user(request.user)
    profile = _own_profile_or_403(request.user)
    form = AvailabilityForm(request.POST, prefix="block")
    if not form.is_valid():
        return _schedule_page(request, status=400, availability_form=form)
    availability_add(actor=request.user, profile=profile, **form.cleaned_data)
    return redirect("counseling:schedule")


@login_required
@require_POST
def availability_delete(request, block_pk: int):
    schedule_units_for_user(request.user)
    profile = _own_profile_or_403(request.user)
    availability_remove(actor=request.user, block=get_object_or_404(profile.availability, pk=block_pk))
    return redirect("counseling:schedule")


@login_required
@require_POST
def exception_new(request):
    """A counsellor's own leave, or (for the head) a public holiday in every
    counselling unit they lead."""
    units = schedule_units_for_user(request.user)
    if "holiday-kind" in request.POST:
        if not has_role(request.user, ROLES_READING_ALL_CONSULTATIONS):
            raise PermissionDenied
        form = ExceptionForm(request.POST, prefix="holiday", kinds=[ExceptionKind.HOLIDAY])
        if not form.is_valid():
            return _schedule_page(request, status=400, holiday_form=form)
        for unit in units:
            availability_exception_add(actor=request.user, unit=unit, **form.cleaned_data)
        return redirect("counseling:schedule")
    profile = _own_profile_or_403(request.user)
    form = ExceptionForm(request.POST, prefix="leave", kinds=[ExceptionKind.LEAVE, ExceptionKind.OTHER])
    if not form.is_valid():
        return _schedule_page(request, status=400, leave_form=form)
    availability_exception_add(actor=request.user, unit=profile.unit, profile=profile, **form.cleaned_data)
    return redirect("counseling:schedule")


@login_required
@require_POST
def exception_delete(request, exception_pk: int):
    exception = availability_exception_get_for_user(request.user, exception_pk)
    availability_exception_remove(actor=request.user, exception=exception)
    return redirect("counseling:schedule")


# --- IKM ------------------------------------------------------------------------------


@login_required
@require_safe
def ikm_dashboard(request):
    units = ikm_units_for_user(request.user)
    form = IkmFilterForm(request.GET or None, units=units)
    chosen, date_from, date_to = units, None, None
    if form.is_valid():
        data = form.cleaned_data
        chosen = units.filter(pk=data["unit"].pk) if data["unit"] else units
        date_from, date_to = data["date_from"], data["date_to"]
    result = ikm_for(units=chosen, date_from=date_from, date_to=date_to)
    rows = [(element, result.nrr.get(element.code), result.nrr_rounded().get(element.code)) for element in ikm.ELEMENTS]
    context = {"form": form, "result": result, "rows": rows}
    return render(request, "counseling/ikm.html", context, status=400 if form.errors else 200)
