"""SIGAP_INTAKE_UNITS is checked before Sigap serves: a code naming no unit would turn
every public report away with a server error."""

from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import TestCase, override_settings

from sigap.accounts.models import OrgUnit
from sigap.intake.checks import refuse_unknown_intake_units
from sigap.test import BaseTestCase

MISSPELT = {"lppar": "lppar-pekalongn", "puspaga": "puspaga-pekalongan"}


def intake_errors(*, databases) -> list[str]:
    return [message.msg for message in run_checks(databases=databases) if message.id in ("sigap.E010", "sigap.E011")]


class IntakeUnitCheckTests(BaseTestCase):
    def test_the_named_units_pass(self):
        self.assertEqual(intake_errors(databases=["default"]), [])
        refuse_unknown_intake_units()

    @override_settings(SIGAP_INTAKE_UNITS=MISSPELT)
    def test_a_code_no_unit_has_is_named_with_its_setting_and_the_web_process_refuses_to_start(self):
        (error,) = intake_errors(databases=["default"])
        self.assertIn("lppar-pekalongn", error)
        self.assertIn("SIGAP_INTAKE_LPPAR_UNIT", error)
        with self.assertRaisesMessage(ImproperlyConfigured, "lppar-pekalongn"):
            refuse_unknown_intake_units()
        with self.assertRaises(SystemCheckError):
            call_command("check", databases=["default"])

    @override_settings(SIGAP_INTAKE_UNITS=MISSPELT)
    def test_without_the_database_only_the_settings_shape_is_checked(self):
        self.assertEqual(intake_errors(databases=None), [])

    @override_settings(SIGAP_INTAKE_UNITS={"lppar": "lppar-pekalongan", "puspaga": ""})
    def test_a_queue_without_a_unit_is_an_error_even_without_the_database(self):
        (error,) = intake_errors(databases=None)
        self.assertIn("SIGAP_INTAKE_PUSPAGA_UNIT", error)


class FreshInstallTests(TestCase):
    """No unit exists yet: `migrate` runs the checks before the first set-up."""

    def test_a_database_with_no_unit_yet_is_not_an_error(self):
        self.assertFalse(OrgUnit.objects.exists())
        self.assertEqual(intake_errors(databases=["default"]), [])
