"""Matrix rows for case handling: a case held by manajer (LP-PAR), a restricted case
naming only manajer2, and a case of another city's unit."""

from datetime import datetime, time, timedelta
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sigap.cases.choices import NEXT_STATUS, ClosureDecision
from sigap.cases.models import Case
from sigap.cases.services import (
    assessment_record,
    attachment_add,
    case_advance,
    case_closure_decide,
    case_closure_request,
    case_open,
    case_restrict,
    consent_record,
    goal_add,
    legal_event_add,
    legal_step_add,
    note_add,
    partner_ensure,
    perpetrator_add,
    referral_send,
    relation_set,
    service_record,
    victim_add,
)
from sigap.intake.services import report_submit
from sigap.tests.matrix import LOGIN

CASE = {"kepala": 200, "manajer": 200, "*": 404}
RESTRICTED = {"manajer2": 200, "*": 404}
CASE_LIST = {"kepala": 200, "manajer": 200, "manajer2": 200, "*": 403}
# Writes on manajer's case: the head and manajer act (a bad empty form → 400 on the page).
WRITE = {"anonymous": LOGIN, "kepala": 400, "manajer": 400, "*": 404}
HEAD_WRITE = {"anonymous": LOGIN, "kepala": 400, "manajer": 403, "*": 404}

ACTIONS = [
    "advance", "closure_request", "reopen", "victim_add", "perpetrator_add", "relation_set", "assessment_add",
    "goal_add", "service_add", "consent_add", "referral_add", "legal_step_add", "legal_event_add", "note_add",
]  # fmt: skip


def objects(test) -> dict:
    case = case_open(actor=test.kepala, unit=test.lppar, assigned_to=test.manajer, summary="-")
    restricted = case_open(actor=test.kepala, unit=test.lppar, assigned_to=test.manajer2, summary="-")
    case_restrict(actor=test.kepala, case=restricted, restricted=True, named=[test.manajer2])
    person = test.make_person(unit=test.lppar, responsible=test.manajer, full_name="Korban Matriks")
    victim = victim_add(actor=test.manajer, case=case, person=person, violence_forms=["fisik"])
    consent = consent_record(actor=test.manajer, case=case, purpose="polisi", items=["identity"])
    partner = partner_ensure(unit=test.lppar, name="Unit PPA Polres", kind="polisi")
    referral = referral_send(
        actor=test.manajer, case=case, victim=victim, partner=partner, consent=consent, purpose="-",
        shared_items=["identity"], due_date="2030-01-01",
    )  # fmt: skip
    closure = case_closure_request(actor=test.manajer, case=case, reason="-")
    upload = SimpleUploadedFile("visum.pdf", b"%PDF-1.4 visum")
    attachment = attachment_add(actor=test.manajer, case=case, upload=upload, content_type="application/pdf")
    return {
        "case_lppar": [case.pk],
        "case_restricted": [restricted.pk],
        "referral_lppar": [case.pk, referral.pk],
        "closure_lppar": [case.pk, closure.pk],
        "case_file_lppar": [case.pk, attachment.pk],
        "simfoni_csv": ["csv"],
        "simfoni_xlsx": ["xlsx"],
        "report_for_case": [test.url_args["report_lppar"][0]],
    }


SERIAL = count(1)


def grow(test, objects: dict) -> None:
    """More cases for each case manager (one from a report, for the SIMFONI export), and
    more of every kind of thing on the matrix's cases, so their pages show more rows."""
    for manager in (test.manajer, test.manajer2):
        for _ in range(3):
            case_open(actor=test.kepala, unit=test.lppar, assigned_to=manager, summary="kasus tambahan")
    report = report_submit(
        reporter_relation="self", account="-", contact_method="none", consent=True, categories=["fisik"]
    )[0]
    from_report = case_open(actor=test.petugas, unit=test.lppar, report=report, assigned_to=test.manajer)
    for case in (from_report, *Case.objects.filter(pk__in=[objects["case_lppar"][0], objects["case_restricted"][0]])):
        _fill(test, case, case.assigned_to)


