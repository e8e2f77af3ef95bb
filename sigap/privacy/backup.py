"""Encrypted backups: one file holding the database (as Django fixtures, in which the
encrypted fields stay encrypted), the uploaded files, and a manifest of row counts and
checksums. The whole archive is compressed and then encrypted with SIGAP_BACKUP_KEY.

Restoring needs an empty, migrated installation: the data is loaded, the files put
back through the storage API, the sequences reset, and the manifest checked."""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

# Rebuilt by `migrate`, or short-lived: not worth keeping in a backup.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]
FORMAT_VERSION = 1


class BackupError(Exception):
    pass


def _fernet() -> Fernet:
    return Fernet(settings.SIGAP_BACKUP_KEY)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def backed_up_models() -> list:
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and model._meta.managed
        and not model._meta.proxy
    ]


def _stored_files(folder: str = "") -> list[str]:
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += _stored_files(f"{folder}/{sub}" if folder else sub)
    return sorted(names)


def backup_write(path: Path) -> dict:
    """Write the archive to `path`; returns the manifest."""
    with tempfile.TemporaryDirectory() as folder:
        # XML, not JSON: Django's JSON encoder cuts datetimes to milliseconds, which
        # would change every timestamp (and break the audit chain's hashes).
        data_file = Path(folder) / "data.xml"
        call_command(
            "dumpdata", exclude=EXCLUDED, natural_foreign=True, format="xml", output=str(data_file), verbosity=0
        )
        data = data_file.read_bytes()
    files = {name: default_storage.open(name, "rb").read() for name in _stored_files()}
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "rows": {model._meta.label_lower: model._default_manager.count() for model in backed_up_models()},
        "data_sha256": _sha256(data),
        "files": {name: _sha256(content) for name, content in files.items()},
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in [("manifest.json", json.dumps(manifest, indent=1).encode()), ("data.xml", data)] + [
            (f"media/{name}", content) for name, content in files.items()
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    path.write_bytes(_fernet().encrypt(buffer.getvalue()))
    return manifest


def _installation_is_empty() -> bool:
    from sigap.accounts.models import User

    return not User.objects.exists()


def backup_restore(path: Path) -> dict:
    """Restore an archive into an empty installation and check it against its manifest."""
    try:
        plain = _fernet().decrypt(path.read_bytes())
    except InvalidToken:
        raise BackupError(
            "The archive cannot be decrypted with SIGAP_BACKUP_KEY (wrong key, or a damaged file)"
        ) from None
    with tarfile.open(fileobj=io.BytesIO(plain), mode="r:gz") as archive:
        members = {
            member.name: archive.extractfile(member).read() for member in archive.getmembers() if member.isfile()
        }
    manifest = json.loads(members["manifest.json"])
    data = members["data.xml"]
    if _sha256(data) != manifest["data_sha256"]:
        raise BackupError("the database part does not match its checksum")
    files = {name.removeprefix("media/"): content for name, content in members.items() if name.startswith("media/")}
    for name, digest in manifest["files"].items():
        if name not in files or _sha256(files[name]) != digest:
            raise BackupError(f"file {name} is missing or damaged")
    if not _installation_is_empty():
        raise BackupError("Restore needs an empty installation (migrated, with no accounts)")
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        data_file = Path(folder) / "data.xml"
        data_file.write_bytes(data)
        call_command("loaddata", str(data_file), verbosity=0)
        _reset_sequences()
    for name, content in files.items():
        stored = default_storage.save(name, ContentFile(content))
        if stored != name:
            raise BackupError(f"file {name} could not be put back under its own name")
    actual = {model._meta.label_lower: model._default_manager.count() for model in backed_up_models()}
    missing = {label: count for label, count in manifest["rows"].items() if actual.get(label) != count}
    if missing:
        raise BackupError(f"row counts differ after restore: {missing}")
    return manifest


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), backed_up_models())
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
