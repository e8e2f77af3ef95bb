"""A year of work (2025) built through the real services at fixed times, so every
figure can be counted by hand. The expected numbers are written out in the tests,
not computed; this module only builds the data.

Reports (Asia/Jakarta time; "staff" means a routing decision by a named person):

  R1  10 Jan 09:00  fisik+psikis   Podosugih  P 13-17  web       in danger → LP-PAR high;
                    staff route at 09:30 (answered in time)
  R2  20 Jan 10:00  seksual        Podosugih  P 6-12   phone     LP-PAR medium, TPKS clock;
                    case opened 15:00 (in time); police report 22 Jan (in time)
  R3   5 Feb 08:00  pengasuhan     Kauman     L 25-44  walk-in   recorded by konselor → Puspaga low
  R4   6 Feb 08:00  konflik+fisik  outside    - -      web       LP-PAR medium; staff route 20:00 (late)
  R5   3 Mar 09:00  hak_asuh       Krapyak    P 18-24  WhatsApp  Puspaga low; escalated to LP-PAR
                    (medium) on 4 Mar 09:00 (answered in time on its low clock)
  R6  15 Mar 09:00  dokumen        Kauman     P 60+    web       Puspaga low; never answered
  R9   1 Apr 09:00  psikis         not given  - -      letter    LP-PAR medium; handed to Puspaga
                    (low) at 10:00 (in time)
  R10  1 Jun 09:00  seksual        not given  P 0-5    web       LP-PAR medium; never answered, no
                    police report (TPKS overdue)
  R7  31 Dec 23:30  eksploitasi    Krapyak    L 13-17  referral  LP-PAR medium; never answered
  R8   1 Jan 2026 00:30  fisik (the next year: in no 2025 figure)

Cases (LP-PAR): case 1 from R2 (victim: seksual+psikis; services kesehatan 21 Jan and
bantuan hukum 1 Feb; a referral sent 22 Jan, due 1 Feb, no outcome); case 2 opened
directly 5 May (victim: fisik; service kesehatan 6 May), closed 25 May.
"""

from datetime import date, datetime
from unittest import mock

from django.utils import timezone

from sigap.cases.models import Referral
from sigap.cases.services import (
    case_closure_decide,
    case_closure_request,
    case_open,
    case_tpks_police_report_made,
    consent_record,
    partner_ensure,
    referral_send,
    service_record,
    victim_add,
)
from sigap.intake.services import report_route, report_submit
from sigap.regions.models import Region

PODOSUGIH = "33.75.01.1003"
KAUMAN = "33.75.02.1004"
KRAPYAK = "33.75.03.1002"
SECRET_ACCOUNT = "Rahasia: Wulandari Kusumawati dipukul di rumah"
VICTIM_NAME = "Wulandari Kusumawati"


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2025) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def frozen(moment: datetime):
    return mock.patch.object(timezone, "now", return_value=moment)


def file_report(moment: datetime, categories: list[str], *, village: str = "", **fields):
    with frozen(moment):
        report, _code = report_submit(
            reporter_relation="self",
            categories=categories,
            account=SECRET_ACCOUNT,
            contact_method="none",
            consent=True,
            village=Region.objects.get(code=village) if village else None,
            **fields,
        )
    return report


def route(moment: datetime, report, *, actor, queue: str, risk: str):
    with frozen(moment):
        return report_route(actor=actor, report=report, queue=queue, risk=risk, reason="dibaca")


def build_year(test) -> dict:
    """The 2025 data above, made as `test`'s named people."""
    r = {}
    r[1] = file_report(at(1, 10), ["fisik", "psikis"], village=PODOSUGIH, subject_sex="P", subject_age_band="13-17", in_danger=True)  # fmt: skip
    route(at(1, 10, 9, 30), r[1], actor=test.petugas, queue="lppar", risk="high")
    r[2] = file_report(at(1, 20, 10), ["seksual"], village=PODOSUGIH, subject_sex="P", subject_age_band="6-12", channel="phone")  # fmt: skip
    r[3] = file_report(at(2, 5, 8), ["pengasuhan"], village=KAUMAN, subject_sex="L", subject_age_band="25-44", channel="walk_in", actor=test.konselor)  # fmt: skip
    r[4] = file_report(at(2, 6, 8), ["konflik_keluarga", "fisik"], outside_city=True)
    route(at(2, 6, 20), r[4], actor=test.petugas, queue="lppar", risk="medium")
    r[5] = file_report(at(3, 3), ["hak_asuh"], village=KRAPYAK, subject_sex="P", subject_age_band="18-24", channel="whatsapp")  # fmt: skip
    route(at(3, 4), r[5], actor=test.konselor, queue="lppar", risk="medium")
    r[6] = file_report(at(3, 15), ["dokumen_kependudukan"], village=KAUMAN, subject_sex="P", subject_age_band="60+")
    r[9] = file_report(at(4, 1), ["psikis"], channel="letter")
    route(at(4, 1, 10), r[9], actor=test.petugas, queue="puspaga", risk="low")
    r[10] = file_report(at(6, 1), ["seksual"], subject_sex="P", subject_age_band="0-5")
    r[7] = file_report(at(12, 31, 23, 30), ["eksploitasi"], village=KRAPYAK, subject_sex="L", subject_age_band="13-17", channel="referral")  # fmt: skip
    r[8] = file_report(at(1, 1, 0, 30, year=2026), ["fisik"])

    person = test.make_person(unit=test.lppar, responsible=test.manajer, full_name=VICTIM_NAME)
    with frozen(at(1, 20, 15)):
        case1 = case_open(actor=test.petugas, unit=test.lppar, report=r[2], assigned_to=test.manajer)
        victim1 = victim_add(actor=test.manajer, case=case1, person=person, violence_forms=["seksual", "psikis"])
    service_record(actor=test.manajer, case=case1, victim=victim1, service_type="kesehatan", delivered_on=date(2025, 1, 21), provider="RSUD")  # fmt: skip
    service_record(actor=test.manajer, case=case1, victim=victim1, service_type="bantuan_hukum", delivered_on=date(2025, 2, 1), provider="LBH")  # fmt: skip
    with frozen(at(1, 22)):
        case_tpks_police_report_made(actor=test.manajer, case=case1)
        consent = consent_record(actor=test.manajer, case=case1, purpose="polisi", items=["identity"])
        partner = partner_ensure(unit=test.lppar, name="Unit PPA Polres", kind="polisi")
        referral = referral_send(
            actor=test.manajer, case=case1, victim=victim1, partner=partner, consent=consent, purpose="-",
            shared_items=["identity"], due_date=date(2025, 2, 1),
        )  # fmt: skip
    # The model's default took the real clock (it is bound at import): set the day it was sent.
    Referral.objects.filter(pk=referral.pk).update(sent_at=at(1, 22))

    other = test.make_person(unit=test.lppar, responsible=test.manajer, full_name="Korban Dua", nik="3375014502100002")
    with frozen(at(5, 5)):
        case2 = case_open(actor=test.kepala, unit=test.lppar, assigned_to=test.manajer, summary="-")
        victim2 = victim_add(actor=test.manajer, case=case2, person=other, violence_forms=["fisik"])
        request = case_closure_request(actor=test.manajer, case=case2, reason="selesai")
    service_record(actor=test.manajer, case=case2, victim=victim2, service_type="kesehatan", delivered_on=date(2025, 5, 6), provider="RSUD")  # fmt: skip
    with frozen(at(5, 25)):
        case_closure_decide(actor=test.kepala, request=request, approve=True)
    return {"reports": r, "cases": [case1, case2]}
