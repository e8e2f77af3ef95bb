"""A populated installation goes into an encrypted archive, the installation is
emptied, and the archive brings back every table and every file exactly."""

import io
from pathlib import Path
from tempfile import TemporaryDirectory

from cryptography.fernet import Fernet
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings

from sigap.audit.selectors import audit_chain_first_break
from sigap.cases.services import case_open, note_add, victim_add
from sigap.intake.services import report_reporter_reply, report_submit
from sigap.people.services import person_create
from sigap.privacy.backup import backed_up_models
from sigap.test import CommittingTestCase


def snapshot() -> dict:
    tables = {
        model._meta.label_lower: sorted(map(repr, model._default_manager.values())) for model in backed_up_models()
    }
    files = {}
    folders = [""]
    while folders:
        folder = folders.pop()
        subfolders, names = default_storage.listdir(folder) if default_storage.exists(folder or ".") else ([], [])
        folders += [f"{folder}/{sub}" if folder else sub for sub in subfolders]
        for name in names:
            path = f"{folder}/{name}" if folder else name
            files[path] = default_storage.open(path, "rb").read()
    return {"tables": tables, "files": files}


class BackupRoundTripTests(CommittingTestCase):
    def populate(self):
        report, _ = report_submit(
            reporter_relation="self", categories=["seksual"], account="Dilecehkan", contact_method="none", consent=True
        )
        report_reporter_reply(
            report=report, body="bukti", files=[(SimpleUploadedFile("b.pdf", b"%PDF-1.4 bukti"), "application/pdf")]
        )
        person = person_create(
            actor=self.kepala,
            unit=self.lppar_pekalongan,
            full_name="Rina",
            nik="3375015203900004",
            phone="081234567890",
        )
        case = case_open(actor=self.kepala, unit=self.lppar_pekalongan, report=report, assigned_to=self.manajer)
        victim_add(actor=self.manajer, case=case, person=person, violence_forms=["seksual"])
        note_add(actor=self.manajer, case=case, body="Catatan rahasia")

    def test_a_populated_installation_comes_back_table_for_table_and_file_for_file(self):
        self.populate()
        before = snapshot()
        self.assertTrue(before["files"])
        with TemporaryDirectory() as folder:
            archive = Path(folder) / "sigap.enc"
            call_command("backup", "--output", str(archive), stdout=io.StringIO())
            self.assertNotIn(b"Catatan", archive.read_bytes())
            self.assertNotIn(b"Rina", archive.read_bytes())  # encrypted as a whole
            call_command("flush", interactive=False, verbosity=0)
            for name in before["files"]:
                default_storage.delete(name)
            out = io.StringIO()
            call_command("restore", str(archive), stdout=out)
            self.assertIn("Restored and verified", out.getvalue())
        after = snapshot()
        self.assertEqual(after["files"], before["files"])
        self.assertEqual(after["tables"].keys(), before["tables"].keys())
        for label in before["tables"]:
            self.assertEqual(after["tables"][label], before["tables"][label], label)
        self.assertIsNone(audit_chain_first_break())
        # New rows after a restore get fresh ids (sequences were reset).
        person_create(actor=None, unit=self.lppar_pekalongan, full_name="Sesudah pemulihan")

    def test_a_restore_refuses_a_non_empty_installation_and_a_wrong_key(self):
        with TemporaryDirectory() as folder:
            archive = Path(folder) / "sigap.enc"
            call_command("backup", "--output", str(archive), stdout=io.StringIO())
            with self.assertRaisesMessage(CommandError, "empty installation"):
                call_command("restore", str(archive), stdout=io.StringIO())
            with (
                override_settings(SIGAP_BACKUP_KEY=Fernet.generate_key().decode()),
                self.assertRaisesMessage(CommandError, "decrypted"),
            ):
                call_command("restore", str(archive), stdout=io.StringIO())
