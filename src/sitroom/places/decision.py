"""Decision and abstention: choose one gazetteer entry per mention (containers before what they
contain, the top of a chain again when its names are lost), accept or abstain, and prefer the
namesake town of a bare unit name."""

from __future__ import annotations

import re
from collections import defaultdict

from sitroom.places.fuzzy import FuzzyNames
from sitroom.places.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Entry, Gazetteer
from sitroom.places.geo import haversine_km
from sitroom.places.mentions import _Mention
from sitroom.places.scoring import (
    _contains,
    _Context,
    _fits,
    _resolved_container,
    _score,
    _trusted,
    _unplaced_in_chain,
    abstention_rule,
    evidence_score,
    independent_evidence,
    score_features,
    weak_choice,
)

# A namesake town stands for its unit when it is about as big as the unit's biggest town.
_SEAT_SHARE = 0.5
# A bare name that is the own name of a country, of a national capital or of a city of a
# million, means that place, not a namesake town or district abroad at least _DWARF_RATIO
# times smaller ("Paris", "Berlin", "Edmonton", "Cuba"), however much the text talks of the
# namesake's country. A smaller city ("Gaya", India) leaves its namesakes to the context.
_FAMOUS_CAPITAL = 100_000
_FAMOUS_CITY = 1_000_000
_DWARF_RATIO = 50

# (start, end) -> the candidates of a choice and their evidence (scripts/fit_place_models.py)
Trace = dict[tuple[int, int], list[tuple[Entry, list[tuple[str, float]]]]]


def choose(
    fuzzy: FuzzyNames,
    mentions: list[_Mention],
    context: _Context,
    *,
    first_pass: bool,
    trace: Trace | None = None,
) -> None:
    """Choose an entry for every mention; the first pass ignores the written containers."""
    # Resolve containers before what they contain: "Town, Province, Country" right to left.
    for m in reversed(mentions):
        _choose_one(fuzzy, m, context, first_pass=first_pass, trace=trace)
    if not first_pass:
        _rechoose_chain_tops(fuzzy, mentions, context, trace)


def _choose_one(
    fuzzy: FuzzyNames,
    m: _Mention,
    context: _Context,
    *,
    first_pass: bool,
    trace: Trace | None,
) -> None:
    container = None if first_pass else _resolved_container(m)
    m.chosen = None
    if trace is not None and m.hits and not first_pass:
        trace[(m.start, m.end)] = [
            (h.entry, score_features(h, m.hint, m.sent, m.start, context, container))
            for h in m.hits
        ]
    if m.hits:
        scored = [(_score(h, m.hint, m.sent, m.start, context, container), h) for h in m.hits]
        best_score, best = max(scored, key=lambda sh: (sh[0], sh[1].entry.population))
        m.chosen, m.score = best.entry, best_score
    if container is not None and _listed_apart(m, container, context):
        # "in Washington, New York and San Francisco", "in Berlin, Paris and Madrid": a list
        # of famous places, not a town inside the next name
        m.container, m.comma_link = None, False
        _choose_one(fuzzy, m, context, first_pass=first_pass, trace=trace)
        return
    if container is not None and not _fits(container, m.chosen):
        # The stated hierarchy wins over a same-named place elsewhere: look for the
        # spelling variant inside the container, or give up on this name. A trusted name
        # of the same country before a comma may be a sibling in a list ("in Kabul, Herat
        # and Kandahar") or a town given with a nearby town ("Kobani, Aleppo").
        inside = fuzzy.inside(m.core, container)
        sibling = (
            m.chosen is not None
            and m.chosen.country == container.country
            and m.comma_link
            and (m.listed or container.kind == CITY)  # a town holds no other town
            and _trusted(m)
        )
        # A name softly linked to a town ("families from X in Y") stays if it is in the
        # town's country; one that no stated unit holds is a namesake.
        kept = (
            m.soft_link
            and m.chosen is not None
            and m.chosen.country == container.country
            and container.kind == CITY
        )
        if inside is not None or not (sibling or kept):
            m.chosen = inside


