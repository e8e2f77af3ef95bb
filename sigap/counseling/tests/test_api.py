"""/api/v1/consultations: the same gates as the pages; notes never leave by the API."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.accounts.services import api_token_issue
from sigap.counseling.choices import Attendance
from sigap.counseling.services import document_add, session_record
from sigap.counseling.tests.helpers import CounsellingTestCase, at


class ConsultationApiTests(CounsellingTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.mine = cls.make_consultation(name="Dewi")
        cls.theirs = cls.make_consultation(name="Rina", counsellor=cls.konselor2, kind="hukum")
        session_record(actor=cls.konselor, consultation=cls.mine, attendance=Attendance.ATTENDED, notes="RAHASIA")
        document_add(actor=cls.konselor, consultation=cls.mine, document="kk")
        cls.book(cls.mine, start=at(2, 9))

    def get(self, user, path):
        token = api_token_issue(actor=None, user=user)[1]
        return self.client.get(path, headers={"Authorization": f"Bearer {token}"})

    def test_a_counsellor_lists_their_own_and_reads_one_without_notes(self):
        listed = self.get(self.konselor, "/api/v1/consultations").json()
        self.assertEqual([c["id"] for c in listed["results"]], [self.mine.pk])
        detail = self.get(self.konselor, f"/api/v1/consultations/{self.mine.pk}")
        self.assertEqual(detail.status_code, 200)
        data = detail.json()
        self.assertEqual((data["kind"], data["counsellor"]), ("keluarga", "konselor"))
        self.assertEqual(data["sessions"], [{"held_at": data["sessions"][0]["held_at"], "attendance": "attended"}])
        self.assertEqual(data["documents"], [{"document": "kk", "status": "needed"}])
        self.assertEqual(len(data["appointments"]), 1)
        self.assertNotIn("RAHASIA", detail.content.decode())

    def test_a_colleague_gets_404_and_a_bad_filter_400(self):
        self.assertEqual(self.get(self.konselor2, f"/api/v1/consultations/{self.mine.pk}").status_code, 404)
        self.assertEqual(self.get(self.kepala, "/api/v1/consultations?status=maybe").status_code, 400)
        self.assertEqual(len(self.get(self.kepala, "/api/v1/consultations").json()["results"]), 2)

    def test_the_api_list_costs_the_same_for_more_consultations(self):
        token = api_token_issue(actor=None, user=self.kepala)[1]
        headers = {"Authorization": f"Bearer {token}"}
        self.client.get("/api/v1/me", headers=headers)  # the token's first use is recorded once
        with CaptureQueriesContext(connection) as few:
            self.client.get("/api/v1/consultations", headers=headers)
        for n in range(10):
            self.make_consultation(name=f"K{n}")
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get("/api/v1/consultations", headers=headers)
        self.assertEqual(len(response.json()["results"]), 12)
