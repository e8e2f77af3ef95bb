"""Someone who reads everything the public statistics publish and tries to work out
the hidden numbers. Written apart from suppression.py (it shares no code with it) so
that it tests the publication rather than repeating its reasoning.

What the attacker knows, for one year:
- every number shown, in table A (category × month) and table B (category × kecamatan);
- what each mark means: "<5" is 0 to 4, "hidden" is 5 or more, "withheld" is 0 or more;
- how the algorithm works (it is open source): a "hidden" cell was the smallest one
  left in its row of B, so it is no larger than any number still shown in that row;
- that every report of a category falls in one month and one column of B, so for each
  category the row of A and the row of B add up to the same number.

Three attacks, each stronger than the last:
1. linear algebra: Gaussian elimination (exact fractions) over all the equations at
   once; a hidden cell is recovered when the equations alone fix it;
2. bounds: every equation, and every equation derived by the elimination, narrows
   each hidden cell's range from the others' ranges, repeated until nothing changes;
3. search: for small groups of linked cells, every combination of values in range is
   tried against the equations, giving the exact set of values each cell can take.
"""

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

SMALL_HIGH = 4
HIDDEN_LOW = 5
SEARCH_LIMIT = 20_000


@dataclass
class System:
    names: list[tuple]  # (table, category, column) of each unknown
    low: list[float]
    high: list[float]
    equations: list[tuple[dict[int, Fraction], Fraction]]  # Σ coefficient·x = constant


def read(publication: dict, *, algorithm_aware: bool = True, totals: dict | None = None) -> System:
    """The unknowns and equations in a publication shaped like /api/v1/public/statistics.
    `totals` (only for the negative tests) adds published row totals: {category: total}."""
    system = System([], [], [], [])
    by_month = {row["category"]: row["cells"] for row in publication["by_category_and_month"]["rows"]}
    by_area = publication.get("by_category_and_kecamatan")
    by_area = {row["category"]: row["cells"] for row in by_area["rows"]} if by_area else {}

    def unknown(table: str, category: str, column: int, cell, row_cells) -> int:
        shown = [value for value in row_cells if isinstance(value, int)]
        if cell == "<5":
            low, high = 0, SMALL_HIGH
        elif cell == "hidden":
            low, high = HIDDEN_LOW, (min(shown) if shown and algorithm_aware and table == "B" else math.inf)
        elif cell == "withheld":
            low, high = 0, math.inf
        else:
            raise AssertionError(f"unexpected cell {cell!r}")
        system.names.append((table, category, column))
        system.low.append(low)
        system.high.append(high)
        return len(system.names) - 1

    for category, a_cells in by_month.items():
        terms: dict[int, Fraction] = {}
        constant = Fraction(0)
        for column, cell in enumerate(a_cells):
            if isinstance(cell, int):
                constant -= cell
            else:
                terms[unknown("A", category, column, cell, a_cells)] = Fraction(1)
        a_terms, a_constant = dict(terms), constant
        if category in by_area:
            for column, cell in enumerate(by_area[category]):
                if isinstance(cell, int):
                    constant += cell
                else:
                    terms[unknown("B", category, column, cell, by_area[category])] = Fraction(-1)
            if terms:
                system.equations.append((terms, constant))  # Σ A hidden − Σ B hidden = Σ B shown − Σ A shown
        if totals and category in totals and a_terms:
            system.equations.append((a_terms, a_constant + totals[category]))
    return system


