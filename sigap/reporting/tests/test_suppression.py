"""Small-count suppression, attacked: nothing hidden can be worked out from everything
published (see attacker.py). Includes negative controls that show the attacker does
recover numbers from weaker publications, so its silence below means something."""

import random

from django.test import SimpleTestCase

from sigap.reporting.choices import MIN_POSSIBLE_VALUES, Mark
from sigap.reporting.public import _json_cell
from sigap.reporting.suppression import (
    HIDDEN,
    SMALL,
    WITHHELD,
    PublicCell,
    primary,
    protect_b_row,
    publish_a,
    publish_b,
)
from sigap.reporting.tests import attacker


def publication(a_values, b_values, *, b_cells=None) -> dict:
    """The JSON the API would publish for these counts (one category per row)."""
    a_cells = publish_a(a_values)
    b_cells = b_cells if b_cells is not None else publish_b(a_cells, b_values)
    rows = lambda cells: [  # noqa: E731
        {"category": f"c{i}", "cells": [_json_cell(cell) for cell in row]} for i, row in enumerate(cells)
    ]
    return {"by_category_and_month": {"rows": rows(a_cells)}, "by_category_and_kecamatan": {"rows": rows(b_cells)}}


def random_row(rng: random.Random, months: int = 12, areas: int = 5) -> tuple[list[int], list[int]]:
    """One category's reports, each placed in a month and an area: small and skewed
    counts, as a city's statistics are."""
    a, b = [0] * months, [0] * areas
    area_weights = [rng.random() ** 3 for _ in range(areas)]
    month_weights = [rng.random() ** rng.choice([0, 1, 2]) for _ in range(months)]
    for _report in range(rng.choice([0, 1, 3, 6, 12, 25, 40, 70, 120, 200, 300])):
        a[rng.choices(range(months), month_weights)[0]] += 1
        b[rng.choices(range(areas), area_weights)[0]] += 1
    return a, b


class ProtectRowTests(SimpleTestCase):
    MONTHS_ALL_SHOWN = [5, 6, 7, 5, 5, 8, 5, 5, 9, 5, 5, 5]  # Σ = 70

    def test_cells_below_five_show_as_small_and_zero_is_small_too(self):
        self.assertEqual([primary(v) for v in (0, 4, 5)], [SMALL, SMALL, PublicCell(5)])

    def test_a_lone_small_cell_in_a_row_whose_sum_is_known_gets_a_companion(self):
        # Table A shows every month, so the row's total (70) is known to a reader.
        cells = protect_b_row(publish_a([self.MONTHS_ALL_SHOWN])[0], [30, 18, 3, 12, 7])
        self.assertEqual(cells, [PublicCell(30), PublicCell(18), SMALL, PublicCell(12), HIDDEN])

    def test_zero_and_five_alone_are_not_enough_and_more_is_hidden(self):
        # The classic rule would hide the 5 beside the 0; but a reader then knows the two
        # make 5, the hidden one is at least 5, so they are 0 and 5 exactly.
        cells = protect_b_row(publish_a([self.MONTHS_ALL_SHOWN])[0], [40, 25, 0, 0, 5])
        self.assertEqual(sum(cell.value is None for cell in cells), 4)
        a_values, b_values = [self.MONTHS_ALL_SHOWN], [[40, 25, 0, 0, 5]]
        self.assertEqual(
            attacker.attack(attacker.read(publication(a_values, b_values)), enough=MIN_POSSIBLE_VALUES), []
        )

    def test_a_row_of_small_numbers_needs_nothing_more(self):
        cells = protect_b_row(publish_a([[1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1]])[0], [2, 1, 0, 0, 1])
        self.assertEqual(cells, [SMALL] * 5)

    def test_when_hiding_is_not_enough_the_row_is_withheld(self):
        # One month published (as in a table with a single month), showing 5: a reader
        # knows the B row adds up to 5, so "5 hidden, four <5" still gives it all away.
        a = [[5]]
        cells = protect_b_row(publish_a(a)[0], [5, 0, 0, 0, 0])
        self.assertEqual(cells, [WITHHELD] * 5)
        self.assertEqual(
            attacker.attack(attacker.read(publication(a, [[5, 0, 0, 0, 0]])), enough=MIN_POSSIBLE_VALUES), []
        )

    def test_marks_are_what_the_json_publishes(self):
        self.assertEqual(
            [_json_cell(c) for c in (PublicCell(7), SMALL, HIDDEN, WITHHELD)], [7, "<5", "hidden", "withheld"]
        )
        self.assertEqual([c.display() for c in (PublicCell(7), SMALL, HIDDEN, WITHHELD)], ["7", "<5", "×", "–"])
        self.assertEqual(Mark.SMALL, "<5")


