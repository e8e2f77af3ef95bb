from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sigap.cases.services import (
    assessment_record,
    consent_record,
    note_add,
    partner_ensure,
    perpetrator_add,
    referral_send,
    relation_set,
    service_record,
    victim_add,
)
from sigap.cases.tests.base import CaseTestCase


class CaseQueryCountTests(CaseTestCase):
    def count(self, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(captured.captured_queries)

    def grow_case(self, n: int) -> None:
        partner = partner_ensure(unit=self.lppar, name="RSUD Bendan", kind="kesehatan")
        consent = consent_record(actor=self.manajer, case=self.case, purpose="rujukan", items=["identity"])
        for i in range(n):
            person = self.make_person(
                unit=self.lppar, responsible=self.manajer, full_name=f"Korban {i}", nik=f"337501450210{i:04d}"
            )
            victim = victim_add(actor=self.manajer, case=self.case, person=person, violence_forms=["fisik"])
            # A perpetrator with a person, named as the victim's: the victims' section reads
            # the relation and its perpetrator and person in one query.
            known = self.make_person(
                unit=self.lppar, responsible=self.manajer, full_name=f"Pelaku {i}", nik=f"337501010180{i:04d}"
            )
            perpetrator = perpetrator_add(actor=self.manajer, case=self.case, person=known, description=f"pelaku {i}")
            relation_set(actor=self.manajer, victim=victim, perpetrator=perpetrator, relationship="tetangga")
            service_record(
                actor=self.manajer,
                case=self.case,
                victim=victim,
                service_type="kesehatan",
                delivered_on=date(2026, 1, 1),
                provider="RSUD",
            )
            referral_send(
                actor=self.manajer, case=self.case, victim=victim, partner=partner, consent=consent, purpose="-",
                shared_items=["identity"], due_date=timezone.localdate() + timedelta(days=3),
            )  # fmt: skip
            note_add(actor=self.manajer, case=self.case, body=f"catatan {i}")
            assessment_record(actor=self.manajer, case=self.case, findings=f"temuan {i}", risk="medium")

    def test_the_case_detail_costs_the_same_for_1_or_8_of_everything(self):
        self.login(self.manajer)
        self.grow_case(1)
        self.count(f"/staf/kasus/{self.case.pk}/")  # the first request after login also saves the session
        small = self.count(f"/staf/kasus/{self.case.pk}/")
        self.grow_case(7)
        self.assertEqual(self.count(f"/staf/kasus/{self.case.pk}/"), small)
        # Each section read once (the timeline is built from them), no action form built.
        self.assertLessEqual(small, 22)

    def test_the_case_list_costs_the_same_for_2_or_30_cases(self):
        self.login(self.kepala)
        self.open_case()
        self.count("/staf/kasus/")  # saves the session after login; reads the kelurahan once (village_choices)
        small = self.count("/staf/kasus/")
        for _ in range(28):
            self.open_case()
        self.assertEqual(self.count("/staf/kasus/"), small)
        # Two of them read the user's units and named restricted cases first, so the list
        # itself runs on indexes (selectors._visible_listing).
        self.assertLessEqual(small, 13)
