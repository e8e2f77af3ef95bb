"""The calendar file (RFC 5545) of a booking. A calendar is often synchronised and seen
by others, so the entry is neutral: "Appointment" and the place (the office address,
or "Online"), never the kind of consultation, who it is with, or the software. The
video link is added only when the person allowed messages to say who we are (a link
may well name the service); otherwise it is on the private manage page."""

from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sigap.counseling.choices import Mode


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def appointment_calendar(appointment) -> str:
    consultation = appointment.consultation
    with translation.override(consultation.language or settings.LANGUAGE_CODE):
        summary = _("Appointment")
        if appointment.mode == Mode.ONLINE:
            profile = getattr(appointment.counsellor, "counsellor_profile", None)
            location = _("Online")
            if consultation.may_identify and profile is not None and profile.video_link:
                location = f"{location}: {profile.video_link}"
        else:
            location = settings.SIGAP_OFFICE_ADDRESS
    # The UID is stable across moves (so calendars update the entry) and says nothing.
    uid = f"{(appointment.manage_hash or str(appointment.pk))[:32]}@janji-temu"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Janji temu//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_stamp(timezone.now())}",
        f"DTSTART:{_stamp(appointment.start)}",
        f"DTEND:{_stamp(appointment.end)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location)}",
        "STATUS:CANCELLED" if not appointment.is_active() else "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
