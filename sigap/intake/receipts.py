"""Receipt codes: 16 symbols of Crockford's base32 (80 random bits), grouped by four
for reading aloud over the phone, e.g. 7KQ2-M9XD-4TPA-C3HE. Only a keyed hash is kept."""

import re
import secrets

from sigap.lib.crypto import lookup_hash, lookup_hashes

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise_receipt_code(typed: str) -> str:
    """Forgive what people do when copying a code: case, spaces, dashes, O for 0, I/L for 1."""
    code = re.sub(r"[\s\-_.]", "", typed or "").upper()
    return code.translate(str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"}))


def receipt_hash(typed: str) -> str:
    """What is stored for a new code."""
    return lookup_hash("receipt:" + normalise_receipt_code(typed))


def receipt_hashes(typed: str) -> list[str]:
    """What a typed code is matched against: its hash under the current and old keys."""
    return lookup_hashes("receipt:" + normalise_receipt_code(typed))
