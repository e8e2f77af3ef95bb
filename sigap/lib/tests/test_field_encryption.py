import glob
import io
import os
import shutil
import subprocess
import tempfile

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from sigap.accounts.choices import UnitKind
from sigap.accounts.services import unit_ensure
from sigap.audit.models import AuditEvent
from sigap.lib import crypto
from sigap.people.models import Person
from sigap.people.services import person_create
from sigap.test import BaseTestCase

NIK = "3375014502100001"
PHONE = "+6281234567890"
ADDRESS = "Jl. Rahasia No. 13, RT 02 RW 05"


class FieldEncryptionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.person = cls.make_person(unit=cls.lppar, responsible=cls.manajer, nik=NIK, phone=PHONE, address=ADDRESS)

    def raw_row(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT nik, phone, address, nik_lookup FROM people_person WHERE id = %s", [self.person.pk])
            return cursor.fetchone()

    def test_values_round_trip_in_clear_text_for_python(self):
        person = Person.objects.get(pk=self.person.pk)
        self.assertEqual((person.nik, person.phone, person.address), (NIK, PHONE, ADDRESS))

    def test_the_database_holds_only_ciphertext(self):
        nik, phone, address, _ = self.raw_row()
        for stored, clear in ((nik, NIK), (phone, PHONE), (address, ADDRESS)):
            self.assertTrue(stored.startswith(crypto.PREFIX))
            self.assertNotIn(clear, stored)

    def test_the_keyed_hash_finds_the_person_without_decrypting(self):
        self.assertEqual(self.raw_row()[3], crypto.lookup_hash(NIK))
        self.assertQuerySetEqual(Person.objects.filter(nik_lookup=crypto.lookup_hash(NIK)), [self.person])

    def test_an_encrypted_column_cannot_be_searched_in_sql_by_mistake(self):
        with self.assertRaises(TypeError):
            Person.objects.filter(nik=NIK).exists()
        self.assertTrue(Person.objects.filter(nik__isnull=False).exists())

    def test_dumpdata_keeps_values_encrypted_and_loaddata_brings_them_back(self):
        out = io.StringIO()
        call_command("dumpdata", "people.person", format="json", stdout=out)
        self.assertNotIn(NIK, out.getvalue())
        self.assertIn(crypto.PREFIX, out.getvalue())
        Person.objects.all().delete()
        fixture = self.write_fixture(out.getvalue())
        call_command("loaddata", fixture, verbosity=0)
        self.assertEqual(Person.objects.get(pk=self.person.pk).nik, NIK)

    def write_fixture(self, content: str) -> str:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            handle.write(content)
        self.addCleanup(os.unlink, handle.name)
        return handle.name

    def test_rotation_re_encrypts_with_the_new_key_so_the_old_one_can_go(self):
        new_key = Fernet.generate_key().decode()
        with override_settings(SIGAP_FIELD_KEYS=[new_key, *settings.SIGAP_FIELD_KEYS]):
            out = io.StringIO()
            call_command("rotate_field_keys", stdout=out)
            self.assertIn("people.person:", out.getvalue())
        with override_settings(SIGAP_FIELD_KEYS=[new_key]):
            self.assertEqual(Person.objects.get(pk=self.person.pk).address, ADDRESS)
        self.assertTrue(AuditEvent.objects.filter(action="keys_rotated").exists())

    def test_a_value_under_an_unknown_key_fails_loudly(self):
        from django.core.exceptions import ImproperlyConfigured

        with (
            override_settings(SIGAP_FIELD_KEYS=[Fernet.generate_key().decode()]),
            self.assertRaises(ImproperlyConfigured),
        ):
            Person.objects.get(pk=self.person.pk)


class DatabaseDumpTests(TransactionTestCase):
    """Committed rows, so that pg_dump's own connection sees them."""

    def setUp(self):
        unit = unit_ensure(code="lppar-test", name="LP-PAR", kind=UnitKind.HANDLING)
        person_create(actor=None, unit=unit, full_name="Rina", nik=NIK, phone=PHONE, address=ADDRESS)

    def test_a_database_dump_contains_none_of_the_values_in_clear_text(self):
        dump = self.database_dump()
        self.assertIn("Rina", dump)  # the dump did include the row
        for clear in (NIK, PHONE, "081234567890", ADDRESS, "Rahasia"):
            self.assertNotIn(clear, dump)

    def database_dump(self) -> str:
        if connection.vendor == "sqlite":
            return "\n".join(connection.connection.iterdump())
        pg_dump = shutil.which("pg_dump") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))), None)
        if pg_dump is None:
            pytest.fail("pg_dump is needed to check a PostgreSQL dump")
        db = connection.settings_dict
        command = [pg_dump, "-h", db["HOST"], "-p", str(db["PORT"]), "-U", db["USER"], "-d", db["NAME"]]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout
