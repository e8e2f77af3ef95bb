from sigap.cases.services import case_open, victim_add
from sigap.intake.services import report_submit
from sigap.privacy.models import DataSubjectRequest
from sigap.privacy.services import breach_record, request_record
from sigap.tests.matrix import LOGIN

HEAD_ONLY = {"anonymous": LOGIN, "kepala": 200, "*": 403}
HEAD_OBJECT = {"anonymous": LOGIN, "kepala": 200, "*": 404}


def objects(test) -> dict:
    person = test.make_person(unit=test.lppar, full_name="Pemohon")
    request = request_record(actor=test.kepala, unit=test.agency, kind="access", requester="via telepon", person=person)
    breach = breach_record(
        actor=test.kepala, unit=test.agency, title="Laptop hilang", what="-", how="-", affected="-", affected_count=3
    )
    return {"pdp_request": [request.pk], "pdp_request_json": [request.pk, "json"], "pdp_breach": [breach.pk]}


def grow(test, objects: dict) -> None:
    """More requests and breaches; more records (cases, reports) about the person of the
    matrix's request, whose export lists them."""
    person = DataSubjectRequest.objects.get(pk=objects["pdp_request"][0]).person
    for _ in range(2):
        request_record(actor=test.kepala, unit=test.agency, kind="access", requester="-", person=person)
        breach_record(
            actor=test.kepala, unit=test.agency, title="Surel salah kirim", what="-", how="-", affected="-",
            affected_count=1,
        )  # fmt: skip
        case = case_open(actor=test.kepala, unit=test.lppar, assigned_to=test.manajer, summary="-")
        victim_add(actor=test.manajer, case=case, person=person, violence_forms=["fisik"])
        report_submit(
            reporter_relation="self", account="-", contact_method="none", consent=True, categories=["fisik"],
            person=person,
        )  # fmt: skip


EXPECTATIONS = {
    ("privacy:request_list", None, "get"): HEAD_ONLY,
    ("privacy:request_new", None, "get"): HEAD_ONLY,
    ("privacy:breach_new", None, "get"): HEAD_ONLY,
    ("privacy:request_detail", "pdp_request", "get"): HEAD_OBJECT,
    ("privacy:request_detail", "pdp_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("privacy:request_export", "pdp_request_json", "get"): HEAD_OBJECT,
    ("privacy:breach_detail", "pdp_breach", "get"): HEAD_OBJECT,
    ("privacy:breach_notify", "pdp_breach", "post"): {"anonymous": LOGIN, "kepala": 302, "*": 404},
    ("privacy:breach_letter", "pdp_breach", "get"): HEAD_OBJECT,
}
