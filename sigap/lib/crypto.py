"""Field encryption and keyed hashes.

Encryption is Fernet (AES-128-CBC with HMAC-SHA256, i.e. authenticated) from the
`cryptography` package, through MultiFernet so several keys can be in force at once:
the first key in SIGAP_FIELD_KEYS encrypts, every key decrypts, and
`manage.py rotate_field_keys` re-encrypts everything with the first key.

Encrypted values cannot be compared in SQL, so a field that must be matched exactly
(NIK, phone) gets a keyed hash beside it: HMAC-SHA256 with SIGAP_LOOKUP_KEY over the
normalised value. Equal values give equal hashes; without the key the hash tells
nothing, not even for a 16-digit NIK whose space could otherwise be enumerated.
"""

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Every stored ciphertext starts with this, so a value can be told apart from clear
# text (for example when fixtures are loaded) and the scheme can change later.
PREFIX = "enc1:"


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("SIGAP_FIELD_KEYS is empty")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(f"SIGAP_FIELD_KEYS holds a malformed key: {error}") from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.SIGAP_FIELD_KEYS))


def is_ciphertext(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt(plaintext: str) -> str:
    return PREFIX + fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return fernet().decrypt(ciphertext.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with any key in SIGAP_FIELD_KEYS "
            "(was a key removed before rotate_field_keys ran?)"
        ) from None


def rotate(ciphertext: str) -> str:
    """Re-encrypt with the first (newest) key."""
    return PREFIX + fernet().rotate(ciphertext.removeprefix(PREFIX).encode()).decode()


def lookup_hash(normalised_value: str) -> str:
    """Keyed hash of an already normalised value (hex, 64 characters)."""
    return _keyed_hash(settings.SIGAP_LOOKUP_KEY, normalised_value)


def lookup_hashes(normalised_value: str) -> list[str]:
    """The value's keyed hash under SIGAP_LOOKUP_KEY, then under each of
    SIGAP_OLD_LOOKUP_KEYS: what a lookup matches, so that a code handed out before a
    change of key (kept only as its hash) still works, and a NIK or phone is found
    before `manage.py rehash_lookups` has reached its row."""
    keys = (settings.SIGAP_LOOKUP_KEY, *settings.SIGAP_OLD_LOOKUP_KEYS)
    return [_keyed_hash(key, normalised_value) for key in keys]


def _keyed_hash(key: str, normalised_value: str) -> str:
    return hmac.new(key.encode(), normalised_value.encode(), hashlib.sha256).hexdigest()


def new_field_key() -> str:
    return Fernet.generate_key().decode()
