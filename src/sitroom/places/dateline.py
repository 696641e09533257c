"""Datelines and wire credits: "KABUL, Afghanistan (AP) —", "WASHINGTON —", "(AFP)". They say
where a story was filed, not where anything happened: their names are never literal places,
and the dateline's place is only a prior for choosing among namesakes.

The article-anatomy stage can pass its own spans to :meth:`Geocoder.resolve`; when it does not,
the dateline is found with the anatomy's patterns (``anatomy/patterns.yaml``) and the credits
with the agencies of ``words.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom.places.words import words

_AGENCIES = sorted(words()["wire_agencies"], key=len, reverse=True)
_AGENCY = r"(?:" + "|".join(re.escape(a) for a in _AGENCIES) + r")"
# "(AP)", "(AFP)", "(Reuters)", "(AP/Reuters)": a credit in parentheses.
_CREDIT = re.compile(r"\(\s*" + _AGENCY + r"(?:\s*[/,&]\s*" + _AGENCY + r")*\s*\)", re.IGNORECASE)


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    place: str  # as written: "KABUL, Afghanistan"


def find_credits(text: str) -> list[tuple[int, int]]:
    """Spans of wire credits in parentheses."""
    return [(m.start(), m.end()) for m in _CREDIT.finditer(text)]


def find_datelines(text: str) -> list[Dateline]:
    """The datelines of ``text`` (one per story of a multi-story page), as the article-anatomy
    stage finds them (:func:`sitroom.anatomy.find_datelines`: one detector for both)."""
    from sitroom.anatomy import find_datelines as anatomy_datelines

    found = []
    for d in anatomy_datelines(text):
        place = d.place or ""
        if d.region:
            place = f"{place}, {d.region}"
        found.append(Dateline(d.start, d.end, place))
    return found


def find_dateline(text: str) -> Dateline | None:
    """The first dateline of ``text``."""
    found = find_datelines(text)
    return found[0] if found else None


def excluded_spans(text: str) -> tuple[list[tuple[int, int]], Dateline | None]:
    """The wire credits and the datelines of ``text``, and the first dateline (the prior)."""
    datelines = find_datelines(text)
    spans = find_credits(text) + [(d.start, d.end) for d in datelines]
    return sorted(spans), datelines[0] if datelines else None
