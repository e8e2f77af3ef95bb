"""Retention of the cadre registry: a cadre who left (status ended) more than
SIGAP_RETENTION_CADRE_YEARS ago loses their personal data, every figure stays, and a
cadre still in the registry (active, paused, or back again) is kept.

Sri Rahayu trained six years ago, reported outreach four years ago, referred a family,
and left three years ago. Wulan Sari left a year ago. Dewi Lestari has been active for
ten years. Rina Wati left three years ago and came back."""

import importlib
import io
import json
from datetime import timedelta

from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, Sum
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from sigap.accounts.choices import Role
from sigap.accounts.models import User
from sigap.audit.models import AuditEvent
from sigap.cadres.choices import CadreStatus
from sigap.cadres.models import Cadre, OutreachActivity, OutreachHeadcount, Referral
from sigap.cadres.services import cadre_update, referral_submit
from sigap.cadres.tests.helpers import KRAPYAK, MEDONO, make_cadre, make_outreach
from sigap.cases.models import Case
from sigap.cases.services import case_closure_decide, case_closure_request, case_open, victim_add
from sigap.classes.models import Attendance, Certificate, Registration
from sigap.classes.tests.helpers import move_sessions
from sigap.people.models import Person
from sigap.people.services import person_update
from sigap.privacy.retention import apply_retention
from sigap.privacy.subject_data import person_export
from sigap.regions.models import Region
from sigap.reporting.selectors import TABLES, Period, figure_units_for_user, scope_for
from sigap.test import BaseTestCase

YEAR = timedelta(days=365)
NIK, PHONE, ADDRESS = "3375014501900001", "+6281234567890", "Jl. Melati No. 5, Podosugih"


def years_ago(years: float):
    return timezone.localdate() - years * YEAR


def train_long_ago(cadre: Cadre, years: float) -> None:
    """The cadre's Kelas Kader (its sessions and registration) happened `years` earlier."""
    registration = cadre.training.participant.registration
    move_sessions(registration.cohort, by=-years * YEAR)
    Registration.objects.filter(pk=registration.pk).update(registered_at=timezone.now() - years * YEAR)


def leave(test, cadre: Cadre, *, years: float) -> None:
    """The head ends the cadre, and `years` pass."""
    cadre_update(actor=test.kepala, cadre=cadre, status=CadreStatus.ENDED)
    Cadre.objects.filter(pk=cadre.pk).update(left_on=years_ago(years))


def anonymised_targets() -> list[tuple[str, str]]:
    return sorted(AuditEvent.objects.filter(action="anonymise").values_list("target_type", "target_id"))


