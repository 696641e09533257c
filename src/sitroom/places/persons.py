"""People's names are no places: a name after a title ("President Tyler"), a word of a full
person name written elsewhere in the text ("Marco Rubio" ... "Rubio"), a surname after name
particles ("von der Leyen") or a common first name the parser tags as a person are dropped from
the place mentions (the issue's "Tyler, Li and Olivia became towns")."""

from __future__ import annotations

from collections.abc import Collection

from sitroom.annotation import AnnotatedDoc
from sitroom.places.mentions import (
    _PLACE_LABELS,
    _WORDS,
    AFFIX_KIND,
    DIRECTION_WORDS,
    _Mention,
    after_prepositions,
)

__all__ = ["is_person_name", "person_name_parts", "without_person_names"]

_PERSON_TITLES = _WORDS["person_titles"]
_FIRST_NAMES = _WORDS["first_names"]
_SURNAME_PARTICLES = _WORDS["surname_particles"]


def person_name_parts(doc: AnnotatedDoc) -> set[str]:
    """The first and last words of the document's multi-word person names ("Marco Rubio" gives
    "Marco" and "Rubio"): alone, later, they still name the person."""
    parts: set[str] = set()
    for ent in doc.entities:
        # "Beyond Ukraine": a capitalized preposition the model took into the name
        start = after_prepositions(doc, ent.token_start)
        if ent.label != "PERSON" or ent.token_end - start < 2:
            continue
        span = doc.tokens[start : ent.token_end]
        if any(t.lower in DIRECTION_WORDS or t.lower in AFFIX_KIND for t in span):
            continue  # "Manzini North", "Kajo Keji County": a place the parser took for a person
        words = [t.text for t in span if t.text[:1].isalpha()]
        if len(words) >= 2:
            parts.update((words[0], words[-1]))
    return parts


def is_person_name(
    doc: AnnotatedDoc, m: _Mention, parts: set[str], countries: Collection[str] = ()
) -> bool:
    """A name that is a person's: after a title ("President Tyler", "Sen. Rubio"), a word of
    a full person name written elsewhere in the text, or a common first name that the
    parser tags as a person. A name written where a place goes ("fighting in Jordan") and
    tagged as a place by the parser is kept, and so is a country's name (``countries``)
    tagged as a place: a word of a longer name that the parser took for a person's
    ("Birdlife Spain") does not make every "Spain" of the text a person."""
    tokens = [doc.tokens[i] for i in doc.token_range(m.start, m.name_end or m.end)]
    tokens = [t for t in tokens if t.idx >= m.start]
    if not tokens:
        return False
    first = tokens[0]
    before = doc.tokens[first.i - 1] if first.i > 0 else None
    titled = before is not None and before.lower.rstrip(".") in _PERSON_TITLES
    if titled and before is not None and before.text[:1].isupper():
        return True
    if _after_surname_particle(doc, first.i):
        return True  # "von der Leyen"
    if m.before_place_noun:
        return False  # "the Austin outskirts"
    if m.label in _PLACE_LABELS and m.place_syntax:
        return False
    if len(tokens) == 1 and first.text in parts and not m.place_syntax:
        return not (m.label in _PLACE_LABELS and m.core in countries)
    return len(tokens) == 1 and m.label == "PERSON" and first.lower in _FIRST_NAMES


def _after_surname_particle(doc: AnnotatedDoc, i: int) -> bool:
    """Is token ``i`` after lower-case name particles that follow a capitalized word?"""
    k = i - 1
    while k >= 0 and doc.tokens[k].text in _SURNAME_PARTICLES and doc.tokens[k].ws:
        k -= 1
    return k < i - 1 and k >= 0 and doc.tokens[k].text[:1].isupper() and bool(doc.tokens[k].ws)


def without_person_names(
    doc: AnnotatedDoc, mentions: list[_Mention], countries: Collection[str] = ()
) -> list[_Mention]:
    """The mentions that are no person's name; ``countries`` are the names (as looked up)
    that are exactly a country's."""
    parts = person_name_parts(doc)
    return [m for m in mentions if not is_person_name(doc, m, parts, countries)]
