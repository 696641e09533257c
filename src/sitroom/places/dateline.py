"""Datelines and wire credits: "KABUL, Afghanistan (AP) —", "WASHINGTON —", "(AFP)". They say
where a story was filed, not where anything happened: their names are never literal places,
and the dateline's place is only a prior for choosing among namesakes.

The article-anatomy stage can pass its own spans to :meth:`Geocoder.resolve`; these patterns
are the fallback when it does not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.places.words import words

_AGENCIES = sorted(words()["wire_agencies"], key=len, reverse=True)
_AGENCY = r"(?:" + "|".join(re.escape(a) for a in _AGENCIES) + r")"
# "(AP)", "(AFP)", "(Reuters)", "(AP/Reuters)": a credit in parentheses.
_CREDIT = re.compile(r"\(\s*" + _AGENCY + r"(?:\s*[/,&]\s*" + _AGENCY + r")*\s*\)", re.IGNORECASE)
# At the start of a paragraph: a place in capitals, maybe ", Region" in any case, maybe a
# credit, then a dash: "WASHINGTON —", "KABUL, Afghanistan (AP) —", "GAZA CITY (Reuters) -".
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?P<place>[A-Z][A-Z.'\u2019-]+(?:[ \t]+[A-Z][A-Z.'\u2019-]+){0,3}"
    r"(?:,[ \t]*[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,3}){0,2})"
    r"[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*(?:—|–|--|-)[ \t]+"
)


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    place: str  # as written: "KABUL, Afghanistan"
    place_start: int


def find_credits(text: str) -> list[tuple[int, int]]:
    """Spans of wire credits in parentheses."""
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]


def find_dateline(text: str) -> Dateline | None:
    """The dateline of the first paragraph that has one, among the first three (a title or a
    byline may come first)."""
    paragraphs = 0
    for line in re.finditer(r"(?m)^.*$", text):
        if not line.group().strip():
            continue
        paragraphs += 1
        if paragraphs > 3:
            return None
        found = _DATELINE.match(text, line.start())
        if found is not None and found.end() <= line.end():
            place = found.group("place")
            first = place.split(",")[0]
            if len(first.replace(".", "").replace(" ", "")) < 3:
                continue
            return Dateline(found.start(), found.end(), place, found.start("place"))
    return None


def excluded_spans(text: str) -> tuple[list[tuple[int, int]], Dateline | None]:
    """The wire credits and the dateline of ``text``, and the dateline itself."""
    spans = find_credits(text)
    dateline = find_dateline(text)
    if dateline is not None:
        spans.append((dateline.start, dateline.end))
    return sorted(spans), dateline
