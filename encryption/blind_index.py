"""HMAC blind indexes: exact-match search on encrypted values without storing them in the clear.

Values are normalised first (accents removed, case folded, spaces collapsed), so "Zoë  O'Neil" and "zoe o'neil"
match. Each purpose (a name, a date of birth) is keyed separately, so equal digests cannot be compared across
purposes. The key is settings.BLIND_INDEX_KEY, apart from the encryption keys.
"""

import hashlib
import hmac
import unicodedata

from django.conf import settings


def normalise(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(without_marks.casefold().split())


def blind_index(value: str, *, purpose: str) -> str:
    """The digest of a normalised value for one purpose; empty for an empty value (nothing to match)."""
    text = normalise(value)
    if not text:
        return ""
    key = hmac.new(settings.BLIND_INDEX_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
