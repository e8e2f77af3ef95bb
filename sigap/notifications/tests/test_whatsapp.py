"""The WhatsApp Cloud API provider against a stand-in for Meta's API on 127.0.0.1: a
real HTTP server that answers as the API does (the API itself lies outside this
machine), and the real outbox and worker."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from sigap.notifications.choices import OutboxChannel, OutboxStatus
from sigap.notifications.models import OutboxMessage
from sigap.notifications.safe_hours import next_safe_moment
from sigap.notifications.services import outbox_deliver, outbox_deliver_due, outbox_queue
from sigap.notifications.tests.test_outbox import connections_made, free_port, silent_server
from sigap.test import CommittingTestCase

PROVIDER = "sigap.notifications.whatsapp.WhatsAppCloudProvider"
ACCEPTED = json.dumps({"messaging_product": "whatsapp", "messages": [{"id": "wamid.TEST"}]})


class CloudApiStandIn(BaseHTTPRequestHandler):
    """Keeps each request; answers with the server's `status` and `answer`."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "json": json.loads(self.rfile.read(length)),
            }
        )
        content = self.server.answer.encode()
        self.send_response(self.server.status)
        if self.server.status == 302:
            self.send_header("Location", "http://elsewhere.example/steal")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, *args):
        pass


def whatsapp_settings(port: int) -> dict:
    return {
        "SIGAP_MESSAGING_PROVIDER": PROVIDER,
        "SIGAP_WHATSAPP_API_URL": f"http://127.0.0.1:{port}/v21.0",
        "SIGAP_WHATSAPP_PHONE_NUMBER_ID": "1098765",
        "SIGAP_WHATSAPP_TOKEN": "token-of-the-unit",
        "SIGAP_WHATSAPP_TEMPLATE": "pemberitahuan_sigap",
        "SIGAP_WHATSAPP_TIMEOUT": 0.5,
    }