def eliminate(system: System) -> list[tuple[dict[int, Fraction], Fraction]]:
    """The reduced row echelon form of the equations (each row is itself an equation)."""
    rows = [(dict(terms), constant) for terms, constant in system.equations]
    reduced = []
    for variable in range(len(system.names)):
        pivot = next((row for row in rows if row[0].get(variable, 0) != 0), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        factor = pivot[0][variable]
        pivot = ({k: v / factor for k, v in pivot[0].items() if v != 0}, pivot[1] / factor)

        def reduce(row, variable=variable, pivot=pivot):
            coefficient = row[0].get(variable, 0)
            if coefficient == 0:
                return row
            terms = dict(row[0])
            for k, v in pivot[0].items():
                terms[k] = terms.get(k, 0) - coefficient * v
            return ({k: v for k, v in terms.items() if v != 0}, row[1] - coefficient * pivot[1])

        rows = [reduce(row) for row in rows]
        reduced = [reduce(row) for row in reduced]
        reduced.append(pivot)
    return reduced


def linearly_determined(system: System) -> set[int]:
    """Unknowns that the equations alone fix (an echelon row with one unknown left)."""
    return {next(iter(terms)) for terms, _constant in eliminate(system) if len(terms) == 1}


def propagate(system: System) -> tuple[list[float], list[float]]:
    """Narrow every unknown's range from each equation (original and derived)."""
    low, high = list(system.low), list(system.high)
    equations = system.equations + eliminate(system)
    changed = True
    while changed:
        changed = False
        for terms, constant in equations:
            for variable, coefficient in terms.items():
                rest_low = rest_high = Fraction(0)
                for other, c in terms.items():
                    if other == variable:
                        continue
                    lo, hi = (c * low[other], c * high[other]) if c > 0 else (c * high[other], c * low[other])
                    rest_low, rest_high = rest_low + lo, rest_high + hi
                # coefficient·x = constant − rest
                candidates = [(constant - rest_high) / coefficient, (constant - rest_low) / coefficient]
                new_low = _bound(min(candidates), math.ceil)
                new_high = _bound(max(candidates), math.floor)
                if new_low is not None and new_low > low[variable]:
                    low[variable], changed = new_low, True
                if new_high is not None and new_high < high[variable]:
                    high[variable], changed = new_high, True
    return low, high


def _infinite(value) -> bool:
    return isinstance(value, float) and math.isinf(value)


def _bound(value, rounding):
    if _infinite(value) or (isinstance(value, float) and math.isnan(value)):
        return None
    return rounding(value)


def search(system: System, low: list[float], high: list[float]) -> dict[int, set[int]]:
    """For each small group of linked unknowns with finite ranges, every value each can
    take (the exact answer, by trying every combination)."""
    groups = _groups(system)
    possible: dict[int, set[int]] = {}
    for group in groups:
        if any(math.isinf(high[v]) for v in group):
            continue
        ranges = [range(int(low[v]), int(high[v]) + 1) for v in group]
        if math.prod(len(r) for r in ranges) > SEARCH_LIMIT:
            continue
        equations = [eq for eq in system.equations if set(eq[0]) & set(group)]
        seen = {v: set() for v in group}
        for values in itertools.product(*ranges):
            assignment = dict(zip(group, values, strict=True))
            if all(sum(c * assignment[v] for v, c in terms.items()) == constant for terms, constant in equations):
                for v, value in assignment.items():
                    seen[v].add(value)
        possible.update(seen)
    return possible


def _groups(system: System) -> list[list[int]]:
    parent = list(range(len(system.names)))

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for terms, _constant in system.equations:
        variables = list(terms)
        for other in variables[1:]:
            parent[find(other)] = find(variables[0])
    groups: dict[int, list[int]] = {}
    for v in range(len(system.names)):
        groups.setdefault(find(v), []).append(v)
    return list(groups.values())


def attack(system: System, *, enough: int) -> list[str]:
    """What the attacker learns: every hidden cell narrowed to fewer than `enough`
    possible values (1 means worked out exactly)."""
    findings = []
    for variable in sorted(linearly_determined(system)):
        findings.append(f"{system.names[variable]} is fixed by the equations alone")
    low, high = propagate(system)
    for variable in range(len(system.names)):
        if high[variable] - low[variable] + 1 < enough:
            findings.append(f"{system.names[variable]} lies in {low[variable]}..{high[variable]}")
    for variable, values in search(system, low, high).items():
        if len(values) < enough:
            findings.append(f"{system.names[variable]} can only be {sorted(values)}")
    return findings
