"""Messages to the people who book: reminders of an appointment, and the IKM survey
invitation after a consultation closes. Every message obeys the person's choices:

- contact method "none": nothing is ever sent;
- e-mail goes by e-mail, WhatsApp by WhatsApp, "phone" by SMS;
- safe hours (safe_from–safe_until, local time; may wrap past midnight): a message
  due outside them waits for the next time they open, and a reminder that could only
  go out after the appointment has started is not sent at all;
- may_identify off: the text names neither Puspaga nor LP-PAR, nor the office
  address or the video link, only the date and time;
- the reason for the visit (the kind of consultation) is never in any message.

Reminders are background tasks (Django's tasks framework, the database backend, run
by `manage.py db_worker`), scheduled when an appointment is booked or moved. The task
looks at the appointment again when it runs: a cancelled or moved appointment, or one
already reminded, gets nothing.
"""

from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sigap.counseling.choices import AppointmentStatus, ContactMethod, Mode
from sigap.notifications.choices import OutboxChannel
from sigap.notifications.safe_hours import next_safe_moment

CHANNELS = {
    ContactMethod.EMAIL: OutboxChannel.EMAIL,
    ContactMethod.WHATSAPP: OutboxChannel.WHATSAPP,
    ContactMethod.PHONE: OutboxChannel.SMS,
}


def reminder_lead() -> timedelta:
    return timedelta(hours=settings.SIGAP_COUNSELING_REMINDER_HOURS)


def safe_contact(consultation) -> dict:
    """The person's choices that the outbox obeys on every try (outbox_queue's arguments)."""
    return {
        "safe_from": consultation.safe_from,
        "safe_until": consultation.safe_until,
        "may_identify": consultation.may_identify,
    }


def reminder_time(
    *, start: datetime, now: datetime, safe_from: time | None, safe_until: time | None
) -> datetime | None:
    """When to remind of an appointment at `start`: the lead time before it (or now,
    if that has passed), moved into the safe hours; None if that is too late."""
    due = max(start - reminder_lead(), now)
    due = next_safe_moment(due, safe_from, safe_until)
    return due if due < start else None


def may_contact(consultation) -> bool:
    return consultation.contact_method in CHANNELS and bool(consultation.contact_value)


def channel_for(consultation) -> str:
    return CHANNELS[consultation.contact_method]


def _when(moment: datetime) -> dict:
    local = timezone.localtime(moment)
    return {"date": formats.date_format(local, "DATE_FORMAT"), "time": formats.time_format(local, "TIME_FORMAT")}


def reminder_message(appointment) -> tuple[str, str]:
    """Subject and body of a reminder, in the person's language. Neutral unless the
    person allowed messages to say who we are; never the reason for the visit."""
    consultation = appointment.consultation
    with translation.override(consultation.language or settings.LANGUAGE_CODE):
        subject = _("Appointment reminder")
        values = _when(appointment.start)
        if not consultation.may_identify:
            body = _("Reminder: you have an appointment on %(date)s at %(time)s.") % values
            return subject, body
        if appointment.mode == Mode.ONLINE:
            profile = getattr(appointment.counsellor, "counsellor_profile", None)
            values["place"] = (
                _("online: %(link)s") % {"link": profile.video_link} if profile and profile.video_link else _("online")
            )
        else:
            values["place"] = settings.SIGAP_OFFICE_ADDRESS
        values["service"] = settings.SIGAP_SERVICE_NAME
        body = _("Reminder from %(service)s: you have an appointment on %(date)s at %(time)s, %(place)s.") % values
        return subject, body


def survey_message(consultation, code: str) -> tuple[str, str]:
    with translation.override(consultation.language or settings.LANGUAGE_CODE):
        subject = _("A short survey")
        values = {"url": settings.SITE_URL + "/survei/", "code": code}
        if consultation.may_identify:
            values["service"] = settings.SIGAP_SERVICE_NAME
            body = (
                _(
                    "Thank you for visiting %(service)s. Please tell us how it went, without your name: "
                    "open %(url)s and enter the code %(code)s."
                )
                % values
            )
        else:
            body = (
                _("Please tell us how it went, without your name: open %(url)s and enter the code %(code)s.") % values
            )
        return subject, body


def reminder_schedule(appointment) -> datetime | None:
    """Queue the reminder task for after commit; returns when it will run, or None."""
    consultation = appointment.consultation
    if not may_contact(consultation) or appointment.status != AppointmentStatus.BOOKED:
        return None
    when = reminder_time(
        start=appointment.start,
        now=timezone.now(),
        safe_from=consultation.safe_from,
        safe_until=consultation.safe_until,
    )
    if when is None:
        return None
    appointment_id, start = appointment.pk, appointment.start.astimezone(UTC).isoformat()

    def enqueue():
        deferred = (
            send_appointment_reminder.using(run_after=when)
            if send_appointment_reminder.get_backend().supports_defer
            else send_appointment_reminder
        )
        deferred.enqueue(appointment_id=appointment_id, start=start)

    transaction.on_commit(enqueue)
    return when


def appointment_remind(*, appointment_id: int, start: str, now: datetime | None = None) -> str:
    """Send one reminder if it is still wanted. Returns what happened, for the task's result."""
    from sigap.counseling.models import Appointment
    from sigap.notifications.services import outbox_queue

    now = now or timezone.now()
    with transaction.atomic():
        appointment = (
            Appointment.objects.select_for_update(of=("self",))
            .select_related("consultation", "counsellor__counsellor_profile")
            .filter(pk=appointment_id)
            .first()
        )
        if appointment is None or appointment.status != AppointmentStatus.BOOKED:
            return "cancelled"
        if appointment.start != datetime.fromisoformat(start):
            return "moved"
        if appointment.reminder_sent_at is not None:
            return "already sent"
        consultation = appointment.consultation
        if not may_contact(consultation):
            return "no contact"
        when = next_safe_moment(now, consultation.safe_from, consultation.safe_until)
        if when >= appointment.start:
            return "too late"
        subject, body = reminder_message(appointment)
        arguments = {
            "channel": channel_for(consultation),
            "to": consultation.contact_value,
            "subject": subject,
            **safe_contact(consultation),
        }
        if when > now:
            outbox_queue(**arguments, body=body, not_before=when, about=appointment)
        else:
            outbox_queue(**arguments, body=body, about=appointment)
        appointment.reminder_sent_at = now
        appointment.save(update_fields=["reminder_sent_at"])
        return "queued"


@task
def send_appointment_reminder(*, appointment_id: int, start: str) -> str:
    return appointment_remind(appointment_id=appointment_id, start=start)