class CadreRetentionTests(BaseTestCase):
    def setUp(self):
        self.sri = make_cadre(self, name="Sri Rahayu")
        person_update(actor=self.kepala, person=self.sri.person, nik=NIK, phone=PHONE, address=ADDRESS)
        train_long_ago(self.sri, 6)
        make_outreach(self, self.sri, days_ago=365 * 4, notes="Ibu-ibu PKK RW 05")
        self.referral = referral_submit(
            actor=self.kepala, cadre=self.sri, consent=True, categories=["fisik"], account="Anak sering memar."
        )
        leave(self, self.sri, years=3)

        self.wulan = make_cadre(self, name="Wulan Sari", village=MEDONO)
        train_long_ago(self.wulan, 3)
        leave(self, self.wulan, years=1)

        self.dewi = make_cadre(self, name="Dewi Lestari", village=KRAPYAK)
        train_long_ago(self.dewi, 10)
        Cadre.objects.filter(pk=self.dewi.pk).update(joined_on=years_ago(10))
        make_outreach(self, self.dewi, days_ago=30)

    def figures(self) -> dict:
        """Every reporting table over the last eight years, and what the cadre and class
        figures are built from."""
        scope = scope_for(figure_units_for_user(self.kepala), Period(years_ago(8), timezone.localdate()))
        return {
            "tables": {key: [list(row) for row in build(scope).rows] for key, build in TABLES.items()},
            "cadres": list(Cadre.objects.values("unit", "village", "status").annotate(n=Count("id")).order_by("village", "status")),
            "outreach": list(OutreachActivity.objects.values("cadre", "topic", "held_on", "village").annotate(n=Count("id")).order_by("held_on")),
            "headcounts": OutreachHeadcount.objects.aggregate(people=Sum("count")),
            "referrals": list(Referral.objects.values("cadre", "report__channel", "report__reporter_relation", "report__queue").annotate(n=Count("id")).order_by("cadre")),
            "attendance": Attendance.objects.count(),
            "certificates": Certificate.objects.filter(revoked_at__isnull=True).count(),
        }  # fmt: skip

    def test_a_dry_run_names_the_cadre_who_left_long_ago_and_changes_nothing(self):
        result = apply_retention(dry_run=True)
        self.assertEqual(result.cadres, [self.sri.pk])
        self.assertIn(self.sri.person_id, result.people)
        self.assertEqual(Person.objects.get(pk=self.sri.person_id).full_name, "Sri Rahayu")
        self.assertIsNone(Cadre.objects.get(pk=self.sri.pk).anonymised_at)

    def test_a_cadre_who_left_more_than_two_years_ago_loses_name_nik_phone_and_address(self):
        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        self.assertIn("former cadres anonymised: 1", out.getvalue())
        person = Person.objects.get(pk=self.sri.person_id)
        self.assertEqual(
            (person.full_name, person.nik, person.phone, person.address), (f"Anonim {person.pk}", "", "", "")
        )
        self.assertIsNotNone(person.anonymised_at)
        self.assertFalse(Person.objects.filter(nik_lookup=self.sri.person.nik_lookup).exists())
        # The entry stays in the registry, for the figures, without anything personal.
        self.sri.refresh_from_db()
        self.assertIsNotNone(self.sri.anonymised_at)
        self.assertEqual((self.sri.status, self.sri.village_id), (CadreStatus.ENDED, "33.75.01.1003"))

    def test_each_anonymised_record_has_one_entry_in_the_audit_trail(self):
        apply_retention()
        sri_training = self.sri.training.participant.registration_id
        dewi_training = self.dewi.training.participant.registration_id
        expected = [
            ("cadres.cadre", str(self.sri.pk)),
            ("classes.registration", str(sri_training)),
            ("classes.registration", str(dewi_training)),
            ("people.person", str(self.sri.person_id)),
        ]
        self.assertEqual(anonymised_targets(), sorted(expected))
        # A second run finds nothing more to do.
        self.assertEqual(apply_retention().cadres, [])
        self.assertEqual(anonymised_targets(), sorted(expected))

    def test_a_cadre_who_left_less_than_two_years_ago_is_kept(self):
        result = apply_retention()
        self.assertEqual(result.cadres, [self.sri.pk])
        self.assertNotIn(self.wulan.person_id, result.people)
        self.wulan.refresh_from_db()
        self.assertIsNone(self.wulan.anonymised_at)
        self.assertEqual(self.wulan.person.full_name, "Wulan Sari")

    def test_an_active_cadre_is_kept_however_long_ago_they_joined_and_trained(self):
        result = apply_retention()
        self.assertEqual(result.cadres, [self.sri.pk])
        # Their Kelas Kader is past its own period: the registration goes, the person stays.
        self.assertIn(self.dewi.training.participant.registration_id, result.registrations)
        self.assertNotIn(self.dewi.person_id, result.people)
        self.dewi.refresh_from_db()
        self.assertIsNone(self.dewi.anonymised_at)
        self.assertEqual(self.dewi.person.full_name, "Dewi Lestari")

    def test_a_paused_cadre_is_still_in_the_registry_and_kept(self):
        cadre_update(actor=self.kepala, cadre=self.dewi, status=CadreStatus.PAUSED)
        result = apply_retention(now=timezone.now() + 5 * YEAR)
        self.assertNotIn(self.dewi.pk, result.cadres)
        self.assertEqual(Person.objects.get(pk=self.dewi.person_id).full_name, "Dewi Lestari")

    def test_a_cadre_who_came_back_before_the_deadline_is_kept(self):
        rina = make_cadre(self, name="Rina Wati")
        train_long_ago(rina, 6)
        leave(self, rina, years=1)
        self.login(self.kepala)
        self.client.post(f"/staf/kader/{rina.pk}/ubah/", {"status": "active", "village": rina.village_id})
        rina.refresh_from_db()
        self.assertEqual((rina.status, rina.left_on), (CadreStatus.ACTIVE, None))
        # Two years on, she would have been past the deadline had she not come back.
        result = apply_retention(now=timezone.now() + 2 * YEAR)
        self.assertIn(self.sri.pk, result.cadres)
        self.assertNotIn(rina.pk, result.cadres)
        self.assertNotIn(rina.person_id, result.people)
        rina.refresh_from_db()
        self.assertIsNone(rina.anonymised_at)
        self.assertEqual(rina.person.full_name, "Rina Wati")

    def test_the_figures_are_the_same_before_and_after(self):
        before = self.figures()
        self.assertEqual(before["headcounts"], {"people": 28})
        result = apply_retention()
        self.assertEqual(result.cadres, [self.sri.pk])
        self.assertIn(self.sri.person_id, result.people)
        self.assertEqual(self.figures(), before)

    def test_the_data_subject_export_no_longer_holds_the_former_cadres_data(self):
        exported = json.dumps(person_export(Person.objects.get(pk=self.sri.person_id)))
        for value in ("Sri Rahayu", NIK, PHONE, ADDRESS):
            self.assertIn(value, exported)
        apply_retention()
        export = person_export(Person.objects.get(pk=self.sri.person_id))
        exported = json.dumps(export)
        for value in ("Sri Rahayu", NIK, PHONE, ADDRESS):
            self.assertNotIn(value, exported)
        self.assertEqual(export["person"]["full_name"], f"Anonim {self.sri.person_id}")
        # The registry entry is still listed: it holds nothing personal.
        self.assertEqual(export["cadres.cadre"][0]["status"], CadreStatus.ENDED)

    def test_a_former_cadre_whose_kelas_kader_is_within_its_own_period_keeps_their_name_until_it_ends(self):
        Registration.objects.filter(pk=self.wulan.training.participant.registration_id).update(
            registered_at=timezone.now() - 4 * YEAR
        )
        move_sessions(self.wulan.training.participant.registration.cohort, by=-YEAR)
        Cadre.objects.filter(pk=self.wulan.pk).update(left_on=years_ago(3))
        result = apply_retention()
        self.assertIn(self.wulan.pk, result.cadres)
        self.assertEqual(Person.objects.get(pk=self.wulan.person_id).full_name, "Wulan Sari")
        # Once the class registration is past its period too, nothing keeps the person.
        result = apply_retention(now=timezone.now() + 2 * YEAR)
        self.assertEqual(result.cadres, [])
        self.assertIn(self.wulan.person_id, result.people)
        self.assertEqual(Person.objects.get(pk=self.wulan.person_id).full_name, f"Anonim {self.wulan.person_id}")

    def test_a_former_cadre_on_a_live_case_keeps_their_name_and_loses_it_when_the_case_does(self):
        case = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        victim_add(actor=self.manajer, case=case, person=self.sri.person, violence_forms=["psikis"])
        result = apply_retention()
        self.assertEqual(result.cadres, [self.sri.pk])
        self.assertNotIn(self.sri.person_id, result.people)
        self.assertEqual(Person.objects.get(pk=self.sri.person_id).full_name, "Sri Rahayu")
        # The case closes and its own period passes: the anonymised entry no longer keeps her.
        request = case_closure_request(actor=self.manajer, case=case, reason="selesai")
        case_closure_decide(actor=self.kepala, request=request, approve=True)
        Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - 11 * YEAR)
        result = apply_retention()
        self.assertEqual((result.cases, result.cadres), ([case.pk], []))
        self.assertIn(self.sri.person_id, result.people)
        self.assertEqual(Person.objects.get(pk=self.sri.person_id).full_name, f"Anonim {self.sri.person_id}")

    def test_a_former_cadre_taken_back_after_their_entry_was_anonymised_keeps_their_name(self):
        case = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        victim_add(actor=self.manajer, case=case, person=self.sri.person, violence_forms=["psikis"])
        self.assertEqual(apply_retention().cadres, [self.sri.pk])
        self.sri.refresh_from_db()
        cadre_update(actor=self.kepala, cadre=self.sri, status=CadreStatus.ACTIVE)
        request = case_closure_request(actor=self.manajer, case=case, reason="selesai")
        case_closure_decide(actor=self.kepala, request=request, approve=True)
        Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - 11 * YEAR)
        result = apply_retention()
        self.assertEqual(result.cases, [case.pk])
        self.assertNotIn(self.sri.person_id, result.people)
        self.assertEqual(Person.objects.get(pk=self.sri.person_id).full_name, "Sri Rahayu")

    def test_a_cadre_taken_back_and_leaving_again_starts_a_new_period(self):
        """The entry was released while a case kept the person; back in the registry it
        keeps them again, and leaving again starts a new two years."""
        case = case_open(actor=self.kepala, unit=self.lppar, assigned_to=self.manajer, summary="-")
        victim_add(actor=self.manajer, case=case, person=self.sri.person, violence_forms=["psikis"])
        self.assertEqual(apply_retention().cadres, [self.sri.pk])
        self.sri.refresh_from_db()
        cadre_update(actor=self.kepala, cadre=self.sri, status=CadreStatus.ACTIVE)
        self.sri.refresh_from_db()
        self.assertIsNone(self.sri.anonymised_at)
        leave(self, self.sri, years=1)
        request = case_closure_request(actor=self.manajer, case=case, reason="selesai")
        case_closure_decide(actor=self.kepala, request=request, approve=True)
        Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - 11 * YEAR)
        result = apply_retention()
        self.assertEqual((result.cases, result.cadres), ([case.pk], []))
        self.assertEqual(Person.objects.get(pk=self.sri.person_id).full_name, "Sri Rahayu")
        # Two years after the second leaving, she goes.
        result = apply_retention(now=timezone.now() + 1.5 * YEAR)
        self.assertIn(self.sri.pk, result.cadres)
        self.assertIn(self.sri.person_id, result.people)
        self.assertEqual(Person.objects.get(pk=self.sri.person_id).full_name, f"Anonim {self.sri.person_id}")

    def test_the_entry_of_a_cadre_who_left_no_longer_points_to_their_login_account(self):
        Cadre.objects.filter(pk=self.sri.pk).update(user=self.kader)
        apply_retention()
        self.sri.refresh_from_db()
        self.assertIsNone(self.sri.user_id)

    def test_the_login_account_closed_when_the_cadre_left_loses_its_name_with_the_entry(self):
        wulan = make_cadre(self, name="Wulan Kedua", village=MEDONO, user=self.kader)
        TOTPDevice.objects.get_or_create(user=self.kader, name="Ponsel", defaults={"confirmed": True})
        backup = StaticDevice.objects.create(user=self.kader, name="Kode cadangan")
        backup.token_set.create(token="a1b2c3d4")
        User.objects.filter(pk=self.kader.pk).update(last_login=timezone.now() - 3 * YEAR)
        leave(self, wulan, years=3)  # the account closed then (cadres.services.cadre_update)
        self.assertFalse(User.objects.get(pk=self.kader.pk).is_active)
        apply_retention()
        account = User.objects.get(pk=self.kader.pk)
        self.assertEqual(
            (account.username, account.display_name, account.email, account.has_usable_password(), account.last_login),
            (f"former-{account.pk}", "", "", False, None),
        )
        self.assertFalse(TOTPDevice.objects.filter(user=account).exists())
        self.assertFalse(StaticDevice.objects.filter(user=account).exists())
        self.assertFalse(StaticToken.objects.filter(token="a1b2c3d4").exists())
        self.assertIn(("accounts.user", str(account.pk)), anonymised_targets())
        # The row stays: the access log's entries about the account still point at it.
        self.assertTrue(
            AuditEvent.objects.filter(target_type="accounts.user", target_id=str(account.pk), action="revoke_role")
        )

    def test_a_former_cadres_account_that_holds_a_role_again_keeps_its_name(self):
        wulan = make_cadre(self, name="Wulan Kedua", village=MEDONO, user=self.kader)
        leave(self, wulan, years=3)
        # An administrator opened the account again, as a class facilitator.
        call_command(
            "add_staff", "kader", name="Kader", unit=self.puspaga.code, role=Role.FACILITATOR, stdout=io.StringIO()
        )
        self.assertTrue(User.objects.get(pk=self.kader.pk).is_active)
        apply_retention()
        self.assertEqual(User.objects.get(pk=self.kader.pk).username, "kader")
        self.assertNotIn(("accounts.user", str(self.kader.pk)), anonymised_targets())

    def test_a_cadre_taken_back_while_the_run_was_working_is_kept(self):
        from sigap.privacy.retention import cadre_anonymise

        cadre = Cadre.objects.get(pk=self.sri.pk)
        cadre_update(actor=self.kepala, cadre=Cadre.objects.get(pk=self.sri.pk), status=CadreStatus.ACTIVE)
        self.assertFalse(cadre_anonymise(cadre, now=timezone.now()))
        self.assertIsNone(Cadre.objects.get(pk=self.sri.pk).anonymised_at)

    def test_a_former_cadre_whose_name_retention_removed_cannot_be_set_active_again(self):
        apply_retention()
        self.login(self.kepala)
        response = self.client.post(f"/staf/kader/{self.sri.pk}/ubah/", {"status": "active", "village": MEDONO})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "setelah menyelesaikan Kelas Kader", status_code=400)
        # What the head chose is still on the form.
        self.assertContains(response, f'value="{MEDONO}" selected', status_code=400)
        self.sri.refresh_from_db()
        self.assertEqual((self.sri.status, self.sri.village_id), (CadreStatus.ENDED, "33.75.01.1003"))


