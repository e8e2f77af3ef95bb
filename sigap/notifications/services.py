"""Writes for notifications: queue messages inside a transaction, deliver after commit."""

import errno
import logging
import smtplib
import socket
from collections.abc import Iterable
from datetime import time, timedelta

from django.db import close_old_connections, models, transaction
from django.tasks import task
from django.utils import timezone

from sigap.accounts.models import User
from sigap.notifications import channels
from sigap.notifications.choices import OutboxChannel, OutboxStatus
from sigap.notifications.models import Notification, OutboxMessage
from sigap.notifications.safe_hours import in_safe_window, next_safe_moment

MAX_ATTEMPTS = 8

# Errors that say the mail server or provider cannot be reached at all, not that it
# refused one message. After one of them, a batch or a sweep leaves that channel's other
# messages for later instead of waiting out the timeout for each: with a server that
# accepts connections and never answers, the tenth officer's e-mail would otherwise wait
# ten timeouts, and the worker with it. (smtplib's refusals are OSErrors too, so the
# kinds are named rather than OSError.)
UNREACHABLE_ERRORS = (
    TimeoutError, ConnectionError, socket.gaierror, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError
)  # fmt: skip
# …and these, which arrive as a plain OSError.
UNREACHABLE_ERRNOS = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN})


def unreachable(error: Exception) -> bool:
    """Whether `error` says the channel cannot be used now, for any message: no connection,
    or a provider that refuses the unit itself (channels.ProviderUnavailable)."""
    if isinstance(error, channels.ProviderUnavailable):
        return True
    return isinstance(error, UNREACHABLE_ERRORS) or (type(error) is OSError and error.errno in UNREACHABLE_ERRNOS)


logger = logging.getLogger(__name__)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


# No savepoints here or in outbox_queue: they are called inside the change they report
# (a high-risk report, a closed consultation), which fails as a whole if they fail, and
# no caller goes on after catching their error. A savepoint cost two round trips for
# each call and each message, on the public submit among others.
@transaction.atomic(savepoint=False)
def staff_notify(
    *,
    users: Iterable[User],
    text: str,
    url: str = "",
    email_subject: str = "",
    email_body: str = "",
    about: models.Model | None = None,
) -> list[OutboxMessage]:
    """An in-app notice to each user, and an e-mail to those with an address: one
    statement for the notices, one for the e-mails, and one task that sends them all.

    Call it inside the transaction of the change it reports; the e-mails leave only
    after that transaction commits."""
    users = list(users)
    Notification.objects.bulk_create([Notification(user=user, text=text, url=url) for user in users])
    if not email_subject:
        return []
    messages = OutboxMessage.objects.bulk_create(
        [
            _outbox_message(
                channel=OutboxChannel.EMAIL, to=user.email, subject=email_subject, body=email_body, about=about
            )
            for user in users
            if user.email
        ]
    )
    if messages:
        message_ids = [message.pk for message in messages]
        # Robust: the change is committed; if the queue fails, the sweep sends them later,
        # and the person who made the change (a reporter) must not get an error for it.
        transaction.on_commit(lambda: deliver_outbox_messages.enqueue(message_ids=message_ids), robust=True)
    return messages


@transaction.atomic(savepoint=False)
def outbox_queue(
    *,
    channel: str,
    to: str,
    subject: str,
    body: str,
    about: models.Model | None = None,
    not_before=None,
    safe_from: time | None = None,
    safe_until: time | None = None,
    may_identify: bool = False,
) -> OutboxMessage:
    """Queue a message; it leaves after commit, or no earlier than `not_before` (for
    example when the person's safe hours open). Until then it waits in the outbox;
    the worker picks it up then, and the `deliver_outbox` sweep would too.

    For a member of the public, pass their choices: `safe_from`/`safe_until` (every try,
    retries included, waits for those local hours) and `may_identify` (whether the
    message may show who sends it)."""
    message = _outbox_message(channel=channel, to=to, subject=subject, body=body, about=about, not_before=not_before)
    message.safe_from, message.safe_until, message.may_identify = safe_from, safe_until, may_identify
    message.save()

    def enqueue():
        if not_before is None:
            deliver_outbox_message.enqueue(message_id=message.pk)
        elif deliver_outbox_message.get_backend().supports_defer:
            deliver_outbox_message.using(run_after=not_before).enqueue(message_id=message.pk)

    transaction.on_commit(enqueue, robust=True)  # as in staff_notify
    return message


def _outbox_message(
    *, channel: str, to: str, subject: str, body: str, about: models.Model | None, not_before=None
) -> OutboxMessage:
    """A message checked and ready to be saved (not saved)."""
    message = OutboxMessage(
        channel=channel,
        to=to,
        subject=subject,
        body=body,
        about_type=about._meta.label_lower if about is not None else "",
        about_id=str(about.pk) if about is not None else "",
    )
    if not_before is not None:
        message.next_attempt_at = not_before
    message.full_clean()
    return message


