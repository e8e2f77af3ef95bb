"""Checking, encrypting and storing reporters' files (through Django's storage API)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from sigap.lib.crypto import fernet

# What a file must start with to be what it claims. Browsers' declared types are not
# trusted; anything else is refused.
SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


def sniff_content_type(head: bytes) -> str | None:
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


def validate_upload(upload) -> str:
    """Return the file's real content type, or raise with a plain message."""
    limit = settings.SIGAP_ATTACHMENT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": settings.SIGAP_ATTACHMENT_MAX_MB}, code="too_large"
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise ValidationError(_("Only photos (JPEG, PNG) and PDF files can be attached."), code="file_type")
    return content_type


def store_encrypted(upload) -> str:
    name = f"intake/{uuid.uuid4().hex}.enc"
    return default_storage.save(name, ContentFile(fernet().encrypt(upload.read())))


def read_decrypted(stored_name: str) -> bytes:
    with default_storage.open(stored_name, "rb") as handle:
        return fernet().decrypt(handle.read())
