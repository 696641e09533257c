"""Named features beyond the gazetteer: continents, world regions, oceans, seas, straits and
great rivers (``features.yaml`` beside this module), read and checked on first use; and named
sites and natural features that a unit word marks ("Kuje Prison", "Liuheng Island")."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.annotation import AnnotatedDoc
from sitroom.places.names import name_key
from sitroom.places.words import words
from sitroom.rules import load_yaml


@dataclass(frozen=True)
class Feature:
    name: str
    lat: float | None
    lon: float | None
    country: str | None = None
    site: bool = False  # a named site or natural feature by its unit word: no point known


class FeatureTableError(ValueError):
    """``features.yaml`` (or a table given to :func:`parse_features`) is malformed."""


def parse_features(text: str) -> dict[str, Feature]:
    """Name key (of the name and of each alias) -> feature."""
    data = load_yaml(text)
    if not isinstance(data, dict) or not data:
        raise FeatureTableError("the feature table must be a non-empty mapping of names")
    table: dict[str, Feature] = {}
    for name, row in data.items():
        if not isinstance(name, str) or not isinstance(row, dict):
            raise FeatureTableError(f"{name!r}: a mapping with lat and lon is expected")
        unknown = set(row) - {"lat", "lon", "aliases", "country"}
        if unknown:
            raise FeatureTableError(f"{name}: unknown fields {sorted(unknown)}")
        lat, lon = row.get("lat"), row.get("lon")
        if not _number(lat, 90) or not _number(lon, 180):
            raise FeatureTableError(f"{name}: lat and lon must be numbers within range")
        country = row.get("country")
        if country is not None and not (isinstance(country, str) and len(country) == 3):
            raise FeatureTableError(f"{name}: country must be an ISO alpha-3 code")
        aliases = row.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise FeatureTableError(f"{name}: aliases must be a list of names")
        feature = Feature(name, float(lat), float(lon), country)  # type: ignore[arg-type]
        for written in (name, *aliases):
            key = name_key(written)
            if key in table:
                raise FeatureTableError(f"{written!r} is listed twice")
            table[key] = feature
    return table


def _number(value: Any, bound: float) -> bool:
    return isinstance(value, int | float) and -bound <= value <= bound


@functools.cache
def feature_table() -> dict[str, Feature]:
    text = resources.files("sitroom.places").joinpath("features.yaml").read_text("utf-8")
    return parse_features(text)


def find_feature(name: str) -> Feature | None:
    """The feature called ``name`` ("the Indian Ocean", "Mideast"), if any."""
    key = name_key(name)
    table = feature_table()
    return table.get(key) or table.get(key.removeprefix("the "))


# --- features that the model reads as other entities -------------------------------------

_PLACE_NOUNS = words()["place_nouns"]
_AFFIX_KIND = words().affix_kind
_SITE_WORDS = words()["site_words"]
_NATURAL_WORDS = words()["natural_words"]
_UNIT_WORDS_BEFORE = words()["unit_words_before"]
# the model's labels of a place or a building; a site so named under another label (an
# organization: "City Hospital said") is an institution
_PLACE_OR_FACILITY = frozenset({"GPE", "LOC", "FAC"})


def entity_as_feature(doc: AnnotatedDoc, first: int, stop: int) -> tuple[int, int] | None:
    """The span of a named feature that the model tagged as another kind of entity (an
    organization: "the Senkaku/Diaoyu islands", "Whitsun Reef"), the entity alone or with
    the lower-case word after it ("islands", "reef"); None when it names no feature."""
    tokens = doc.tokens
    if tokens[first].lower == "the" and stop - first > 1:
        first += 1
    start, end = tokens[first].idx, tokens[stop - 1].end
    if find_feature(doc.text[start:end]) is not None:
        return start, end
    if stop < len(tokens) and tokens[stop].text.islower() and tokens[stop].text.isalpha():
        longer = tokens[stop].end
        if find_feature(doc.text[start:longer]) is not None:
            return start, longer
    return None


def name_bounds(doc: AnnotatedDoc, start: int, end: int) -> tuple[int, int]:
    """The tokens of an entity, or only those of a named feature inside it after a leading
    "the" and before a trailing place noun: "the Western Balkans" and "the Indo-Pacific
    region", which the model may call organizations, hold no longer name than "Western
    Balkans" and "Indo-Pacific" ("the Taliban" stays whole)."""
    tokens = doc.tokens
    inner_start, inner_end = start, end
    if inner_end - inner_start > 1 and tokens[inner_start].lower == "the":
        inner_start += 1
    last = tokens[inner_end - 1].lower
    if inner_end - inner_start > 1 and (last in _PLACE_NOUNS or last in _AFFIX_KIND):
        inner_end -= 1
    if (inner_start, inner_end) == (start, end):
        return start, end
    name = doc.text[tokens[inner_start].idx : tokens[inner_end - 1].end]
    return (inner_start, inner_end) if find_feature(name) is not None else (start, end)


def site_feature(name: str, label: str) -> Feature | None:
    """A named site or natural feature by its unit word ("Kuje Prison", "the Liuheng Island",
    "Lake Albert", "Mount Sinjar"; ``words.yaml``: ``site_words``, ``natural_words``): a
    feature without a point (the caller gives it the document's country); None when the name
    has no such word, no capitalized name beside it, or is a site that the model does not
    call a place or a facility (``label``)."""
    written = name.split()
    if written and written[0].lower() == "the":
        written = written[1:]
    if len(written) < 2:
        return None
    first, last = written[0].lower(), written[-1].lower()
    if first in _UNIT_WORDS_BEFORE and written[1][:1].isupper():
        unit = first  # "Lake Albert"
    elif written[0][:1].isupper():
        unit = last  # "Liuheng Island"; not "the old river"
    else:
        return None
    natural = unit in _NATURAL_WORDS
    if not natural and (unit not in _SITE_WORDS or label not in _PLACE_OR_FACILITY):
        return None
    return Feature(" ".join(written), None, None, site=True)
