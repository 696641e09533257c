"""Datelines and wire credits: "KABUL, Afghanistan (AP) —", "WASHINGTON —", "(AFP)". They say
where a story was filed, not where anything happened: their names are never where an event
is, and the dateline's place is only a prior for choosing among namesakes. The dateline's
own names are still places the article names (where it was filed): :func:`dateline_toponyms`
gives them to the article's list of places, apart from the places events are located by.

The article-anatomy stage can pass its own spans to :meth:`Geocoder.resolve`; when it does not,
the dateline is found with the anatomy's patterns (``anatomy/patterns.yaml``) and the credits
with the agencies of ``words.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitroom import models
from sitroom.places.gazetteer import ADMIN1, COUNTRY, Gazetteer
from sitroom.places.output import place_of
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


def dateline_toponyms(
    gazetteer: Gazetteer, text: str, dateline: models.Dateline, town: models.Place | None
) -> list[models.Place]:
    """The places a dateline names, each with its mention: its town as the places stage
    resolved it (``town``: the dateline's prior, ``None`` when unknown) and the country or
    first-level division after the comma ("MOGADISHU, Somalia —"), an exact gazetteer name
    in the town's country. A name the gazetteer does not know exactly ("Fla.") is left out."""
    out: list[models.Place] = []
    written = text[dateline.start : dateline.end]
    after = 0
    if dateline.place:
        k = written.find(dateline.place)
        if k >= 0:
            after = k + len(dateline.place)
            if town is not None:
                out.append(_mentioned(town, dateline.start + k, dateline.place))
    if dateline.region:
        k = written.find(dateline.region, after)
        name = dateline.region.title() if dateline.region.isupper() else dateline.region
        country = town.country if town is not None else dateline.country
        entries = [
            h.entry
            for h in gazetteer.find([name]).get(name, [])
            if not h.loose
            and h.entry.kind in (COUNTRY, ADMIN1)
            and (country is None or h.entry.country == country)
        ]
        if k >= 0 and entries:
            entry = min(entries, key=lambda e: (e.kind, -e.population))  # the country first
            out.append(
                _mentioned(place_of(gazetteer, entry, name), dateline.start + k, dateline.region)
            )
    return out


def _mentioned(place: models.Place, start: int, written: str) -> models.Place:
    span = models.Span(start=start, end=start + len(written), text=written)
    return place.model_copy(update={"mentions": [span], "kind": "literal"})
