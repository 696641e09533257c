"""Numbers written in digits or words ("13", "1,200", "thirty-two", "a dozen").

Shared by the stages that read quantities: casualty counts and relative dates ("three weeks
ago").
"""

from __future__ import annotations

import re

from sitroom.rules import rules

_RULES = rules("numbers")
UNITS: dict[str, int] = _RULES.table("units")
TENS: dict[str, int] = _RULES.table("tens")
SCALES: dict[str, int] = _RULES.table("scales")


_RANGE = re.compile(r"^(?P<low>.+?)\s*(?:-|–|—|\bto\b|\bor\b)\s*(?P<high>.+)$")


def parse_number(words: list[str]) -> int | None:
    """Value of a number written in digits or words: "13", "1,200", "thirty-two", "a dozen".

    A range ("10-15", "two to three") gives its lower end, as the datasets code uncertain
    tolls conservatively.
    """
    joined = " ".join(words).lower().strip()
    ranged = _RANGE.match(joined)
    if ranged:
        low, high = _parse_plain(ranged["low"]), _parse_plain(ranged["high"])
        # "thirty-two" is 30 and 2, not a range: a range rises from its lower end
        if low is not None and high is not None and low < high:
            return low
    return _parse_plain(joined)


def _parse_plain(text: str) -> int | None:
    text = text.replace("-", " ").strip()
    if not text:
        return None
    digits = text.replace(",", "").replace(" ", "")
    if digits.isascii() and digits.isdigit():  # "¹" and "٣" are digits to str.isdigit, not int
        return int(digits)
    total, current, seen = 0, 0, False
    for word in text.split():
        if word in ("and",):
            continue
        if re.fullmatch(r"[0-9]+(,[0-9]{3})*", word):
            current += int(word.replace(",", ""))
        elif word in UNITS:
            current += UNITS[word] if word not in ("a", "an") else (0 if seen else 1)
            if word in ("a", "an") and seen:
                continue
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None
