from django.core.management import call_command
from django.test import override_settings

from sigap.intake.services import report_route, report_submit
from sigap.notifications.choices import OutboxStatus
from sigap.notifications.models import Notification, OutboxMessage
from sigap.notifications.tests.test_outbox import Mailbox, free_port, smtp_mailers
from sigap.test import BaseTestCase, CommittingTestCase

REPORT = {"reporter_relation": "self", "account": "Saya diancam sekarang.", "contact_method": "none", "consent": True}


class HighRiskEmailTests(CommittingTestCase):
    def test_a_new_high_risk_report_tells_lppar_staff_on_duty_in_the_app_and_by_real_email(self):
        from aiosmtpd.controller import Controller

        port = free_port()
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        self.addCleanup(controller.stop)
        with override_settings(MAILERS=smtp_mailers(port)):
            report, _code = report_submit(**REPORT, categories=["fisik"], in_danger=True)
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        told = set(Notification.objects.values_list("user__username", flat=True))
        self.assertEqual(told, {"petugas", "kepala"})
        recipients = sorted(message["To"] for message in mailbox.received)
        self.assertEqual(recipients, ["kepala@demo.sigap.invalid", "petugas@demo.sigap.invalid"])
        subject = mailbox.received[0]["Subject"]
        self.assertIn(f"#{report.pk}", subject)
        self.assertNotIn("diancam", subject + mailbox.received[0].get_payload())
        self.assertEqual(set(OutboxMessage.objects.values_list("status", flat=True)), {OutboxStatus.SENT})


class HighRiskNotificationTests(BaseTestCase):
    def test_nothing_is_sent_when_the_transaction_does_not_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            report_submit(**REPORT, categories=["fisik"], in_danger=True)
        self.assertEqual(len(callbacks), 1)  # one task for both mails, queued for after commit, not sent inside it

    def test_a_medium_risk_report_sends_nothing_until_it_is_raised_to_high(self):
        report, _code = report_submit(**REPORT, categories=["fisik"])
        self.assertFalse(Notification.objects.exists())
        report_route(actor=self.petugas, report=report, queue="lppar", risk="high", reason="Ancaman nyata")
        self.assertTrue(Notification.objects.filter(user=self.petugas, url=f"/staf/laporan/{report.pk}/").exists())

    def test_staff_see_their_notifications_and_mark_them_read(self):
        report_submit(**REPORT, categories=["fisik"], in_danger=True)
        self.login(self.petugas)
        self.assertContains(self.client.get("/staf/"), "1 ")
        self.assertContains(self.client.get("/staf/notifikasi/"), "unread")
        self.client.post("/staf/notifikasi/baca/")
        self.assertFalse(Notification.objects.filter(user=self.petugas, read_at__isnull=True).exists())
