"""Staff pages for classes, under /staf/kelas/: programs, cohorts, sessions, the
attendance grid, tests taken on paper and certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.accounts.choices import ROLES_MANAGING_CLASSES
from sigap.accounts.scoping import has_role, units_for_roles
from sigap.audit.services import client_ip, record_read
from sigap.classes.certificates import certificate_pdf as render_certificate
from sigap.classes.choices import QuizKind
from sigap.classes.forms import (
    CohortForm,
    ModuleForm,
    ProgramForm,
    QuestionForm,
    QuizForm,
    RevokeForm,
    SessionForm,
)
from sigap.classes.selectors import (
    attendance_grid,
    certificate_get_for_user,
    cohort_get_for_user,
    cohort_learning,
    cohort_list_for_user,
    is_complete,
    participant_get_for_user,
    program_get_for_user,
    program_list_for_user,
    registration_get_for_user,
    roster,
    session_get_for_user,
    session_list,
)
from sigap.classes.services import (
    attendance_set,
    certificate_revoke,
    certificates_issue,
    checkin_window,
    cohort_create,
    cohort_update,
    module_add,
    participant_code_renew,
    program_create,
    programs_add_standard,
    question_add,
    quiz_open,
    quiz_submit,
    registration_cancel,
    session_add,
)

PAGE_SIZE = 50


def _posted(request):
    """The POST data to bind a form to: an empty POST is still a submission."""
    return request.POST if request.method == "POST" else None


def _may_manage(user) -> bool:
    return has_role(user, ROLES_MANAGING_CLASSES)


@login_required
@require_safe
def cohort_list(request):
    page = Paginator(cohort_list_for_user(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "classes/cohort_list.html", {"page": page, "may_manage": _may_manage(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def program_list(request):
    programs = program_list_for_user(request.user)
    form = ProgramForm(_posted(request))
    if request.method == "POST":
        if not _may_manage(request.user):
            raise PermissionDenied
        if form.is_valid():
            program = program_create(actor=request.user, **form.cleaned_data)
            return redirect(program)
    context = {"programs": programs, "form": form, "may_manage": _may_manage(request.user)}
    return render(request, "classes/program_list.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def program_standard(request):
    if not _may_manage(request.user):
        raise PermissionDenied
    added = programs_add_standard(actor=request.user)
    messages.success(request, _("%(count)s standard programs added.") % {"count": added})
    return redirect("classes:programs")


@login_required
@require_safe
def program_detail(request, pk: int):
    program = program_get_for_user(request.user, pk)
    return render(request, "classes/program_detail.html", _program_context(request, program))


def _program_context(request, program, **forms) -> dict:
    return {
        "program": program,
        "modules": program.modules.all(),
        "questions": program.questions.all(),
        "module_form": forms.get("module_form") or ModuleForm(),
        "question_form": forms.get("question_form") or QuestionForm(),
        "may_manage": _may_manage(request.user),
    }


@login_required
@require_POST
def module_new(request, pk: int):
    program = program_get_for_user(request.user, pk, manage=True)
    form = ModuleForm(request.POST)
    if not form.is_valid():
        return render(
            request, "classes/program_detail.html", _program_context(request, program, module_form=form), status=400
        )
    module_add(actor=request.user, program=program, **form.cleaned_data)
    return redirect(program)


@login_required
@require_POST
def question_new(request, pk: int):
    program = program_get_for_user(request.user, pk, manage=True)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        context = _program_context(request, program, question_form=form)
        return render(request, "classes/program_detail.html", context, status=400)
    question_add(actor=request.user, program=program, **form.service_arguments())
    return redirect(program)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_new(request):
    units = units_for_roles(request.user, ROLES_MANAGING_CLASSES)
    if not units.exists():
        raise PermissionDenied
    form = CohortForm(_posted(request), units=units)
    if request.method == "POST" and form.is_valid():
        cohort = cohort_create(actor=request.user, ip=client_ip(request), **form.cleaned_data)
        return redirect(cohort)
    return render(request, "classes/cohort_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request, pk: int):
    cohort = cohort_get_for_user(request.user, pk, manage=True, ip=client_ip(request))
    units = units_for_roles(request.user, ROLES_MANAGING_CLASSES)
    form = CohortForm(_posted(request), instance=cohort, units=units)
    if request.method == "POST" and form.is_valid():
        cohort_update(actor=request.user, cohort=cohort, ip=client_ip(request), **form.cleaned_data)
        return redirect(cohort)
    context = {"form": form, "cohort": cohort}
    return render(request, "classes/cohort_form.html", context, status=400 if form.errors else 200)


@login_required
@require_safe
def cohort_detail(request, pk: int):
    cohort = cohort_get_for_user(request.user, pk, ip=client_ip(request))
    return render(request, "classes/cohort_detail.html", _cohort_context(request, cohort))


def _cohort_context(request, cohort, **forms) -> dict:
    participants = list(roster(cohort))
    record_read(actor=request.user, objects=participants, ip=client_ip(request))
    for participant in participants:
        participant.complete = is_complete(participant, program=cohort.program, session_count=cohort.session_count)
        both = participant.pre_percent is not None and participant.post_percent is not None
        participant.gain = participant.post_percent - participant.pre_percent if both else None
    return {
        "cohort": cohort,
        "sessions": session_list(cohort),
        "participants": participants,
        "learning": cohort_learning(cohort),
        "may_manage": _may_manage(request.user),
        "session_form": forms.get("session_form") or SessionForm(cohort=cohort),
        "revoke_form": RevokeForm(),
    }


@login_required
@require_POST
def session_new(request, pk: int):
    cohort = cohort_get_for_user(request.user, pk, manage=True, ip=client_ip(request))
    form = SessionForm(request.POST, cohort=cohort)
    if not form.is_valid():
        context = _cohort_context(request, cohort, session_form=form)
        return render(request, "classes/cohort_detail.html", context, status=400)
    session_add(actor=request.user, cohort=cohort, ip=client_ip(request), **form.service_arguments())
    return redirect(cohort)


@login_required
@require_safe
def attendance(request, pk: int):
    session = session_get_for_user(request.user, pk)
    participants = list(attendance_grid(session))
    record_read(actor=request.user, objects=participants, ip=client_ip(request))
    opens, closes = checkin_window(session)
    context = {"session": session, "participants": participants, "checkin_opens": opens, "checkin_closes": closes}
    return render(request, "classes/attendance.html", context)


@login_required
@require_POST
def attendance_toggle(request, pk: int, participant_pk: int):
    """One tap: htmx swaps the button in place; without JavaScript the form posts and
    the grid reloads at the same person."""
    session = session_get_for_user(request.user, pk)
    participant = get_object_or_404(attendance_grid(session), pk=participant_pk)
    present = request.POST.get("present") == "1"
    attendance_set(actor=request.user, session=session, participant=participant, present=present, ip=client_ip(request))
    if request.headers.get("HX-Request"):
        participant.present_method = "staff" if present else None
        return render(request, "classes/_attendance_button.html", {"session": session, "participant": participant})
    return redirect(reverse("classes:attendance", args=[session.pk]) + f"#p-{participant.pk}")


@login_required
@require_POST
def registration_cancel_view(request, pk: int):
    registration = registration_get_for_user(request.user, pk, ip=client_ip(request))
    registration_cancel(actor=request.user, registration=registration, ip=client_ip(request))
    messages.success(request, _("Registration cancelled; the waiting list moved up where places allowed."))
    return redirect(registration.cohort)


@login_required
@require_POST
def participant_new_code(request, pk: int):
    participant = participant_get_for_user(request.user, pk, ip=client_ip(request))
    try:
        code = participant_code_renew(actor=request.user, participant=participant, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(participant.registration.cohort)
    return render(request, "classes/participant_code.html", {"participant": participant, "code": code})


@login_required
@require_http_methods(["GET", "POST"])
def paper_test(request, pk: int, kind: str):
    """A test taken on paper, typed in by the facilitator."""
    if kind not in QuizKind.values:
        raise Http404
    participant = participant_get_for_user(request.user, pk, ip=client_ip(request))
    cohort = participant.registration.cohort
    if not quiz_open(participant, kind):
        messages.error(request, _("This test cannot be entered for this participant now."))
        return redirect(cohort)
    form = QuizForm(_posted(request), questions=cohort.program.questions.all())
    if request.method == "POST" and form.is_valid():
        quiz_submit(
            participant=participant, kind=kind, answers=form.answers(), entered_by=request.user, ip=client_ip(request)
        )
        return redirect(cohort)
    context = {"form": form, "participant": participant, "kind": QuizKind(kind), "cohort": cohort}
    return render(request, "classes/paper_test.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def certificates_issue_view(request, pk: int):
    cohort = cohort_get_for_user(request.user, pk, ip=client_ip(request))
    try:
        issued = certificates_issue(actor=request.user, cohort=cohort, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(count)s certificates issued.") % {"count": len(issued)})
    return redirect(cohort)


@login_required
@require_safe
def certificate_download(request, pk: int):
    certificate = certificate_get_for_user(request.user, pk, ip=client_ip(request))
    if not certificate.is_valid:
        raise Http404
    return pdf_response(certificate)


def pdf_response(certificate) -> HttpResponse:
    response = HttpResponse(render_certificate(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.code}.pdf"'
    return response


@login_required
@require_POST
def certificate_revoke_view(request, pk: int):
    certificate = certificate_get_for_user(request.user, pk, manage=True, ip=client_ip(request))
    form = RevokeForm(request.POST)
    cohort = certificate.participant.registration.cohort
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking the certificate."))
        return redirect(cohort)
    certificate_revoke(
        actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"], ip=client_ip(request)
    )
    messages.success(request, _("Certificate %(code)s revoked.") % {"code": certificate.code})
    return redirect(cohort)
