"""Colours, marker shapes and display vocabularies of the situation room.

Colours come from the Okabe-Ito palette, which stays distinguishable with every common form of
colour blindness; where a view has more categories than the palette has colours, a second
channel (a node shape, a line dash, a lane label, a text badge) tells them apart, so no
information is carried by colour alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from sitroom.models import ACTOR_TYPES, EVENT_STATUSES, EVENT_TYPES
from sitroom.ontology import ontology
from sitroom.rules import load_yaml

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}
_O = OKABE_ITO

# Event types by CAMEO quad class: verbal cooperation blue, material cooperation bluish green,
# verbal conflict orange, material conflict vermillion; darker shades for the stronger types
# (Okabe-Ito hues; the values live in the ontology, the one place an event type is described).
# Timeline lanes and table cells always print the type too.
TYPE_COLOURS: dict[str, str] = ontology().type_colours()

# Actor types: a colour (from the ontology) and a Cytoscape node shape; no two types share both.
ACTOR_TYPE_SHAPES: dict[str, str] = {
    "state": "round-rectangle",
    "government": "round-rectangle",
    "military": "triangle",
    "police": "triangle",
    "armed_group": "diamond",
    "igo": "hexagon",
    "ngo": "hexagon",
    "party": "round-rectangle",
    "media": "ellipse",
    "person": "ellipse",
    "civilians": "ellipse",
    "other": "vee",
}
ACTOR_TYPE_COLOURS: dict[str, str] = ontology().actor_type_colours()
ACTOR_TYPE_STYLES: dict[str, tuple[str, str]] = {
    t: (ACTOR_TYPE_COLOURS[t], shape) for t, shape in ACTOR_TYPE_SHAPES.items()
}

# Relation polarity on network edges: a colour and a line style.
POLARITY_STYLES: dict[str, tuple[str, str]] = {
    "hostile": (_O["vermillion"], "solid"),
    "cooperative": (_O["bluish_green"], "solid"),
    "structural": (_O["grey"], "dashed"),
}

# How sure an event's status is that it happened; the default counts take the first two.
STATUS_LABELS: dict[str, str] = {
    "occurred": "occurred",
    "attempted": "attempted (failed or partial)",
    "planned": "planned, not (yet) carried out",
    "thwarted": "thwarted before it happened",
    "threatened": "threatened",
    "hypothetical": "hypothetical or conditional",
    "negated": "said not to have happened",
}
DEFAULT_STATUSES: tuple[str, ...] = ("occurred", "attempted")

# How an event's sides are known (``source_basis``, ``target_basis``); "stated" is not shown.
BASIS_LABELS: dict[str, str] = {
    "stated": "named in the evidence sentence",
    "claimed": "claimed responsibility",
    "alleged": "alleged by another party",
    "inferred": "inferred from the article around the sentence",
}
# The note the places stage leaves on an event whose sentence does not state its place.
PLACE_INFERRED = "place: inferred"

# Date precision -> how the mark is drawn and what the legend says.
DATE_MARKS: dict[str, tuple[str, str]] = {
    "day": ("solid", "exact day"),
    "document": ("hollow", "publication date, none in the text"),
    "range": ("band", "a span of days"),
    "week": ("band", "week only"),
    "month": ("band", "month only"),
    "year": ("band", "year only"),
    "decade": ("band", "decade only"),
    "unknown": ("none", "undated (not drawn)"),
}

# Place precision -> map marker; coarse places are hollow and larger, never a city dot.
PLACE_MARKS: dict[str, str] = {
    "coordinates": "point",
    "city": "point",
    "admin2": "district",
    "admin1": "region",
    "country": "country",
}
PLACE_MARK_LABELS: dict[str, str] = {
    "point": "city or exact point",
    "district": "district (admin2) centre",
    "region": "province (admin1) centre",
    "country": "country centre",
    "unknown": "precision not reported",
}


def date_mark(precision: str, start: Any, end: Any) -> str:
    """The DATE_MARKS key of a date: ``range`` for a day-precision span longer than a day."""
    if precision == "day" and start is not None and end is not None and end != start:
        return "range"
    return precision if precision in DATE_MARKS else "unknown"


@dataclass(frozen=True)
class GenericActors:
    """Actors too vague to follow (civilians, unidentified gunmen, weapons read as actors)."""

    types: frozenset[str]
    skip: frozenset[str]
    words: frozenset[str]

    def is_generic(self, name: str, actor_type: str) -> bool:
        if actor_type in self.types:
            return True
        tokens = [t for t in re.split(r"[^\w]+", name.lower()) if t and t not in self.skip]
        return bool(tokens) and all(t in self.words for t in tokens)

    def as_json(self) -> dict[str, list[str]]:
        return {k: sorted(getattr(self, k)) for k in ("types", "skip", "words")}


def _word_list(data: dict[str, Any], key: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"generic_actors.yaml: {key!r} must be a list of non-empty strings")
    bad = [v for v in value if v != v.lower() or not re.fullmatch(r"\w+", v)]
    if bad:
        raise ValueError(f"generic_actors.yaml: {key!r} entries must be single lower-case words")
    return frozenset(value)


def parse_generic_actors(data: Any) -> GenericActors:
    if not isinstance(data, dict) or set(data) != {"types", "skip", "words"}:
        raise ValueError("generic_actors.yaml: expected exactly the keys types, skip, words")
    types = _word_list(data, "types")
    unknown = types - set(ACTOR_TYPES)
    if unknown:
        raise ValueError(f"generic_actors.yaml: unknown actor types {sorted(unknown)}")
    return GenericActors(types, _word_list(data, "skip"), _word_list(data, "words"))


@cache
def generic_actors() -> GenericActors:
    text = resources.files("sitroom").joinpath("data/web/generic_actors.yaml").read_text("utf-8")
    return parse_generic_actors(load_yaml(text))


def palette_css() -> str:
    """Colour classes for swatches (the CSP allows no inline style attributes)."""
    rules = [f".sw-type-{t} {{ background: {c}; }}" for t, c in TYPE_COLOURS.items()]
    rules += [f".sw-actor-{t} {{ background: {c}; }}" for t, c in ACTOR_TYPE_COLOURS.items()]
    rules += [f".fill-type-{t} {{ fill: {c}; stroke: {c}; }}" for t, c in TYPE_COLOURS.items()]
    return "\n".join(rules) + "\n"


def palette_json() -> dict[str, Any]:
    return {
        "event_types": TYPE_COLOURS,
        "actor_types": ACTOR_TYPE_COLOURS,
        "actor_shapes": ACTOR_TYPE_SHAPES,
        "polarity": {k: {"colour": c, "line": s} for k, (c, s) in POLARITY_STYLES.items()},
        "statuses": STATUS_LABELS,
        "default_statuses": list(DEFAULT_STATUSES),
        "place_marks": PLACE_MARKS,
        "place_mark_labels": PLACE_MARK_LABELS,
        "generic_actors": generic_actors().as_json(),
    }


assert set(TYPE_COLOURS) == set(EVENT_TYPES)
assert set(ACTOR_TYPE_STYLES) == set(ACTOR_TYPES)
assert set(STATUS_LABELS) == set(EVENT_STATUSES)
assert len(set(ACTOR_TYPE_STYLES.values())) == len(ACTOR_TYPE_STYLES)
