"""Public pages of classes: open cohorts and registration at /kelas/, the participant
page (by participant code, which travels only in POST bodies), self check-in, the
tests, and certificate verification at /sertifikat/<code>/. All work without
JavaScript; every POST is rate-limited per address."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.audit.services import client_ip
from sigap.classes.choices import Mode, QuizKind, RegistrationStatus
from sigap.classes.codes import format_certificate_code, mask_name
from sigap.classes.forms import CheckInForm, ParticipantCodeForm, QuizForm, RegistrationForm
from sigap.classes.models import Attendance, Participant
from sigap.classes.selectors import (
    certificate_get_public,
    cohort_get_open,
    cohort_list_open,
    participant_get_by_code,
)
from sigap.classes.services import (
    attendance_check_in,
    participant_survey_code,
    quiz_open,
    quiz_submit,
    registration_cancel,
    registration_submit,
)
from sigap.classes.views.staff import pdf_response
from sigap.lib.ratelimit import allow


def _posted(request):
    """The POST data to bind a form to: an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def _too_many(request, scope: str, limit: int):
    if allow(scope=scope, key=client_ip(request) or "-", limit=limit, window_seconds=3600):
        return None
    return render(request, "intake/too_many.html", status=429)


def _code_lookups_refused(request):
    return _too_many(request, "class-code", settings.SIGAP_PARTICIPANT_CODE_LOOKUPS_PER_HOUR)


@require_safe
def cohort_list(request):
    return render(request, "classes/public_cohort_list.html", {"cohorts": cohort_list_open()})


@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    cohort = cohort_get_open(pk)
    form = RegistrationForm(_posted(request), couples=cohort.program.for_couples)
    if request.method == "POST":
        refused = _too_many(request, "class-register", settings.SIGAP_CLASS_REGISTRATIONS_PER_HOUR)
        if refused:
            return refused
        if form.is_valid():
            if form.is_bot():
                return render(request, "classes/registered.html", {"cohort": cohort, "participants": []})
            registration, participants = registration_submit(
                cohort=cohort, ip=client_ip(request), **form.service_arguments()
            )
            context = {"cohort": cohort, "registration": registration, "participants": participants}
            return render(request, "classes/registered.html", context)
    context = {"cohort": cohort, "form": form}
    return render(request, "classes/register.html", context, status=400 if form.errors else 200)


def _dashboard(request, participant: Participant, code: str, **extra):
    cohort = participant.registration.cohort
    attended = Attendance.objects.filter(session=OuterRef("pk"), participant=participant)
    results = {attempt.kind: attempt for attempt in participant.attempts.all()}
    context = {
        "participant": participant,
        "cohort": cohort,
        "code": code,
        "enrolled": participant.registration.status == RegistrationStatus.ENROLLED,
        "sessions": cohort.sessions.select_related("module").annotate(attended=Exists(attended)),
        "online": cohort.mode == Mode.ONLINE,
        "pre": results.get(QuizKind.PRE),
        "post": results.get(QuizKind.POST),
        "pre_open": quiz_open(participant, QuizKind.PRE),
        "post_open": quiz_open(participant, QuizKind.POST),
        "certificate": getattr(participant, "certificate", None),
        # The IKM survey code: shown here only, to the holder of the participant code.
        "survey_code": participant_survey_code(participant),
        "checkin_form": CheckInForm(initial={"code": code}),
        **extra,
    }
    return render(request, "classes/participant.html", context, status=400 if extra.get("error") else 200)


