"""Public counselling pages, no login: booking at /konsultasi/, the private manage link
of a booking (reschedule, cancel, calendar file), and the IKM survey at /survei/.
Every page extends the public base (quick exit) and works without JavaScript."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.audit.services import client_ip
from sigap.counseling import ics
from sigap.counseling.choices import ConsultationKind, Mode
from sigap.counseling.forms import BookingForm, RescheduleForm, SlotSearchForm, SurveyCodeForm, SurveyForm
from sigap.counseling.selectors import (
    appointment_get_by_token,
    counselling_unit,
    counsellor_profiles,
    free_slots,
    survey_code_is_open,
)
from sigap.counseling.services import (
    SlotTaken,
    appointment_cancel,
    appointment_reschedule_public,
    consultation_book_public,
    survey_submit,
)
from sigap.lib.ratelimit import allow


def _posted(request):
    """The POST data of a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


SLOT_GONE = gettext_lazy("Someone has just booked this time, or it is no longer free. Please choose another.")


def _too_many(request, scope: str, limit: int):
    if allow(scope=scope, key=client_ip(request) or "-", limit=limit, window_seconds=3600):
        return None
    return render(request, "intake/too_many.html", status=429)


def _titles(unit) -> dict[int, str]:
    return {profile.pk: f"{profile.get_title_display()} {profile.user}" for profile in counsellor_profiles(unit=unit)}


def _choice(value: str, choices) -> str:
    return value if value in choices.values else ""


@require_http_methods(["GET", "POST"])
def book(request):
    unit = counselling_unit()
    data = request.POST if request.method == "POST" else request.GET
    kind, mode = _choice(data.get("kind", ""), ConsultationKind), _choice(data.get("mode", ""), Mode)
    search = SlotSearchForm(request.GET if request.GET else None, initial={"kind": kind, "mode": mode})
    slots = free_slots(unit=unit, kind=kind, mode=mode) if kind and mode else []
    form = BookingForm(
        _posted(request),
        slots=slots,
        titles=_titles(unit),
        auto_id="book_%s",
        initial={"kind": kind, "mode": mode, "contact_method": "none"},
    )
    if request.method == "POST":
        refused = _too_many(request, "booking", settings.SIGAP_PUBLIC_BOOKINGS_PER_HOUR)
        if refused:
            return refused
        if form.is_valid():
            if form.is_bot():
                # Answer as if it worked, so the software learns nothing; keep nothing.
                return render(request, "counseling/public/booked.html", {"token": None})
            try:
                consultation, appointment, token = consultation_book_public(
                    ip=client_ip(request), language=request.LANGUAGE_CODE, **form.service_arguments()
                )
            except SlotTaken:
                form.add_error("slot", SLOT_GONE)
            else:
                context = {"token": token, "appointment": appointment, "consultation": consultation}
                return render(request, "counseling/public/booked.html", context)
    context = {"search": search, "form": form, "kind": kind, "mode": mode, "searched": bool(kind and mode)}
    return render(request, "counseling/public/book.html", context, status=400 if form.errors else 200)


def _booking(token: str):
    appointment = appointment_get_by_token(token)
    if appointment is None:
        raise Http404
    return appointment


def _reschedule_form(appointment, data=None) -> RescheduleForm:
    """The free times of the same counsellor, kind and place, while the booking can move."""
    consultation = appointment.consultation
    profile = getattr(appointment.counsellor, "counsellor_profile", None)
    slots, titles = [], {}
    if profile is not None and appointment.is_upcoming() and consultation.is_open():
        slots = free_slots(unit=consultation.unit, kind=consultation.kind, mode=appointment.mode, profile_id=profile.pk)
        titles = {profile.pk: f"{profile.get_title_display()} {profile.user}"}
    return RescheduleForm(data, slots=slots, titles=titles)


def _manage_context(appointment, form: RescheduleForm | None = None) -> dict:
    return {
        "appointment": appointment,
        "profile": getattr(appointment.counsellor, "counsellor_profile", None),
        "reschedule_form": form or _reschedule_form(appointment),
    }


@require_safe
def manage(request, token: str):
    return render(request, "counseling/public/manage.html", _manage_context(_booking(token)))


@require_POST
def manage_cancel(request, token: str):
    refused = _too_many(request, "booking_manage", settings.SIGAP_PUBLIC_BOOKINGS_PER_HOUR * 3)
    if refused:
        return refused
    appointment_cancel(appointment=_booking(token), ip=client_ip(request))
    messages.success(request, _("Your appointment has been cancelled."))
    return redirect("counseling:manage", token=token)


@require_POST
def manage_reschedule(request, token: str):
    refused = _too_many(request, "booking_manage", settings.SIGAP_PUBLIC_BOOKINGS_PER_HOUR * 3)
    if refused:
        return refused
    appointment = _booking(token)
    form = _reschedule_form(appointment, request.POST)
    if form.is_valid():
        try:
            appointment_reschedule_public(
                appointment=appointment, start=form.chosen_slot().start, ip=client_ip(request)
            )
        except SlotTaken:
            form.add_error("slot", SLOT_GONE)
        else:
            messages.success(request, _("Your appointment has been moved."))
            return redirect("counseling:manage", token=token)
    return render(request, "counseling/public/manage.html", _manage_context(appointment, form), status=400)


@require_safe
def manage_calendar(request, token: str):
    appointment = _booking(token)
    response = HttpResponse(ics.appointment_calendar(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="janji-temu.ics"'
    return response


@require_http_methods(["GET", "POST"])
def survey(request):
    """The IKM survey. The code travels only in POST bodies, never in a URL."""
    if request.method == "GET":
        return render(request, "counseling/public/survey_code.html", {"form": SurveyCodeForm()})
    refused = _too_many(request, "survey", settings.SIGAP_SURVEY_TRIES_PER_HOUR)
    if refused:
        return refused
    if "u1" not in request.POST:
        code_form = SurveyCodeForm(request.POST)
        if not code_form.is_valid():
            return render(request, "counseling/public/survey_code.html", {"form": code_form}, status=400)
        code = code_form.cleaned_data["code"]
        if not survey_code_is_open(code):
            context = {"form": code_form, "not_found": True}
            return render(request, "counseling/public/survey_code.html", context, status=400)
        return render(request, "counseling/public/survey_form.html", {"form": SurveyForm(initial={"code": code})})
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return render(request, "counseling/public/survey_form.html", {"form": form}, status=400)
    response = survey_submit(code=form.cleaned_data["code"], scores=form.scores(), comment=form.cleaned_data["comment"])
    if response is None:
        context = {"form": SurveyCodeForm(), "not_found": True}
        return render(request, "counseling/public/survey_code.html", context, status=400)
    return render(request, "counseling/public/survey_thanks.html")
