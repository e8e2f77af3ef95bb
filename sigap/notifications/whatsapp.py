"""A WhatsApp provider: the WhatsApp Business Cloud API (Meta), for a unit with a
WhatsApp Business account. Chosen with SIGAP_MESSAGING_PROVIDER =
"sigap.notifications.whatsapp.WhatsAppCloudProvider" and the SIGAP_WHATSAPP_* settings
(docs/settings.md).

Every message Sigap sends is one the unit starts, and WhatsApp accepts those only
through a template Meta has approved. Sigap uses one template with one body
parameter, the message's text, so the text is written (and translated) in Sigap as for
e-mail. What the provider will not send, it keeps in the outbox for staff ("held"):

- a message to someone who did not allow messages that show who sends them: WhatsApp
  shows the unit's business name and picture on the phone, whatever the text says;
- a number that is not a valid phone number (sending the digits anyway could reach a
  stranger), and a text longer than a template parameter may be;
- an SMS, which is not WhatsApp's.

"Sent" means Meta accepted the message; whether it reached the phone comes later, by
webhook, which Sigap does not receive. The standard library's HTTP client is enough for
one JSON POST."""

import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from sigap.lib.identity import normalise_phone
from sigap.notifications.channels import (
    HoldInOutbox,
    MessagingProvider,
    ProviderUnavailable,
    Refused,
    Undeliverable,
)
from sigap.notifications.choices import OutboxChannel

REQUIRED_SETTINGS = ("SIGAP_WHATSAPP_PHONE_NUMBER_ID", "SIGAP_WHATSAPP_TOKEN", "SIGAP_WHATSAPP_TEMPLATE")
LOCAL_HOSTS = ("127.0.0.1", "localhost")  # plain http only there (a stand-in API in tests)
PARAMETER_MAX_LENGTH = 1024
# Meta's error codes (the answer's error.code) that refuse this message or this number for
# good: a parameter missing or not valid, a recipient who is the sender, a message that
# cannot be delivered. Any other refusal is retried.
MESSAGE_ERRORS = frozenset({131008, 131009, 131021, 131026})
# Statuses and codes that refuse the unit itself: a token expired or without permission
# (401, 403, code 190), a wrong phone-number id (404), a template missing or paused
# (codes 132000-132999). Every message would get them.
UNIT_STATUSES = frozenset({401, 403, 404})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would follow a redirect with the token, even to another host over http."""

    def redirect_request(self, *args, **kwargs):
        return None  # the 3xx answer then raises HTTPError


_opener = urllib.request.build_opener(_NoRedirects)


def recipient(to: str) -> str:
    """The number in E.164 with its "+" (without it, the API may put the business's own
    country code in front). Not a valid number: held, never guessed."""
    try:
        number = normalise_phone(to)
    except ValidationError:
        number = ""
    if not number:
        raise HoldInOutbox
    return number


def template_text(body: str) -> str:
    """A template parameter may hold no line break or tab, nor more than four spaces in a
    row (the API refuses it): the message's lines become one."""
    text = re.sub(r"\s+", " ", body).strip()
    if len(text) > PARAMETER_MAX_LENGTH:
        raise HoldInOutbox
    return text


def _meta_error_code(error: urllib.error.HTTPError) -> int | None:
    """The code in Meta's error answer ({"error": {"code": 131026, …}}), or None. Only the
    number is read: the message beside it may quote the recipient."""
    try:
        code = json.loads(error.read())["error"]["code"]
    except (ValueError, KeyError, TypeError, OSError):
        return None
    return code if type(code) is int else None


def settings_problems() -> list[str]:
    """What keeps this provider from sending (the system check reports them)."""
    problems = [f"{name} is not set." for name in REQUIRED_SETTINGS if not getattr(settings, name)]
    address = urlsplit(settings.SIGAP_WHATSAPP_API_URL)
    if not (address.scheme == "https" or (address.scheme == "http" and address.hostname in LOCAL_HOSTS)):
        problems.append("SIGAP_WHATSAPP_API_URL must be an https:// address.")
    if settings.SIGAP_WHATSAPP_TIMEOUT <= 0:
        problems.append("SIGAP_WHATSAPP_TIMEOUT must be a number of seconds above 0.")
    return problems


class WhatsAppCloudProvider(MessagingProvider):
    def send(self, *, channel: str, to: str, body: str, may_identify: bool = False) -> None:
        if channel != OutboxChannel.WHATSAPP or not may_identify:
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
            with _opener.open(request, timeout=settings.SIGAP_WHATSAPP_TIMEOUT) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            meta_code = _meta_error_code(error)
            if error.code in UNIT_STATUSES or meta_code == 190 or 132000 <= (meta_code or 0) < 133000:
                raise ProviderUnavailable(error.code) from None
            if meta_code in MESSAGE_ERRORS:
                raise Undeliverable(f"{error.code}/{meta_code}") from None
            raise Refused(error.code) from None
        except urllib.error.URLError as error:
            # No connection at all (refused, unknown host, timeout): raise what lies beneath,
            # so the outbox sees the provider unreachable and leaves the batch's other messages.
            raise (error.reason if isinstance(error.reason, OSError) else error) from None
        except ValueError:  # an answer that is not JSON
            raise Refused("not-json") from None
        if not isinstance(answer, dict) or not answer.get("messages"):
            raise Refused("no-message-id")
