"""The two secrets counselling hands to the public, and their keyed hashes.

- The manage link of a booking: 256 random bits, URL-safe. It is the one secret that
  travels in a URL path, because the person must be able to open it from a bookmark
  or a calendar entry. Only its keyed hash is stored.
- The IKM survey code: 16 symbols of Crockford's base32 (80 random bits), typed on
  /survei/ and sent in POST bodies only, like intake's receipt codes.
"""

import secrets

from sigap.intake.receipts import new_receipt_code, normalise_receipt_code
from sigap.lib.crypto import lookup_hash, lookup_hashes

MANAGE_TOKEN_BYTES = 32


def new_manage_token() -> str:
    return secrets.token_urlsafe(MANAGE_TOKEN_BYTES)


def manage_hash(token: str) -> str:
    return lookup_hash("booking:" + (token or ""))


def manage_hashes(token: str) -> list[str]:
    """What a booking link's token is matched against (current and old lookup keys)."""
    return lookup_hashes("booking:" + (token or ""))


def new_survey_code() -> str:
    return new_receipt_code()


def survey_code_hash(typed: str) -> str:
    return lookup_hash("survey:" + normalise_receipt_code(typed))


def survey_code_hashes(typed: str) -> list[str]:
    """What a typed survey code is matched against (current and old lookup keys)."""
    return lookup_hashes("survey:" + normalise_receipt_code(typed))
