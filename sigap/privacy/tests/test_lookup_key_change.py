"""A change of SIGAP_LOOKUP_KEY (say, after a suspected leak): what is found before and
after `manage.py rehash_lookups`, and what still needs the old key."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from sigap.audit.models import AuditEvent
from sigap.cases.models import CaseSearchTerm
from sigap.cases.selectors import CaseFilters, case_list_for_user
from sigap.cases.services import case_open
from sigap.classes.selectors import participant_get_by_code
from sigap.classes.tests.helpers import make_cohort, register
from sigap.counseling.selectors import appointment_get_by_token, survey_code_is_open
from sigap.counseling.services import survey_invitation_issue, survey_submit
from sigap.counseling.tests.helpers import CounsellingTestCase
from sigap.intake.selectors import report_get_by_receipt
from sigap.intake.services import report_submit
from sigap.lib.services import field_keys_rotate, lookup_fields_rehash
from sigap.people.selectors import person_list_for_user, person_possible_duplicates_for_user
from sigap.privacy.retention import case_anonymise
from sigap.test import BaseTestCase

NIK = "3375014502100001"
PHONE = "+6281234567890"
OLD_KEY = settings.SIGAP_LOOKUP_KEY
NEW_KEY = "a-new-lookup-key-after-a-suspected-leak-000000000000"
BOTH_KEYS = {"SIGAP_LOOKUP_KEY": NEW_KEY, "SIGAP_OLD_LOOKUP_KEYS": [OLD_KEY]}
NEW_KEY_ONLY = {"SIGAP_LOOKUP_KEY": NEW_KEY, "SIGAP_OLD_LOOKUP_KEYS": []}


class LookupKeyChangeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report, cls.receipt = report_submit(
            reporter_relation="self", categories=["fisik"], account="Dipukul", contact_method="none", consent=True
        )
        cls.person = cls.make_person(unit=cls.lppar, full_name="Rina", nik=NIK, phone=PHONE)
        cls.case = case_open(
            actor=cls.kepala, unit=cls.lppar, assigned_to=cls.manajer, summary="Korban dirawat di RSUD Bendan"
        )

    def found(self):
        """What the head finds by NIK, by phone, by two words of the case, and by the receipt."""
        return {
            "nik": set(person_list_for_user(self.kepala, query=NIK)),
            "phone": set(person_possible_duplicates_for_user(self.kepala, phone=PHONE)),
            "words": set(case_list_for_user(self.kepala, CaseFilters(search="rsud bendan"))),
            "receipt": report_get_by_receipt(self.receipt),
        }

    def rehash(self) -> str:
        out = io.StringIO()
        call_command("rehash_lookups", stdout=out)
        return out.getvalue()

    def test_with_the_old_key_listed_everything_is_still_found_before_the_rehash(self):
        with override_settings(**BOTH_KEYS):
            found = self.found()
        self.assertEqual(
            found, {"nik": {self.person}, "phone": {self.person}, "words": {self.case}, "receipt": self.report}
        )

    def test_without_the_old_key_nothing_is_found_before_the_rehash(self):
        with override_settings(**NEW_KEY_ONLY):
            found = self.found()
        self.assertEqual(found, {"nik": set(), "phone": set(), "words": set(), "receipt": None})

    def test_after_the_rehash_the_new_key_alone_finds_people_and_case_words_and_old_receipts_need_the_old_key(self):
        with override_settings(**BOTH_KEYS):
            out = self.rehash()
            self.assertEqual(self.found()["receipt"], self.report)
        self.assertIn("people.person: 1", out)
        with override_settings(**NEW_KEY_ONLY):
            found = self.found()
        self.assertEqual(found, {"nik": {self.person}, "phone": {self.person}, "words": {self.case}, "receipt": None})
        entry = AuditEvent.objects.filter(action="keys_rotated").latest("id")
        self.assertEqual(entry.changes["lookup_rehashed"]["people.person"], 1)

    def test_after_the_rehash_the_old_key_alone_finds_nothing_that_was_rehashed(self):
        with override_settings(**BOTH_KEYS):
            self.rehash()
        found = self.found()  # the old key alone, as someone holding a copy of it would
        self.assertEqual(found, {"nik": set(), "phone": set(), "words": set(), "receipt": self.report})

    def test_an_anonymised_case_gets_no_words_back(self):
        gone = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="Saksi Sulastri")
        case_anonymise(gone)
        with override_settings(**BOTH_KEYS):
            self.rehash()
        self.assertFalse(CaseSearchTerm.objects.filter(case=gone).exists())
        self.assertTrue(CaseSearchTerm.objects.filter(case=self.case).exists())


class CodesHandedOutBeforeTests(CounsellingTestCase):
    """The codes the public holds, issued under the old key, each through its own page's lookup."""

    def test_participant_booking_and_survey_codes_work_while_the_old_key_is_listed_and_not_after(self):
        _registration, [(participant, participant_code)] = register(make_cohort(self), "Siti Aminah")
        appointment = self.book(self.make_consultation(), token="tautan-kelola-janji-temu")
        survey_code = survey_invitation_issue(unit=self.puspaga)
        with override_settings(**NEW_KEY_ONLY):
            self.assertIsNone(participant_get_by_code(participant_code))
            self.assertIsNone(appointment_get_by_token("tautan-kelola-janji-temu"))
            self.assertFalse(survey_code_is_open(survey_code))
        with override_settings(**BOTH_KEYS):
            self.assertEqual(participant_get_by_code(participant_code), participant)
            self.assertEqual(appointment_get_by_token("tautan-kelola-janji-temu"), appointment)
            self.assertTrue(survey_code_is_open(survey_code))
            self.assertIsNotNone(survey_submit(code=survey_code, scores=[4] * 9))


def locking_reads(work, table: str) -> list[bool]:
    """For each statement that reads `table`'s rows for a rewrite: does it lock them?"""
    with CaptureQueriesContext(connection) as queries:
        work()
    source = f'FROM "{table}"'
    reads = [query["sql"] for query in queries if query["sql"].startswith("SELECT") and source in query["sql"]]
    return [sql.rstrip().endswith("FOR UPDATE") for sql in reads]


@pytest.mark.postgres_only
class RewriteLockTests(BaseTestCase):
    """A rewrite that read a row, then saved what it read after someone else had changed
    it, would undo that change: an anonymisation committed in between would get its NIK
    hash (or, for the field key, its encrypted NIK) back. Each batch is read locked."""

    def test_the_rehash_and_the_field_key_rotation_read_each_batch_locked(self):
        self.make_person(unit=self.lppar, full_name="Rina", nik=NIK, phone=PHONE)
        for work in (lookup_fields_rehash, field_keys_rotate):
            with self.subTest(work.__name__):
                reads = locking_reads(work, "people_person")
                self.assertTrue(reads)
                self.assertTrue(all(reads), reads)
