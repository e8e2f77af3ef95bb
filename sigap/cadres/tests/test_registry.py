from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command

from sigap.accounts.choices import Role
from sigap.accounts.models import Membership, User
from sigap.accounts.services import api_token_authenticate, api_token_issue, membership_grant
from sigap.audit.models import AuditEvent
from sigap.cadres.choices import CadreStatus
from sigap.cadres.models import Cadre
from sigap.cadres.services import cadre_enrol, cadre_update
from sigap.cadres.tests.helpers import MEDONO, PODOSUGIH, make_cadre
from sigap.classes.tests.helpers import CADRE_TRAINING, finished_cohort
from sigap.regions.models import Region
from sigap.test import BaseTestCase


class CadreRegistryTests(BaseTestCase):
    def test_a_kelas_kader_graduate_becomes_a_cadre_with_consent_through_the_page(self):
        _cohort, (graduate,) = finished_cohort(self, names=["Sri Rahayu"], program_name=CADRE_TRAINING)
        self.login(self.kepala)
        form = self.client.get("/staf/kader/baru/").context["form"]
        self.assertEqual(list(form.fields["certificate"].queryset), [graduate.certificate])
        data = {"certificate": graduate.certificate.pk, "village": PODOSUGIH, "user": self.kader.pk}
        self.assertTrue(self.client.post("/staf/kader/baru/", data).context["form"].has_error("consent"))
        response = self.client.post("/staf/kader/baru/", {**data, "consent": "on"})
        cadre = Cadre.objects.get()
        self.assertRedirects(response, cadre.get_absolute_url())
        self.assertEqual((cadre.person, cadre.user, cadre.village_id), (graduate.person, self.kader, PODOSUGIH))
        self.assertEqual(cadre.status, CadreStatus.ACTIVE)
        self.assertIsNotNone(cadre.consent_at)
        # Enrolled once: the graduate is no longer offered.
        self.assertEqual(list(self.client.get("/staf/kader/baru/").context["form"].fields["certificate"].queryset), [])

    def test_a_premarital_certificate_does_not_make_a_cadre(self):
        _cohort, (couple,) = finished_cohort(self, names=["Siti Aminah"])
        with self.assertRaises(ValidationError):
            cadre_enrol(
                actor=self.kepala,
                certificate=couple.certificate,
                village=Region.objects.get(code=PODOSUGIH),
                consent=True,
            )

    def test_the_registry_shows_status_area_and_training_history(self):
        cadre = make_cadre(self, name="Sri Rahayu")
        self.login(self.kepala)
        self.assertContains(self.client.get("/staf/kader/"), "Sri Rahayu")
        page = self.client.get(cadre.get_absolute_url())
        self.assertContains(page, "Podosugih")
        self.assertContains(page, CADRE_TRAINING)
        self.assertContains(page, cadre.training.code)

    def test_a_cadre_opens_their_own_record_but_not_a_colleagues(self):
        own = make_cadre(self, name="Sri Rahayu", user=self.kader)
        other = make_cadre(self, name="Wulan Sari", village=MEDONO)
        self.login(self.kader)
        self.assertEqual(self.client.get(own.get_absolute_url()).status_code, 200)
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get("/staf/kader/").status_code, 403)

    def test_the_head_pauses_a_cadre_and_moves_them_to_another_kelurahan(self):
        cadre = make_cadre(self)
        self.login(self.kepala)
        response = self.client.post(f"/staf/kader/{cadre.pk}/ubah/", {"status": "paused", "village": MEDONO})
        self.assertRedirects(response, cadre.get_absolute_url())
        cadre.refresh_from_db()
        self.assertEqual((cadre.status, cadre.village_id), (CadreStatus.PAUSED, MEDONO))

    def test_ending_a_cadre_takes_the_cadre_role_and_closes_an_account_left_with_none(self):
        cadre = make_cadre(self, user=self.kader)
        self.login(self.kader)
        self.assertEqual(self.client.get(cadre.get_absolute_url()).status_code, 200)
        cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.ENDED)
        kader = User.objects.get(pk=self.kader.pk)
        self.assertFalse(kader.is_active)
        self.assertFalse(Membership.objects.filter(user=kader).exists())
        # Their session ends at once: the next request asks them to log in.
        response = self.client.get(cadre.get_absolute_url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/masuk/", response["Location"])
        logged = AuditEvent.objects.filter(target_type="accounts.user", target_id=str(kader.pk), actor=self.kepala)
        self.assertEqual(
            sorted(logged.values_list("action", "reason")), [("change", "cadre_left"), ("revoke_role", "cadre_left")]
        )

    def test_ending_a_cadre_whose_account_holds_another_role_takes_only_the_cadre_role(self):
        cadre = make_cadre(self, user=self.kader)
        membership_grant(actor=None, user=self.kader, unit=self.puspaga, role=Role.FACILITATOR)
        cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.ENDED)
        kader = User.objects.get(pk=self.kader.pk)
        self.assertTrue(kader.is_active)
        self.assertEqual(list(Membership.objects.filter(user=kader).values_list("role", flat=True)), [Role.FACILITATOR])

    def test_the_head_ends_a_cadre_and_takes_them_back_through_the_page_keeping_the_account_link(self):
        cadre = make_cadre(self, user=self.kader)
        self.login(self.kepala)
        url = f"/staf/kader/{cadre.pk}/ubah/"
        self.assertContains(self.client.get(cadre.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en"), "closes the account")
        data = {"village": PODOSUGIH, "user": self.kader.pk}
        self.assertRedirects(self.client.post(url, {**data, "status": "ended"}), cadre.get_absolute_url())
        self.assertFalse(User.objects.get(pk=self.kader.pk).is_active)
        # Taken back with the same account: accepted; the role is the administrator's to give.
        self.assertRedirects(self.client.post(url, {**data, "status": "active"}), cadre.get_absolute_url())
        cadre.refresh_from_db()
        self.assertEqual((cadre.status, cadre.user_id), (CadreStatus.ACTIVE, self.kader.pk))

    def test_ending_a_cadre_revokes_their_accounts_api_tokens(self):
        cadre = make_cadre(self, user=self.kader)
        token, secret = api_token_issue(actor=None, user=self.kader)
        cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.ENDED)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertIsNone(api_token_authenticate(token=secret))

    def test_the_account_of_a_cadre_who_leaves_cannot_be_swapped_or_dropped_on_the_way_out(self):
        cadre = make_cadre(self, user=self.kader)
        for account in (None, self.konselor):
            with self.subTest(account=account), self.assertRaises(ValidationError):
                cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.ENDED, user=account)
        self.assertTrue(User.objects.get(pk=self.kader.pk).is_active)
        cadre = Cadre.objects.get(pk=cadre.pk)
        self.assertEqual((cadre.status, cadre.user_id), (CadreStatus.ACTIVE, self.kader.pk))
        # Nor once they have left: the closed account stays their link.
        cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.ENDED)
        with self.assertRaises(ValidationError):
            cadre_update(actor=self.kepala, cadre=cadre, user=None)

    def test_cadres_who_left_before_the_rule_have_their_accounts_closed_once_by_the_command(self):
        cadre = make_cadre(self, user=self.kader)
        Cadre.objects.filter(pk=cadre.pk).update(status=CadreStatus.ENDED)  # as an older version left it
        out = StringIO()
        call_command("close_former_cadre_accounts", stdout=out)
        self.assertIn("lost the cadre role: 1.", out.getvalue())
        self.assertFalse(User.objects.get(pk=self.kader.pk).is_active)
        call_command("close_former_cadre_accounts", stdout=out)
        self.assertIn("lost the cadre role: 0.", out.getvalue())

    def test_pausing_a_cadre_keeps_their_account_and_role(self):
        cadre = make_cadre(self, user=self.kader)
        cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.PAUSED)
        kader = User.objects.get(pk=self.kader.pk)
        self.assertTrue(kader.is_active)
        self.assertTrue(Membership.objects.filter(user=kader, role=Role.CADRE).exists())

    def test_a_login_account_must_hold_the_cadre_role(self):
        cadre = make_cadre(self)
        with self.assertRaises(ValidationError):
            cadre_update(actor=self.kepala, cadre=cadre, user=self.konselor)

    def test_the_registry_costs_the_same_for_3_or_12_cadres(self):
        for n in range(3):
            make_cadre(self, name=f"Kader {n}")
        self.login(self.kepala)
        self.client.get("/staf/kader/")
        with self.assertNumQueries(9):
            self.client.get("/staf/kader/")
        for n in range(3, 12):
            make_cadre(self, name=f"Kader {n}")
        with self.assertNumQueries(9):
            response = self.client.get("/staf/kader/")
        self.assertEqual(len(response.context["page"].object_list), 12)
