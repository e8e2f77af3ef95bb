"""Case pages. Every view reaches cases through the gates in selectors.py; every
change goes through one service. The detail page carries the action forms; each
action posts to its own URL and comes back to the detail page."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from sigap.accounts.choices import ROLES_HANDLING_CASES, Role
from sigap.accounts.models import User
from sigap.accounts.scoping import units_for_roles, users_over
from sigap.audit.services import client_ip, record_read
from sigap.cases import forms as case_forms
from sigap.cases import services
from sigap.cases.choices import CaseStatus, ReferralStatus
from sigap.cases.models import Partner
from sigap.cases.selectors import (
    CaseFilters,
    can_change,
    case_get_for_user,
    case_list_for_user,
    case_sections,
    case_timeline,
    is_head_of,
    my_work_for_user,
)
from sigap.intake.choices import Risk
from sigap.intake.selectors import report_get_for_user
from sigap.lib.formats import list_date
from sigap.lib.pagination import keyset_page
from sigap.people.services import person_create

PAGE_SIZE = 50


def _managers(unit):
    return users_over(unit, [Role.CASE_MANAGER])


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
    # Paged by cursor: the thousandth page costs what the first does (sigap.lib.pagination).
    page = keyset_page(case_list_for_user(request.user, filters), request.GET, field="opened_at", per_page=PAGE_SIZE)
    cases = list(page.object_list)
    record_read(actor=request.user, objects=cases, ip=client_ip(request))
    return render(request, "cases/case_list.html", {"form": form, "page": page, "rows": _case_rows(cases)})


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list, ready to print: the template only places the values."""

    url: str
    number: str
    restricted: bool
    risk: str
    risk_label: str
    status: str
    opened: str
    manager: str
    village: str
    next_due: str
    overdue: bool


def _case_rows(cases: list) -> list[CaseRow]:
    now = timezone.now()
    # The labels, translated once per page (get_FIELD_display hashes every choice per call).
    statuses = {code: str(label) for code, label in CaseStatus.choices}
    risks = {code: str(label) for code, label in Risk.choices}
    rows = []
    for case in cases:
        next_due = case.next_due_at
        rows.append(
            CaseRow(
                url=case.get_absolute_url(),
                number=case.number,
                restricted=case.restricted,
                risk=case.risk,
                risk_label=risks.get(case.risk, case.risk),
                status=statuses.get(case.status, case.status),
                opened=list_date(timezone.localtime(case.opened_at), "SHORT_DATE_FORMAT"),
                manager=str(case.assigned_to) if case.assigned_to_id else "–",
                village=str(case.village) if case.village_id else "–",
                next_due=list_date(timezone.localtime(next_due), "SHORT_DATETIME_FORMAT") if next_due else "–",
                overdue=case.status != CaseStatus.CLOSED and next_due is not None and next_due < now,
            )
        )
    return rows


@login_required
@require_safe
def my_work(request):
    work = my_work_for_user(request.user)
    record_read(actor=request.user, objects=work.cases, ip=client_ip(request))
    return render(request, "cases/my_work.html", {"work": work})


@login_required
@require_safe
def case_detail(request, pk: int):
    """The case page. `?act=<action>` opens that action's form on the page (without
    JavaScript); htmx asks for the same URL and gets the form alone, to fill its
    <details> in place. Forms are built only for the action that is opened."""
    case = case_get_for_user(request.user, pk, ip=client_ip(request))
    act = request.GET.get("act", "")
    if act and request.headers.get("HX-Request"):
        response = _action_fragment(request, case, act)
    else:
        response = render(request, "cases/case_detail.html", _detail_context(request, case, act=act))
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass(frozen=True)
class Action:
    """One thing done to a case from its page: the form's prefix (also its name in the
    template context), its title, the URL name it posts to, and how its form is built:
    make(request, case, data, files). Per-object actions (a referral, a closure request)
    take the object's id in their key, `referral_update-7`, and in their URL."""

    form_name: str
    title: str
    url_name: str
    make: Callable
    per_object: bool = False


