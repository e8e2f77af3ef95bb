"""The codes of classes, all in Crockford's base32 (no I, L, O, U), forgiving of case,
spaces and look-alike letters when typed (the same rules as report receipt codes).

- Participant code: 10 symbols (50 random bits), e.g. 7KQ2M-9XD4T. Shown once at
  registration, kept only as a keyed hash. It opens the participant page.
- Check-in code: 6 symbols, one per session, shown by the facilitator during the
  session and accepted only in the session's time window.
- Certificate code: 12 symbols (60 random bits), e.g. 4TPA-C3HE-7KQ2; public,
  printed on the certificate, and too many to guess a holder's.
"""

import re
import secrets

from sigap.intake.receipts import ALPHABET, normalise_receipt_code
from sigap.lib.crypto import lookup_hash, lookup_hashes


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(typed: str) -> str:
    return normalise_receipt_code(typed)


def new_participant_code() -> str:
    raw = _random(10)
    return f"{raw[:5]}-{raw[5:]}"


def participant_code_hash(typed: str) -> str:
    return lookup_hash("participant:" + normalise_code(typed))


def participant_code_hashes(typed: str) -> list[str]:
    """What a typed code is matched against (current and old lookup keys)."""
    return lookup_hashes("participant:" + normalise_code(typed))


def new_checkin_code() -> str:
    return _random(6)


def new_certificate_code() -> str:
    raw = _random(12)
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def format_certificate_code(typed: str) -> str:
    """The canonical form, XXXX-XXXX-XXXX, of a typed certificate code (letters and
    digits only: anything else, a slash included, cannot be part of a code)."""
    raw = re.sub(r"[^0-9A-Z]", "", normalise_code(typed))
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def mask_name(full_name: str) -> str:
    """'Siti Aminah' → 'S*** A*****': enough to match a face, not to learn a name."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in full_name.split())
