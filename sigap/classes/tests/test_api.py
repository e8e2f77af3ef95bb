from sigap.accounts.services import api_token_issue
from sigap.classes.models import Attendance, Registration
from sigap.classes.tests.helpers import finished_cohort, make_cohort, register
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase


class ClassesApiTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()
        self.cohort = make_cohort(self, capacity=2)

    def bearer(self, user) -> dict:
        return {"Authorization": f"Bearer {api_token_issue(actor=None, user=user)[1]}"}

    def test_the_public_lists_open_cohorts_without_the_meeting_link(self):
        body = self.client.get("/api/v1/public/cohorts").json()
        self.assertEqual([c["id"] for c in body["results"]], [self.cohort.pk])
        self.assertEqual(body["results"][0]["places_free"], 2)
        self.assertNotIn("meet.example", str(body))

    def test_a_couple_registers_through_the_api_and_gets_their_codes(self):
        response = self.client.post(
            f"/api/v1/public/cohorts/{self.cohort.pk}/registrations",
            {"full_name": "Siti Aminah", "partner_name": "Budi Santoso", "contact_method": "none", "consent": True},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertEqual(body["status"], "enrolled")
        self.assertEqual([p["full_name"] for p in body["participants"]], ["Siti Aminah", "Budi Santoso"])
        self.assertEqual(Registration.objects.get().participants.count(), 2)

    def test_invalid_registrations_get_messages_per_field(self):
        response = self.client.post(
            f"/api/v1/public/cohorts/{self.cohort.pk}/registrations",
            {"contact_method": "whatsapp", "contact_value": "12", "consent": False},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"full_name", "contact_value", "consent"})

    def test_certificate_verification_gives_the_masked_name_only(self):
        _cohort, (graduate,) = finished_cohort(self, names=["Siti Aminah"])
        body = self.client.get(f"/api/v1/public/certificates/{graduate.certificate.code.lower()}").json()
        self.assertEqual(set(body), {"code", "valid", "program", "issued_on", "holder"})
        self.assertEqual((body["holder"], body["valid"]), ("S*** A*****", True))

    def test_the_facilitator_reads_and_marks_attendance_through_the_same_gate(self):
        _registration, ((ani, _),) = register(self.cohort, "Ani Lestari")
        session = self.cohort.sessions.first()
        url = f"/api/v1/sessions/{session.pk}/attendance"
        headers = self.bearer(self.fasilitator)
        response = self.client.post(
            url, {"participant": ani.pk, "present": True}, content_type="application/json", headers=headers
        )
        self.assertEqual(response.json(), {"participant": ani.pk, "present": True})
        self.assertTrue(Attendance.objects.filter(session=session, participant=ani).exists())
        listing = self.client.get(url, headers=headers).json()
        self.assertEqual(listing["participants"], [{"id": ani.pk, "full_name": "Ani Lestari", "present": True}])
        self.assertEqual(self.client.get(url, headers=self.bearer(self.konselor)).status_code, 404)
