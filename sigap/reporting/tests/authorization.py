"""Matrix rows for reporting. Figures are for every staff role but the administrator,
each narrowed to their own units (the tests in test_dashboard.py check what each
sees); exports and the monthly report are for the head and the analyst; the public
statistics are for everyone."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from sigap.lib.crypto import fernet
from sigap.reporting.selectors import monthly_report_name
from sigap.reporting.tests.helpers import KAUMAN, KRAPYAK, PODOSUGIH, file_report
from sigap.tests.matrix import LOGIN

FIGURES = {"anonymous": LOGIN, "admin": 403, "*": 200}
EXPORTS = {"anonymous": LOGIN, "kepala": 200, "analis": 200, "*": 403}


def objects(test) -> dict:
    # A stored monthly report of the agency (as monthly_report_store leaves it, without
    # rendering one). The test run's storage is a temporary folder (conftest.py).
    # Batang's too: a unit outside everyone's figures but the outsider's, who exports none.
    for unit in (test.agency, test.batang):
        name = monthly_report_name(unit, 2025, 1)
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(fernet().encrypt(b"%PDF-1.4 bulanan")))
            test.addClassCleanup(default_storage.delete, name)
    return {
        "monthly_stored": [test.agency.code, "2025-01"],
        "monthly_stored_not_made": [test.agency.code, "2025-02"],
        "monthly_stored_other_unit": [test.batang.code, "2025-01"],
        "reporting_table_csv": ["reports_by_category", "csv"],
        "reporting_table_xlsx": ["response_time", "xlsx"],
        "reporting_case_table_csv": ["services_by_type", "csv"],
    }


def grow(test, objects: dict) -> None:
    """More reports in more categories and kelurahan, in months the public page already
    publishes (it leaves out the month still running) and in the year before."""
    for days_ago, categories, village in (
        (62, ["fisik"], PODOSUGIH),
        (95, ["pengasuhan"], KAUMAN),
        (400, ["seksual"], KRAPYAK),
    ):
        file_report(timezone.now() - timedelta(days=days_ago), categories, village=village, subject_sex="P")


EXPECTATIONS = {
    ("reporting:dashboard", None, "get"): FIGURES,
    ("reporting:dashboard", None, "post"): {"anonymous": LOGIN, "*": 405},
    ("reporting:export", "reporting_table_csv", "get"): EXPORTS,
    ("reporting:export", "reporting_table_xlsx", "get"): EXPORTS,
    ("reporting:export", "reporting_case_table_csv", "get"): EXPORTS,
    ("reporting:monthly", None, "get"): EXPORTS,
    ("reporting:monthly_archive", None, "get"): EXPORTS,
    ("reporting:monthly_archive", None, "post"): {"anonymous": LOGIN, "*": 405},
    ("reporting:monthly_stored", "monthly_stored", "get"): EXPORTS,
    # A month not stored and a unit outside theirs answer alike; without export rights, 403 for all.
    ("reporting:monthly_stored", "monthly_stored_not_made", "get"): {**EXPORTS, "kepala": 404, "analis": 404},
    ("reporting:monthly_stored", "monthly_stored_other_unit", "get"): {**EXPORTS, "kepala": 404, "analis": 404},
    ("reporting:public", None, "get"): {"*": 200},
    ("reporting:public", None, "post"): {"*": 405},
    ("api:public_statistics", None, "get"): {"*": 200},
    ("api:public_statistics", None, "post"): {"*": 405},
}