@require_http_methods(["GET", "POST"])
def participant_page(request):
    form = ParticipantCodeForm(_posted(request))
    if request.method == "POST":
        refused = _code_lookups_refused(request)
        if refused:
            return refused
        if form.is_valid():
            participant = participant_get_by_code(form.cleaned_data["code"])
            if participant is not None:
                return _dashboard(request, participant, form.cleaned_data["code"])
            return render(request, "classes/participant_code_form.html", {"form": form, "not_found": True})
    return render(request, "classes/participant_code_form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def check_in(request):
    form = CheckInForm(_posted(request))
    if request.method == "POST":
        refused = _code_lookups_refused(request)
        if refused:
            return refused
        if form.is_valid():
            participant = participant_get_by_code(form.cleaned_data["code"])
            if participant is not None:
                try:
                    session = attendance_check_in(
                        participant=participant,
                        checkin_code=form.cleaned_data["session_code"],
                        ip=client_ip(request),
                    )
                except ValidationError as error:
                    form.add_error("session_code", error)
                else:
                    when = formats.date_format(timezone.localtime(session.starts_at), "DATETIME_FORMAT")
                    done = _("You are checked in for the session of %(when)s.") % {"when": when}
                    return _dashboard(request, participant, form.cleaned_data["code"], done=done)
            else:
                form.add_error("code", _("No participant has this code. Check each character and try again."))
    return render(request, "classes/check_in.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def quiz(request):
    """A participant's pre- or post-test: the questions, then the answers (both POSTs
    carry the participant code)."""
    refused = _code_lookups_refused(request)
    if refused:
        return refused
    code, kind = request.POST.get("code", ""), request.POST.get("kind", "")
    participant = participant_get_by_code(code) if code else None
    if participant is None or kind not in QuizKind.values:
        return redirect("classes:participant")
    if not quiz_open(participant, kind):
        return _dashboard(request, participant, code, error=_("This test is not open for you now."))
    questions = participant.registration.cohort.program.questions.all()
    form = QuizForm(request.POST if "answered" in request.POST else None, questions=questions)
    if form.is_bound and form.is_valid():
        attempt = quiz_submit(participant=participant, kind=kind, answers=form.answers(), ip=client_ip(request))
        done = _("Thank you. You answered %(score)s of %(total)s questions correctly.")
        return _dashboard(request, participant, code, done=done % {"score": attempt.score, "total": attempt.total})
    context = {"form": form, "code": code, "kind": QuizKind(kind), "participant": participant}
    return render(request, "classes/quiz.html", context, status=400 if form.errors else 200)


@require_POST
def participant_cancel(request):
    refused = _code_lookups_refused(request)
    if refused:
        return refused
    code = request.POST.get("code", "")
    participant = participant_get_by_code(code) if code else None
    if participant is None:
        return redirect("classes:participant")
    registration_cancel(actor=None, registration=participant.registration, ip=client_ip(request))
    participant.registration.refresh_from_db()
    return _dashboard(request, participant, code, done=_("Your registration is cancelled. Thank you for telling us."))


@require_POST
def my_certificate(request):
    refused = _code_lookups_refused(request)
    if refused:
        return refused
    code = request.POST.get("code", "")
    participant = participant_get_by_code(code) if code else None
    certificate = getattr(participant, "certificate", None) if participant else None
    if certificate is None or not certificate.is_valid:
        return redirect("classes:participant")
    return pdf_response(certificate)


@require_safe
def verify_form(request):
    code = format_certificate_code(request.GET.get("code", ""))
    if code:
        return redirect("classes:verify", code=code)
    return render(request, "classes/verify_form.html")


@require_safe
def verify(request, code: str):
    """What a KUA officer sees after scanning the QR: valid or revoked, the program,
    the date and the masked name. Nothing else."""
    refused = _too_many(request, "certificate-check", settings.SIGAP_CERTIFICATE_CHECKS_PER_HOUR)
    if refused:
        return refused
    certificate = certificate_get_public(code)
    if certificate is None:
        return render(request, "classes/verify.html", {"code": code}, status=404)
    context = {
        "code": certificate.code,
        "certificate": certificate,
        "program": certificate.participant.registration.cohort.program.name,
        "holder": mask_name(certificate.participant.person.full_name),
    }
    return render(request, "classes/verify.html", context)
