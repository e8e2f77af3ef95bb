"""Bookable slots, cut from counsellors' weekly availability. Pure functions over
plain values, so the rules can be read and tested on their own; selectors.py feeds
them from the database in a fixed number of queries.

A slot is offered when it lies inside a weekly block, on a day that no exception
(the counsellor's leave, or a public holiday of the unit) covers, starts far enough
ahead, and overlaps no active appointment of that counsellor. A reassignment asks the
same weekly blocks of the appointments it moves (`within_blocks`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# How far ahead a slot must start for the public to book it, and how far ahead they may look.
BOOKING_NOTICE = timedelta(hours=2)
BOOKING_HORIZON_DAYS = 21


@dataclass(frozen=True)
class Block:
    weekday: int
    start_time: time
    end_time: time


@dataclass(frozen=True)
class Slot:
    profile_id: int
    counsellor_id: int
    start: datetime
    end: datetime

    @property
    def value(self) -> str:
        """What a form posts back: the profile and the start, nothing else."""
        return f"{self.profile_id}-{int(self.start.timestamp())}"


def parse_slot_value(value: str) -> tuple[int, datetime] | None:
    profile, _sep, stamp = (value or "").partition("-")
    if not (profile.isdigit() and stamp.isdigit()):
        return None
    return int(profile), datetime.fromtimestamp(int(stamp), tz=timezone.get_current_timezone())


def local(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def overlaps(start: datetime, end: datetime, taken: Iterable[tuple[datetime, datetime]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in taken)


def block_spans(day: date, blocks: Iterable[Block]) -> list[tuple[datetime, datetime]]:
    """The weekly blocks that fall on `day`, as local start and end, earliest first."""
    on_day = sorted((block for block in blocks if block.weekday == day.weekday()), key=lambda b: b.start_time)
    return [(local(day, block.start_time), local(day, block.end_time)) for block in on_day]


def within_blocks(start: datetime, end: datetime, blocks: Iterable[Block]) -> bool:
    """Whether start–end lies inside the weekly hours of the day it starts (local time).
    Blocks that meet or overlap make one stretch: with 08–12 and 12–16, 11:30–12:30 is
    inside. (The public booking cuts its slots within each block, so it never offers
    such a time; an appointment staff moved by hand may have one.)"""
    day = timezone.localdate(start)
    return any(
        stretch_start <= start and end <= stretch_end
        for stretch_start, stretch_end in _joined(block_spans(day, blocks))
    )


def _joined(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    """Spans (earliest first) with those that meet or overlap made one."""
    joined: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def slots_for_profile(
    *,
    profile_id: int,
    counsellor_id: int,
    slot_minutes: int,
    blocks: Iterable[Block],
    closed_days: set[date],
    taken: list[tuple[datetime, datetime]],
    first_day: date,
    days: int,
    earliest: datetime,
) -> list[Slot]:
    """Every free slot of one counsellor from `first_day` for `days` days."""
    length = timedelta(minutes=slot_minutes)
    blocks = list(blocks)
    slots = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day in closed_days:
            continue
        for start, block_end in block_spans(day, blocks):
            while start + length <= block_end:
                end = start + length
                if start >= earliest and not overlaps(start, end, taken):
                    slots.append(Slot(profile_id=profile_id, counsellor_id=counsellor_id, start=start, end=end))
                start = end
    return slots


def closed_days(*, exceptions: Iterable[tuple[date, date]], first_day: date, days: int) -> set[date]:
    """The days in the range that any (from, until) exception covers, both ends included."""
    last_day = first_day + timedelta(days=days - 1)
    closed = set()
    for date_from, date_until in exceptions:
        day = max(date_from, first_day)
        while day <= min(date_until, last_day):
            closed.add(day)
            day += timedelta(days=1)
    return closed
