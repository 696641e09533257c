"""Keep the other stages' results off the anatomy spans (dateline, byline, credits, captions).

Until the places stage takes excluded spans itself, its places are filtered here: a mention in
an excluded span is dropped, and a place left without mentions goes with it ("(AP)" is not
Andhra Pradesh). Actors are filtered the same way before the events stage reads them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitroom.anatomy import Anatomy, SpanSet, mostly_inside, outside
from sitroom.annotation import AnnotatedDoc
from sitroom.models import Event, Place

if TYPE_CHECKING:
    from sitroom.actors import LinkedActors


def places_outside(places: list[Place], anatomy: Anatomy) -> list[Place]:
    """The places with their mentions outside the anatomy's spans; the place the dateline
    names is kept aside as ``anatomy.dateline_place`` (a prior, not a fact)."""
    dateline = anatomy.dateline
    if dateline is not None:
        anatomy.dateline_place = next(
            (
                p
                for p in places
                for m in p.mentions
                if dateline.start <= m.start and m.end <= dateline.end
            ),
            None,
        )
    return drop_places(places, anatomy.excluded)


def places_inside(places: list[Place], spans: SpanSet) -> list[Place]:
    """The places with only their mentions inside ``spans`` (those that have any)."""
    out = []
    for place in places:
        inside = [m for m in place.mentions if not outside(spans, m.start, m.end)]
        if inside:
            out.append(place.model_copy(update={"mentions": inside}))
    return out


def drop_places(places: list[Place], spans: SpanSet) -> list[Place]:
    if not spans:
        return places
    out = []
    for place in places:
        kept = [m for m in place.mentions if outside(spans, m.start, m.end)]
        if len(kept) == len(place.mentions):
            out.append(place)
        elif kept:
            out.append(place.model_copy(update={"mentions": kept}))
    return out


def drop_actors(linked: LinkedActors, doc: AnnotatedDoc, spans: SpanSet) -> LinkedActors:
    """Remove the actor mentions inside ``spans`` (in place) and the actors left without one."""
    if not spans:
        return linked

    def clear(token_start: int, token_end: int) -> bool:
        toks = doc.tokens[token_start:token_end]
        return not toks or outside(spans, toks[0].idx, toks[-1].end)

    linked.mentions = [m for m in linked.mentions if clear(m.token_start, m.token_end)]
    for i in [i for i in linked.by_token if not clear(i, i + 1)]:
        del linked.by_token[i]
    alive = {m.actor_id for m in linked.mentions}
    for actor_id in list(linked.actors):
        actor = linked.actors[actor_id]
        actor.mentions = [s for s in actor.mentions if outside(spans, s.start, s.end)]
        if actor_id not in alive and not actor.mentions:
            del linked.actors[actor_id]
    for actor in linked.actors.values():
        if actor.affiliation is not None and actor.affiliation not in linked.actors:
            actor.affiliation = None
    linked.roles = [r for r in linked.roles if r[0] in linked.actors and r[2] in linked.actors]
    return linked


def drop_events(events: list[Event], sentences: SpanSet) -> list[Event]:
    """Events read from a credit, caption or byline ("X contributed to this report")."""
    if not sentences:
        return events
    return [e for e in events if not mostly_inside(sentences, e.evidence.start, e.evidence.end)]
