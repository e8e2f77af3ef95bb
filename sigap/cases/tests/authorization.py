"""Matrix rows for case handling: a case held by manajer (LP-PAR), a restricted case
naming only manajer2, and a case of another city's unit."""

from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.cases.services import (
    attachment_add,
    case_closure_request,
    case_open,
    case_restrict,
    consent_record,
    partner_ensure,
    referral_send,
    victim_add,
)
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
