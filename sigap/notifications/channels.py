"""Where outbox messages go. One interface, `send(message)`, which raises on failure.

E-mail goes through Django's mailers (SMTP in production). SMS and WhatsApp go to a
provider named in SIGAP_MESSAGING_PROVIDER; the default provider sends nothing and
keeps the message in the outbox ("held"), so an installation without a contract with
a WhatsApp provider still has every message, for staff to send by hand."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from sigap.notifications.choices import OutboxChannel
from sigap.notifications.models import OutboxMessage


class HoldInOutbox(Exception):
    """Raised by a provider that keeps messages rather than sending them."""


class MessagingProvider:
    """The interface an SMS/WhatsApp provider implements. `send` returns when the
    provider took the message, and raises otherwise: HoldInOutbox to keep it for staff,
    a built-in TimeoutError or ConnectionError when the provider cannot be reached at all
    (the outbox then leaves the batch's other messages for later; wrap an HTTP library's
    own timeout in one of these), ProviderUnavailable when the provider refuses the unit
    itself, Undeliverable when it refuses this message for good, and Refused (or anything
    else) for a refusal retried later. The error's text is not kept (it may
    quote the number); a `status` attribute is."""

    def send(self, *, channel: str, to: str, body: str, may_identify: bool = False) -> None:
        """`may_identify`: the person allowed messages that show who sends them."""
        raise NotImplementedError


class Refused(Exception):
    """Raised by a provider that answered and did not take the message this time: it is
    retried later. Only `status` is kept (the answer's text may quote the number)."""

    def __init__(self, status: int | str):
        super().__init__(f"refused: {status}")
        self.status = status


class Undeliverable(Refused):
    """A refusal of this message for good (the number cannot receive it, the text breaks
    the provider's rules): the message is marked failed at once, not retried."""


class ProviderUnavailable(Refused):
    """A refusal of the unit itself, not of the message (an expired token, a wrong
    account, a template withdrawn): every message would get it. The channel counts as
    unreachable for the batch and the sweep, the message is retried, and an error is
    logged for someone to fix the settings."""


class OutboxOnlyProvider(MessagingProvider):
    def send(self, *, channel: str, to: str, body: str, may_identify: bool = False) -> None:
        raise HoldInOutbox


def messaging_provider() -> MessagingProvider:
    return import_string(settings.SIGAP_MESSAGING_PROVIDER)()


def send(message: OutboxMessage) -> None:
    if message.channel == OutboxChannel.EMAIL:
        EmailMessage(subject=message.subject, body=message.body, to=[message.to]).send()
    else:
        messaging_provider().send(
            channel=message.channel, to=message.to, body=message.body, may_identify=message.may_identify
        )
