"""Builders the cadres tests share: a cadre trained in a Kelas Kader, and their outreach."""

from datetime import timedelta

from django.utils import timezone

from sigap.cadres.models import Cadre, OutreachActivity, OutreachTopic
from sigap.cadres.services import cadre_enrol, outreach_record, topics_add_standard
from sigap.classes.tests.helpers import CADRE_TRAINING, finished_cohort
from sigap.regions.models import Region

PODOSUGIH = "33.75.01.1003"
MEDONO = "33.75.01.1002"
KRAPYAK = "33.75.03.1002"


def make_cadre(test, *, name: str = "Sri Rahayu", village: str = PODOSUGIH, user=None, cohort_name=None) -> Cadre:
    """A graduate of a Kelas Kader, enrolled as a cadre by the head."""
    _cohort, (participant,) = finished_cohort(
        test, names=[name], program_name=CADRE_TRAINING, name=cohort_name or f"Kader {name}"
    )
    return cadre_enrol(
        actor=test.kepala,
        certificate=participant.certificate,
        village=Region.objects.get(code=village),
        consent=True,
        user=user,
    )


def topic(name: str = "Pengasuhan positif") -> OutreachTopic:
    topics_add_standard(actor=None)
    return OutreachTopic.objects.get(name=name)


def make_outreach(
    test, cadre: Cadre, *, days_ago: int = 1, village: str | None = None, women: int = 10, men: int = 4, **extra
) -> OutreachActivity:
    return outreach_record(
        actor=cadre.user or test.kepala,
        cadre=cadre,
        topic=topic(),
        held_on=timezone.localdate() - timedelta(days=days_ago),
        place="Balai RW 05",
        village=Region.objects.get(code=village or cadre.village_id),
        headcounts={("P", "25-44"): women, ("L", "25-44"): men},
        **extra,
    )
