import io

from django.core.management import call_command
from django.test import TestCase, override_settings

from sigap.accounts.models import Membership, OrgUnit, User
from sigap.audit.selectors import audit_chain_first_break
from sigap.people.models import Person

USERNAMES = {
    "admin",
    "kepala",
    "petugas",
    "manajer",
    "manajer2",
    "konselor",
    "konselor2",
    "fasilitator",
    "kader",
    "analis",
}


@override_settings(DEBUG=True, SIGAP_DEMO=True)
class SeedDemoTests(TestCase):
    def seed(self) -> str:
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        return out.getvalue()

    def test_it_creates_one_demo_account_per_role_and_prints_the_logins(self):
        output = self.seed()
        self.assertEqual(set(User.objects.values_list("username", flat=True)), USERNAMES)
        self.assertTrue(all(User.objects.values_list("is_demo", flat=True)))
        for username in USERNAMES:
            self.assertIn(username, output)
        self.assertIn("sigap-demo-2026", output)
        self.assertIn("demo_totp", output)

    def test_running_it_twice_duplicates_nothing(self):
        self.seed()
        counts = (User.objects.count(), Membership.objects.count(), OrgUnit.objects.count(), Person.objects.count())
        self.seed()
        self.assertEqual(
            (User.objects.count(), Membership.objects.count(), OrgUnit.objects.count(), Person.objects.count()), counts
        )
        self.assertIsNone(audit_chain_first_break())

    @override_settings(DEBUG=False)
    def test_it_refuses_to_run_outside_demo_mode(self):
        from django.core.management import CommandError

        with self.assertRaises(CommandError):
            self.seed()