class AttackTests(SimpleTestCase):
    def test_nothing_hidden_can_be_worked_out_in_350_random_category_rows(self):
        rng = random.Random(20260507)
        exercised = {"hidden": 0, "withheld": 0, "small": 0}
        for _table in range(25):
            rows = [random_row(rng) for _category in range(14)]
            a_values, b_values = [a for a, _b in rows], [b for _a, b in rows]
            published = publication(a_values, b_values)
            findings = attacker.attack(attacker.read(published), enough=MIN_POSSIBLE_VALUES)
            self.assertEqual(findings, [], f"\nA={a_values}\nB={b_values}")
            for row in published["by_category_and_kecamatan"]["rows"]:
                for cell in row["cells"]:
                    exercised["hidden"] += cell == "hidden"
                    exercised["withheld"] += cell == "withheld"
                    exercised["small"] += cell == "<5"
        # The random tables really did need complementary suppression.
        self.assertGreater(exercised["hidden"], 10)
        self.assertGreater(exercised["small"], 200)

    def test_the_attacker_is_not_toothless_primary_suppression_alone_leaks_in_random_tables(self):
        rng = random.Random(20260507)
        findings = []
        for _table in range(5):
            rows = [random_row(rng) for _category in range(14)]
            a_values, b_values = [a for a, _b in rows], [b for _a, b in rows]
            primary_only = [[primary(value) for value in row] for row in b_values]
            published = publication(a_values, b_values, b_cells=primary_only)
            findings += attacker.attack(attacker.read(published), enough=2)
        self.assertTrue(any("fixed by the equations alone" in finding for finding in findings), findings)

    def test_the_attacker_is_not_toothless_published_totals_give_a_lone_small_cell_away(self):
        # Negative control: primary suppression only, with row totals published.
        a_values = [[9, 7, 3, 8, 6, 5, 5, 7, 6, 9, 5, 5]]
        published = {
            "by_category_and_month": {
                "rows": [{"category": "c0", "cells": [_json_cell(c) for c in publish_a(a_values)[0]]}]
            },
            "by_category_and_kecamatan": None,
        }
        system = attacker.read(published, totals={"c0": sum(a_values[0])})
        findings = attacker.attack(system, enough=2)
        self.assertEqual(findings[0], "('A', 'c0', 2) is fixed by the equations alone")

    def test_the_attacker_is_not_toothless_the_classic_rule_alone_leaks_through_the_bounds(self):
        # Negative control: "a row with one hidden cell gets a second, the smallest", with
        # no regard to what the marks tell a reader. Here the 0 and the 5 are given away.
        a_values = [[5, 6, 7, 5, 5, 8, 5, 5, 9, 5, 5, 5]]
        classic = [[PublicCell(40), PublicCell(25), SMALL, HIDDEN]]  # the counts are 40, 25, 0 and 5
        findings = attacker.attack(attacker.read(publication(a_values, None, b_cells=classic)), enough=2)
        self.assertIn("('B', 'c0', 2) can only be [0]", findings)
        self.assertIn("('B', 'c0', 3) can only be [5]", findings)

    def test_the_attacker_uses_the_algorithm_knowing_the_smallest_cell_is_hidden_first(self):
        # Without that knowledge the hidden cell has no upper bound; with it, it cannot
        # exceed the smallest number still shown. The publication must survive both.
        a_values, b_values = [[5, 6, 7, 5, 5, 8, 5, 5, 9, 5, 5, 5]], [[30, 18, 3, 12, 7]]
        for aware in (True, False):
            system = attacker.read(publication(a_values, b_values), algorithm_aware=aware)
            self.assertEqual(attacker.attack(system, enough=MIN_POSSIBLE_VALUES), [])
        system = attacker.read(publication(a_values, b_values))
        hidden = system.names.index(("B", "c0", 4))
        self.assertEqual(system.high[hidden], 12)