def _partners(request):
    return Partner.objects.filter(unit__in=units_for_roles(request.user, ROLES_HANDLING_CASES), active=True)


ACTIONS = {
    "advance": Action(
        "reason_form",
        gettext_lazy("Move to the next step"),
        "cases:advance",
        lambda r, c, d, f: case_forms.OptionalReasonForm(d),
    ),
    "closure_request": Action(
        "closure_form",
        gettext_lazy("Ask the head to close the case"),
        "cases:closure_request",
        lambda r, c, d, f: case_forms.ReasonForm(d),
    ),
    "reopen": Action(
        "reason_form", gettext_lazy("Reopen the case"), "cases:reopen", lambda r, c, d, f: case_forms.ReasonForm(d)
    ),
    "victim_add": Action(
        "victim_form", gettext_lazy("Add a victim"), "cases:victim_add", lambda r, c, d, f: case_forms.VictimForm(d)
    ),
    "perpetrator_add": Action(
        "perpetrator_form",
        gettext_lazy("Add a perpetrator"),
        "cases:perpetrator_add",
        lambda r, c, d, f: case_forms.PerpetratorForm(d),
    ),
    "relation_set": Action(
        "relation_form",
        gettext_lazy("Relationship of a perpetrator to a victim"),
        "cases:relation_set",
        lambda r, c, d, f: case_forms.RelationForm(d, case=c),
    ),
    "assessment_add": Action(
        "assessment_form",
        gettext_lazy("Record an assessment"),
        "cases:assessment_add",
        lambda r, c, d, f: case_forms.AssessmentForm(d, initial={"risk": c.risk}),
    ),
    "goal_add": Action(
        "goal_form", gettext_lazy("Add a goal to the plan"), "cases:goal_add", lambda r, c, d, f: case_forms.GoalForm(d)
    ),
    "service_add": Action(
        "service_form",
        gettext_lazy("Record a service"),
        "cases:service_add",
        lambda r, c, d, f: case_forms.ServiceForm(d, case=c),
    ),
    "consent_add": Action(
        "consent_form",
        gettext_lazy("Record the client's consent"),
        "cases:consent_add",
        lambda r, c, d, f: case_forms.ConsentForm(d),
    ),
    "referral_add": Action(
        "referral_form",
        gettext_lazy("Refer to a partner"),
        "cases:referral_add",
        lambda r, c, d, f: case_forms.ReferralForm(d, case=c, partners=_partners(r)),
    ),
    "legal_step_add": Action(
        "legal_step_form",
        gettext_lazy("Record a legal-process stage"),
        "cases:legal_step_add",
        lambda r, c, d, f: case_forms.LegalStepForm(d, case=c),
    ),
    "legal_event_add": Action(
        "legal_event_form",
        gettext_lazy("Add a visum, BAP or hearing date"),
        "cases:legal_event_add",
        lambda r, c, d, f: case_forms.LegalEventForm(d),
    ),
    "note_add": Action(
        "note_form", gettext_lazy("Add a note"), "cases:note_add", lambda r, c, d, f: case_forms.NoteForm(d)
    ),
    "attachment_add": Action(
        "attachment_form",
        gettext_lazy("Add a file"),
        "cases:attachment_add",
        lambda r, c, d, f: case_forms.AttachmentForm(d, f),
    ),
    "restrict": Action(
        "restrict_form",
        gettext_lazy("Restrict who sees the case"),
        "cases:restrict",
        lambda r, c, d, f: case_forms.RestrictForm(d, managers=_managers(c.unit), initial={"restricted": c.restricted}),
    ),
    "assign": Action(
        "assign_form",
        gettext_lazy("Assign a case manager"),
        "cases:assign",
        lambda r, c, d, f: case_forms.AssignForm(
            d, managers=_managers(c.unit), initial={"assigned_to": c.assigned_to_id}
        ),
    ),
    "referral_update": Action(
        "referral_update_form_{pk}",
        gettext_lazy("Update the referral"),
        "cases:referral_update",
        lambda r, c, d, f: case_forms.ReferralUpdateForm(d),
        per_object=True,
    ),
    "closure_decide": Action(
        "decision_form",
        gettext_lazy("Decide"),
        "cases:closure_decide",
        lambda r, c, d, f: case_forms.ClosureDecisionForm(d),
        per_object=True,
    ),
}
# The actions of the page's "Actions" section, in the order shown (see _shown_actions).
CASE_ACTIONS = (
    "victim_add",
    "perpetrator_add",
    "relation_set",
    "assessment_add",
    "goal_add",
    "service_add",
    "consent_add",
    "referral_add",
    "legal_step_add",
    "legal_event_add",
    "note_add",
    "attachment_add",
    "restrict",
)


