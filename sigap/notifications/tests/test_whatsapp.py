"""The WhatsApp Cloud API provider against a stand-in for Meta's API on 127.0.0.1: a
real HTTP server that answers as the API does (the API itself lies outside this
machine), and the real outbox and worker."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings

from sigap.notifications.choices import OutboxChannel, OutboxStatus
from sigap.notifications.models import OutboxMessage
from sigap.notifications.services import outbox_deliver_due, outbox_queue
from sigap.notifications.tests.test_outbox import free_port
from sigap.test import CommittingTestCase

PROVIDER = "sigap.notifications.whatsapp.WhatsAppCloudProvider"


class CloudApiStandIn(BaseHTTPRequestHandler):
    """Keeps each request; answers with the server's `status` (200: a message id)."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append(
            {
                "path": self.path,
                "authorization": self.headers["Authorization"],
                "json": json.loads(self.rfile.read(length)),
            }
        )
        status = self.server.status
        answer = {"messages": [{"id": "wamid.TEST"}]} if status == 200 else {"error": {"message": "(#131030) 6281…"}}
        content = json.dumps(answer).encode()
        self.send_response(status)
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
        "SIGAP_WHATSAPP_TIMEOUT": 2,
    }


class WhatsAppCloudProviderTests(CommittingTestCase):
    def start_api(self, status: int = 200) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer(("127.0.0.1", 0), CloudApiStandIn)
        server.received, server.status = [], status
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return server

    def queue(self, channel=OutboxChannel.WHATSAPP, to="0812-3456-7890") -> OutboxMessage:
        return outbox_queue(channel=channel, to=to, subject="", body="Pengingat:\n\tjanji temu   besok   pukul 09.00.")

    def run_worker(self):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    def test_a_whatsapp_message_goes_out_as_the_approved_template_with_its_text_on_one_line(self):
        api = self.start_api()
        with override_settings(**whatsapp_settings(api.server_port)):
            message = self.queue()
            self.run_worker()
        message.refresh_from_db()
        self.assertEqual(message.status, OutboxStatus.SENT)
        (request,) = api.received
        self.assertEqual(request["path"], "/v21.0/1098765/messages")
        self.assertEqual(request["authorization"], "Bearer token-of-the-unit")
        self.assertEqual(request["json"]["to"], "6281234567890")
        template = request["json"]["template"]
        self.assertEqual((template["name"], template["language"]), ("pemberitahuan_sigap", {"code": "id"}))
        self.assertEqual(
            template["components"][0]["parameters"],
            [{"type": "text", "text": "Pengingat: janji temu besok pukul 09.00."}],
        )

    def test_a_refusal_is_retried_later_and_the_error_kept_is_the_status_not_the_answer(self):
        api = self.start_api(status=500)
        with override_settings(**whatsapp_settings(api.server_port)):
            message = self.queue()
            self.run_worker()
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxStatus.PENDING, 1))
        self.assertEqual(message.last_error, "ProviderRefused 500")
        api.status = 200
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
        with override_settings(**whatsapp_settings(api.server_port)):
            self.assertEqual(outbox_deliver_due(), 1)
        message.refresh_from_db()
        self.assertEqual(message.status, OutboxStatus.SENT)

    def test_an_unreachable_api_costs_the_sweep_one_try_not_one_per_message(self):
        port = free_port()  # nothing listens there
        with override_settings(**whatsapp_settings(port)):
            messages = [self.queue(to=f"0812-3456-789{digit}") for digit in range(3)]
            self.assertEqual(outbox_deliver_due(), 1)
        attempts = [OutboxMessage.objects.get(pk=message.pk).attempts for message in messages]
        self.assertEqual(attempts, [1, 0, 0])
        self.assertEqual(OutboxMessage.objects.get(pk=messages[0].pk).last_error, "ConnectionRefusedError")

    def test_an_sms_stays_held_in_the_outbox_for_staff(self):
        api = self.start_api()
        with override_settings(**whatsapp_settings(api.server_port)):
            message = self.queue(channel=OutboxChannel.SMS)
            self.run_worker()
        message.refresh_from_db()
        self.assertEqual(message.status, OutboxStatus.HELD)
        self.assertEqual(api.received, [])

    def test_the_provider_without_its_settings_or_over_plain_http_stops_the_start(self):
        missing = {**whatsapp_settings(1), "SIGAP_WHATSAPP_TOKEN": "", "SIGAP_WHATSAPP_API_URL": "http://graph.example"}
        with override_settings(**missing):
            errors = {(error.id, error.msg) for error in run_checks()}
        self.assertIn(("sigap.E021", "SIGAP_WHATSAPP_TOKEN is not set."), errors)
        self.assertIn(("sigap.E021", "SIGAP_WHATSAPP_API_URL must be an https:// address."), errors)
        with override_settings(SIGAP_MESSAGING_PROVIDER="sigap.notifications.nowhere.Provider"):
            self.assertIn("sigap.E020", {error.id for error in run_checks()})
        with override_settings(**whatsapp_settings(1)):
            self.assertEqual([error for error in run_checks() if error.id.startswith("sigap.E02")], [])
