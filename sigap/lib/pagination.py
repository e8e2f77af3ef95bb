"""Paging a list that may be very long without counting it.

Django's Paginator counts every row to know the number of pages; for a history that
grows with the years (handed-over or closed reports) that count is most of the cost
of the page. This pager reads one row more than the page holds to know whether a next
page exists, and knows no total."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet


@dataclass
class _NoTotal:
    num_pages: None = None


@dataclass
class UncountedPage:
    object_list: list
    number: int
    _has_next: bool
    paginator: _NoTotal = field(default_factory=_NoTotal)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


# The deepest page served: a deeper OFFSET would cost more than the page is worth (a
# typed address, or a program walking a list of millions; bulk data has its exports).
MAX_PAGE = 10_000


def uncounted_page(
    queryset: QuerySet, page: str | int | None, per_page: int, *, first_when_past_end: bool = True
) -> UncountedPage:
    """Page `page` (1-based; anything not a positive number is page 1) of `queryset`.

    Past the end, a person (the list shrank, or a typed address) gets the first page
    rather than an empty one; a program (`first_when_past_end=False`, the API) gets an
    empty page without a next one, so a client that follows `next_page` always stops.
    No page links beyond MAX_PAGE; asked for one, a person gets MAX_PAGE and a program
    an empty page."""
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    if number > MAX_PAGE:
        if not first_when_past_end:
            return UncountedPage(object_list=[], number=number, _has_next=False)
        number = MAX_PAGE
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1 and first_when_past_end:
        number, rows = 1, list(queryset[: per_page + 1])
    return UncountedPage(
        object_list=rows[:per_page], number=number, _has_next=len(rows) > per_page and number < MAX_PAGE
    )


# --- Keyset paging: the newest first, any page as cheap as the first ---------------------

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)


@dataclass
class KeysetPage:
    """One page of a newest-first list, found from where the last one stopped (a
    cursor: the time and id of a row), not by counting rows from the top. OFFSET makes
    the database read and throw away every earlier row, so the hundredth page costs a
    hundred pages; a cursor makes every page cost one."""

    object_list: list
    has_next: bool
    has_previous: bool
    next_cursor: str = ""
    previous_cursor: str = ""

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def cursor_of(row, field: str) -> str:
    """Where `row` stands: its `field` (a time, in whole microseconds since 1970: exact
    and short in an address) and its id."""
    return f"{(getattr(row, field) - EPOCH) // ONE_MICROSECOND}.{row.pk}"


def _parse_cursor(text: str | None) -> tuple[datetime, int] | None:
    """The cursor's time and id, or None for anything that is not one (a hand-edited address)."""
    try:
        micros, pk = (text or "").split(".")
        return EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except (ValueError, OverflowError):
        return None


def _beyond(position: tuple[datetime, int], field: str, direction: str) -> Q:
    """The rows past `position` in the direction "lt" (older) or "gt" (newer)."""
    moment, pk = position
    return Q(**{f"{field}__{direction}": moment}) | Q(**{field: moment, f"pk__{direction}": pk})


def keyset_page(queryset: QuerySet, params, *, field: str, per_page: int) -> KeysetPage:
    """A page of `queryset` newest first by (`field`, id), chosen by `params` (the
    request's GET): `after=<cursor>` the rows older than the cursor, `before=<cursor>`
    the rows newer than it, `last=1` the oldest rows, and nothing (or a cursor that
    does not parse) the newest. One query of per_page + 1 rows (two when a "before"
    page reaches the top); no count."""
    after, before = _parse_cursor(params.get("after")), _parse_cursor(params.get("before"))
    newest_first = queryset.order_by(f"-{field}", "-pk")
    oldest_first = queryset.order_by(field, "pk")
    last = bool(params.get("last"))
    if after is not None:
        rows = list(newest_first.filter(_beyond(after, field, "lt"))[: per_page + 1])
        has_next, has_previous = len(rows) > per_page, True
        rows = rows[:per_page]
    elif before is not None or last:
        if before is not None:
            oldest_first = oldest_first.filter(_beyond(before, field, "gt"))
        rows = list(oldest_first[: per_page + 1])
        has_previous, has_next = len(rows) > per_page, before is not None
        rows = rows[:per_page][::-1]
        if before is not None and not has_previous:
            # Back at the top with less than a page: show the whole first page instead.
            before = None
    if after is None and before is None and not last:
        rows = list(newest_first[: per_page + 1])
        has_next, has_previous = len(rows) > per_page, False
        rows = rows[:per_page]
    return KeysetPage(
        object_list=rows,
        has_next=has_next and bool(rows),
        has_previous=has_previous,
        next_cursor=cursor_of(rows[-1], field) if rows else "",
        previous_cursor=cursor_of(rows[0], field) if rows else "",
    )
