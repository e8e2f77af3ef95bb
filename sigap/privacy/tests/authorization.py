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
