from django.db import connection
from django.test.utils import CaptureQueriesContext

from sigap.accounts.services import api_token_issue
from sigap.intake.choices import MessageDirection
from sigap.intake.models import Report
from sigap.intake.services import report_message_add
from sigap.lib.ratelimit import reset_rate_limits
from sigap.notifications.models import OutboxMessage
from sigap.test import BaseTestCase

VALID = {
    "reporter_relation": "self",
    "categories": ["seksual"],
    "account": "Saya dilecehkan di tempat kerja.",
    "contact_method": "none",
    "consent": True,
}


class IntakeApiTests(BaseTestCase):
    def setUp(self):
        reset_rate_limits()

    def post(self, payload):
        return self.client.post("/api/v1/public/reports", payload, content_type="application/json")

    def test_a_valid_report_gives_201_with_a_receipt_code_and_the_code_reads_back(self):
        response = self.post(VALID)
        self.assertEqual(response.status_code, 201)
        code = response.json()["receipt_code"]
        report = Report.objects.get()
        self.assertEqual(report.queue, "lppar")
        self.assertIsNotNone(report.tpks_police_due_at)
        report_message_add(report=report, body="Kami akan menghubungi.", direction=MessageDirection.TO_REPORTER)
        status = self.client.get(f"/api/v1/public/reports/{code}").json()
        self.assertEqual(status["status"], "new")
        self.assertEqual(status["messages"][0]["body"], "Kami akan menghubungi.")

    def test_a_public_report_costs_its_writes_and_the_log_append_and_nothing_more(self):
        # The busiest write (issue 8): the rate count, the report (its unit's id comes back
        # from the INSERT), its routing, and the access log's append, which on PostgreSQL
        # takes its lock and reads the last link in one statement. No unit is read first,
        # and the receipt hash's uniqueness is left to its constraint.
        self.post(VALID)  # warm the per-process caches (the kelurahan list)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.post(VALID).status_code, 201)
        # (Without the savepoints of the test's own transaction.)
        sql = [query["sql"].replace('"', "") for query in queries if "SAVEPOINT" not in query["sql"]]
        writes = ["lib_ratelimitcounter", "intake_report", "intake_routingdecision", "audit_auditevent"]
        self.assertEqual([next(t for t in writes if f"INTO {t} " in s) for s in sql if "INSERT" in s], writes, sql)
        # The one read: the chain's last link (with its lock, on PostgreSQL).
        reads = [s for s in sql if "INSERT" not in s]
        tip = "audit_chain_lock_and_tip" if connection.vendor == "postgresql" else "FROM audit_auditevent"
        self.assertEqual(len(reads), 1, sql)
        self.assertIn(tip, reads[0])
        report = Report.objects.latest("pk")
        self.assertEqual(report.unit, self.lppar)

    def test_a_high_risk_report_adds_the_staff_on_duty_and_one_insert_each_for_notices_and_mails(self):
        # The unit and its staff on duty are read; the e-mails to them are one INSERT,
        # and one task (after commit) sends them all.
        self.post(VALID)
        with CaptureQueriesContext(connection) as queries, self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.assertEqual(self.post({**VALID, "in_danger": True}).status_code, 201)
        sql = [query["sql"].replace('"', "").strip() for query in queries if "SAVEPOINT" not in query["sql"]]
        inserts = [s.split("INTO ")[1].split(" ")[0] for s in sql if s.startswith("INSERT")]
        self.assertEqual(
            inserts,
            [
                "lib_ratelimitcounter",
                "intake_report",
                "intake_routingdecision",
                "notifications_notification",
                "notifications_outboxmessage",
                "audit_auditevent",
            ],
        )
        reads = [s for s in sql if not s.startswith("INSERT")]
        self.assertEqual(len(reads), 3, reads)
        self.assertTrue(reads[0].startswith("SELECT accounts_orgunit.id"), reads[0])
        self.assertTrue(reads[1].startswith("SELECT DISTINCT accounts_user.id"), reads[1])
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(OutboxMessage.objects.count(), 2)  # petugas and kepala

    def test_the_unit_id_the_insert_returns_is_the_units(self):
        from sigap.intake.services import report_submit

        report, _code = report_submit(**{**VALID, "categories": ["pranikah"]})
        self.assertEqual(report.unit_id, self.puspaga.pk)  # a number, not the subquery

    def test_invalid_input_gets_messages_per_field(self):
        response = self.post(
            {**VALID, "consent": False, "categories": ["bukan-kode"], "contact_method": "email", "contact_value": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()["errors"]), {"consent", "categories", "contact_value"})
        self.assertEqual(
            self.client.post("/api/v1/public/reports", "[1,", content_type="application/json").status_code, 400
        )
        self.assertFalse(Report.objects.exists())

    def test_an_unknown_code_is_404(self):
        self.assertEqual(self.client.get("/api/v1/public/reports/AAAA-BBBB-CCCC-DDDD").status_code, 404)

    def test_staff_read_their_queue_through_the_same_gate(self):
        self.post(VALID)
        self.post({**VALID, "categories": ["pranikah"]})
        token = api_token_issue(actor=None, user=self.petugas)[1]
        response = self.client.get("/api/v1/reports?queue=lppar", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual([r["queue"] for r in response.json()["results"]], ["lppar"])
        puspaga = Report.objects.get(queue="puspaga")
        response = self.client.get(f"/api/v1/reports/{puspaga.pk}", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 404)


class StaffApiWriteTests(BaseTestCase):
    def setUp(self):
        from sigap.intake.services import report_submit

        self.report = report_submit(**{**VALID, "categories": ["fisik"]})[0]
        self.token = api_token_issue(actor=None, user=self.petugas)[1]

    def post(self, path, payload):
        return self.client.post(
            path, payload, content_type="application/json", headers={"Authorization": f"Bearer {self.token}"}
        )

    def test_an_officer_re_routes_and_replies_through_the_api(self):
        response = self.post(
            f"/api/v1/reports/{self.report.pk}/route", {"queue": "lppar", "risk": "high", "reason": "Ancaman"}
        )
        self.assertEqual(response.json()["risk"], "high")
        response = self.post(f"/api/v1/reports/{self.report.pk}/messages", {"body": "Kami segera menghubungi."})
        self.assertEqual(response.status_code, 201)
        self.assertEqual(self.report.messages.get().direction, MessageDirection.TO_REPORTER)

    def test_bad_input_gets_messages_per_field(self):
        response = self.post(f"/api/v1/reports/{self.report.pk}/route", {"queue": "nowhere", "risk": "high"})
        self.assertEqual(set(response.json()["errors"]), {"queue", "reason"})
