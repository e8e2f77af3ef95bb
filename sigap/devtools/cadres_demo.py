"""Demo cadres for Kota Pekalongan, built through the cadres services: the standard
topics; the graduates of the demo Kelas Kader (classes_demo) enrolled as cadres in four
kelurahan, the first with the demo account `kader`; their outreach sessions over the
last months; and one early-detection referral. Idempotent."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from sigap.accounts.models import OrgUnit, User
from sigap.cadres.models import Cadre, OutreachActivity, OutreachTopic, Referral
from sigap.cadres.services import cadre_enrol, outreach_record, referral_submit, topics_add_standard
from sigap.classes.choices import ProgramKind
from sigap.classes.models import Certificate
from sigap.regions.models import Region

# Podosugih, Medono, Krapyak, Kauman.
VILLAGES = ["33.75.01.1003", "33.75.01.1002", "33.75.03.1002", "33.75.02.1004"]
TOPICS = ["Pengasuhan positif", "Deteksi dini kekerasan", "Siklus sosial"]


@transaction.atomic
def build(units: dict[str, OrgUnit], users: dict[str, User]) -> None:
    topics_add_standard(actor=None)
    head = users["kepala"]
    graduates = (
        Certificate.objects.filter(
            revoked_at__isnull=True, participant__registration__cohort__program__kind=ProgramKind.CADRE
        )
        .exclude(participant__person__in=Cadre.objects.values("person"))
        .select_related("participant__person", "participant__registration__cohort__program")
        .order_by("participant__person__full_name")
    )
    for certificate in graduates:
        n = Cadre.objects.count()
        login = users["kader"] if not Cadre.objects.filter(user=users["kader"]).exists() else None
        cadre_enrol(
            actor=head,
            certificate=certificate,
            village=Region.objects.get(code=VILLAGES[n % len(VILLAGES)]),
            consent=True,
            user=login,
        )
    today = timezone.localdate()
    for n, cadre in enumerate(Cadre.objects.select_related("user", "village")):
        if OutreachActivity.objects.filter(cadre=cadre).exists():
            continue
        for month in range(4):
            outreach_record(
                actor=cadre.user or head,
                cadre=cadre,
                topic=OutreachTopic.objects.get(name=TOPICS[(n + month) % len(TOPICS)]),
                held_on=today - timedelta(days=30 * month + 3 + n),
                place=f"Balai RW 0{1 + (n + month) % 9}",
                village=cadre.village,
                headcounts={("P", "25-44"): 12 + n + month, ("L", "25-44"): 3 + month, ("P", "45-59"): 4},
                notes="Peserta aktif bertanya. Perlu materi lanjutan.",
            )
    kader = Cadre.objects.filter(user=users["kader"]).first()
    if kader is not None and not Referral.objects.filter(cadre=kader).exists():
        referral_submit(
            actor=users["kader"],
            cadre=kader,
            consent=True,
            categories=["penelantaran"],
            account="Dua anak kecil sering ditinggal sendirian sampai malam; tetangga khawatir.",
            village=kader.village,
            subject_age_band="0-5",
        )
