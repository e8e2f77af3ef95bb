"""The community satisfaction index (IKM / SKM) of PermenPANRB 14/2017, computed exactly.

- NRR per element (unsur) = the sum of its scores ÷ the number of answers to it.
- Weight = 1/9 exactly (not 0.111, which makes results drift).
- IKM = Σ (NRR × 1/9) × 25, i.e. the mean of the nine NRR × 25: between 25 and 100.
- Grade (mutu) and performance (kinerja) are read from the IKM rounded half-up to two
  decimals: below 65.00 D "Tidak baik", below 76.61 C "Kurang baik", below 88.31 B
  "Baik", else A "Sangat baik".

Everything is a Fraction until the one rounding for display and grading, so no
floating-point error enters. Pure functions: no database, no Django models.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

SCALE = (1, 2, 3, 4)
WEIGHT = Fraction(1, 9)
MULTIPLIER = 25


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    answers: tuple[str, str, str, str]  # the labels of scores 1, 2, 3 and 4


# The nine elements in the Permen's order, keyed by code (some forms swap U8 and U9).
# The Indonesian catalogue must carry the questionnaires' exact wording, given in the
# translators' comments.
ELEMENTS = (
    Element(
        "U1",
        # Translators: Persyaratan
        _("Requirements"),
        # Translators: Tidak sesuai / Kurang sesuai / Sesuai / Sangat sesuai
        (_("Not appropriate"), _("Less appropriate"), _("Appropriate"), _("Very appropriate")),
    ),
    Element(
        "U2",
        # Translators: Sistem, Mekanisme, dan Prosedur
        _("System, mechanism and procedure"),
        # Translators: Tidak mudah / Kurang mudah / Mudah / Sangat mudah
        (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy")),
    ),
    Element(
        "U3",
        # Translators: Waktu Penyelesaian
        _("Time to complete"),
        # Translators: Tidak cepat / Kurang cepat / Cepat / Sangat cepat
        (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast")),
    ),
    Element(
        "U4",
        # Translators: Biaya/Tarif
        _("Cost / fee"),
        # Translators: Sangat mahal / Cukup mahal / Murah / Gratis
        (_("Very expensive"), _("Fairly expensive"), _("Cheap"), _("Free of charge")),
    ),
    Element(
        "U5",
        # Translators: Produk Spesifikasi Jenis Pelayanan
        _("What the service delivers"),
        # Translators: Tidak sesuai / Kurang sesuai / Sesuai / Sangat sesuai
        (_("Not appropriate"), _("Less appropriate"), _("Appropriate"), _("Very appropriate")),
    ),
    Element(
        "U6",
        # Translators: Kompetensi Pelaksana
        _("Competence of the staff"),
        # Translators: Tidak kompeten / Kurang kompeten / Kompeten / Sangat kompeten
        (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent")),
    ),
    Element(
        "U7",
        # Translators: Perilaku Pelaksana
        _("Conduct of the staff"),
        # Translators: Tidak sopan dan ramah / Kurang sopan dan ramah / Sopan dan ramah / Sangat sopan dan ramah
        (
            _("Not polite and friendly"),
            _("Less polite and friendly"),
            _("Polite and friendly"),
            _("Very polite and friendly"),
        ),
    ),
    Element(
        "U8",
        # Translators: Penanganan Pengaduan, Saran dan Masukan
        _("Handling of complaints, suggestions and feedback"),
        # Translators: Tidak ada / Ada tetapi tidak berfungsi / Berfungsi kurang maksimal / Dikelola dengan baik
        (_("None"), _("Exists but does not work"), _("Works, but not fully"), _("Well managed")),
    ),
    Element(
        "U9",
        # Translators: Sarana dan Prasarana
        _("Facilities"),
        # Translators: Buruk / Cukup / Baik / Sangat Baik
        (_("Poor"), _("Adequate"), _("Good"), _("Very good")),
    ),
)
CODES = tuple(element.code for element in ELEMENTS)

# (upper bound, exclusive, on the rounded IKM; grade; performance)
GRADES = (
    (Decimal("65.00"), "D", _("Poor (Tidak baik)")),
    (Decimal("76.61"), "C", _("Fair (Kurang baik)")),
    (Decimal("88.31"), "B", _("Good (Baik)")),
)
TOP_GRADE = ("A", _("Very good (Sangat baik)"))


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    nrr: dict[str, Fraction]
    ikm: Fraction | None
    ikm_rounded: Decimal | None
    grade: str
    performance: str

    def nrr_rounded(self, places: int = 3) -> dict[str, Decimal]:
        return {code: round_half_up(value, places) for code, value in self.nrr.items()}


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact non-negative value half-up (the way people round by hand)."""
    if value < 0:
        raise ValueError("IKM values are never negative")
    scale = 10**places
    scaled = value * scale
    whole = int(scaled)  # floor, for a non-negative value
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Decimal(whole).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def grade_for(ikm_rounded: Decimal) -> tuple[str, str]:
    for bound, grade, performance in GRADES:
        if ikm_rounded < bound:
            return grade, str(performance)
    return TOP_GRADE[0], str(TOP_GRADE[1])


def validate_scores(scores: Sequence[object]) -> list[int]:
    """Nine whole numbers from 1 to 4, or ValueError saying what is wrong."""
    if len(scores) != len(CODES):
        raise ValueError(f"expected {len(CODES)} scores, got {len(scores)}")
    checked = []
    for code, score in zip(CODES, scores, strict=True):
        if isinstance(score, bool) or not isinstance(score, int) or score not in SCALE:
            raise ValueError(f"{code} must be a whole number from 1 to 4, not {score!r}")
        checked.append(score)
    return checked


def compute(rows: Iterable[Sequence[int]]) -> IkmResult:
    """The IKM of these respondents (each a row of nine scores, U1 to U9)."""
    totals = [0] * len(CODES)
    respondents = 0
    for row in rows:
        for index, score in enumerate(validate_scores(row)):
            totals[index] += score
        respondents += 1
    if respondents == 0:
        return IkmResult(respondents=0, nrr={}, ikm=None, ikm_rounded=None, grade="", performance="")
    nrr = {code: Fraction(total, respondents) for code, total in zip(CODES, totals, strict=True)}
    ikm = sum((value * WEIGHT for value in nrr.values()), Fraction(0)) * MULTIPLIER
    rounded = round_half_up(ikm)
    grade, performance = grade_for(rounded)
    return IkmResult(
        respondents=respondents, nrr=nrr, ikm=ikm, ikm_rounded=rounded, grade=grade, performance=performance
    )
