"""A WhatsApp provider: the WhatsApp Business Cloud API (Meta), for a unit with a
WhatsApp Business account. Chosen with SIGAP_MESSAGING_PROVIDER =
"sigap.notifications.whatsapp.WhatsAppCloudProvider" and the SIGAP_WHATSAPP_* settings
(docs/settings.md).

Every message Sigap sends is one the unit starts, and WhatsApp accepts those only
through a template Meta has approved. Sigap uses one template whose body is a single
parameter, the message's text, so the text is written (and translated) in Sigap as for
e-mail. SMS is not WhatsApp's: an SMS stays held in the outbox for staff.

The standard library's HTTP client is enough for one JSON POST."""

import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sigap.lib.identity import normalise_phone_for_lookup
from sigap.notifications.channels import HoldInOutbox, MessagingProvider
from sigap.notifications.choices import OutboxChannel

REQUIRED_SETTINGS = ("SIGAP_WHATSAPP_PHONE_NUMBER_ID", "SIGAP_WHATSAPP_TOKEN", "SIGAP_WHATSAPP_TEMPLATE")


class ProviderRefused(Exception):
    """The provider answered, and did not take the message. Only the HTTP status is kept:
    the answer's text may quote the number."""

    def __init__(self, status: int | str):
        super().__init__(f"provider answered {status}")
        self.status = status


def recipient(to: str) -> str:
    """The number as the API wants it: international, digits only (6281234567890)."""
    return re.sub(r"\D", "", normalise_phone_for_lookup(to))


def template_text(body: str) -> str:
    """A template parameter may hold no line break or tab, nor more than four spaces in a
    row (the API refuses it): the message's lines become one."""
    return re.sub(r"\s+", " ", body).strip()


def settings_problems() -> list[str]:
    """What keeps this provider from sending (the system check reports them)."""
    problems = [f"{name} is not set." for name in REQUIRED_SETTINGS if not getattr(settings, name)]
    address = urlsplit(settings.SIGAP_WHATSAPP_API_URL)
    if address.scheme != "https" and address.hostname not in ("127.0.0.1", "localhost"):
        problems.append("SIGAP_WHATSAPP_API_URL must be an https:// address.")
    return problems


class WhatsAppCloudProvider(MessagingProvider):
    def send(self, *, channel: str, to: str, body: str) -> None:
        if channel != OutboxChannel.WHATSAPP:
            raise HoldInOutbox
        problems = settings_problems()
        if problems:  # the start-up check says so too; this keeps file: and other schemes out
            raise ImproperlyConfigured(" ".join(problems))
        payload = {
            "messaging_product": "whatsapp",
            "to": recipient(to),
            "type": "template",
            "template": {
                "name": settings.SIGAP_WHATSAPP_TEMPLATE,
                "language": {"code": settings.SIGAP_WHATSAPP_TEMPLATE_LANGUAGE},
                "components": [{"type": "body", "parameters": [{"type": "text", "text": template_text(body)}]}],
            },
        }
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
            f"{settings.SIGAP_WHATSAPP_API_URL.rstrip('/')}/{settings.SIGAP_WHATSAPP_PHONE_NUMBER_ID}/messages",
            data=json.dumps(payload).encode(),
            headers={"Authorization": f"Bearer {settings.SIGAP_WHATSAPP_TOKEN}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SIGAP_WHATSAPP_TIMEOUT) as response:  # noqa: S310
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            raise ProviderRefused(error.code) from None
        except urllib.error.URLError as error:
            # No connection at all (refused, unknown host, timeout): raise what lies beneath,
            # so the outbox sees the provider unreachable and leaves the batch's other messages.
            raise (error.reason if isinstance(error.reason, OSError) else error) from None
        except ValueError:  # an answer that is not JSON
            raise ProviderRefused("not-json") from None
        if not isinstance(answer, dict) or not answer.get("messages"):
            raise ProviderRefused("no-message-id")
