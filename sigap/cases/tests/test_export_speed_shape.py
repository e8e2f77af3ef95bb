"""The SIMFONI export's rows as the one-statement query builds them: relationships,
referrals and services per victim, the period in local days, the order of the rows,
and the same bytes whatever the batch size."""

import csv
import io
from datetime import date, datetime, timedelta
from unittest import mock

from django.utils import timezone
from openpyxl import load_workbook

from sigap.cases import exports
from sigap.cases.models import Case, CodeListEntry
from sigap.cases.services import (
    case_restrict,
    consent_record,
    partner_ensure,
    perpetrator_add,
    referral_send,
    relation_set,
    service_record,
    victim_add,
)
from sigap.cases.tests.base import CaseTestCase

PERIOD = "from=2026-05-01&to=2026-05-31"


class ExportShapeTests(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.opened = timezone.make_aware(datetime(2026, 5, 10, 9, 0))
        Case.objects.filter(pk=cls.case.pk).update(opened_at=cls.opened)
        cls.case.refresh_from_db()
        cls.ani = cls.victim(cls.case, "Ani", "3375014502100001", violence_forms=["fisik", "seksual"])
        cls.budi = cls.victim(cls.case, "Budi", "3375014502100002", sex="L")
        stepfather = perpetrator_add(actor=cls.manajer, case=cls.case, description="Ayah tiri", sex="L")
        neighbour = perpetrator_add(actor=cls.manajer, case=cls.case, description="Tetangga", sex="L")
        relation_set(actor=cls.manajer, victim=cls.ani, perpetrator=neighbour, relationship="tetangga")
        relation_set(actor=cls.manajer, victim=cls.ani, perpetrator=stepfather, relationship="orang_tua")
        for kind in ("kesehatan", "kesehatan", "pengaduan"):
            service_record(
                actor=cls.manajer,
                case=cls.case,
                victim=cls.ani,
                service_type=kind,
                delivered_on=date(2026, 5, 12),
                provider="RSUD",
            )
        consent = consent_record(actor=cls.manajer, case=cls.case, purpose="Rujukan", items=["identitas"])
        police = partner_ensure(unit=cls.lppar, name="Unit PPA Polres", kind="polisi")
        for _n in range(2):
            referral_send(
                actor=cls.manajer,
                case=cls.case,
                victim=cls.ani,
                partner=police,
                consent=consent,
                purpose="Laporan polisi",
                shared_items=["identitas"],
                due_date=date(2026, 5, 20),
            )

    @classmethod
    def victim(cls, case, name, nik, sex="P", **facts):
        person = cls.make_person(unit=cls.lppar, full_name=name, nik=nik, sex=sex)
        facts.setdefault("violence_forms", ["psikis"])
        return victim_add(actor=cls.manajer, case=case, person=person, **facts)

    def open_at(self, when: datetime, name: str, nik: str):
        case = self.open_case()
        Case.objects.filter(pk=case.pk).update(opened_at=timezone.make_aware(when))
        self.victim(case, name, nik)
        return case

    def csv_text(self, query=PERIOD) -> str:
        self.login(self.kepala)
        response = self.client.get(f"/staf/kasus/ekspor/simfoni.csv?{query}")
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content).decode()

    def rows(self, query=PERIOD) -> list[dict]:
        return list(csv.DictReader(io.StringIO(self.csv_text(query))))

    def test_relationships_referrals_and_services_of_each_victim(self):
        ani, budi = self.rows()
        self.assertEqual((ani["Nama Korban"], budi["Nama Korban"]), ("Ani", "Budi"))
        self.assertEqual(ani["Hubungan Pelaku"], "Tetangga; Orang Tua")  # in the order recorded
        self.assertEqual(budi["Hubungan Pelaku"], "")
        self.assertEqual((ani["Jumlah Rujukan"], budi["Jumlah Rujukan"]), ("2", "0"))
        self.assertEqual(
            (ani["Layanan Kesehatan"], ani["Layanan Pengaduan"], ani["Layanan Pemulangan"]), ("2", "1", "0")
        )
        self.assertEqual((budi["Layanan Kesehatan"], budi["Layanan Pengaduan"]), ("0", "0"))
        self.assertEqual(
            (ani["Kekerasan Fisik"], ani["Kekerasan Seksual"], ani["Kekerasan Psikis"]), ("Ya", "Ya", "Tidak")
        )
        self.assertEqual(budi["Kekerasan Fisik"], "Tidak")
        self.assertEqual((ani["Jenis Kelamin Korban"], budi["Jenis Kelamin Korban"]), ("Perempuan", "Laki-laki"))
        self.assertEqual((ani["Tanggal Pelaporan"], ani["Kecamatan"], ani["Kelurahan"]), ("2026-05-10", "", ""))

    def test_the_same_bytes_whatever_the_batch_size(self):
        whole = self.csv_text()
        for size in (1, 2, 3):
            with mock.patch.object(exports, "BATCH_SIZE", size):
                self.assertEqual(self.csv_text(), whole)

    def test_the_period_is_whole_local_days_and_rows_go_in_order_of_opening(self):
        self.open_at(datetime(2026, 5, 31, 23, 59), "Akhir", "3375014502100003")
        self.open_at(datetime(2026, 5, 1, 0, 0), "Awal", "3375014502100004")
        self.open_at(datetime(2026, 4, 30, 23, 59), "Sebelum", "3375014502100005")
        self.open_at(datetime(2026, 6, 1, 0, 0), "Sesudah", "3375014502100006")
        rows = self.rows()
        self.assertEqual([row["Nama Korban"] for row in rows], ["Awal", "Ani", "Budi", "Akhir"])
        self.assertEqual(
            [row["Tanggal Pelaporan"] for row in rows], ["2026-05-01", "2026-05-10", "2026-05-10", "2026-05-31"]
        )
        one_day = [row["Nama Korban"] for row in self.rows("from=2026-05-31&to=2026-05-31")]
        self.assertEqual(one_day, ["Akhir"])

    def test_restricted_cases_are_left_out(self):
        case = self.open_at(datetime(2026, 5, 11, 8, 0), "Rahasia", "3375014502100007")
        case_restrict(actor=self.kepala, case=case, restricted=True, named=[self.manajer])
        self.assertEqual([row["Nama Korban"] for row in self.rows()], ["Ani", "Budi"])

    def test_code_list_labels_are_neutralised_in_csv_and_xlsx(self):
        CodeListEntry.objects.filter(code="smp").update(simfoni_label="=SMP")
        Case.objects.filter(pk=self.case.pk).update(incident_date=self.opened.date() - timedelta(days=1))
        type(self.ani).objects.filter(pk=self.ani.pk).update(education="smp")
        ani, _budi = self.rows()
        self.assertEqual(ani["Pendidikan"], "'=SMP")
        response = self.client.get(f"/staf/kasus/ekspor/simfoni.xlsx?{PERIOD}")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        header, first, _second = sheet.iter_rows(values_only=True)
        self.assertEqual(list(header), exports.COLUMNS)
        row = dict(zip(header, first, strict=True))
        self.assertEqual(row["Pendidikan"], "'=SMP")
        self.assertEqual(row["Tanggal Kejadian"], "2026-05-09")
        self.assertEqual((row["Jumlah Rujukan"], row["Layanan Kesehatan"]), (2, 2))  # numbers, not text

    def test_the_queries_do_not_grow_with_victims_relationships_or_services(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        def count():
            with CaptureQueriesContext(connection) as captured:
                self.csv_text()
            return len(captured.captured_queries)

        self.login(self.kepala)
        count()  # the first request after login also saves the session
        before = count()
        for n in range(5):
            victim = self.victim(self.case, f"Korban {n}", f"33750145021100{n:02d}")
            perpetrator = perpetrator_add(actor=self.manajer, case=self.case, description="Paman", sex="L")
            relation_set(actor=self.manajer, victim=victim, perpetrator=perpetrator, relationship="keluarga")
            service_record(
                actor=self.manajer,
                case=self.case,
                victim=victim,
                service_type="bantuan_hukum",
                delivered_on=date(2026, 5, 12),
                provider="LBH",
            )
        self.assertEqual(count(), before)
        self.assertEqual(len(self.rows()), 7)


class ExportPeriodBoundsTests(CaseTestCase):
    def test_a_period_far_outside_the_records_years_is_not_found_instead_of_failing(self):
        self.login(self.kepala)
        for query in ("from=0001-01-01&to=2026-01-31", "from=2026-01-01&to=9999-12-31"):
            response = self.client.get(f"/staf/kasus/ekspor/simfoni.csv?{query}")
            with self.subTest(query=query):
                self.assertEqual(response.status_code, 404)
