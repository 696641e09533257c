"""Small text tests shared by the stages (one copy each)."""

from __future__ import annotations

import re

__all__ = ["is_acronym"]

_ACRONYM_CHARS = re.compile(r"[A-Z0-9.\-/&']+")
_TOKEN_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,7}")


def is_acronym(text: str, *, token: bool = False) -> bool:
    """All-capital short forms: "IS", "IS-K", "U.N.", "AQAP", "M23".

    With ``token=True`` the test is the stricter one for a single token of running text: a
    capital first, then capitals, digits or hyphens, 2 to 8 characters ("ZLF", "IS-K"; not
    "U.S." or "23A"), so dotted abbreviations and numbers are left to other rules.
    """
    if token:
        return bool(_TOKEN_ACRONYM.fullmatch(text))
    letters = re.sub(r"[^A-Za-z]", "", text)
    return (
        0 < len(letters) <= 8
        and letters.isupper()
        and " " not in text.strip()
        and bool(_ACRONYM_CHARS.fullmatch(text.strip()))
    )
