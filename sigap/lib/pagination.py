"""Paging a list that may be very long without counting it.

Django's Paginator counts every row to know the number of pages; for a history that
grows with the years (handed-over or closed reports) that count is most of the cost
of the page. This pager reads one row more than the page holds to know whether a next
page exists, and knows no total."""

from dataclasses import dataclass, field

from django.db.models import QuerySet


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


def uncounted_page(queryset: QuerySet, page: str | int | None, per_page: int) -> UncountedPage:
    """Page `page` (1-based; anything not a positive number is page 1) of `queryset`."""
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    # A deep page number typed into the address bar must not become an enormous OFFSET.
    number = min(number, 10_000)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return UncountedPage(object_list=rows[:per_page], number=number, _has_next=len(rows) > per_page)