def _listed_apart(m: _Mention, container: Entry, context: _Context) -> bool:
    """Is a name linked by a bare comma to the next one of a run that ends in "and"/"or" ("A,
    B and C") a sibling in the list rather than a place inside B? It is when, read alone, it
    is a famous place (a country, a national capital, a city of a million: :func:`_famous`)
    that B does not hold: "Washington, New York and San Francisco" is no Washington County of
    New York State. A smaller name keeps the hierarchy ("Gwoza, Borno and Maiduguri")."""
    if not (m.comma_link and m.listed and m.hits and m.hint is None):
        return False
    alone = [(_score(h, m.hint, m.sent, m.start, context, None), h) for h in m.hits]
    _, best = max(alone, key=lambda sh: (sh[0], sh[1].entry.population))
    return _famous(best.entry, context.capitals) and not _fits(container, best.entry)


def without_dwarfed_namesakes(mentions: list[_Mention], capitals: frozenset[int]) -> None:
    """Drop the small namesakes abroad of a country or a famous city from the candidates of a
    name written without a kind word and inside no written hierarchy (it may top one:
    "Guantanamo Bay, Cuba"). Countries and first-order divisions stay candidates, and so
    does a town of the famous place's own country."""
    for m in mentions:
        if m.hint is not None or m.container is not None:
            continue
        own = [h.entry for h in m.hits if h.primary and not h.loose]
        famous = [e for e in own if _famous(e, capitals)]
        if not famous:
            continue
        top = max(famous, key=lambda e: e.population)
        m.hits = [h for h in m.hits if not _dwarfed(h.entry, top) and not _claimed(h.entry, top)]


def _famous(entry: Entry, capitals: frozenset[int]) -> bool:
    if entry.kind == COUNTRY:
        return True
    if entry.kind != CITY:
        return False
    if entry.id in capitals:
        return entry.population >= _FAMOUS_CAPITAL
    return entry.population >= _FAMOUS_CITY


# a division whose centre lies this near a country's centre covers the same land
_CLAIMED_KM = 250.0


def _claimed(entry: Entry, famous: Entry) -> bool:
    return (
        famous.kind == COUNTRY
        and entry.kind == ADMIN1
        and entry.country != famous.country
        and (entry.population == 0 or _same_land(entry, famous))
    )


def _same_land(entry: Entry, country: Entry) -> bool:
    if country.lat is None or country.lon is None:
        return False
    return haversine_km(country.lat, country.lon, entry.lat, entry.lon) < _CLAIMED_KM


def _dwarfed(entry: Entry, famous: Entry) -> bool:
    return (
        entry.kind in (CITY, ADMIN2)
        and entry.country != famous.country
        and entry.population * _DWARF_RATIO < famous.population
    )


def _rechoose_chain_tops(
    fuzzy: FuzzyNames, mentions: list[_Mention], context: _Context, trace: Trace | None
) -> None:
    """The unit at the end of a chain is chosen first and alone, so "Kagara (Rafi LGA,
    Niger)" takes the country Niger, which holds neither Rafi nor Kagara. When names of a
    chain are lost that way, try the top's other candidates ("Niger", the Nigerian state)
    and keep the one under which the fewest names are lost."""
    chains: dict[int, list[_Mention]] = defaultdict(list)
    for m in mentions:
        top = m
        while top.container is not None:
            top = top.container
        if top is not m:
            chains[id(top)].append(m)
    for m in mentions:
        members = chains.get(id(m))
        if not members or len(m.hits) < 2:
            continue
        lost = _unplaced_in_chain(members)
        if not lost:
            continue
        chain = [*members, m]
        best = (lost, [(c.chosen, c.score) for c in chain])
        ranked = sorted(m.hits, key=lambda h: -_score(h, m.hint, m.sent, m.start, context, None))
        original = m.chosen
        for hit in ranked[:5]:
            if hit.entry is original:
                continue
            m.chosen = hit.entry
            m.score = _score(hit, m.hint, m.sent, m.start, context, None)
            for member in reversed(members):
                _choose_one(fuzzy, member, context, first_pass=False, trace=trace)
            trial = _unplaced_in_chain(members)
            if trial < best[0]:
                best = (trial, [(c.chosen, c.score) for c in chain])
        for c, (chosen, score) in zip(chain, best[1], strict=True):
            c.chosen, c.score = chosen, score


