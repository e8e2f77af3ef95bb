"""Outbox delivery against a real SMTP server on 127.0.0.1 (aiosmtpd)."""

import socket

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sigap.notifications.choices import OutboxChannel, OutboxStatus
from sigap.notifications.models import Notification, OutboxMessage
from sigap.notifications.services import outbox_deliver_due, outbox_queue, staff_notify
from sigap.test import BaseTestCase, CommittingTestCase


class Mailbox(Message):
    """A real SMTP server's handler that keeps what it receives."""

    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("ditolak@"):  # a mailbox the server refuses
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def smtp_mailers(port: int, timeout: float = 5) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


def silent_server() -> socket.socket:
    """A mail server that takes connections and never answers (hung, or behind a
    broken firewall): each send waits out the mailer's timeout."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server


def connections_made(server: socket.socket) -> int:
    """How many connections reached the silent server (they wait in its backlog)."""
    server.setblocking(False)
    count = 0
    while True:
        try:
            connection_, _ = server.accept()
        except BlockingIOError:
            return count
        connection_.close()
        count += 1


class OutboxTests(CommittingTestCase):
    def start_smtp(self, port: int) -> Mailbox:
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port)
        controller.start()
        self.addCleanup(controller.stop)
        return mailbox

    def queue_mail(self) -> OutboxMessage:
        return outbox_queue(
            channel=OutboxChannel.EMAIL, to="petugas@example.org", subject="Laporan #7", body="Buka Sigap."
        )

    def run_worker(self):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    def test_a_queued_mail_leaves_after_commit_through_the_worker_and_arrives(self):
        port = free_port()
        mailbox = self.start_smtp(port)
        with override_settings(MAILERS=smtp_mailers(port)):
            message = self.queue_mail()
            self.assertEqual(mailbox.received, [])  # queued, not yet sent
            self.run_worker()
        message.refresh_from_db()
        self.assertEqual(message.status, OutboxStatus.SENT)
        self.assertEqual(mailbox.received[0]["Subject"], "Laporan #7")
        self.assertEqual(mailbox.received[0]["To"], "petugas@example.org")

    def test_a_failed_send_is_kept_and_retried_until_it_arrives(self):
        port = free_port()  # nothing listens there yet
        with override_settings(MAILERS=smtp_mailers(port)):
            message = self.queue_mail()
            self.run_worker()
            message.refresh_from_db()
            self.assertEqual((message.status, message.attempts), (OutboxStatus.PENDING, 1))
            self.assertIn("Error", message.last_error)
            mailbox = self.start_smtp(port)
            OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
            self.assertEqual(outbox_deliver_due(), 1)
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxStatus.SENT, 2))
        self.assertEqual(len(mailbox.received), 1)

    def test_one_task_sends_the_mails_of_one_notice_and_a_message_gone_meanwhile_holds_back_none(self):
        port = free_port()
        mailbox = self.start_smtp(port)
        with override_settings(MAILERS=smtp_mailers(port)):
            first, second = staff_notify(
                users=[self.petugas, self.kepala], text="Laporan #7", url="/staf/", email_subject="Laporan #7",
                email_body="Buka Sigap.",
            )  # fmt: skip
            self.assertEqual(DBTaskResult.objects.count(), 1)
            first.delete()  # e.g. removed by retention before the worker came
            self.run_worker()
        second.refresh_from_db()
        self.assertEqual(second.status, OutboxStatus.SENT)
        self.assertEqual([message["To"] for message in mailbox.received], [second.to])
        self.assertEqual(DBTaskResult.objects.get().return_value, ["missing", OutboxStatus.SENT])

    def test_a_mail_server_that_never_answers_costs_one_timeout_per_batch_and_the_rest_come_back_together(self):
        server = silent_server()
        self.addCleanup(server.close)
        with override_settings(MAILERS=smtp_mailers(server.getsockname()[1], timeout=0.5)):
            messages = staff_notify(
                users=[self.petugas, self.kepala, self.manajer], text="Laporan #7", url="/staf/",
                email_subject="Laporan #7", email_body="Buka Sigap.",
            )  # fmt: skip
            self.run_worker()
        self.assertEqual(connections_made(server), 1)
        batch = DBTaskResult.objects.filter(task_path__endswith="deliver_outbox_messages").order_by("enqueued_at")
        self.assertEqual(batch[0].return_value, [OutboxStatus.PENDING, "deferred", "deferred"])
        # All three come back in one task when the first one's retry is due, and no
        # message comes back on its own (each would wait out the timeout again).
        first = OutboxMessage.objects.get(pk=messages[0].pk)
        self.assertEqual(batch[1].args_kwargs["kwargs"], {"message_ids": [m.pk for m in messages]})
        self.assertEqual(batch[1].run_after, first.next_attempt_at)
        self.assertEqual(len(batch), 2)
        self.assertFalse(DBTaskResult.objects.filter(task_path__endswith="deliver_outbox_message").exists())
        attempts = OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).order_by("id")
        self.assertEqual(
            [(m.status, m.attempts) for m in attempts],
            [(OutboxStatus.PENDING, 1), (OutboxStatus.PENDING, 0), (OutboxStatus.PENDING, 0)],
        )

    def test_a_mailbox_the_server_refuses_holds_back_no_other_mail_of_the_batch(self):
        port = free_port()
        mailbox = self.start_smtp(port)
        self.petugas.email = "ditolak@example.org"
        self.petugas.save()
        with override_settings(MAILERS=smtp_mailers(port)):
            staff_notify(
                users=[self.petugas, self.kepala, self.manajer], text="Laporan #7", url="/staf/",
                email_subject="Laporan #7", email_body="Buka Sigap.",
            )  # fmt: skip
            self.run_worker()
        batch = DBTaskResult.objects.filter(task_path__endswith="deliver_outbox_messages").order_by("enqueued_at")
        self.assertEqual(batch[0].return_value, [OutboxStatus.PENDING, OutboxStatus.SENT, OutboxStatus.SENT])
        self.assertEqual(sorted(m["To"] for m in mailbox.received), sorted([self.kepala.email, self.manajer.email]))
        refused = next(m for m in OutboxMessage.objects.all() if m.to == "ditolak@example.org")
        self.assertEqual(refused.last_error, "SMTPRecipientsRefused")

    def test_the_sweep_tries_one_mail_while_the_server_never_answers_and_all_once_it_does(self):
        server = silent_server()
        self.addCleanup(server.close)
        port = server.getsockname()[1]
        for _ in range(3):
            self.queue_mail()  # their tasks are queued, but no worker runs: the sweep sends them
        with override_settings(MAILERS=smtp_mailers(port, timeout=0.5)):
            self.assertEqual(outbox_deliver_due(), 1)
        self.assertEqual(connections_made(server), 1)
        server.close()
        mailbox = self.start_smtp(port)
        OutboxMessage.objects.update(next_attempt_at=timezone.now())
        with override_settings(MAILERS=smtp_mailers(port)):
            self.assertEqual(outbox_deliver_due(), 3)
        self.assertEqual(len(mailbox.received), 3)

    def test_without_a_messaging_provider_whatsapp_messages_are_held_in_the_outbox(self):
        message = outbox_queue(channel=OutboxChannel.WHATSAPP, to="+6281234567890", subject="", body="Pengingat")
        self.run_worker()
        message.refresh_from_db()
        self.assertEqual(message.status, OutboxStatus.HELD)

    def test_address_and_body_are_encrypted_at_rest(self):
        message = self.queue_mail()
        with connection.cursor() as cursor:
            cursor.execute('SELECT "to", body FROM notifications_outboxmessage WHERE id = %s', [message.pk])
            to, body = cursor.fetchone()
        self.assertNotIn("petugas@example.org", to)
        self.assertNotIn("Buka Sigap", body)


class StaffNoticeTests(BaseTestCase):
    def test_notices_and_mails_to_several_staff_take_one_insert_each_and_one_task_after_commit(self):
        users = [self.petugas, self.kepala, self.manajer]
        with_email = [user for user in users if user.email]
        self.assertGreater(len(with_email), 1)
        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            transaction.atomic(),
            CaptureQueriesContext(connection) as queries,
        ):
            staff_notify(
                users=users, text="Laporan #7 menunggu.", url="/staf/laporan/7/", email_subject="Laporan #7",
                email_body="Buka Sigap.",
            )  # fmt: skip
        statements = [query["sql"] for query in queries.captured_queries]
        self.assertEqual([sql for sql in statements if "SAVEPOINT" in sql.upper()], [])
        self.assertEqual(len([sql for sql in statements if "notifications_notification" in sql]), 1)
        self.assertEqual(len([sql for sql in statements if "notifications_outboxmessage" in sql]), 1)
        self.assertEqual(len(statements), 2)
        told = Notification.objects.filter(text="Laporan #7 menunggu.").values_list("user__username", flat=True)
        self.assertEqual(sorted(told), sorted(user.username for user in users))
        queued = OutboxMessage.objects.order_by("pk")
        self.assertEqual([message.to for message in queued], [user.email for user in with_email])
        self.assertEqual(len(callbacks), 1)
        (task,) = DBTaskResult.objects.all()
        self.assertEqual(task.task_path, "sigap.notifications.services.deliver_outbox_messages")
        self.assertEqual(task.args_kwargs["kwargs"], {"message_ids": [message.pk for message in queued]})