class CadreLeavingDayTests(BaseTestCase):
    def test_ending_a_cadre_records_the_day_they_left_and_coming_back_clears_it(self):
        cadre = make_cadre(self)
        cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.ENDED)
        self.assertEqual(Cadre.objects.get(pk=cadre.pk).left_on, timezone.localdate())
        # A later change of a cadre who left keeps the day they left.
        Cadre.objects.filter(pk=cadre.pk).update(left_on=years_ago(1))
        cadre.refresh_from_db()
        cadre_update(actor=self.kepala, cadre=cadre, village=Region.objects.get(code=MEDONO))
        self.assertEqual(Cadre.objects.get(pk=cadre.pk).left_on, years_ago(1))
        cadre_update(actor=self.kepala, cadre=cadre, status=CadreStatus.PAUSED)
        self.assertIsNone(Cadre.objects.get(pk=cadre.pk).left_on)
        change = AuditEvent.objects.filter(action="change", target_type="cadres.cadre").first()
        self.assertEqual(change.changes, {"fields": ["status", "left_on"]})

    def test_the_migration_dates_cadres_who_had_left_by_their_last_recorded_change_or_else_today(self):
        fill_left_on = importlib.import_module("sigap.cadres.migrations.0003_cadre_left_on_anonymised_at").fill_left_on
        logged, unlogged, active = (
            make_cadre(self, name=name) for name in ("Sri Rahayu", "Wulan Sari", "Dewi Lestari")
        )
        cadre_update(actor=self.kepala, cadre=logged, status=CadreStatus.ENDED)
        # As if Sri had left 400 days ago, and Wulan's entry were older than the access log.
        # (The log is append-only for the app; only a test rewrites it, through the queryset.)
        entries = AuditEvent.objects.filter(target_type="cadres.cadre")
        entries.filter(target_id=str(logged.pk)).update(at=timezone.now() - timedelta(days=400))
        entries.filter(target_id=str(unlogged.pk)).update(target_type="")
        # Before the migration, a cadre who had left had no leaving day.
        Cadre.objects.filter(pk__in=[logged.pk, unlogged.pk]).update(status=CadreStatus.ENDED, left_on=None)
        fill_left_on(apps, None)
        self.assertEqual(Cadre.objects.get(pk=logged.pk).left_on, timezone.localdate() - timedelta(days=400))
        self.assertEqual(Cadre.objects.get(pk=unlogged.pk).left_on, timezone.localdate())
        self.assertIsNone(Cadre.objects.get(pk=active.pk).left_on)