@dataclass
class ShownAction:
    """An action as the page shows it: a <details> whose form is built only when open."""

    key: str
    action: Action
    url: str
    open_url: str
    form: object = None

    @property
    def title(self) -> str:
        return self.action.title


def _shown_actions(case, *, editable: bool, is_head: bool, referrals, closure_requests) -> dict[str, ShownAction]:
    """Every action this user may take on the case now, by key, in page order."""
    keys = []
    if editable:
        if case.status not in (CaseStatus.CLOSED, CaseStatus.MONITORING):
            keys.append(("advance", None))
        keys.append(("closure_request" if case.status != CaseStatus.CLOSED else "reopen", None))
        keys.extend((key, None) for key in CASE_ACTIONS)
        if is_head:
            keys.append(("assign", None))
        done = (ReferralStatus.DONE, ReferralStatus.DECLINED)
        keys.extend(("referral_update", referral.pk) for referral in referrals if referral.status not in done)
    if is_head:
        keys.extend(("closure_decide", closure.pk) for closure in closure_requests if closure.decision == "pending")
    case_url = case.get_absolute_url()
    shown = {}
    for name, object_pk in keys:
        key = name if object_pk is None else f"{name}-{object_pk}"
        action = ACTIONS[name]
        url = reverse(action.url_name, args=[case.pk] if object_pk is None else [case.pk, object_pk])
        shown[key] = ShownAction(key=key, action=action, url=url, open_url=f"{case_url}?act={key}")
    return shown


def _open(request, case, shown: ShownAction, form=None):
    """Build (or take, bound) the form of one shown action, under its prefix."""
    if form is None:
        form = shown.action.make(request, case, None, None)
    form.prefix = shown.action.form_name.format(pk=shown.key.partition("-")[2])
    shown.form = form
    return form


def _detail_context(request, case, *, act: str = "", bound=None) -> dict:
    """The case page: its sections, read once, the timeline built from them, and the
    actions; only the form of the action `act` is built (`bound`: a form with errors)."""
    is_head = is_head_of(request.user, case)
    editable = can_change(request.user, case)
    sections = case_sections(request.user, case, is_head=is_head)
    shown = _shown_actions(
        case,
        editable=editable,
        is_head=is_head,
        referrals=sections.referrals,
        closure_requests=sections.closure_requests,
    )
    context = {
        "case": case,
        "editable": editable,
        "is_head": is_head,
        **{name: getattr(sections, name) for name in SECTION_NAMES},
        "timeline": case_timeline(request.user, case, sections),
        "actions": [item for key, item in shown.items() if not key.partition("-")[2]],
    }
    if bound is not None and act not in shown:
        # The action is no longer offered (the case moved on meanwhile): its form still
        # comes back, with the errors and what was typed, where it was posted.
        shown[act] = ShownAction(key=act, action=ACTIONS[act.partition("-")[0]], url=request.path, open_url="")
        context["actions"].insert(0, shown[act])
    if act in shown:
        form = _open(request, case, shown[act], bound)
        context[form.prefix] = form
    # Per-object actions are shown beside their object.
    for referral in sections.referrals:
        referral.action = shown.get(f"referral_update-{referral.pk}")
    for closure in sections.closure_requests:
        closure.action = shown.get(f"closure_decide-{closure.pk}")
    return context


