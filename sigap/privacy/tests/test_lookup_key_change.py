"""A change of SIGAP_LOOKUP_KEY (say, after a suspected leak): what is found before and
after `manage.py rehash_lookups`, and what still needs the old key."""

import io

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from sigap.audit.models import AuditEvent
from sigap.cases.selectors import CaseFilters, case_list_for_user
from sigap.cases.services import case_open
from sigap.classes.codes import participant_code_hash, participant_code_hashes
from sigap.counseling.tokens import manage_hash, manage_hashes, survey_code_hash, survey_code_hashes
from sigap.intake.receipts import receipt_hash, receipt_hashes
from sigap.intake.selectors import report_get_by_receipt
from sigap.intake.services import report_submit
from sigap.people.selectors import person_list_for_user, person_possible_duplicates_for_user
from sigap.test import BaseTestCase

NIK = "3375014502100001"
PHONE = "+6281234567890"
OLD_KEY = settings.SIGAP_LOOKUP_KEY
NEW_KEY = "a-new-lookup-key-after-a-suspected-leak-000000000000"


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
        """What the head finds by NIK, by phone, by a word of the case, and by the receipt."""
        return {
            "nik": set(person_list_for_user(self.kepala, query=NIK)),
            "phone": set(person_possible_duplicates_for_user(self.kepala, phone=PHONE)),
            "word": set(case_list_for_user(self.kepala, CaseFilters(search="bendan"))),
            "receipt": report_get_by_receipt(self.receipt),
        }

    def test_before_the_rehash_the_old_key_still_finds_people_and_receipts_but_no_case_word(self):
        with override_settings(SIGAP_LOOKUP_KEY=NEW_KEY, SIGAP_OLD_LOOKUP_KEYS=[OLD_KEY]):
            found = self.found()
        self.assertEqual(found, {"nik": {self.person}, "phone": {self.person}, "word": set(), "receipt": self.report})

    def test_after_the_rehash_the_new_key_alone_finds_people_and_case_words_and_old_receipts_need_the_old_key(self):
        out = io.StringIO()
        with override_settings(SIGAP_LOOKUP_KEY=NEW_KEY, SIGAP_OLD_LOOKUP_KEYS=[OLD_KEY]):
            call_command("rehash_lookups", stdout=out)
            self.assertEqual(self.found()["receipt"], self.report)
        self.assertIn("people.person: 1", out.getvalue())
        with override_settings(SIGAP_LOOKUP_KEY=NEW_KEY, SIGAP_OLD_LOOKUP_KEYS=[]):
            found = self.found()
        self.assertEqual(found, {"nik": {self.person}, "phone": {self.person}, "word": {self.case}, "receipt": None})
        entry = AuditEvent.objects.filter(action="keys_rotated").latest("id")
        self.assertEqual(entry.changes["lookup_rehashed"]["people.person"], 1)

    def test_the_old_key_no_longer_finds_what_was_rehashed(self):
        with override_settings(SIGAP_LOOKUP_KEY=NEW_KEY):
            call_command("rehash_lookups", stdout=io.StringIO())
        found = self.found()  # back to the old key alone, as a copy of the leaked key would
        self.assertEqual(found, {"nik": set(), "phone": set(), "word": set(), "receipt": self.report})

    def test_an_anonymised_case_gets_no_words_back(self):
        from sigap.cases.models import CaseSearchTerm
        from sigap.privacy.retention import case_anonymise

        gone = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="Saksi Sulastri")
        case_anonymise(gone)
        with override_settings(SIGAP_LOOKUP_KEY=NEW_KEY):
            call_command("rehash_lookups", stdout=io.StringIO())
        self.assertFalse(CaseSearchTerm.objects.filter(case=gone).exists())
        self.assertTrue(CaseSearchTerm.objects.filter(case=self.case).exists())


class CodeLookupTests(BaseTestCase):
    def test_every_code_handed_out_before_the_change_is_matched_through_the_old_key_and_only_through_it(self):
        kinds = {
            "receipt": (receipt_hash, receipt_hashes, "7kq2 m9xd 4tpa c3he"),
            "participant": (participant_code_hash, participant_code_hashes, "ab3de-fg7hk"),
            "booking link": (manage_hash, manage_hashes, "s3cr3t-t0ken"),
            "survey": (survey_code_hash, survey_code_hashes, "7KQ2-M9XD-4TPA-C3HE"),
        }
        for kind, (stored_hash, typed_hashes, code) in kinds.items():
            with self.subTest(kind):
                stored = stored_hash(code)  # handed out under the old key
                with override_settings(SIGAP_LOOKUP_KEY=NEW_KEY, SIGAP_OLD_LOOKUP_KEYS=[OLD_KEY]):
                    self.assertIn(stored, typed_hashes(code))
                    self.assertEqual(typed_hashes(code)[0], stored_hash(code))  # new codes: the new key
                with override_settings(SIGAP_LOOKUP_KEY=NEW_KEY):
                    self.assertNotIn(stored, typed_hashes(code))
