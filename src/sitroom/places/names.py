"""Name normalization shared by the index builder and the resolver.

Two keys per name: ``name_key`` (accents folded, punctuation to spaces, lower case) is the exact
key; ``loose_key`` also drops Arabic articles and spaces and merges common transliteration
variants, so "Ar-Raqqa", "Ar Raqqah" and "Raqqa" meet.
"""

from __future__ import annotations

import re
import unicodedata


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Marks that transliterations use for ayn/hamza and apostrophes: dropped, not turned into spaces,
# so "Dar'a" and "Dara" meet.
_DROPPED = str.maketrans("", "", "'’‘ʿʾ`´ʻʼ")
# Letters that Unicode does not decompose into a base letter plus accent.
_UNDECOMPOSED = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "þ": "th",
        "ð": "d",
        "ħ": "h",
        "İ": "I",
    }
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Arabic definite article in its assimilated forms ("ad-Din", "ash-Sham", "ez-Zor") and the
# Persian/Pashto ezafe ("Sar-e Pul", "Qala-i-Naw") are not part of the distinctive name.
ARTICLES = _words(
    """
    al el il ul ad ed ud ar er ur as es us ash esh at et az ez an en ath adh e i
    """
)

# Spelling pairs that alternate in romanized names from Arabic, Pashto, Dari, Somali, Hausa.
_LOOSE_SUBS: tuple[tuple[str, str], ...] = (
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("o", "u"),
    ("uw", "u"),
    ("aw", "u"),
    ("v", "w"),
    ("dh", "d"),
    ("kh", "k"),
    ("q", "k"),
    ("gh", "g"),
    ("sh", "s"),
    ("ay", "e"),
    ("ai", "e"),
    ("ei", "e"),
    ("y", "i"),
)
_DOUBLE = re.compile(r"(.)\1+")


def fold(text: str) -> str:
    """Lower case, accents removed, transliteration apostrophes dropped."""
    if text.isascii():  # most names: skip the Unicode decomposition
        return text.translate(_DROPPED).lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_DROPPED).translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_key(text: str) -> str:
    return _NON_ALNUM.sub(" ", fold(text)).strip()


def ascii_name(text: str) -> str:
    """A display form without diacritics ("Ḩalab" -> "Halab"), case kept."""
    cleaned = text.replace("’", "'").translate(_UNDECOMPOSED)
    cleaned = "".join(c for c in cleaned if c not in "ʿʾʻʼ‘")
    decomposed = unicodedata.normalize("NFKD", cleaned)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def loose_key(text: str) -> str:
    return loose_from_key(name_key(text))


def without_articles(key: str) -> str:
    """A ``name_key`` without its Arabic articles and ezafe ("ar rutba" -> "rutba")."""
    words = key.split()
    kept = [w for w in words if w not in ARTICLES]
    return " ".join(kept or words)


def loose_from_key(key: str) -> str:
    """``loose_key`` of a text whose ``name_key`` is ``key``."""
    words = key.split()
    if len(words) > 1:
        kept = [w for w in words if w not in ARTICLES]
        words = kept or words
    joined = "".join(words)
    for old, new in _LOOSE_SUBS:
        joined = joined.replace(old, new)
    joined = _DOUBLE.sub(r"\1", joined)
    # Final -h after a vowel is a transliteration choice ("Raqqah", "Hasakah", "Hamah").
    if len(joined) > 4 and joined.endswith("h") and joined[-2] in "aeiu":
        joined = joined[:-1]
    return joined


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (so alternate names in Arabic, Cyrillic, CJK ...
    stay out of the index: English news never writes them)."""
    if text.isascii():
        return True
    for c in text:
        if c.isalpha() and not ("LATIN" in unicodedata.name(c, "") or c.isascii()):
            return False
    return True


# Regions that span several countries. News writes them like places ("fought in the Middle
# East"), but they are no gazetteer entry: left to the gazetteer they would resolve to small
# namesakes ("Middle East", Maryland; "Maghreb" fuzzily to Ma'rib). Keys as ``name_key`` gives.
WORLD_REGIONS = frozenset(
    name_key(name)
    for name in (
        "Middle East",
        "Near East",
        "Far East",
        "Greater Middle East",
        "Levant",
        "Maghreb",
        "Mashriq",
        "Arabian Peninsula",
        "Balkans",
        "Western Balkans",
        "Caucasus",
        "North Caucasus",
        "South Caucasus",
        "Central Asia",
        "South Asia",
        "Southeast Asia",
        "East Asia",
        "Indian subcontinent",
        "North Africa",
        "West Africa",
        "East Africa",
        "Central Africa",
        "Southern Africa",
        "Sub-Saharan Africa",
        "Horn of Africa",
        "Great Lakes region",
        "Lake Chad Basin",
        "Latin America",
        "Central America",
        "South America",
        "Eastern Europe",
        "Western Europe",
        "Europe",
        "Asia",
        "Africa",
        "Eurasia",
    )
)


def is_world_region(text: str) -> bool:
    """True for "the Middle East", "Horn of Africa" and the other regions above."""
    key = name_key(text)
    return key in WORLD_REGIONS or key.removeprefix("the ") in WORLD_REGIONS
