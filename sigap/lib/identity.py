"""Indonesian identity numbers and phone numbers: validation and normalisation.

NIK rules (../shared/domain.md §6): 16 digits, PP KK CC DD MM YY SSSS; women have 40
added to the day; the serial starts at 0001; there is no checksum. python-stdnum's
NIK module is too lenient on exactly these points, so the rules are written here.
A region code that is not in today's lists is *not* rejected: older codes exist.
"""

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NikFacts:
    region_code: str
    birth_date: date
    sex: str  # "L" (laki-laki) or "P" (perempuan)


def normalise_nik(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def parse_nik(value: str, *, today: date | None = None) -> NikFacts:
    """Check a NIK and return what it tells; raise ValidationError with a plain message."""
    nik = normalise_nik(value)
    if not re.fullmatch(r"\d{16}", nik):
        raise ValidationError(_("A NIK has exactly 16 digits."), code="nik_length")
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if 41 <= day <= 71:
        day, sex = day - 40, "P"
    if not (1 <= day <= 31) or not (1 <= month <= 12):
        raise ValidationError(_("Digits 7 to 12 of a NIK must be a birth date (DDMMYY)."), code="nik_date")
    today = today or date.today()
    # The century is not in the NIK: the latest date not in the future.
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        birth_date = date(century + year, month, day)
    except ValueError:
        raise ValidationError(_("Digits 7 to 12 of a NIK must be a real date."), code="nik_date") from None
    if birth_date > today:
        birth_date = birth_date.replace(year=birth_date.year - 100)
    if nik[12:] == "0000":
        raise ValidationError(_("The last four digits of a NIK cannot be 0000."), code="nik_serial")
    return NikFacts(region_code=nik[:6], birth_date=birth_date, sex=sex)


def validate_nik(value: str) -> None:
    if value:
        parse_nik(value)


def normalise_phone(value: str) -> str:
    """An Indonesian (or international) number in E.164, e.g. +6281234567890.

    Raises ValidationError for anything that is not a valid number."""
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Enter a valid phone number, e.g. 0812 3456 7890 or (0285) 412345."), code="phone_invalid"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_phone(value: str) -> None:
    normalise_phone(value)


def normalise_phone_for_lookup(value: str) -> str:
    """Like normalise_phone, but never raises (the keyed hash of a stored value)."""
    try:
        return normalise_phone(value)
    except ValidationError:
        return value.strip()
