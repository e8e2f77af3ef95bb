"""The triage rules: which queue, which risk, which clocks. Pure functions, so the
rules can be read and tested on their own."""

from datetime import datetime, timedelta

from django.conf import settings

from sigap.intake.choices import VIOLENCE_CATEGORIES, Category, Queue, Risk

# UU 12/2022 (TPKS) Pasal 41: the police report is due 3×24 hours after the victim's report.
TPKS_POLICE_REPORT_WITHIN = timedelta(hours=72)


def queue_for(categories: list[str]) -> str:
    """Any form of violence goes to LP-PAR; everything else to Puspaga."""
    return Queue.LPPAR if VIOLENCE_CATEGORIES & set(categories) else Queue.PUSPAGA


def risk_for(*, categories: list[str], in_danger: bool) -> str:
    if in_danger:
        return Risk.HIGH
    if VIOLENCE_CATEGORIES & set(categories):
        return Risk.MEDIUM
    return Risk.LOW


def response_due(*, risk: str, start: datetime) -> datetime:
    """High: immediately; medium: within 6 hours (Permen PPPA 2/2022); low: configurable."""
    if risk == Risk.HIGH:
        return start
    if risk == Risk.MEDIUM:
        return start + timedelta(hours=6)
    return start + timedelta(days=settings.SIGAP_LOW_RISK_RESPONSE_DAYS)


def tpks_police_due(*, categories: list[str], reported_at: datetime) -> datetime | None:
    return reported_at + TPKS_POLICE_REPORT_WITHIN if Category.SEXUAL in categories else None


def unit_code_for(queue: str) -> str:
    return settings.SIGAP_INTAKE_UNITS[queue]
