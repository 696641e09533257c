"""Written hierarchies between place mentions: "Chehel Dokhtaran, Herat, Afghanistan",
"Janaale (Marka, Lower Shabelle)", "Achin district of Nangarhar", and the lists that look like
them ("Kabul, Herat and Kandahar")."""

from __future__ import annotations

import itertools

from sitroom.annotation import AnnotatedDoc
from sitroom.places.gazetteer import COUNTRY
from sitroom.places.mentions import (
    _CHAIN_GAP,
    _COORDINATION,
    _SOFT_CHAIN_GAP,
    _drop_overlaps,
    _Mention,
)
from sitroom.places.names import name_key


def _link_chains(doc: AnnotatedDoc, mentions: list[_Mention]) -> None:
    """ "Chehel Dokhtaran, Herat, Afghanistan", "Janaale (Marka, Lower Shabelle)", "Achin district
    of Nangarhar": each name is contained in the next one."""
    mentions[:] = _drop_overlaps(mentions)
    before_coordination: set[int] = set()
    for left, right in itertools.pairwise(mentions):
        gap = doc.text[left.end : right.start]
        if _country_before_its_unit(left, gap):
            # "the U.S. state of Alaska": the unit word is the next name's
            left.end, left.hint = left.name_end, None
            right.place_syntax = True
        elif left.sent == right.sent and _CHAIN_GAP.match(gap) and not _two_countries(left, right):
            left.container = right
            left.comma_link = gap.strip() == ","
            # "Gusau, Zamfara": both sides of a stated hierarchy are written as places.
            left.place_syntax = right.place_syntax = True
        elif left.sent == right.sent and _SOFT_CHAIN_GAP.match(gap):
            left.container, left.soft_link = right, True
        elif left.sent == right.sent and _COORDINATION.match(gap):
            # "Deir ez-Zor and Ras al-Ain": a name listed with a place is written as a place.
            right.place_syntax = right.place_syntax or bool(left.hits)
            before_coordination.add(id(left))
    for m in reversed(mentions):
        link = m.container
        if m.comma_link and link is not None:
            m.listed = id(link) in before_coordination or link.listed


def _country_before_its_unit(left: _Mention, gap: str) -> bool:
    """Is ``left`` a country written with a unit word and "of" before the next name ("the
    U.S. state of Alaska", "Mexico's state of Sonora")? A country lies inside no unit."""
    return (
        left.end != left.name_end
        and gap.strip() == "of"
        and any(h.entry.kind == COUNTRY and not h.loose for h in left.hits)
    )


def _two_countries(left: _Mention, right: _Mention) -> bool:
    """ "Afghanistan, Pakistan, Iran": a country is never inside another, so two country names
    in a row are a list, even where a village abroad bears the first name. The same name twice
    is a capital and its country ("Guatemala, Guatemala")."""
    if name_key(left.core) == name_key(right.core):
        return False
    return all(any(h.entry.kind == COUNTRY and not h.loose for h in m.hits) for m in (left, right))
