import io

from django.core.management import CommandError, call_command

from sigap.accounts.models import OrgUnit, User
from sigap.test import BaseTestCase


class AdminCommandTests(BaseTestCase):
    def test_a_new_city_gets_its_units_and_staff_from_the_command_line(self):
        call_command("add_unit", "dinas-batang", "Dinas P3A Batang", "agency", stdout=io.StringIO())
        call_command(
            "add_unit",
            "puspaga-batang",
            "Puspaga Batang",
            "prevention",
            "--parent",
            "dinas-batang",
            stdout=io.StringIO(),
        )
        out = io.StringIO()
        call_command(
            "add_staff", "rina", "--name", "Rina", "--unit", "puspaga-batang", "--role", "konselor", stdout=out
        )
        password = out.getvalue().strip().rsplit(" ", 1)[-1]
        rina = User.objects.get(username="rina")
        self.assertTrue(rina.check_password(password))
        self.assertEqual(rina.roles(), {"konselor"})
        self.assertTrue(
            OrgUnit.objects.get(code="puspaga-batang").path.startswith(OrgUnit.objects.get(code="dinas-batang").path)
        )

    def test_an_unknown_unit_is_refused(self):
        with self.assertRaises(CommandError):
            call_command(
                "add_staff", "x", "--name", "X", "--unit", "tidak-ada", "--role", "kader", stdout=io.StringIO()
            )
