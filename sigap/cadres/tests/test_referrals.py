from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.services import api_token_issue
from sigap.cadres.models import Referral
from sigap.cadres.tests.helpers import MEDONO, PODOSUGIH, make_cadre
from sigap.intake.choices import Channel, Queue, ReporterRelation, ReportStatus
from sigap.intake.services import report_route
from sigap.lib.ratelimit import reset_rate_limits
from sigap.test import BaseTestCase

ACCOUNT = "Anak tetangga di gang 3 sering ditinggal sendirian dan terlihat memar."


class ReferralTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cadre = make_cadre(cls, name="Sri Rahayu", user=cls.kader)
        cls.cadre.person.phone = "+6281234567890"
        cls.cadre.person.save()

    def setUp(self):
        reset_rate_limits()

    def refer(self, **overrides):
        data = {"categories": ["fisik"], "account": ACCOUNT, "place": PODOSUGIH, "in_danger": "no", "consent": "on"}
        self.login(self.kader)
        return self.client.post("/staf/kader/rujukan/baru/", {**data, **overrides})

    def test_a_referral_becomes_an_intake_report_through_the_cadre_channel(self):
        self.assertRedirects(self.refer(), "/staf/kader/rujukan/")
        referral = Referral.objects.select_related("report").get()
        report = referral.report
        self.assertEqual((report.channel, report.reporter_relation), (Channel.CADRE, ReporterRelation.CADRE))
        self.assertEqual((report.queue, report.account, report.village_id), (Queue.LPPAR, ACCOUNT, PODOSUGIH))
        self.assertEqual((report.reporter_name, report.contact_value), ("Sri Rahayu", "+6281234567890"))
        # It waits in the intake queue like any other report.
        self.login(self.petugas)
        self.assertContains(self.client.get("/staf/laporan/"), report.get_absolute_url())

    def test_the_cadre_sees_the_status_only_and_it_follows_triage(self):
        self.refer()
        referral = Referral.objects.select_related("report").get()
        self.login(self.kader)
        page = self.client.get("/staf/kader/rujukan/")
        self.assertContains(page, 'data-status="received"')
        self.assertNotContains(page, "memar")
        self.assertNotContains(page, referral.report.get_absolute_url())
        self.assertEqual(self.client.get(referral.report.get_absolute_url()).status_code, 404)
        report_route(
            actor=self.petugas, report=referral.report, queue=Queue.LPPAR, risk="high", reason="Kunjungan segera"
        )
        self.assertContains(self.client.get("/staf/kader/rujukan/"), 'data-status="in_progress"')
        referral.report.status = ReportStatus.CLOSED
        referral.report.save(update_fields=["status"])
        self.assertEqual(
            self.client.get("/api/v1/referrals", headers=self.bearer(self.kader)).json()["results"][0]["status"],
            "closed",
        )

    def bearer(self, user):
        return {"Authorization": f"Bearer {api_token_issue(actor=None, user=user)[1]}"}

    def test_another_cadre_does_not_see_it_and_the_head_does_with_a_link_to_the_report(self):
        self.refer()
        from sigap.accounts.choices import Role
        from sigap.accounts.services import membership_grant, user_ensure

        other_user, _ = user_ensure(username="kader2", display_name="Kader Dua", password="-")
        membership_grant(actor=None, user=other_user, unit=self.puspaga, role=Role.CADRE)
        TOTPDevice.objects.create(user=other_user, name="Demo", confirmed=True)
        make_cadre(self, name="Wulan Sari", village=MEDONO, user=other_user)
        self.login(other_user)
        self.assertEqual(list(self.client.get("/staf/kader/rujukan/").context["page"]), [])
        self.login(self.kepala)
        report = Referral.objects.get().report
        self.assertContains(self.client.get("/staf/kader/rujukan/"), report.get_absolute_url())

    def test_a_referral_needs_the_cadres_consent_and_an_account(self):
        response = self.refer(consent="", account="")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("consent"))
        self.assertFalse(Referral.objects.exists())

    def test_the_list_costs_the_same_for_2_or_20_referrals(self):
        for _ in range(2):
            self.refer()
        self.client.get("/staf/kader/rujukan/")
        with self.assertNumQueries(10):
            self.client.get("/staf/kader/rujukan/")
        for _ in range(18):
            self.refer()
        with self.assertNumQueries(10):
            self.client.get("/staf/kader/rujukan/")
