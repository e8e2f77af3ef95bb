"""Outreach photos: checked by their first bytes (JPEG or PNG only), encrypted before
they reach the storage backend, decrypted only by the gate's download view."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from sigap.intake.attachments import sniff_content_type
from sigap.lib.crypto import fernet

PHOTO_TYPES = {"image/jpeg", "image/png"}


def validate_photo(upload) -> str:
    """Return the photo's real content type, or raise with a plain message."""
    limit = settings.SIGAP_ATTACHMENT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The photo is too large: at most %(mb)s MB.") % {"mb": settings.SIGAP_ATTACHMENT_MAX_MB}, code="too_large"
        )
    upload.seek(0)
    content_type = sniff_content_type(upload.read(16))
    upload.seek(0)
    if content_type not in PHOTO_TYPES:
        raise ValidationError(_("Only photos (JPEG or PNG) can be attached."), code="file_type")
    return content_type


def store_encrypted(upload) -> str:
    upload.seek(0)
    return default_storage.save(f"cadres/{uuid.uuid4().hex}.enc", ContentFile(fernet().encrypt(upload.read())))


def read_decrypted(stored_name: str) -> bytes:
    with default_storage.open(stored_name, "rb") as handle:
        return fernet().decrypt(handle.read())
