"""Messages to class participants, through the notifications outbox, obeying the
safe contact chosen at registration:

- no messages at all when the person chose none;
- SMS, WhatsApp or e-mail to the number or address they gave;
- only within the safe hours they chose (Asia/Jakarta): outside them the message
  waits in the task queue (`run_after`) and is written to the outbox when the
  window opens;
- the service and the program are named only if the person allowed it
  (`may_identify`); otherwise the text says no more than "your class".

Messages never contain a participant code, and a queued task holds only ids, so no
code or contact ever sits in clear in the task table. The completion message carries
the participant's IKM survey code; its outbox row names no registration (`about` is
left empty, as counselling does), so the code is not tied to the person there either.
"""

from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.tasks import task
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sigap.classes.choices import SAFE_HOURS_WINDOWS, ContactMethod, RegistrationStatus
from sigap.classes.models import ClassSession, Participant, Registration
from sigap.notifications.choices import OutboxChannel
from sigap.notifications.safe_hours import next_safe_moment
from sigap.notifications.services import outbox_queue

CONFIRMED = "confirmed"
WAITING = "waiting"
PROMOTED = "promoted"
REMINDER = "reminder"
COMPLETED = "completed"

CHANNELS = {
    ContactMethod.PHONE: OutboxChannel.SMS,
    ContactMethod.WHATSAPP: OutboxChannel.WHATSAPP,
    ContactMethod.EMAIL: OutboxChannel.EMAIL,
}


def safe_window(safe_hours: str) -> tuple[time | None, time | None]:
    """The chosen window as the outbox keeps safe hours (None, None for any time)."""
    start, end = SAFE_HOURS_WINDOWS.get(safe_hours, (None, None))
    return (time(start), time(end)) if start is not None else (None, None)


def next_safe_time(safe_hours: str, now: datetime) -> datetime:
    """`now` if it falls in the chosen window, otherwise when the window next opens."""
    return next_safe_moment(now, *safe_window(safe_hours))


def registration_notify(
    *,
    registration: Registration,
    kind: str,
    session: ClassSession | None = None,
    participant: Participant | None = None,
) -> str:
    """Send (now, or at the next safe time) a message of `kind`. Call it inside the
    transaction of the change it reports. Returns "none", "queued" or "deferred".
    COMPLETED needs the `participant` whose survey code it carries."""
    if registration.contact_method == ContactMethod.NONE or not registration.contact_value:
        return "none"
    now = timezone.now()
    when = next_safe_time(registration.safe_hours, now)
    if when <= now:
        _queue(registration, kind, session, participant)
        return "queued"
    arguments = {
        "registration_id": registration.pk,
        "kind": kind,
        "session_id": session.pk if session else None,
        "participant_id": participant.pk if participant else None,
    }
    transaction.on_commit(lambda: registration_notice_send.using(run_after=when).enqueue(**arguments))
    return "deferred"


@task
def registration_notice_send(
    *, registration_id: int, kind: str, session_id: int | None = None, participant_id: int | None = None
) -> str:
    """A message that waited for the safe hours: written to the outbox now, unless
    the registration was cancelled in the meantime (or, for the completion message,
    the survey code was used or forgotten meanwhile)."""
    registration = Registration.objects.select_related("cohort__program").filter(pk=registration_id).first()
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return "dropped"
    session = ClassSession.objects.filter(pk=session_id).first() if session_id else None
    participant = registration.participants.filter(pk=participant_id).first() if participant_id else None
    if kind == COMPLETED and (participant is None or not participant.survey_code):
        return "dropped"
    with transaction.atomic():
        _queue(registration, kind, session, participant)
    return "queued"


def _queue(
    registration: Registration, kind: str, session: ClassSession | None, participant: Participant | None = None
) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = compose(registration, kind, session, participant)
    safe_from, safe_until = safe_window(registration.safe_hours)
    outbox_queue(
        channel=CHANNELS[registration.contact_method],
        to=registration.contact_value,
        subject=subject,
        body=body,
        safe_from=safe_from,
        safe_until=safe_until,
        may_identify=registration.may_identify,
        # The completion message holds a survey code: it must not name the registration.
        about=None if kind == COMPLETED else registration,
    )


def _completed(registration: Registration, participant: Participant) -> tuple[str, str]:
    values = {"url": settings.SITE_URL + "/survei/", "code": participant.survey_code}
    text = _(
        "You have completed your class; your certificate is on your participant page. Please tell us how it "
        "went, without your name: open %(url)s and enter the code %(code)s."
    )
    text = text % values
    if registration.may_identify:
        text = _("%(service)s, %(program)s: %(text)s") % {
            "service": settings.SIGAP_SERVICE_NAME,
            "program": registration.cohort.program.name,
            "text": text,
        }
    return _("Class information"), text


def compose(
    registration: Registration,
    kind: str,
    session: ClassSession | None = None,
    participant: Participant | None = None,
) -> tuple[str, str]:
    if kind == COMPLETED:
        return _completed(registration, participant)
    cohort = registration.cohort
    start = session.starts_at if session else cohort.sessions.aggregate(first=Min("starts_at"))["first"]
    when = formats.date_format(timezone.localtime(start), "DATETIME_FORMAT") if start else _("a date to be announced")
    if kind == CONFIRMED:
        text = _("Your registration is confirmed: you have a place in the class starting %(when)s.")
    elif kind == WAITING:
        text = _("Your registration is received. The class starting %(when)s is full, so you are on the waiting list.")
    elif kind == PROMOTED:
        text = _("Good news: a place has become free and it is yours. The class starts %(when)s.")
    else:
        text = _("Reminder: your class meets %(when)s.")
    text = text % {"when": when}
    if registration.may_identify:
        text = _("%(service)s, %(program)s: %(text)s Details: %(url)s") % {
            "service": settings.SIGAP_SERVICE_NAME,
            "program": cohort.program.name,
            "text": text,
            "url": settings.SITE_URL + "/kelas/peserta/",
        }
    return _("Class information"), text
