"""Small-count suppression for the public statistics: pure functions, no database.

What is published for a year (docs/reporting.md explains why):

- table A, category × month, for the months that have ended. A month's counts never
  change once it is over, and A has primary suppression only (0 to 4 shows "<5"), so
  every cell of A reads the same on every day it is published;
- table B, category × kecamatan (with a column for "not known or outside the city"),
  only once the year is over;
- no totals of any kind: no row, column or grand totals, in either table.

Each report of a category falls in exactly one month and one column of B, so the one
arithmetic link between published numbers is, for each category c,

    Σ A[c, every month] = Σ B[c, every column].

Each category row is therefore a single linear equation over its hidden cells, with
known bounds on each of them. For one equation with bounded integer unknowns, the
values a hidden cell can still take form an interval that can be computed exactly
(`possible_values`). A reader who combines everything published knows:

- "<5" means 0 to 4;
- "hidden" means 5 or more, and, because the smallest cell is hidden first, no more
  than the smallest number still shown in that row of B;
- "withheld" means only 0 or more;
- the shown numbers and the equation.

B's cells are hidden, smallest first, until every hidden cell of the row (in A and in
B) keeps at least MIN_POSSIBLE_VALUES possible values. If hiding every cell of the B
row is not enough, the whole B row is withheld without marks. The classic rule "a
line with exactly one hidden cell gets a second one" is the special case of a single
unknown; the bounds make more cases unsafe (two hidden cells 0 and 5 whose sum is
known to be 5 give both away), and the interval test catches those too.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from sigap.reporting.choices import MARK_SYMBOLS, MIN_POSSIBLE_VALUES, SMALL_COUNT, Mark


@dataclass(frozen=True)
class PublicCell:
    """A published cell: its number, or None and the mark shown instead."""

    value: int | None
    mark: str = Mark.SHOWN

    def display(self) -> str:
        return str(self.value) if self.value is not None else MARK_SYMBOLS[self.mark]


WITHHELD = PublicCell(None, Mark.WITHHELD)
SMALL = PublicCell(None, Mark.SMALL)
HIDDEN = PublicCell(None, Mark.HIDDEN)


def primary(value: int) -> PublicCell:
    """A cell on its own: its number, or "<5" below the threshold (0 included)."""
    return PublicCell(value) if value >= SMALL_COUNT else SMALL


def bounds(cell: PublicCell, *, cap: float = math.inf) -> tuple[float, float]:
    """What a reader knows about a hidden cell's value."""
    if cell.mark == Mark.SMALL:
        return 0, SMALL_COUNT - 1
    if cell.mark == Mark.HIDDEN:
        return SMALL_COUNT, cap
    return 0, math.inf


def possible_values(terms: Sequence[tuple[int, float, float]], constant: float) -> list[tuple[float, float]]:
    """For Σ sign·x = constant over integer unknowns x with bounds (sign, low, high),
    the exact interval each unknown can take (every integer in it is possible)."""
    intervals = []
    for index, (sign, low, high) in enumerate(terms):
        others = [term for other, term in enumerate(terms) if other != index]
        rest_low = sum(lo if s > 0 else -hi for s, lo, hi in others)
        rest_high = sum(hi if s > 0 else -lo for s, lo, hi in others)
        if sign > 0:
            implied = (constant - rest_high, constant - rest_low)
        else:
            implied = (rest_low - constant, rest_high - constant)
        intervals.append((max(low, implied[0]), min(high, implied[1])))
    return intervals


def row_unknowns(a_row: Sequence[PublicCell], b_row: Sequence[PublicCell]) -> tuple[list, float]:
    """The row's equation as a reader sees it: Σ hidden A − Σ hidden B = constant."""
    shown_b = [cell.value for cell in b_row if cell.value is not None]
    cap = min(shown_b) if shown_b else math.inf
    constant = sum(shown_b) - sum(cell.value for cell in a_row if cell.value is not None)
    terms = [(1, *bounds(cell)) for cell in a_row if cell.value is None]
    terms += [(-1, *bounds(cell, cap=cap)) for cell in b_row if cell.value is None]
    return terms, constant


def row_is_safe(a_row: Sequence[PublicCell], b_row: Sequence[PublicCell]) -> bool:
    terms, constant = row_unknowns(a_row, b_row)
    return all(high - low + 1 >= MIN_POSSIBLE_VALUES for low, high in possible_values(terms, constant))


def protect_b_row(a_row: Sequence[PublicCell], b_values: Sequence[int]) -> list[PublicCell]:
    """The cells of one category's B row, given the same category's published A row."""
    cells = [primary(value) for value in b_values]
    while not row_is_safe(a_row, cells):
        shown = [
            (value, index)
            for index, (value, cell) in enumerate(zip(b_values, cells, strict=True))
            if cell.value is not None
        ]
        if not shown:
            return [WITHHELD] * len(b_values)
        _value, index = min(shown)
        cells[index] = HIDDEN
    return cells


def publish_a(values: Sequence[Sequence[int]]) -> list[list[PublicCell]]:
    """Table A (category × month): primary suppression only, so it never changes."""
    return [[primary(value) for value in row] for row in values]


def publish_b(a_rows: Sequence[Sequence[PublicCell]], values: Sequence[Sequence[int]]) -> list[list[PublicCell]]:
    """Table B (category × kecamatan), protected row by row against table A."""
    return [protect_b_row(a_row, row) for a_row, row in zip(a_rows, values, strict=True)]