def without_weak_guesses(
    gazetteer: Gazetteer, mentions: list[_Mention], context: _Context
) -> list[_Mention]:
    """Abstention: a bare name whose choice among namesakes rests on no context and wins
    by less than the rule's odds (``resolution.json``) takes what its close candidates
    share: their country (precision ``country``), or, in different countries, no place.
    "the Gulf" is not a province of Papua New Guinea when nothing in the text points
    there. Names in a written hierarchy have their container as context."""
    rule = abstention_rule()
    in_chains = {id(m.container) for m in mentions if m.container is not None}
    kept = []
    for m in mentions:
        if m.container is None and id(m) not in in_chains and len(m.hits) > 1:
            evidence = [
                (
                    independent_evidence(
                        score_features(h, m.hint, m.sent, m.start, context, None),
                        h.entry,
                        m.start,
                        context,
                    ),
                    h.entry,
                )
                for h in m.hits
            ]
            scored = [(evidence_score(ev), ev, entry) for ev, entry in evidence]
            close = weak_choice(scored, rule, m.chosen)
            if close is not None:
                countries = {e.country for e in close}
                unit = (
                    gazetteer.countries.get(next(iter(countries))) if len(countries) == 1 else None
                )
                if unit is None:
                    continue
                m.chosen, m.abstained = unit, True
        kept.append(m)
    return kept


def prefer_seat_towns(gazetteer: Gazetteer, accepted: list[_Mention], text: str = "") -> None:
    """A bare unit name that is no container of the text stands for its namesake main town
    (see :func:`_seat_town`), unless it is listed with units that stay units ("Michigan,
    Minnesota and New York": three states, not two states and a city)."""
    among_units = _listed_among_units(gazetteer, accepted, text) if text else set()
    containers = {
        id(m.container)
        for m in accepted
        if m.container is not None
        and m.container.chosen is not None
        and _fits(m.container.chosen, m.chosen)
    }
    for m in accepted:
        unit = m.chosen
        # A unit that holds other places of its sentence is written as their container
        # ("in Gulran district center, Herat"), not as the town.
        holds_others = unit is not None and any(
            o.sent == m.sent and o.chosen is not None and _contains(unit, o.chosen)
            for o in accepted
        )
        kept = id(m) in containers or id(m) in among_units
        if not kept and not holds_others and not m.abstained:
            m.chosen = _seat_town(gazetteer, m) or m.chosen


_LIST_GAP = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$")


def _listed_among_units(gazetteer: Gazetteer, accepted: list[_Mention], text: str) -> set[int]:
    """The mentions (by id) of a list of names ("A, B and C") of one sentence whose other
    names, two or more, are all first- or second-order units of one country that no namesake
    town replaces: the list names units, and so does each of its names."""
    ordered = sorted(accepted, key=lambda m: m.start)
    runs: list[list[_Mention]] = []
    for m in ordered:
        last = runs[-1][-1] if runs else None
        if last is not None and last.sent == m.sent and _LIST_GAP.match(text[last.end : m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: set[int] = set()
    for run in runs:
        if len(run) < 3:
            continue
        stays = [
            o.chosen is not None
            and o.chosen.kind in (ADMIN1, ADMIN2)
            and _seat_town(gazetteer, o) is None
            for o in run
        ]
        for k, m in enumerate(run):
            others = [o for j, o in enumerate(run) if j != k]
            if (
                all(stays[j] for j in range(len(run)) if j != k)
                and len({o.chosen.country for o in others if o.chosen is not None}) == 1
            ):
                out.add(id(m))
    return out


def _seat_town(gazetteer: Gazetteer, m: _Mention) -> Entry | None:
    """The town a province or district is named after, for a bare name ("in Kandahar",
    "Balcad, Middle Shebelle"): news and event datasets mean the town far more often than
    the whole unit, and the town lies inside the unit, so the divisions stay right either
    way. Only the unit's main town counts (Nasarawa town is not the capital of Nasarawa
    state); a kind word ("Kandahar province", "Hama countryside") keeps the unit."""
    unit = m.chosen
    if unit is None or unit.kind not in (ADMIN1, ADMIN2) or m.unit_word or m.hint is not None:
        return None
    towns = [
        h.entry for h in m.hits if h.entry.kind == CITY and not h.loose and _contains(unit, h.entry)
    ]
    if not towns:
        return None
    town = max(towns, key=lambda e: e.population)
    biggest = gazetteer.biggest_town(unit)
    return town if town.population >= _SEAT_SHARE * biggest else None
