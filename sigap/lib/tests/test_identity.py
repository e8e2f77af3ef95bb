from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sigap.lib.identity import normalise_phone, parse_nik


def test_a_womans_nik_gives_her_birth_date_and_sex():
    facts = parse_nik("3375 0145 0200 0001", today=date(2026, 11, 27))
    assert facts.birth_date == date(2000, 2, 5)
    assert facts.sex == "P"
    assert facts.region_code == "337501"


def test_a_two_digit_year_is_the_latest_that_is_not_in_the_future():
    assert parse_nik("3375011203990002", today=date(2026, 11, 27)).birth_date == date(1999, 3, 12)
    assert parse_nik("3375011203250002", today=date(2026, 11, 27)).birth_date == date(2025, 3, 12)


@pytest.mark.parametrize(
    "nik",
    [
        "337501450200000",  # 15 digits
        "33750145020000012",  # 17 digits
        "3375018502000001",  # day 85: neither 01-31 nor 41-71
        "3375013102000001",  # 31 February
        "3375010513000001",  # month 13
        "3375010502000000",  # serial 0000
        "33750105020000ab",
    ],
)
def test_it_rejects_a_nik_that_breaks_the_dukcapil_rules(nik):
    with pytest.raises(ValidationError):
        parse_nik(nik)


def test_it_accepts_a_region_code_that_is_not_in_todays_lists():
    assert parse_nik("3399991205900003").region_code == "339999"


def test_phone_numbers_are_stored_in_e164():
    assert normalise_phone("0812-3456-7890") == "+6281234567890"
    assert normalise_phone("(0285) 4123456") == "+622854123456"
    assert normalise_phone("") == ""


def test_an_impossible_phone_number_gets_a_plain_message():
    with pytest.raises(ValidationError) as raised:
        normalise_phone("0812345")
    assert "0812" in raised.value.messages[0]
