import csv
import io
from datetime import date

from openpyxl import load_workbook

from sigap.audit.models import AuditEvent
from sigap.cases.exports import COLUMNS, neutralise
from sigap.cases.models import Case
from sigap.cases.services import perpetrator_add, relation_set, service_record, victim_add
from sigap.cases.tests.base import CaseTestCase


class SimfoniExportTests(CaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Case.objects.filter(pk=cls.case.pk).update(
            incident_date=date(2026, 5, 10), place_category="rumah_tangga", is_kdrt=True, village_id="33.75.01.1003"
        )
        person = cls.make_person(
            unit=cls.lppar, full_name='=HYPERLINK("x")', nik="3375014502100001", birth_date=date(2010, 2, 5)
        )
        victim = victim_add(
            actor=cls.manajer,
            case=cls.case,
            person=person,
            violence_forms=["fisik", "psikis"],
            education="smp",
            occupation="pelajar",
        )
        perpetrator = perpetrator_add(actor=cls.manajer, case=cls.case, description="Ayah tiri", sex="L")
        relation_set(actor=cls.manajer, victim=victim, perpetrator=perpetrator, relationship="orang_tua")
        for kind in ("kesehatan", "kesehatan", "bantuan_hukum"):
            service_record(
                actor=cls.manajer,
                case=cls.case,
                victim=victim,
                service_type=kind,
                delivered_on=date(2026, 5, 12),
                provider="RSUD",
            )

    def rows(self, response) -> list[dict]:
        text = b"".join(response.streaming_content).decode()
        return list(csv.DictReader(io.StringIO(text)))

    def test_one_row_per_victim_in_simfoni_categories(self):
        self.login(self.kepala)
        response = self.client.get("/staf/kasus/ekspor/simfoni.csv")
        [row] = self.rows(response)
        self.assertEqual(list(row), COLUMNS)
        self.assertEqual(row["No Register"], self.case.number)
        self.assertEqual((row["Kecamatan"], row["Kelurahan"], row["KDRT"]), ("Pekalongan Barat", "Podosugih", "Ya"))
        self.assertEqual((row["Jenis Kelamin Korban"], row["Usia Korban"]), ("Perempuan", "13-17"))
        self.assertEqual((row["Pendidikan"], row["Pekerjaan"]), ("SMP", "Pelajar"))
        self.assertEqual(
            (row["Kekerasan Fisik"], row["Kekerasan Psikis"], row["Kekerasan Seksual"]), ("Ya", "Ya", "Tidak")
        )
        self.assertEqual((row["Kategori Lokasi"], row["Hubungan Pelaku"]), ("Rumah Tangga", "Orang Tua"))
        self.assertEqual(
            (row["Layanan Kesehatan"], row["Layanan Bantuan Hukum"], row["Layanan Pemulangan"]), ("2", "1", "0")
        )

    def test_cells_that_a_spreadsheet_would_run_are_neutralised(self):
        self.login(self.kepala)
        [row] = self.rows(self.client.get("/staf/kasus/ekspor/simfoni.csv"))
        self.assertTrue(row["Nama Korban"].startswith("'="))
        for dangerous in ("=1+1", "+1", "-1", "@SUM(A1)"):
            self.assertEqual(neutralise(dangerous), "'" + dangerous)
        self.assertEqual(neutralise("Ani"), "Ani")

    def test_the_xlsx_has_the_same_columns_and_rows(self):
        self.login(self.kepala)
        response = self.client.get("/staf/kasus/ekspor/simfoni.xlsx")
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), COLUMNS)
        self.assertEqual(rows[1][0], self.case.number)

    def test_every_export_is_in_the_access_log_and_only_the_head_may_export(self):
        self.login(self.kepala)
        self.client.get("/staf/kasus/ekspor/simfoni.csv?from=2026-01-01&to=2026-12-31")
        event = AuditEvent.objects.get(action="export")
        self.assertEqual(event.changes["from"], "2026-01-01")
        self.login(self.manajer)
        self.assertEqual(self.client.get("/staf/kasus/ekspor/simfoni.csv").status_code, 403)

    def test_the_export_costs_the_same_number_of_queries_for_1_or_20_victims(self):
        self.login(self.kepala)
        self.count_queries()  # the first request after login also saves the session
        few = self.count_queries()
        for n in range(19):
            person = self.make_person(unit=self.lppar, full_name=f"Korban {n}", nik=f"33750145021{n:05d}")
            victim_add(actor=self.manajer, case=self.case, person=person, violence_forms=["psikis"])
        self.assertEqual(len(self.count_queries()), len(few))

    def count_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = self.client.get("/staf/kasus/ekspor/simfoni.csv")
            b"".join(response.streaming_content)
        return captured.captured_queries


class SimfoniExportUnitTests(CaseTestCase):
    def test_the_export_can_be_narrowed_to_one_of_the_heads_units(self):
        from sigap.cases.services import victim_add

        person = self.make_person(unit=self.lppar, full_name="Ani", nik="3375014502100001")
        victim_add(actor=self.manajer, case=self.case, person=person, violence_forms=["fisik"])
        self.login(self.kepala)

        def rows(unit):
            return list(
                csv.DictReader(
                    io.StringIO(
                        b"".join(
                            self.client.get(f"/staf/kasus/ekspor/simfoni.csv?unit={unit}").streaming_content
                        ).decode()
                    )
                )
            )

        self.assertEqual(len(rows("lppar-pekalongan")), 1)
        self.assertEqual(rows("puspaga-pekalongan"), [])
        self.assertEqual(rows("lppar-batang"), [])  # not one of hers: nothing, not an error