SECTION_NAMES = (
    "victims",
    "perpetrators",
    "assessments",
    "goals",
    "services",
    "consents",
    "referrals",
    "legal_events",
    "notes",
    "attachments",
    "closure_requests",
)


def _action_fragment(request, case, act: str):
    """The form of one action alone, for htmx (404 for an action not open to this user)."""
    is_head = is_head_of(request.user, case)
    name, _sep, object_pk = act.partition("-")
    if not (object_pk.isascii() and object_pk.isdigit()):
        object_pk = ""  # str.isdigit() alone accepts "²", which no id is
    shown = _shown_actions(
        case,
        editable=can_change(request.user, case),
        is_head=is_head,
        referrals=case.referrals.filter(pk=object_pk) if name == "referral_update" and object_pk else [],
        closure_requests=case.closure_requests.filter(pk=object_pk) if name == "closure_decide" and object_pk else [],
    )
    if act not in shown:
        raise Http404
    _open(request, case, shown[act])
    return render(request, "cases/_action_form.html", {"action": shown[act]})


def _act(request, pk: int, key: str, apply, *, head_only: bool = False):
    """The shape of every case action: gate for writing, validate, one service call,
    back to the case; a bad form comes back on the page, open, with what was typed."""
    case = case_get_for_user(request.user, pk, write=True, ip=client_ip(request), log=False)
    if head_only and not is_head_of(request.user, case):
        raise PermissionDenied
    name = key.partition("-")[0]
    form = ACTIONS[name].make(request, case, request.POST, request.FILES)
    form.prefix = ACTIONS[name].form_name.format(pk=key.partition("-")[2])
    if form.is_valid():
        try:
            apply(case, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(case)
    context = _detail_context(request, case, act=key, bound=form)
    # The whole case page comes back: that is a read, and every read is logged.
    record_read(actor=request.user, objects=[case], ip=client_ip(request), unit=case.unit)
    return render(request, "cases/case_detail.html", context, status=400)


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
        "advance",
        lambda case, d: services.case_advance(actor=request.user, case=case, reason=d["reason"]),
    )


@login_required
@require_POST
def case_assign(request, pk: int):
    return _act(
        request,
        pk,
        "assign",
        lambda case, d: services.case_assign(actor=request.user, case=case, assigned_to=d["assigned_to"]),
        head_only=True,
    )


@login_required
@require_POST
def case_restrict(request, pk: int):
    return _act(
        request,
        pk,
        "restrict",
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
        "closure_request",
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
        f"closure_decide-{request_pk}",
        apply,
        head_only=True,
    )


@login_required
@require_POST
def case_reopen(request, pk: int):
    return _act(
        request,
        pk,
        "reopen",
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

    return _act(request, pk, "victim_add", apply)


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

    return _act(request, pk, "perpetrator_add", apply)


@login_required
@require_POST
def relation_set(request, pk: int):
    return _act(
        request,
        pk,
        "relation_set",
        lambda case, d: services.relation_set(actor=request.user, **d),
    )


@login_required
@require_POST
def assessment_add(request, pk: int):
    return _act(
        request,
        pk,
        "assessment_add",
        lambda case, d: services.assessment_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def goal_add(request, pk: int):
    return _act(
        request,
        pk,
        "goal_add",
        lambda case, d: services.goal_add(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def service_add(request, pk: int):
    return _act(
        request,
        pk,
        "service_add",
        lambda case, d: services.service_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def consent_add(request, pk: int):
    return _act(
        request,
        pk,
        "consent_add",
        lambda case, d: services.consent_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def referral_add(request, pk: int):
    return _act(
        request,
        pk,
        "referral_add",
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
        f"referral_update-{referral_pk}",
        apply,
    )


@login_required
@require_POST
def legal_step_add(request, pk: int):
    return _act(
        request,
        pk,
        "legal_step_add",
        lambda case, d: services.legal_step_add(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def legal_event_add(request, pk: int):
    return _act(
        request,
        pk,
        "legal_event_add",
        lambda case, d: services.legal_event_add(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def note_add(request, pk: int):
    return _act(
        request,
        pk,
        "note_add",
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
        "attachment_add",
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
