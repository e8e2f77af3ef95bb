"""Case pages. Every view reaches cases through the gates in selectors.py; every
change goes through one service. The detail page carries the action forms; each
action posts to its own URL and comes back to the detail page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.accounts.choices import ROLES_HANDLING_CASES, Role
from sigap.accounts.models import User
from sigap.accounts.scoping import case_managers_over, units_for_roles
from sigap.audit.services import client_ip, record_read
from sigap.cases import forms as case_forms
from sigap.cases import services
from sigap.cases.models import Partner
from sigap.cases.selectors import (
    CaseFilters,
    can_change,
    case_get_for_user,
    case_list_for_user,
    case_timeline,
    is_head_of,
    my_work_for_user,
    notes_for_user,
)
from sigap.intake.selectors import report_get_for_user
from sigap.people.services import person_create

PAGE_SIZE = 50


def _managers(unit):
    return case_managers_over(unit)


@login_required
@require_safe
def case_list(request):
    form = case_forms.CaseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = CaseFilters(
        status=data.get("status", ""),
        risk=data.get("risk", ""),
        overdue=data.get("overdue", False),
        assigned_to=data.get("assigned_to"),
        violence_form=data.get("violence_form", ""),
        village=data.get("village", ""),
        opened_from=data.get("opened_from"),
        opened_until=data.get("opened_until"),
        search=data.get("q", ""),
    )
    page = Paginator(case_list_for_user(request.user, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(actor=request.user, objects=list(page.object_list), ip=client_ip(request))
    return render(request, "cases/case_list.html", {"form": form, "page": page})


@login_required
@require_safe
def my_work(request):
    work = my_work_for_user(request.user)
    record_read(actor=request.user, objects=work.cases, ip=client_ip(request))
    return render(request, "cases/my_work.html", {"work": work})


@login_required
@require_safe
def case_detail(request, pk: int):
    case = case_get_for_user(request.user, pk, ip=client_ip(request))
    return render(request, "cases/case_detail.html", _detail_context(request, case))


def _detail_context(request, case, **bound) -> dict:
    editable = can_change(request.user, case)
    context = {
        "case": case,
        "editable": editable,
        "is_head": is_head_of(request.user, case),
        "victims": case.victims.select_related("person").prefetch_related("relations__perpetrator__person"),
        "perpetrators": case.perpetrators.select_related("person").prefetch_related("legal_steps"),
        "assessments": case.assessments.select_related("author"),
        "goals": case.goals.all(),
        "services": case.services.select_related("victim__person"),
        "consents": case.consents.all(),
        "referrals": list(case.referrals.select_related("partner", "victim__person")),
        "legal_events": case.legal_events.all(),
        "notes": notes_for_user(request.user, case),
        "attachments": case.attachments.select_related("uploaded_by"),
        "closure_requests": case.closure_requests.select_related("requested_by", "decided_by"),
        "timeline": case_timeline(request.user, case),
    }
    if editable:
        managers = _managers(case.unit)
        partners = Partner.objects.filter(unit__in=units_for_roles(request.user, ROLES_HANDLING_CASES), active=True)
        forms = {
            "assign_form": case_forms.AssignForm(managers=managers, initial={"assigned_to": case.assigned_to_id}),
            "restrict_form": case_forms.RestrictForm(managers=managers, initial={"restricted": case.restricted}),
            "victim_form": case_forms.VictimForm(),
            "perpetrator_form": case_forms.PerpetratorForm(),
            "relation_form": case_forms.RelationForm(case=case),
            "assessment_form": case_forms.AssessmentForm(initial={"risk": case.risk}),
            "goal_form": case_forms.GoalForm(),
            "service_form": case_forms.ServiceForm(case=case),
            "consent_form": case_forms.ConsentForm(),
            "referral_form": case_forms.ReferralForm(case=case, partners=partners),
            "legal_step_form": case_forms.LegalStepForm(case=case),
            "legal_event_form": case_forms.LegalEventForm(),
            "note_form": case_forms.NoteForm(),
            "attachment_form": case_forms.AttachmentForm(),
            "reason_form": case_forms.OptionalReasonForm(),
            "closure_form": case_forms.ReasonForm(),
            "decision_form": case_forms.ClosureDecisionForm(),
        }
        forms.update(bound)
        # Each form posts its fields under its own prefix, so ids stay unique on the page.
        for name, form in forms.items():
            form.prefix = name
        context.update(forms)
        # One update form per open referral, each under its own prefix.
        for referral in context["referrals"]:
            name = f"referral_update_form_{referral.pk}"
            referral.update_form = bound.get(name) or case_forms.ReferralUpdateForm(prefix=name)
    return context


def _act(request, pk: int, form_name: str, make_form, apply, *, head_only: bool = False):
    """The shape of every case action: gate for writing, validate, one service call,
    back to the case; a bad form comes back on the page with what was typed."""
    case = case_get_for_user(request.user, pk, write=True, ip=client_ip(request), log=False)
    if head_only and not is_head_of(request.user, case):
        raise PermissionDenied
    form = make_form(case, request.POST, request.FILES)
    form.prefix = form_name
    if form.is_valid():
        try:
            apply(case, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(case)
    return render(request, "cases/case_detail.html", _detail_context(request, case, **{form_name: form}), status=400)


@login_required
@require_POST
def case_open_from_report(request, report_pk: int):
    """Open a case from a triaged LP-PAR report (head or intake officer)."""
    report = report_get_for_user(request.user, report_pk, ip=client_ip(request))
    if report.queue != "lppar":
        raise PermissionDenied
    form = case_forms.CaseOpenForm(request.POST, managers=_managers(report.unit))
    if not form.is_valid():
        messages.error(request, _("Choose the case manager to open the case."))
        return redirect(report)
    try:
        case = services.case_open(actor=request.user, unit=report.unit, report=report, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(report)
    messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
    return redirect("intake:detail", report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request):
    """Open a case directly (outreach, a transfer from another region)."""
    units = units_for_roles(request.user, ROLES_HANDLING_CASES)
    if not units.exists():
        raise PermissionDenied
    managers = User.objects.filter(memberships__unit__in=units, memberships__role=Role.CASE_MANAGER).distinct()
    form = case_forms.CaseDirectOpenForm(request.POST or None, units=units, managers=managers)
    if request.method == "POST" and form.is_valid():
        case = services.case_open(actor=request.user, **form.cleaned_data)
        return redirect(case)
    return render(request, "cases/case_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def case_advance(request, pk: int):
    return _act(
        request,
        pk,
        "reason_form",
        lambda case, data, files=None: case_forms.OptionalReasonForm(data),
        lambda case, d: services.case_advance(actor=request.user, case=case, reason=d["reason"]),
    )


@login_required
@require_POST
def case_assign(request, pk: int):
    return _act(
        request,
        pk,
        "assign_form",
        lambda case, data, files=None: case_forms.AssignForm(data, managers=_managers(case.unit)),
        lambda case, d: services.case_assign(actor=request.user, case=case, assigned_to=d["assigned_to"]),
        head_only=True,
    )


@login_required
@require_POST
def case_restrict(request, pk: int):
    return _act(
        request,
        pk,
        "restrict_form",
        lambda case, data, files=None: case_forms.RestrictForm(data, managers=_managers(case.unit)),
        lambda case, d: services.case_restrict(
            actor=request.user, case=case, restricted=d["restricted"], named=list(d["named"])
        ),
    )


@login_required
@require_POST
def case_closure_request(request, pk: int):
    return _act(
        request,
        pk,
        "closure_form",
        lambda case, data, files=None: case_forms.ReasonForm(data),
        lambda case, d: services.case_closure_request(actor=request.user, case=case, reason=d["reason"]),
    )


@login_required
@require_POST
def case_closure_decide(request, pk: int, request_pk: int):
    def apply(case, d):
        closure = get_object_or_404(case.closure_requests, pk=request_pk)
        services.case_closure_decide(actor=request.user, request=closure, approve=d["approve"], comment=d["comment"])

    return _act(
        request,
        pk,
        "decision_form",
        lambda case, data, files=None: case_forms.ClosureDecisionForm(data),
        apply,
        head_only=True,
    )


@login_required
@require_POST
def case_reopen(request, pk: int):
    return _act(
        request,
        pk,
        "reason_form",
        lambda case, data, files=None: case_forms.ReasonForm(data),
        lambda case, d: services.case_reopen(actor=request.user, case=case, reason=d["reason"]),
    )


@login_required
@require_POST
def victim_add(request, pk: int):
    @transaction.atomic  # the person and the victim record are created together, or neither
    def apply(case, d):
        person = person_create(
            actor=request.user,
            unit=case.unit,
            responsible=case.assigned_to,
            full_name=d["full_name"],
            nik=d["nik"],
            birth_date=d["birth_date"],
            sex=d["sex"],
            ip=client_ip(request),
        )
        facts = {
            k: d[k]
            for k in ("violence_forms", "trafficking_type", "disability", "education", "occupation", "marital_status")
        }
        services.victim_add(actor=request.user, case=case, person=person, **facts)

    return _act(request, pk, "victim_form", lambda case, data, files=None: case_forms.VictimForm(data), apply)


@login_required
@require_POST
def perpetrator_add(request, pk: int):
    def apply(case, d):
        person = None
        if d["full_name"]:
            person = person_create(
                actor=request.user, unit=case.unit, full_name=d["full_name"], sex=d["sex"], ip=client_ip(request)
            )
        services.perpetrator_add(
            actor=request.user, case=case, person=person, description=d["description"], sex=d["sex"]
        )

    return _act(request, pk, "perpetrator_form", lambda case, data, files=None: case_forms.PerpetratorForm(data), apply)


@login_required
@require_POST
def relation_set(request, pk: int):
    return _act(
        request,
        pk,
        "relation_form",
        lambda case, data, files=None: case_forms.RelationForm(data, case=case),
        lambda case, d: services.relation_set(actor=request.user, **d),
    )


@login_required
@require_POST
def assessment_add(request, pk: int):
    return _act(
        request,
        pk,
        "assessment_form",
        lambda case, data, files=None: case_forms.AssessmentForm(data),
        lambda case, d: services.assessment_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def goal_add(request, pk: int):
    return _act(
        request,
        pk,
        "goal_form",
        lambda case, data, files=None: case_forms.GoalForm(data),
        lambda case, d: services.goal_add(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def service_add(request, pk: int):
    return _act(
        request,
        pk,
        "service_form",
        lambda case, data, files=None: case_forms.ServiceForm(data, case=case),
        lambda case, d: services.service_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def consent_add(request, pk: int):
    return _act(
        request,
        pk,
        "consent_form",
        lambda case, data, files=None: case_forms.ConsentForm(data),
        lambda case, d: services.consent_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def referral_add(request, pk: int):
    def make(case, data, files=None):
        partners = Partner.objects.filter(unit__in=units_for_roles(request.user, ROLES_HANDLING_CASES), active=True)
        return case_forms.ReferralForm(data, case=case, partners=partners)

    return _act(
        request,
        pk,
        "referral_form",
        make,
        lambda case, d: services.referral_send(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def referral_update(request, pk: int, referral_pk: int):
    def apply(case, d):
        referral = get_object_or_404(case.referrals, pk=referral_pk)
        services.referral_update(actor=request.user, referral=referral, **d)

    return _act(
        request,
        pk,
        f"referral_update_form_{referral_pk}",
        lambda case, data, files=None: case_forms.ReferralUpdateForm(data),
        apply,
    )


@login_required
@require_POST
def legal_step_add(request, pk: int):
    return _act(
        request,
        pk,
        "legal_step_form",
        lambda case, data, files=None: case_forms.LegalStepForm(data, case=case),
        lambda case, d: services.legal_step_add(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def legal_event_add(request, pk: int):
    return _act(
        request,
        pk,
        "legal_event_form",
        lambda case, data, files=None: case_forms.LegalEventForm(data),
        lambda case, d: services.legal_event_add(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def note_add(request, pk: int):
    return _act(
        request,
        pk,
        "note_form",
        lambda case, data, files=None: case_forms.NoteForm(data),
        lambda case, d: services.note_add(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def tpks_done(request, pk: int):
    case = case_get_for_user(request.user, pk, write=True, ip=client_ip(request), log=False)
    services.case_tpks_police_report_made(actor=request.user, case=case)
    return redirect(case)


@login_required
@require_POST
def attachment_add(request, pk: int):
    return _act(
        request,
        pk,
        "attachment_form",
        lambda case, data, files=None: case_forms.AttachmentForm(data, files),
        lambda case, d: services.attachment_add(
            actor=request.user,
            case=case,
            upload=d["attachment"],
            content_type=d["content_type"],
            description=d["description"],
        ),
    )


@login_required
@require_safe
def attachment_download(request, pk: int, attachment_pk: int):
    """A case file: through the case's gate, logged, always as a download."""
    from django.http import HttpResponse

    from sigap.audit.services import record
    from sigap.intake.attachments import read_decrypted

    case = case_get_for_user(request.user, pk, ip=client_ip(request), log=False)
    attachment = get_object_or_404(case.attachments, pk=attachment_pk)
    record(actor=request.user, action="view", target=attachment, unit=case.unit, ip=client_ip(request))
    response = HttpResponse(read_decrypted(attachment.stored_name), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="kasus-{case.pk}-lampiran-{attachment.pk}"'
    return response
