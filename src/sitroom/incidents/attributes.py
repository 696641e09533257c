"""One event for an incident: its mentions' attributes merged by stated rules.

The first mention is the base: the most specific place that a sentence states (an inferred
place only when no mention states one); a stated date over an inherited or
default one; casualty figures from the base, else the highest later figure ("at least six
died"); the union of claimants; when the base names no perpetrator, a claimant, else the first
stated one among the other mentions (and targets likewise); how the perpetrator is known is
recorded in ``source_basis`` (stated, claimed, alleged or inferred). Every mention's sentences
are kept as evidence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sitroom.incidents.clusters import GENERIC, Incident, Mention, named
from sitroom.models import Actor, Event, Location, SourceBasis, Span
from sitroom.places.locating import INFERRED

PLACE_RANK = {None: 0, "country": 1, "admin1": 2, "admin2": 3, "city": 4, "coordinates": 5}
DATE_RANK = {"unknown": 0, "document": 1, "decade": 2, "year": 3, "month": 4, "week": 5, "day": 6}


def merge(
    inc: Incident, actors: Mapping[str, Actor], attribution_verbs: Mapping[str, str]
) -> Event:
    """One event for the incident, by the rules of the module docstring."""
    events = [m.event for m in inc.mentions]
    base = events[0].model_copy(deep=True)
    if len(events) == 1:
        base.source_basis = _source_basis(base, inc.mentions, attribution_verbs)
        return base
    base.mode = base.mode or next((e.mode for e in events if e.mode), None)
    base.claimed_by = _union([e.claimed_by for e in events])
    if not named(base.sources):  # the perpetrator from another mention: a claim first
        claimants = [c for c in base.claimed_by if c not in GENERIC]
        stated = next((e.sources for e in events if named(e.sources)), [])
        base.sources = claimants or list(stated) or base.sources
    if not named(base.targets):
        base.targets = next((list(e.targets) for e in events if named(e.targets)), base.targets)
    base.date = max(events, key=lambda e: (_stated(e), DATE_RANK.get(e.date.precision, 0))).date
    located = [(e, e.location) for e in events if e.location is not None]
    placed_by = None
    if located:  # a place a sentence states before one inferred, then the most specific
        placed_by, base.location = _best_place(located)
    if base.killed is None:  # a toll told later ("at least six died"): the highest
        base.killed = _highest([e.killed for e in events])
    if base.wounded is None:
        base.wounded = _highest([e.wounded for e in events])
    spans: dict[tuple[int, int], Span] = {}
    for e in events:
        for s in [e.evidence, *e.more_evidence]:
            spans.setdefault((s.start, s.end), s)
    ordered = [spans[k] for k in sorted(spans)]
    base.evidence, base.more_evidence = ordered[0], ordered[1:]
    base.confidence = max(e.confidence for e in events)
    base.notes = _union([e.notes for e in events])
    if placed_by is not None:  # how the place was found: that of the mention it comes from
        base.notes = [n for n in base.notes if not n.startswith(INFERRED) or n in placed_by.notes]
    base.notes.append(f"incidents: {len(events)} mentions of one incident merged")
    base.source_basis = _source_basis(base, inc.mentions, attribution_verbs)
    return base


def _source_basis(
    event: Event, mentions: Sequence[Mention], verbs: Mapping[str, str]
) -> SourceBasis | None:
    """How the merged incident's perpetrator is known: a claim or an allegation in any of its
    mentions decides; otherwise what the events stage recorded for the base mention (stated,
    or inferred from a speaker), else stated."""
    if not named([*event.sources, *event.claimed_by]):
        return None
    if named(event.claimed_by) and named(event.claimed_by) >= named(event.sources):
        return "claimed"
    if any(verbs.get(m.lemma) == "alleged" for m in mentions) or any(
        "attributed" in n for n in event.notes
    ):
        return "alleged"
    return event.source_basis or "stated"


def _best_place(located: list[tuple[Event, Location]]) -> tuple[Event, Location]:
    """The place of a merged incident: the most specific place that a mention's sentence
    states (with a country at least), or a more specific place inferred for another mention
    that lies inside it ("in western Niger" stated, "Ouallam" from a later sentence); with
    nothing stated, the most specific inferred place."""
    stated = [p for p in located if _stated_place(p[0], p[1])]
    if not stated:
        return max(located, key=lambda p: PLACE_RANK.get(p[1].precision, 0))
    anchor = max(stated, key=lambda p: PLACE_RANK.get(p[1].precision, 0))[1]
    inside = [p for p in located if p in stated or _inside(p[1], anchor)]
    return max(inside, key=lambda p: (PLACE_RANK.get(p[1].precision, 0), p in stated))


def _stated_place(e: Event, location: Location) -> bool:
    return PLACE_RANK.get(location.precision, 0) > 0 and not any(
        n.startswith(INFERRED) for n in e.notes
    )


def _inside(location: Location, container: Location) -> bool:
    """Does ``location`` lie inside a country or first-order division ``container``?"""
    if location.country != container.country or container.precision not in ("country", "admin1"):
        return False
    return container.precision == "country" or location.admin1 == container.admin1


def _stated(e: Event) -> bool:
    return e.date.precision not in ("document", "unknown") and not any(
        "inherited" in n for n in e.notes
    )


def _union(lists: Sequence[Sequence[str]]) -> list[str]:
    return list(dict.fromkeys(x for items in lists for x in items))


def _highest(values: Sequence[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return max(known) if known else None
