"""Search over encrypted text without a readable index: the words of a case's
description and team notes are normalised and stored as keyed hashes (16 hex
characters of HMAC-SHA256 with SIGAP_LOOKUP_KEY). A query is hashed the same way.
Works the same on SQLite and PostgreSQL; matches whole words (after normalisation)."""

import re
import unicodedata

from sigap.lib.crypto import lookup_hash, lookup_hashes

MIN_LENGTH = 3
# Indonesian function words carry no meaning for finding a case.
STOP_WORDS = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "ini",
        "itu",
        "ada",
        "tidak",
        "akan",
        "atau",
        "juga",
        "sudah",
        "telah",
        "oleh",
        "karena",
        "saat",
        "dalam",
        "sebagai",
        "bahwa",
        "agar",
        "para",
        "kami",
        "kita",
        "mereka",
        "dia",
        "ia",
        "saya",
        "anda",
        "the",
        "and",
    ]
)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return [word for word in re.findall(r"[a-z0-9]+", folded) if len(word) >= MIN_LENGTH and word not in STOP_WORDS]


TERM_LENGTH = 16


def terms_of(text: str) -> list[str]:
    """What the index keeps of `text`: the keyed hash of each of its words."""
    return sorted({lookup_hash("case-search:" + word)[:TERM_LENGTH] for word in _words(text)})


def query_terms(text: str, *, max_words: int) -> list[list[str]]:
    """What a search for `text` matches, word by word (its first `max_words` words): each
    word's hash under the current lookup key and under the old ones, so cases are found
    while `rehash_lookups` has not re-indexed them yet."""
    words = dict.fromkeys(_words(text)[:max_words])  # in order, once each
    return [[term[:TERM_LENGTH] for term in lookup_hashes("case-search:" + word)] for word in words]