def _fill(test, case: Case, manager) -> None:
    partner = partner_ensure(unit=test.lppar, name=f"RSUD {next(SERIAL)}", kind="kesehatan")
    consent = consent_record(actor=manager, case=case, purpose="rujukan", items=["identity"])
    today = timezone.localdate()
    for index in range(3):
        n = next(SERIAL)
        person = test.make_person(unit=test.lppar, responsible=manager, full_name=f"Korban {n}", nik=f"33750145{n:08d}")
        victim = victim_add(actor=manager, case=case, person=person, violence_forms=["fisik", "psikis"])
        perpetrator = perpetrator_add(actor=manager, case=case, description=f"pelaku {n}", sex="L")
        relation_set(actor=manager, victim=victim, perpetrator=perpetrator, relationship="orang_tua")
        legal_step_add(
            actor=manager, case=case, perpetrator=perpetrator, stage="penyidikan", institution="Polres", on=today
        )
        service_record(
            actor=manager, case=case, victim=victim, service_type="kesehatan", delivered_on=today, provider="RSUD"
        )
        referral_send(
            actor=manager, case=case, victim=victim, partner=partner, consent=consent, purpose="-",
            # One overdue, for the case manager's day (my_work lists overdue referrals).
            shared_items=["identity"], due_date=today + timedelta(days=3 if index else -1),
        )  # fmt: skip
        assessment_record(actor=manager, case=case, findings=f"temuan {n}", risk="medium")
        goal_add(actor=manager, case=case, goal=f"tujuan {n}", due_date=today + timedelta(weeks=2))
        # Tomorrow: my_work lists the hearings to come.
        tomorrow = today + timedelta(days=1)
        legal_event_add(
            actor=manager, case=case, kind="sidang", at=timezone.make_aware(datetime.combine(tomorrow, time(9)))
        )
        for confidentiality in ("team", "assigned", "head"):
            note_add(actor=manager, case=case, body=f"catatan {n}", confidentiality=confidentiality)
        upload = SimpleUploadedFile(f"surat-{n}.pdf", b"%PDF-1.4 surat")
        attachment_add(actor=manager, case=case, upload=upload, content_type="application/pdf")
    # One closure request is pending at a time: the head sends it back, and it is asked again.
    pending = case.closure_requests.filter(decision=ClosureDecision.PENDING).first()
    if pending is not None and not case.restricted:
        case_closure_decide(actor=test.kepala, request=pending, approve=False, comment="belum")
    if not case.closure_requests.filter(decision=ClosureDecision.PENDING).exists():
        case_closure_request(actor=manager, case=case, reason="-")
    if case.status in NEXT_STATUS:
        case_advance(actor=manager, case=case, reason="-")


EXPECTATIONS = {
    ("cases:list", None, "get"): {"anonymous": LOGIN, **CASE_LIST},
    ("api:cases", None, "get"): {"anonymous": 401, **CASE_LIST},
    ("api:case", "case_lppar", "get"): {"anonymous": 401, **CASE},
    ("api:case", "case_restricted", "get"): {"anonymous": 401, **RESTRICTED},
    ("api:case", "case_missing", "get"): {"anonymous": 401, "*": 404},
    ("api:cases_simfoni", None, "get"): {"anonymous": 401, "kepala": 200, "*": 403},
    ("cases:my_work", None, "get"): {"anonymous": LOGIN, **CASE_LIST},
    ("cases:new", None, "get"): {"anonymous": LOGIN, **CASE_LIST},
    ("cases:detail", "case_lppar", "get"): {"anonymous": LOGIN, **CASE},
    ("cases:detail", "case_restricted", "get"): {"anonymous": LOGIN, **RESTRICTED},
    ("cases:detail", "case_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("cases:simfoni_export", "simfoni_csv", "get"): {"anonymous": LOGIN, "kepala": 200, "*": 403},
    ("cases:simfoni_export", "simfoni_xlsx", "get"): {"anonymous": LOGIN, "kepala": 200, "*": 403},
    # The head and the intake officer may open a case from an LP-PAR report; an empty
    # form sends them back to the report (302).
    ("cases:open_from_report", "report_for_case", "post"): {
        "anonymous": LOGIN,
        "kepala": 302,
        "petugas": 302,
        "*": 404,
    },
    ("cases:assign", "case_lppar", "post"): HEAD_WRITE,
    ("cases:restrict", "case_lppar", "post"): {"anonymous": LOGIN, "kepala": 302, "manajer": 302, "*": 404},
    ("cases:closure_decide", "closure_lppar", "post"): HEAD_WRITE,
    ("cases:referral_update", "referral_lppar", "post"): WRITE,
    ("cases:tpks_done", "case_lppar", "post"): {"anonymous": LOGIN, "kepala": 302, "manajer": 302, "*": 404},
    ("cases:attachment_add", "case_lppar", "post"): WRITE,
    ("cases:attachment", "case_file_lppar", "get"): {"anonymous": LOGIN, **CASE},
    ("cases:note_add", "case_restricted", "post"): {"anonymous": LOGIN, "manajer2": 400, "*": 404},
    **{(f"cases:{action}", "case_lppar", "post"): WRITE for action in ACTIONS if action != "advance"},
    # An empty reason is allowed when moving on: the step is taken (302).
    ("cases:advance", "case_lppar", "post"): {"anonymous": LOGIN, "kepala": 302, "manajer": 302, "*": 404},
    **{(f"cases:{action}", "case_lppar", "get"): {"anonymous": LOGIN, "*": 405} for action in ACTIONS[:1]},
}
