"""Choosing among the gazetteer's candidates for a mention: the document's context, the score
of a candidate, the containment of a written hierarchy and the acceptance of a choice."""

from __future__ import annotations

import functools
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from sitroom.places.gazetteer import ADMIN1, ADMIN2, CITY, COUNTRY, Entry, NameHit
from sitroom.places.geo import haversine_km
from sitroom.places.mentions import COMMON_WORDS, _Mention
from sitroom.places.names import name_key

_BIG_PLACE = 50_000  # population above which a bare capitalized name is trusted without context
BIG_PLACE = _BIG_PLACE
_KNOWN_PLACE = 1_000  # population needed with context support
_TRUSTED_TOWN = 10_000  # population needed after "in"/"near" without any other support
_MAJOR_CITY = 1_000_000  # a one-word city this big is a place even when tagged as a person
_CAPITAL_CITY = 100_000  # a national capital this big tagged as an organization is a place


@dataclass(slots=True)
class _Context:
    """What the document says about where it is."""

    sentence_countries: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    doc_countries: set[str] = field(default_factory=set)
    demonym_countries: set[str] = field(default_factory=set)
    # countries of the named actors (armed groups, parties ...) that the caller found
    actor_countries: set[str] = field(default_factory=set)
    # where the story was filed (its dateline), or what the caller knows: a weak prior
    prior_country: str | None = None
    focus: str | None = None
    # sentence -> (mention start, division id) chosen in the first pass
    sentence_divisions: dict[int, list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # country -> starts of the mentions resolved (first pass, trusted) inside it
    place_countries: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # the same for the model's own place entities only (the evidence that can overrule)
    ner_countries: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # countries that only an exactly named first-order unit added, -> that unit's mention start
    named_by_unit: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # entry ids of the national capitals (the likelier of same-named towns)
    capitals: frozenset[int] = frozenset()


def _resolved_container(m: _Mention) -> Entry | None:
    """The nearest resolved unit up the chain (unknown units in between are skipped)."""
    link = m.container
    while link is not None and link.chosen is None:
        link = link.container
    return link.chosen if link is not None else None


def _fits(container: Entry, entry: Entry | None) -> bool:
    """Whether ``entry`` can be the name before ``container`` in "Town, Province, Country"."""
    if entry is None:
        return False
    if entry.id == container.id or (entry.kind <= container.kind and container.kind != CITY):
        return entry.id == container.id  # "Gusau (Gusau, Zamfara)": the same unit twice
    return _contains(container, entry)


def _contains(container: Entry, entry: Entry) -> bool:
    if container.country != entry.country or container.id == entry.id:
        return False
    if container.kind == COUNTRY:
        return True
    if container.kind == ADMIN1:
        return entry.admin1_id == container.id
    if container.kind == ADMIN2:
        if entry.admin2_id is None and entry.kind == CITY:
            # GeoNames gives many towns no second-order unit ("Bosaso"): the first must match.
            return entry.admin1_id == container.admin1_id
        return entry.admin2_id == container.id
    # A neighbourhood or village given with its town ("Daynile, Mogadishu").
    return (
        entry.kind == CITY
        and haversine_km(container.lat or 0, container.lon or 0, entry.lat, entry.lon) <= 30
    )


def score_features(
    hit: NameHit,
    hint: int | None,
    sent: int,
    own: int,
    context: _Context,
    container: Entry | None,
) -> list[tuple[str, float]]:
    """The evidence for ``hit`` as the place of a mention starting at ``own`` in sentence
    ``sent``: (feature, value) pairs, in a fixed order. :func:`_score` weighs them with
    ``resolution.json``."""
    entry = hit.entry
    out: list[tuple[str, float]] = []
    if entry.kind == COUNTRY:
        out.append(("is_country", 1.0))
    elif entry.kind == ADMIN1:
        out.append(("is_admin1", 1.0))
    elif entry.kind == ADMIN2:
        out += [("is_admin2", 1.0), ("admin2_log_population", math.log10(entry.population + 1))]
    else:
        out += [("is_city", 1.0), ("city_log_population", math.log10(entry.population + 1))]
        if entry.id in context.capitals and hit.primary and not hit.loose:
            out.append(("national_capital", 1.0))
    if hit.primary:
        out.append(("primary_name", 1.0))
    if hit.loose:
        out.append(("loose_match", 1.0))
    if hint is not None:
        if hint == entry.kind:
            out.append(("kind_word_fits", 1.0))
        elif (hint == CITY) != (entry.kind == CITY) or entry.kind == COUNTRY:
            out.append(("kind_word_misfits", 1.0))
    if entry.country in context.sentence_countries.get(sent, ()):
        out.append(("country_named_in_sentence", 1.0))
    elif entry.country in context.doc_countries:
        out.append(("country_named_in_text", 1.0))
    if entry.country == context.focus:
        out.append(("focus_country", 1.0))
    if entry.country in context.demonym_countries:
        out.append(("demonym_country", 1.0))
    elif entry.country in context.actor_countries:
        out.append(("actor_country", 1.0))
    if entry.country == context.prior_country:
        out.append(("prior_country", 1.0))
    if entry.kind != COUNTRY:
        divisions = {d for start, d in context.sentence_divisions.get(sent, ()) if start != own}
        if entry.admin1_id in divisions or entry.admin2_id in divisions:
            out.append(("division_named_in_sentence", 1.0))
        others = len(context.place_countries.get(entry.country, set()) - {own})
        out.append(("other_places_in_country", min(2.0, 1.0 * others)))
    if container is not None:
        if _contains(container, entry):
            out.append(("inside_stated_container", 1.0))
        elif container.id != entry.id:
            out.append(("outside_stated_container", 1.0))
        if entry.kind <= container.kind and container.kind != CITY:
            out.append(("not_smaller_than_container", 1.0))
    return out


def _score(
    hit: NameHit,
    hint: int | None,
    sent: int,
    own: int,
    context: _Context,
    container: Entry | None,
) -> float:
    """Plausibility of ``hit`` for a mention starting at ``own`` in sentence ``sent``."""
    weights = resolution_weights()
    score = 0.0
    for name, value in score_features(hit, hint, sent, own, context, container):
        score += weights[name] * value
    return score


def parse_weights(data: Any) -> dict[str, float]:
    """Check the JSON form of the resolution weights: ``{"weights": {feature: number}}`` with
    one weight for every feature that :func:`score_features` can give."""
    weights = data.get("weights") if isinstance(data, dict) else None
    if not isinstance(weights, dict):
        raise ValueError("resolution weights: a mapping with a 'weights' mapping is expected")
    missing = set(RESOLUTION_FEATURES) - set(weights)
    unknown = set(weights) - set(RESOLUTION_FEATURES)
    if missing or unknown:
        raise ValueError(
            f"resolution weights: missing {sorted(missing)}, unknown {sorted(unknown)}"
        )
    if not all(isinstance(v, int | float) for v in weights.values()):
        raise ValueError("resolution weights must be numbers")
    return {k: float(v) for k, v in weights.items()}


@dataclass(frozen=True)
class AbstentionRule:
    """When a choice among namesakes is too weak to keep (``resolution.json``, "abstention")."""

    min_odds: float
    support: frozenset[str]

    @property
    def min_margin(self) -> float:
        return math.log(self.min_odds)


@functools.cache
def abstention_rule() -> AbstentionRule:
    text = resources.files("sitroom.places").joinpath("resolution.json").read_text("utf-8")
    return parse_abstention(json.loads(text))


def parse_abstention(data: Any) -> AbstentionRule:
    rule = data.get("abstention") if isinstance(data, dict) else None
    if not isinstance(rule, dict):
        raise ValueError("resolution.json: an 'abstention' mapping is expected")
    odds, support = rule.get("min_odds"), rule.get("support")
    if not isinstance(odds, int | float) or odds < 1:
        raise ValueError("abstention: min_odds must be a number >= 1")
    if not isinstance(support, list) or not set(support) <= set(RESOLUTION_FEATURES):
        raise ValueError("abstention: support must list features of score_features")
    return AbstentionRule(float(odds), frozenset(support))


def independent_evidence(
    evidence: list[tuple[str, float]], entry: Entry, own: int, context: _Context
) -> list[tuple[str, float]]:
    """``evidence`` for ``entry`` without what the mention at ``own`` lent itself: a province
    named alone makes its own country "named" and the text's focus."""
    out = []
    for name, value in evidence:
        named = name in ("country_named_in_sentence", "country_named_in_text")
        if named and context.named_by_unit.get(entry.country) == {own}:
            continue
        if name == "focus_country" and not (
            context.place_countries.get(entry.country, set()) - {own}
        ):
            continue
        out.append((name, value))
    return out


def evidence_score(evidence: list[tuple[str, float]]) -> float:
    weights = resolution_weights()
    return sum(weights[name] * value for name, value in evidence)


def weak_choice(
    scored: list[tuple[float, list[tuple[str, float]], Entry]],
    rule: AbstentionRule,
    chosen: Entry | None = None,
) -> list[Entry] | None:
    """The candidates to fall back on when the best of ``scored`` (score, evidence, entry) is a
    weak guess, else ``None``. A guess is weak when none of its evidence is context
    (``rule.support``: a country or division named nearby, the focus, the dateline ...; the
    caller leaves out what the mention lent itself, see :func:`independent_evidence`) and a
    candidate outside its first-order division scores within ``rule.min_margin`` of it. The
    candidates returned are those within that margin of the best (the best included): the
    caller keeps what they share. A big place (``chosen``, when given, must be it) has no
    close rivals in namesakes abroad many times smaller (:func:`_dwarfed_by`)."""
    if len(scored) < 2:
        return None
    ranked = sorted(scored, key=lambda s: -s[0])
    best_score, evidence, best = ranked[0]
    if any(value > 0 and name in rule.support for name, value in evidence):
        return None
    close = [e for s, _, e in ranked if best_score - s < rule.min_margin]
    big = chosen is None or chosen is best
    if all(_same_region(best, e) or (big and _dwarfed_by(e, best)) for e in close):
        return None
    return close


# A city (or a unit of a city's name) this big is no weak guess against namesakes abroad this
# many times smaller: a bare "Geneva" with nothing around it is the Swiss city, not a town of
# the United States.
_BIG_CITY = 100_000
_NAMESAKE_RATIO = 5


def _dwarfed_by(rival: Entry, best: Entry) -> bool:
    return (
        best.kind != COUNTRY
        and rival.country != best.country
        and best.population >= _BIG_CITY
        and rival.kind in (CITY, ADMIN2)
        and rival.population * _NAMESAKE_RATIO < best.population
    )


def _same_region(a: Entry, b: Entry) -> bool:
    """The same country, and the same first-order division when both lie below one."""
    if a.country != b.country:
        return False
    if a.kind == COUNTRY or b.kind == COUNTRY:
        return True
    return (
        a.admin1_id == b.admin1_id
        or (a.kind == ADMIN1 and b.admin1_id == a.id)
        or (b.kind == ADMIN1 and a.admin1_id == b.id)
    )


@functools.cache
def resolution_weights() -> dict[str, float]:
    text = resources.files("sitroom.places").joinpath("resolution.json").read_text("utf-8")
    return parse_weights(json.loads(text))


RESOLUTION_FEATURES = (
    "is_country",
    "is_admin1",
    "is_admin2",
    "admin2_log_population",
    "is_city",
    "city_log_population",
    "national_capital",
    "primary_name",
    "loose_match",
    "kind_word_fits",
    "kind_word_misfits",
    "country_named_in_sentence",
    "country_named_in_text",
    "focus_country",
    "demonym_country",
    "actor_country",
    "prior_country",
    "division_named_in_sentence",
    "other_places_in_country",
    "inside_stated_container",
    "outside_stated_container",
    "not_smaller_than_container",
)


def _unplaced_in_chain(members: list[_Mention]) -> int:
    """Names of a chain that the gazetteer knows but that its stated container does not hold:
    lost, or kept only as a same-country sibling of it ("Charlevoix, Quebec" is not placed by
    a hamlet called Quebec next to a Charlevoix elsewhere)."""
    count = 0
    for m in members:
        if not m.hits:
            continue
        container = _resolved_container(m)
        if m.chosen is None or (container is not None and not _fits(container, m.chosen)):
            count += 1
    return count


def _add_named_units(mentions: list[_Mention], context: _Context) -> bool:
    """Countries of exactly named first-order units join the document's countries."""
    added = False
    for m in mentions:
        entry = m.chosen
        if entry is None or entry.kind != ADMIN1 or _loose_choice(m):
            continue
        if name_key(m.core) in COMMON_WORDS or entry.country in context.doc_countries:
            continue
        if context.doc_countries and entry.country not in context.demonym_countries:
            continue  # the text names other countries; this may be a namesake
        context.doc_countries.add(entry.country)
        context.sentence_countries[m.sent].add(entry.country)
        context.named_by_unit[entry.country].add(m.start)
        added = True
    return added


def _focus(mentions: list[_Mention]) -> str | None:
    weight: Counter[str] = Counter(
        m.chosen.country for m in mentions if m.chosen is not None and _trusted(m)
    )
    return weight.most_common(1)[0][0] if weight else None


def _trusted(m: _Mention) -> bool:
    assert m.chosen is not None
    if _loose_choice(m):
        return False
    return m.from_ner or m.chosen.kind in (COUNTRY, ADMIN1) or m.chosen.population >= _BIG_PLACE


def _accepted(m: _Mention, context: _Context) -> bool:
    """Names found only by the gazetteer scan must be unambiguous enough or supported by context,
    so that person names and common words that are also hamlets do not become places; loose or
    fuzzy matches of small places need the document's countries behind them."""
    assert m.chosen is not None
    entry = m.chosen
    container = _resolved_container(m)
    in_chain = container is not None and _fits(container, entry)
    if name_key(m.core) in COMMON_WORDS and not in_chain:
        return False  # "Homeland", "Union", "Central": only as part of a stated hierarchy
    if _weak_capitals(m, entry) and not in_chain:
        return False
    if entry.kind == COUNTRY and not _loose_choice(m):
        return True
    if entry.kind in (ADMIN1, ADMIN2) and not _loose_choice(m):
        if m.hint == entry.kind:
            return True  # written with its unit word: "Lamu County", "Barkin Ladi LGA"
        if m.place_syntax and all(h.entry is entry for h in m.hits):
            return True  # the one unit of that name, written as a place: "of Lower Dir"
    others = context.place_countries.get(entry.country, set()) - {m.start}
    supported = bool(
        entry.country in context.doc_countries
        or entry.country in context.demonym_countries
        or entry.country in context.actor_countries
        or others
        or in_chain
    )
    if _loose_choice(m) and not supported:
        return False
    # Countries the rest of the text is about (named, or where its other places are).
    elsewhere = context.doc_countries | {
        c for c, starts in context.ner_countries.items() if starts - {m.start}
    }
    if entry.kind == ADMIN1 and not _loose_choice(m):
        return m.from_ner or supported or not elsewhere
    if m.from_ner:
        # The model's own place names: only a small namesake abroad, in a text that names
        # other countries, is dropped.
        return supported or not context.doc_countries or entry.population >= _BIG_PLACE
    if entry.kind == CITY and entry.population >= _MAJOR_CITY and m.place_syntax:
        return True  # "a firefighter from Edmonton": a city of a million written as a place
    if not supported and elsewhere:
        return False  # a small place abroad that nothing else in the text points to
    if m.label in ("PERSON", "ORG"):  # a whole person/organization entity that is also a place
        if entry.kind == CITY and entry.population >= _MAJOR_CITY and len(m.core.split()) == 1:
            # The small model reads unfamiliar spellings of big cities as persons ("struck
            # Kyiv"); person names written as such (titles, full names) are already out.
            return True
        if _seat_of_government(m, entry, context):
            return True
        if supported:
            return m.place_syntax or in_chain or entry.population >= _BIG_PLACE
        return m.place_syntax and entry.population >= _TRUSTED_TOWN
    if entry.population >= _BIG_PLACE:
        return True
    if supported:
        return entry.population >= _KNOWN_PLACE or m.place_syntax or in_chain
    return m.place_syntax and entry.population >= _TRUSTED_TOWN


def _seat_of_government(m: _Mention, entry: Entry, context: _Context) -> bool:
    """A one-word national capital of _CAPITAL_CITY people or more that the model tags as an
    organization ("Washington said", "Moscow insists"): it stands for its government, which
    is what the tag says; a place all the same (of kind metonymic, without a point, when the
    syntax says so)."""
    return (
        m.label == "ORG"
        and entry.kind == CITY
        and entry.id in context.capitals
        and entry.population >= _CAPITAL_CITY
        and len(m.core.split()) == 1
    )


def _weak_capitals(m: _Mention, entry: Entry) -> bool:
    """A name the scan found (not the model) whose capitals prove nothing: the first word of a
    sentence ("Mineral deal?", "Many consumers"; a country or a big city is no common word,
    but a big town the parser takes for a person is), or part of a longer capitalized name
    ("Dayton Accords", "Quad Summit"), unless written where a place goes ("in Dayton")."""
    if m.from_ner or m.place_syntax or m.unit_word:
        return False
    if m.in_longer_name:
        return True
    if not m.initial or len(m.core.split()) > 1 or entry.kind == COUNTRY:
        return False
    return entry.population < _BIG_PLACE or m.label == "PERSON"


def _loose_choice(m: _Mention) -> bool:
    return any(h.entry is m.chosen and h.loose for h in m.hits)
