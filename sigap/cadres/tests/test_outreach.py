from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from sigap.cadres.choices import CadreStatus
from sigap.cadres.models import Cadre, OutreachActivity, Referral
from sigap.cadres.services import cadre_update, referral_submit
from sigap.cadres.tests.helpers import MEDONO, PODOSUGIH, make_cadre, make_outreach, topic
from sigap.test import BaseTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class OutreachTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cadre = make_cadre(cls, name="Sri Rahayu", user=cls.kader)
        cls.colleague = make_cadre(cls, name="Wulan Sari", village=MEDONO)

    def form(self, **overrides):
        data = {
            "topic": topic("Deteksi dini kekerasan").pk,
            "held_on": (timezone.localdate() - timedelta(days=2)).isoformat(),
            "place": "Balai RW 05",
            "village": PODOSUGIH,
            "notes": "Ibu-ibu bertanya tentang tanda kekerasan pada anak.",
            "n_P_25_44": "12",
            "n_L_25_44": "3",
            "n_P_13_17": "2",
        }
        return {**data, **overrides}

    def test_a_cadre_reports_a_session_with_counts_by_sex_and_age_and_a_photo(self):
        self.login(self.kader)
        photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
        response = self.client.post("/staf/kader/penyuluhan/baru/", {**self.form(), "photo": photo})
        activity = OutreachActivity.objects.get()
        self.assertRedirects(response, activity.get_absolute_url())
        counts = {(h.sex, h.age_band): h.count for h in activity.headcounts.all()}
        self.assertEqual(counts, {("P", "25-44"): 12, ("L", "25-44"): 3, ("P", "13-17"): 2})
        self.assertEqual((activity.cadre, activity.recorded_by), (self.cadre, self.kader))
        # Notes and photo are encrypted at rest; the gate's download decrypts the photo.
        with connection.cursor() as cursor:
            cursor.execute("SELECT notes FROM cadres_outreachactivity WHERE id = %s", [activity.pk])
            self.assertNotIn("tanda kekerasan", cursor.fetchone()[0])
        with default_storage.open(activity.photo_name, "rb") as stored:
            self.assertNotIn(b"PNG", stored.read())
        download = self.client.get(f"/staf/kader/penyuluhan/{activity.pk}/foto/")
        self.assertEqual((download.content, download["Content-Type"]), (PNG, "image/png"))

    def test_a_file_that_is_not_a_photo_is_refused_and_the_rest_is_kept(self):
        self.login(self.kader)
        fake = SimpleUploadedFile("foto.png", b"%PDF-1.4 not a photo", content_type="image/png")
        response = self.client.post("/staf/kader/penyuluhan/baru/", {**self.form(), "photo": fake})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("photo"))
        self.assertContains(response, "Balai RW 05", status_code=400)
        self.assertFalse(OutreachActivity.objects.exists())

    def test_a_session_needs_people_and_a_date_that_is_not_in_the_future(self):
        self.login(self.kader)
        empty = self.form(n_P_25_44="", n_L_25_44="", n_P_13_17="")
        self.assertEqual(self.client.post("/staf/kader/penyuluhan/baru/", empty).status_code, 400)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = self.client.post("/staf/kader/penyuluhan/baru/", self.form(held_on=tomorrow))
        self.assertTrue(response.context["form"].has_error("held_on"))
        self.assertFalse(OutreachActivity.objects.exists())

    def test_a_cadre_sees_only_their_own_reports_and_the_head_sees_all(self):
        own = make_outreach(self, self.cadre)
        other = make_outreach(self, self.colleague)
        self.login(self.kader)
        self.assertEqual([a.pk for a in self.client.get("/staf/kader/penyuluhan/").context["page"]], [own.pk])
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 404)
        self.login(self.kepala)
        self.assertEqual({a.pk for a in self.client.get("/staf/kader/penyuluhan/").context["page"]}, {own.pk, other.pk})

    def test_a_paused_cadre_cannot_report(self):
        cadre_update(actor=self.kepala, cadre=self.cadre, status=CadreStatus.PAUSED)
        with self.assertRaises(ValidationError):
            make_outreach(self, self.cadre)

    def test_a_cadre_ended_while_their_post_was_on_its_way_can_neither_report_nor_refer(self):
        # The page (or API call) read the cadre as active; the head ended them before it saved.
        as_read = Cadre.objects.get(pk=self.cadre.pk)
        cadre_update(actor=self.kepala, cadre=Cadre.objects.get(pk=self.cadre.pk), status=CadreStatus.ENDED)
        self.assertEqual(as_read.status, CadreStatus.ACTIVE)
        with self.assertRaises(ValidationError):
            make_outreach(self, as_read)
        with self.assertRaises(ValidationError):
            referral_submit(actor=self.kepala, cadre=as_read, consent=True, categories=["fisik"], account="Memar.")
        self.assertFalse(OutreachActivity.objects.filter(cadre=self.cadre).exists())
        self.assertFalse(Referral.objects.filter(cadre=self.cadre).exists())

    def test_staff_define_topics_and_only_active_ones_are_offered(self):
        self.login(self.kepala)
        self.client.post("/staf/kader/topik/", {"name": "Bahaya judi online bagi keluarga"})
        self.login(self.kader)
        offered = self.client.get("/staf/kader/penyuluhan/baru/").context["form"].fields["topic"].queryset
        self.assertIn("Bahaya judi online bagi keluarga", [t.name for t in offered])

    def test_the_api_takes_a_report_from_the_cadre_and_lists_their_own(self):
        from sigap.accounts.services import api_token_issue

        headers = {"Authorization": f"Bearer {api_token_issue(actor=None, user=self.kader)[1]}"}
        payload = {
            "topic": topic().pk,
            "held_on": timezone.localdate().isoformat(),
            "place": "Posyandu Melati",
            "village": PODOSUGIH,
            "headcounts": [{"sex": "P", "age_band": "25-44", "count": 9}, {"sex": "L", "age_band": "60+", "count": 1}],
        }
        response = self.client.post("/api/v1/outreach", payload, content_type="application/json", headers=headers)
        self.assertEqual(response.status_code, 201)
        make_outreach(self, self.colleague)
        listing = self.client.get("/api/v1/outreach", headers=headers).json()["results"]
        self.assertEqual([(a["place"], a["participants"]) for a in listing], [("Posyandu Melati", 10)])

    def test_the_list_costs_the_same_for_3_or_30_reports(self):
        for _ in range(3):
            make_outreach(self, self.cadre)
        self.login(self.kader)
        self.client.get("/staf/kader/penyuluhan/")
        with self.assertNumQueries(10):
            self.client.get("/staf/kader/penyuluhan/")
        for _ in range(27):
            make_outreach(self, self.cadre)
        with self.assertNumQueries(10):
            self.client.get("/staf/kader/penyuluhan/")