def outbox_deliver(message: OutboxMessage, *, channels_down: set[str] | None = None) -> OutboxMessage:
    """Try to send one message now; record the outcome and when to try again.
    `channels_down`, shared by the sends of one batch or sweep, collects the channels
    found unreachable (`unreachable()`), so the caller can leave their other messages."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != OutboxStatus.PENDING:
            return message
        now = timezone.now()
        if not in_safe_window(now, message.safe_from, message.safe_until):
            # A retry or a late sweep outside the person's safe hours: wait for them.
            message.next_attempt_at = next_safe_moment(now, message.safe_from, message.safe_until)
            message.save(update_fields=["next_attempt_at"])
            return message
        message.attempts += 1
        try:
            channels.send(message)
        except channels.HoldInOutbox:
            message.status = OutboxStatus.HELD
        except channels.Undeliverable as error:
            message.status, message.last_error = OutboxStatus.FAILED, f"Undeliverable {error.status}"
        except Exception as error:  # any provider failure means: try again later
            # The exception's text may quote the address: keep its kind and SMTP code only.
            code = getattr(error, "smtp_code", "") or getattr(error, "status", "")  # SMTP's, or the provider's HTTP
            message.last_error = f"{type(error).__name__} {code}".strip()
            if unreachable(error):
                if isinstance(error, channels.ProviderUnavailable):  # a setup fault: someone must act
                    logger.error("The %s provider refuses the unit (%s): check its settings", message.channel, code)
                if channels_down is not None:
                    channels_down.add(message.channel)
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxStatus.FAILED
            else:
                retry_at = timezone.now() + retry_delay(message.attempts)
                message.next_attempt_at = next_safe_moment(retry_at, message.safe_from, message.safe_until)
        else:
            message.status, message.sent_at, message.last_error = OutboxStatus.SENT, timezone.now(), ""
        message.save(update_fields=["status", "attempts", "next_attempt_at", "last_error", "sent_at"])
        return message


def outbox_deliver_due(*, now=None) -> int:
    """Send every pending message whose time has come (the retry sweep). Returns how many
    were tried (not those left for their safe hours or an unreachable channel)."""
    now = now or timezone.now()
    due = OutboxMessage.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__lte=now).order_by("id")
    count = 0
    channels_down: set[str] = set()
    for message in due.iterator():
        if message.channel in channels_down:
            continue  # still due: the next sweep tries again
        count += outbox_deliver(message, channels_down=channels_down).attempts > message.attempts
    return count


@task
def deliver_outbox_message(*, message_id: int) -> str:
    return _deliver_and_come_back(OutboxMessage.objects.get(pk=message_id))


@task
def deliver_outbox_messages(*, message_ids: list[int]) -> list[str]:
    """Several messages queued by one change (staff_notify): one task, not one each.
    Each is sent on its own: one that is gone or cannot be sent (a dropped database
    connection) does not hold back the others; it stays pending for the sweep. Once a
    channel is found unreachable, the messages after it are not tried ("deferred"). The
    messages still pending at the end come back together, as one task, when the
    earliest retry of those tried is due; a message not due yet (the sweep tried it
    meanwhile) waits for its own time. So a server that never answers costs one
    timeout each time the batch comes back, and it comes back after 1, 2, 4 … minutes."""
    statuses = []
    channels_down: set[str] = set()
    pending, retry_times = [], []
    for message_id in message_ids:
        try:
            message = OutboxMessage.objects.get(pk=message_id)
            if message.status == OutboxStatus.PENDING and (
                message.channel in channels_down or message.next_attempt_at > timezone.now()
            ):
                statuses.append("deferred")
            else:
                message = outbox_deliver(message, channels_down=channels_down)
                statuses.append(message.status)
            if message.status == OutboxStatus.PENDING:
                pending.append(message_id)
                if message.next_attempt_at > timezone.now():  # tried, or waiting for safe hours
                    retry_times.append(message.next_attempt_at)
        except OutboxMessage.DoesNotExist:
            statuses.append("missing")
        except Exception as error:
            # The id and the error's kind only: its text may quote the address or the body.
            logger.error(
                "Outbox message %s not delivered (%s); it waits for the sweep", message_id, type(error).__name__
            )
            close_old_connections()
            statuses.append("error")
    if pending and deliver_outbox_messages.get_backend().supports_defer:
        come_back = min(retry_times, default=timezone.now() + retry_delay(1))
        deliver_outbox_messages.using(run_after=come_back).enqueue(message_ids=pending)
    return statuses


def _deliver_and_come_back(message: OutboxMessage) -> str:
    message = outbox_deliver(message)
    if message.status == OutboxStatus.PENDING and deliver_outbox_message.get_backend().supports_defer:
        # Come back when the retry is due. (`deliver_outbox` sweeps up anything missed.)
        deliver_outbox_message.using(run_after=message.next_attempt_at).enqueue(message_id=message.pk)
    return message.status


@task
def deliver_due_outbox() -> int:
    return outbox_deliver_due()


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