class WhatsAppCloudProviderTests(CommittingTestCase):
    def start_api(self, status: int = 200, answer: str = ACCEPTED) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), CloudApiStandIn)
        server.received, server.status, server.answer = [], status, answer
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return server

    def queue(self, channel=OutboxChannel.WHATSAPP, to="0812-3456-7890", **choices) -> OutboxMessage:
        choices.setdefault("may_identify", True)
        body = "Pengingat:\n\tjanji temu   besok   pukul 09.00."
        return outbox_queue(channel=channel, to=to, subject="", body=body, **choices)

    def send_through(self, api, **queue_arguments) -> OutboxMessage:
        with override_settings(**whatsapp_settings(api.server_port)):
            message = self.queue(**queue_arguments)
            call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        message.refresh_from_db()
        return message

    def test_a_whatsapp_message_goes_out_as_the_approved_template_with_its_text_on_one_line(self):
        api = self.start_api()
        message = self.send_through(api)
        self.assertEqual(message.status, OutboxStatus.SENT)
        (request,) = api.received
        self.assertEqual(request["path"], "/v21.0/1098765/messages")
        self.assertEqual(request["authorization"], "Bearer token-of-the-unit")
        sent = request["json"]
        self.assertEqual(
            (sent["messaging_product"], sent["type"], sent["to"]), ("whatsapp", "template", "+6281234567890")
        )
        template = sent["template"]
        self.assertEqual((template["name"], template["language"]), ("pemberitahuan_sigap", {"code": "id"}))
        self.assertEqual(
            template["components"],
            [{"type": "body", "parameters": [{"type": "text", "text": "Pengingat: janji temu besok pukul 09.00."}]}],
        )

    def test_what_whatsapp_must_not_send_is_held_for_staff(self):
        api = self.start_api()
        cases = {
            "the person did not allow messages that show who sends them": {"may_identify": False},
            "a number that is not a phone number": {"to": "0812 345"},
            "an SMS": {"channel": OutboxChannel.SMS},
        }
        for case, arguments in cases.items():
            with self.subTest(case):
                self.assertEqual(self.send_through(api, **arguments).status, OutboxStatus.HELD)
        self.assertEqual(api.received, [])

    def test_outside_the_persons_safe_hours_nothing_is_tried_and_the_message_waits_for_them(self):
        api = self.start_api(status=503)
        now = timezone.localtime()
        opens = (now + timedelta(hours=2)).time().replace(minute=0, second=0, microsecond=0)
        closes = (now + timedelta(hours=4)).time().replace(minute=0, second=0, microsecond=0)
        with override_settings(**whatsapp_settings(api.server_port)):
            message = self.queue(safe_from=opens, safe_until=closes)
            outbox_deliver(message)  # e.g. a retry, or a sweep after the worker was down
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts, api.received), (OutboxStatus.PENDING, 0, []))
        self.assertEqual(message.next_attempt_at, next_safe_moment(timezone.now(), opens, closes))
        self.assertLess(message.next_attempt_at - timezone.now(), timedelta(hours=2, minutes=1))
        with override_settings(**whatsapp_settings(api.server_port)):
            OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
            self.assertEqual(outbox_deliver_due(), 0)  # the sweep, too, leaves it for the safe hours
        self.assertEqual(api.received, [])

    def test_a_retry_is_put_off_to_the_persons_safe_hours(self):
        api = self.start_api(status=503)
        now = timezone.localtime()
        # Open now, closing within the minute the first retry would wait (near midnight the
        # window wraps past it, which the safe hours allow).
        closes = (now + timedelta(seconds=30)).time()
        opens = (now - timedelta(hours=1)).time()
        message = self.send_through(api, safe_from=opens, safe_until=closes)
        self.assertEqual((message.status, message.attempts), (OutboxStatus.PENDING, 1))
        self.assertEqual(timezone.localtime(message.next_attempt_at).time(), opens)
        self.assertGreater(message.next_attempt_at, timezone.now() + timedelta(hours=20))
        self.assertLess(message.next_attempt_at, timezone.now() + timedelta(hours=24))

    def test_a_passing_refusal_is_retried_and_the_error_kept_is_the_status_not_the_answer(self):
        api = self.start_api(status=500, answer=json.dumps({"error": {"message": "(#131000) +6281234567890"}}))
        message = self.send_through(api)
        self.assertEqual(
            (message.status, message.attempts, message.last_error), (OutboxStatus.PENDING, 1, "Refused 500")
        )
        api.status, api.answer = 200, ACCEPTED
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
        with override_settings(**whatsapp_settings(api.server_port)):
            self.assertEqual(outbox_deliver_due(), 1)
        message.refresh_from_db()
        self.assertEqual(message.status, OutboxStatus.SENT)

    def test_answers_that_are_not_an_acceptance_are_not_counted_as_sent(self):
        cases = {
            "no message id": (
                200,
                json.dumps({"messaging_product": "whatsapp"}),
                OutboxStatus.PENDING,
                "Refused no-message-id",
            ),
            "not JSON": (200, "<html>gateway</html>", OutboxStatus.PENDING, "Refused not-json"),
            "a redirect, not followed": (302, "", OutboxStatus.PENDING, "Refused 302"),
            "a bad request with no known code, retried": (400, "{}", OutboxStatus.PENDING, "Refused 400"),
            "a number that cannot receive it, for good": (
                400, json.dumps({"error": {"code": 131026, "message": "+6281234567890"}}), OutboxStatus.FAILED,
                "Undeliverable 400/131026",
            ),
            "a rejected token, retried while someone fixes it": (401, "{}", OutboxStatus.PENDING, "ProviderUnavailable 401"),
            "a paused template, retried": (
                400, json.dumps({"error": {"code": 132015}}), OutboxStatus.PENDING, "ProviderUnavailable 400",
            ),
        }  # fmt: skip
        for case, (status, answer, outcome, error) in cases.items():
            with self.subTest(case):
                api = self.start_api(status=status, answer=answer)
                message = self.send_through(api)
                self.assertEqual((message.status, message.last_error), (outcome, error))
                self.assertEqual(len(api.received), 1)

    def test_an_unreachable_or_silent_api_costs_the_sweep_one_try_not_one_per_message(self):
        silent = silent_server()
        self.addCleanup(silent.close)
        for case, port, error in (
            ("nothing listens", free_port(), "ConnectionRefusedError"),
            ("it never answers", silent.getsockname()[1], "TimeoutError"),
        ):
            with self.subTest(case), override_settings(**whatsapp_settings(port)):
                OutboxMessage.objects.all().delete()
                messages = [self.queue(to=f"0812-3456-789{digit}") for digit in range(3)]
                self.assertEqual(outbox_deliver_due(), 1)
                attempts = [OutboxMessage.objects.get(pk=message.pk).attempts for message in messages]
                self.assertEqual(attempts, [1, 0, 0])
                self.assertEqual(OutboxMessage.objects.get(pk=messages[0].pk).last_error, error)
        self.assertEqual(connections_made(silent), 1)

    def test_a_rejected_token_costs_the_sweep_one_try_and_says_so_in_the_log(self):
        api = self.start_api(status=401, answer="{}")
        with override_settings(**whatsapp_settings(api.server_port)):
            messages = [self.queue(to=f"0812-3456-789{digit}") for digit in range(3)]
            with self.assertLogs("sigap.notifications.services", level="ERROR") as logged:
                self.assertEqual(outbox_deliver_due(), 1)
        self.assertEqual([OutboxMessage.objects.get(pk=m.pk).status for m in messages], [OutboxStatus.PENDING] * 3)
        self.assertEqual(len(api.received), 1)
        self.assertIn("refuses the unit", logged.output[0])
        self.assertNotIn("6281234567", logged.output[0])

    def test_the_provider_without_its_settings_or_over_plain_http_stops_the_start(self):
        missing = {
            **whatsapp_settings(1),
            "SIGAP_WHATSAPP_TOKEN": "",
            "SIGAP_WHATSAPP_API_URL": "http://graph.example",
            "SIGAP_WHATSAPP_TIMEOUT": 0,
        }
        with override_settings(**missing):
            errors = {(error.id, error.msg) for error in run_checks()}
        self.assertIn(("sigap.E021", "SIGAP_WHATSAPP_TOKEN is not set."), errors)
        self.assertIn(("sigap.E021", "SIGAP_WHATSAPP_API_URL must be an https:// address."), errors)
        self.assertIn(("sigap.E021", "SIGAP_WHATSAPP_TIMEOUT must be a number of seconds above 0."), errors)
        with override_settings(**{**whatsapp_settings(1), "SIGAP_WHATSAPP_API_URL": "file://localhost/etc/passwd"}):
            self.assertIn("sigap.E021", {error.id for error in run_checks()})
        with override_settings(SIGAP_MESSAGING_PROVIDER="sigap.notifications.nowhere.Provider"):
            self.assertIn("sigap.E020", {error.id for error in run_checks()})
        with override_settings(**whatsapp_settings(1)):
            self.assertEqual([error for error in run_checks() if error.id.startswith("sigap.E02")], [])
