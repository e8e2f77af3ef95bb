from django.core.files.uploadedfile import SimpleUploadedFile

from sigap.intake.models import Report
from sigap.intake.services import report_close, report_message_add, report_reporter_reply, report_route, report_submit
from sigap.tests.matrix import LOGIN

REPORT = {"reporter_relation": "self", "account": "-", "contact_method": "none", "consent": True}
QUEUE = {"kepala": 200, "petugas": 200, "konselor": 200, "konselor2": 200, "outsider": 200, "*": 403}
REPORT_LPPAR = {"kepala": 200, "petugas": 200, "*": 404}
REPORT_PUSPAGA = {"kepala": 200, "konselor": 200, "konselor2": 200, "*": 404}
# POSTs that change a report redirect back (302) for those who may see it.
CHANGE_LPPAR = {"anonymous": LOGIN, "kepala": 302, "petugas": 302, "*": 404}


def objects(test) -> dict:
    lppar, receipt = report_submit(**REPORT, categories=["seksual"])
    puspaga = report_submit(**REPORT, categories=["pranikah"])[0]
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    report_reporter_reply(report=lppar, body="-", files=[(upload, "application/pdf")])
    return {
        "report_lppar": [lppar.pk],
        "report_puspaga": [puspaga.pk],
        "attachment_lppar": [lppar.pk, lppar.attachments.get().pk],
        "receipt_unknown": ["AAAA-BBBB-CCCC-DDDD"],
        # The reporter's own look at report_lppar (grow adds messages both ways to it).
        "receipt_lppar": [receipt],
    }


def grow(test, objects: dict) -> None:
    """More reports in both queues (one closed, for the closed history), and more
    routings, messages both ways, internal notes and files on the matrix's reports."""
    for categories, queue in ((["seksual"], "lppar"), (["fisik"], "lppar"), (["pranikah"], "puspaga")):
        report = report_submit(**REPORT, categories=categories)[0]
        report_route(actor=test.kepala, report=report, queue=queue, risk="medium", reason="-")
    report_close(actor=test.kepala, report=report_submit(**REPORT, categories=["fisik"])[0], reason="-")
    for report in Report.objects.filter(pk__in=[objects["report_lppar"][0], objects["report_puspaga"][0]]):
        report_route(actor=test.kepala, report=report, queue=report.queue, risk="medium", reason="-")
        for direction in ("to_reporter", "internal"):
            report_message_add(report=report, body="-", direction=direction, author=test.kepala)
        upload = SimpleUploadedFile("b.pdf", b"%PDF-1.4 y")
        report_reporter_reply(report=report, body="-", files=[(upload, "application/pdf")])


EXPECTATIONS = {
    ("intake:report", None, "get"): {"*": 200},
    ("intake:check", None, "get"): {"*": 200},
    ("intake:queue", None, "get"): {"anonymous": LOGIN, **QUEUE},
    ("intake:staff_new", None, "get"): {"anonymous": LOGIN, **QUEUE},
    ("intake:detail", "report_lppar", "get"): {"anonymous": LOGIN, **REPORT_LPPAR},
    ("intake:detail", "report_puspaga", "get"): {"anonymous": LOGIN, **REPORT_PUSPAGA},
    ("intake:detail", "report_missing", "get"): {"anonymous": LOGIN, "*": 404},
    ("intake:route", "report_lppar", "get"): {"anonymous": LOGIN, "*": 405},
    ("intake:route", "report_lppar", "post"): {"anonymous": LOGIN, "kepala": 400, "petugas": 400, "*": 404},
    ("intake:message", "report_lppar", "post"): {"anonymous": LOGIN, "kepala": 400, "petugas": 400, "*": 404},
    ("intake:tpks_done", "report_lppar", "post"): CHANGE_LPPAR,
    # An empty form: the triage roles get the page back (400), everyone else 404.
    ("intake:close", "report_lppar", "get"): {"anonymous": LOGIN, "*": 405},
    ("intake:close", "report_lppar", "post"): {"anonymous": LOGIN, "kepala": 400, "petugas": 400, "*": 404},
    ("intake:attachment", "attachment_lppar", "get"): {"anonymous": LOGIN, **REPORT_LPPAR},
    ("api:public_report_submit", None, "post"): {"*": 400},  # empty body: messages per field
    ("api:public_report_submit", None, "get"): {"*": 405},
    ("api:public_report_status", "receipt_unknown", "get"): {"*": 404},
    ("api:public_report_status", "receipt_lppar", "get"): {"*": 200},
    ("api:reports", None, "get"): {"anonymous": 401, **QUEUE},
    ("api:report", "report_lppar", "get"): {"anonymous": 401, **REPORT_LPPAR},
    ("api:report", "report_puspaga", "get"): {"anonymous": 401, **REPORT_PUSPAGA},
    ("api:report", "report_missing", "get"): {"anonymous": 401, "*": 404},
    ("api:report_route", "report_lppar", "post"): {"anonymous": 401, "kepala": 400, "petugas": 400, "*": 404},
    ("api:report_route", "report_lppar", "get"): {"*": 405},
    ("api:report_messages", "report_lppar", "post"): {"anonymous": 401, "kepala": 400, "petugas": 400, "*": 404},
}
