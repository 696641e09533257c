"""Toponym resolution: find place mentions in an annotated document and resolve each to one
gazetteer entry, using the document's own context (named countries and provinces, comma and
parenthesis hierarchies, the dominant country, demonyms) to choose among same-named places."""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from sitroom.annotation import AnnotatedDoc, Token
from sitroom.models import Location, Place, Span
from sitroom.places.coordinates import WrittenCoordinates, find_coordinates
from sitroom.places.gazetteer import (
    ADMIN1,
    ADMIN2,
    CITY,
    COUNTRY,
    KIND_NAMES,
    Entry,
    Gazetteer,
    NameHit,
    haversine_km,
    strip_unit_words,
)
from sitroom.places.names import ARTICLES, is_world_region, loose_key, name_key


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words around a name that say what kind of unit it is ("Logar province", "the city of Gao").
AFFIX_KIND: dict[str, int] = {
    "province": ADMIN1,
    "provinces": ADMIN1,
    "governorate": ADMIN1,
    "state": ADMIN1,
    "region": ADMIN1,
    "oblast": ADMIN1,
    "prefecture": ADMIN1,
    "department": ADMIN1,
    "district": ADMIN2,
    "districts": ADMIN2,
    "county": ADMIN2,
    "lga": ADMIN2,
    "municipality": ADMIN2,
    "raion": ADMIN2,
    "city": CITY,
    "town": CITY,
    "village": CITY,
    "villages": CITY,
    "neighborhood": CITY,
    "neighbourhood": CITY,
    "quarter": CITY,
    "suburb": CITY,
    "township": CITY,
    "tehsil": -1,
    "upazila": -1,
    "sector": -1,
    "area": -1,  # stripped, no preference
    "countryside": -1,
    "camp": -1,
}
_LOCAL_GOVERNMENT_AREA = re.compile(r"\s+(?:East|West|North|South)?\s*Local Government Area$")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Entity labels whose tokens are never places (dates, numbers, nationalities/groups).
# (NORP is not among them: the small model often tags "Kharian" or "Punjab" as NORP; demonyms
# are filtered by the gazetteer's demonym table instead.)
_NEVER_PLACE_LABELS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT", "LAW"}
)
# Nouns that a name before them describes as an actor, not a place ("Kokang rebels").
_ACTOR_NOUNS = _words(
    """
    rebel rebels militant militants force forces troop troops fighter fighters militia
    militias army soldier soldiers group groups government authorities official officials
    people community communities movement party faction factions insurgent insurgents
    """
)
# Tokens that may sit inside a multi-word name ("Deir ez-Zor", "Qala-i-Naw", "Sar-e Pul").
_CONNECTORS = _words(
    """
    - al el ad ar as ash ez az e i de del la las los da do das dos di du
    """
)
# Particles that are also English or Arabic-article words count only when glued by a hyphen
# ("Ras al-Ain"); Romance "do", "di", "du", "la" may stand alone ("Rio Grande do Sul"): a
# run that is no name finds nothing in the gazetteer anyway.
_ENGLISH_PARTICLES = frozenset({"as", "at", "an", "i", "e", "a"})
# Capitalized English words that are also names of (mostly American) towns: alone, they are part
# of organization names ("African Union Mission", "Capitol Police"), not places.
_COMMON_WORDS = _words(
    """
    union mission congress republic homeland police army front state people national party
    council movement liberation justice freedom unity alliance forces security defense
    defence ministry court assembly parliament church university hospital school market
    bridge road street highway camp district province region city town village north south
    east west central upper lower new great victory independence democracy revolution
    progress hope peace liberty islamic islam muslim christian federal federation commission
    committee government president general governor minister colonel captain sultan emir
    king queen prince sheikh imam pastor bishop mayor chief commander bank airport station
    port center centre office house palace prison base embassy valley river lake mountain
    hill desert island islands coast border crossing checkpoint junction sector zone area
    eastern western northern southern
    """
)
# Prepositions after which a capitalized name is likely a place ("clashes in Marja").
_PLACE_PREPOSITIONS = frozenset(
    {"in", "at", "near", "from", "to", "into", "outside", "around", "toward", "towards", "of"}
)
_MAX_NGRAM = 5
_BIG_PLACE = 50_000  # population above which a bare capitalized name is trusted without context
_KNOWN_PLACE = 1_000  # population needed with context support
# A namesake town stands for its unit when it is about as big as the unit's biggest town.
_SEAT_SHARE = 0.5
_TRUSTED_TOWN = 10_000  # population needed after "in"/"near" without any other support
_TOWN_AT_POINT_KM = 10.0  # a written position this close to a town is in it
# What may stand between a name and the unit containing it: a comma, an opening parenthesis,
# "of", or skipped unknown units ("Mokha, Mamund tehsil, Bajaur district").
_CHAIN_GAP = re.compile(
    r"^\s*\d*(?:\s*,\s*[A-Z][\w'-]*(?:\s+[\w'-]+){0,3})*"
    # "Gara (Chiya-e Gara) region of Dahuk": an alias and a kind word may come first (or,
    # from the alias, the end of its parenthesis)
    r"(?:\s*\([^()]{1,40}\)|\))?(?:\s+(?:" + "|".join(sorted(AFFIX_KIND)) + r"))?"
    r"\s*(?:,|\(|,\s*\(|\s+of(?:\s+the)?)\s*$"
)
# "Mansura city in Ar-Raqqa countryside", "Olan in the countryside of Al Bab": usually a
# hierarchy too, but not always ("families from Aibak in Sheberghan"), so a soft link: it
# ranks the candidates like a chain, and a misfit of the container town's country is kept.
_SOFT_CHAIN_GAP = re.compile(
    r"^\s+in\s+(?:the\s+)?(?:(?:countryside|outskirts|suburbs|vicinity|area|region)\s+of\s+"
    r"(?:the\s+)?)?$"
)

_COORDINATION = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*$")

_CALENDAR_WORDS = _words(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday eid ramadan ramazan christmas easter ashura muharram nowruz new year
    """
)

_DIRECTION_WORDS = _words(
    """
    north south east west northern southern eastern western central northeast northwest
    southeast southwest northeastern northwestern southeastern southwestern
    """
)

_NAME_MODIFIERS = _words(
    """
    the central northern southern eastern western north south east west downtown rural
    greater upper lower northeastern northwestern southeastern southwestern outer inner
    """
)

PRECISION_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3, "coordinates": 4}


@dataclass(slots=True)
class _Mention:
    start: int  # span of the mention as written (with affix words)
    end: int
    core: str  # the name to look up
    full: str  # the name as written, in case a kind word is part of it ("District of Columbia")
    hint: int | None  # kind suggested by an affix word
    from_ner: bool
    sent: int
    label: str  # entity label of the tokens, "" if none
    place_syntax: bool = False  # after "in", "near", "city of" ..., or with a kind word
    entity: bool = False  # exactly a place entity of the model
    unit_word: bool = False  # written with a kind word ("Logar province", "Hama countryside")
    name_end: int = 0  # end of the name without a kind word after it
    hits: list[NameHit] = field(default_factory=list)
    chosen: Entry | None = None
    score: float = 0.0
    container: _Mention | None = None  # the next element of a "Town, Province, Country" chain
    comma_link: bool = False  # linked to its container by a bare comma (could be a list)
    soft_link: bool = False  # linked by "in" ("X in Y"): see _SOFT_CHAIN_GAP
    listed: bool = False  # in a run of names that ends in "and"/"or": "Kabul, Herat and Kandahar"


@dataclass(slots=True)
class _Context:
    """What the document says about where it is."""

    sentence_countries: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    doc_countries: set[str] = field(default_factory=set)
    demonym_countries: set[str] = field(default_factory=set)
    # countries of the named actors (armed groups, parties ...) that the caller found
    actor_countries: set[str] = field(default_factory=set)
    focus: str | None = None
    # sentence -> (mention start, division id) chosen in the first pass
    sentence_divisions: dict[int, list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # country -> starts of the mentions resolved (first pass, trusted) inside it
    place_countries: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    # the same for the model's own place entities only (the evidence that can overrule)
    ner_countries: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


class Geocoder:
    """Finds and resolves the places of a document against the offline gazetteer."""

    def __init__(self, gazetteer: Gazetteer, build_seconds: float | None = None) -> None:
        self.gazetteer = gazetteer
        self.build_seconds = build_seconds
        self._lock = threading.Lock()  # one SQLite connection, shared between threads
        # memos of the fuzzy fallback (held under their own lock: resolve() holds _lock)
        self._memo_lock = threading.Lock()
        self._fuzzy_memo: dict[tuple[str, frozenset[str]], list[NameHit]] = {}
        self._inside_memo: dict[tuple[str, int], Entry | None] = {}
        self._keys_by_country: dict[str, tuple[list[str], list[Any]]] = {}

    @classmethod
    def load(cls) -> Geocoder:
        gazetteer, build_seconds = Gazetteer.open()
        return cls(gazetteer, build_seconds)

    # --- public API -------------------------------------------------------------------------

    def resolve(self, doc: AnnotatedDoc, actor_countries: Collection[str] = ()) -> list[Place]:
        """The places of ``doc``. ``actor_countries`` are the home countries of the named
        actors (Boko Haram -> NGA): weak evidence, like demonyms, for choosing among
        namesakes; they never outweigh a country the text names."""
        with self._lock:
            written = find_coordinates(doc.text)
            spans = [(c.start, c.end) for c in written]
            places = self._places(doc, self._resolved_mentions(doc, set(actor_countries), spans))
            if not written:
                return places
            places += [self._coordinate_place(doc, c) for c in written]
            return sorted(places, key=lambda p: min(m.start for m in p.mentions))

    def _coordinate_place(self, doc: AnnotatedDoc, written: WrittenCoordinates) -> Place:
        """A position written in the text: its divisions (and town, if one is within
        _TOWN_AT_POINT_KM) are those of the nearest populated place."""
        nearest = self.gazetteer.nearest_place(written.lat, written.lon)
        if nearest is None:  # open country: look wider for the divisions at least
            nearest = self.gazetteer.nearest_place(written.lat, written.lon, radius_deg=2.0)
        text = doc.text[written.start : written.end]
        span = Span(start=written.start, end=written.end, text=text)
        place = Place(
            name=text,
            lat=written.lat,
            lon=written.lon,
            precision="coordinates",
            feature="coordinates",
            mentions=[span],
        )
        if nearest is not None:
            near = self._place(nearest)
            place.country, place.admin1, place.admin2 = near.country, near.admin1, near.admin2
            distance = haversine_km(written.lat, written.lon, nearest.lat, nearest.lon)
            if distance <= _TOWN_AT_POINT_KM:
                place.city = nearest.name
        return place

    def locate(
        self,
        doc: AnnotatedDoc,
        places: list[Place],
        start: int,
        end: int,
        actor_countries: Sequence[str] = (),
    ) -> Location | None:
        """Where the event whose evidence is ``text[start:end]`` happened (see
        docs/places.md). ``actor_countries`` (most telling first) are the last resort for a
        text that names no place and no nationality."""
        sentence = doc.sentence_at(start)
        # A country named only as a modifier or an actor ("13 US service members", "the Afghan
        # and US governments", "Germany said") is a nationality, not where the event is.
        places_of_events = [
            (place, m)
            for place in places
            for m in place.mentions
            if place.precision != "country" or _locative(doc, m, place) > 0
        ]
        if sentence is not None:
            in_sentence = [
                (place, m)
                for place, m in places_of_events
                if m.start >= sentence.start and m.end <= sentence.end
            ]
            if in_sentence:
                return _location(_best_placed(doc, in_sentence, start, end))
            before = [
                (place, m)
                for place, m in places_of_events
                if m.end <= sentence.start
                and (s := doc.sentence_at(m.start)) is not None
                and s.paragraph == sentence.paragraph
            ]
            if before:
                # The nearest earlier sentence that names places, and its best place (not
                # its last name, which is usually the country of "Town, Province, Country").
                last = max(m.start for _, m in before)
                nearest = doc.sentence_at(last)
                assert nearest is not None
                candidates = [(p, m) for p, m in before if m.start >= nearest.start]
                return _location(_best_placed(doc, candidates, start, end))
        with self._lock:
            focus = self.focus_country(places) or self._demonym_country(doc)
        if focus is None and actor_countries:
            focus = actor_countries[0]
        if focus is None:
            return None
        entry = self.gazetteer.countries.get(focus)
        if entry is None:
            return Location(country=focus, precision="country")
        return _location(self._place(entry))

    def _demonym_country(self, doc: AnnotatedDoc) -> str | None:
        """Last resort for a text without any place name: "Lao authorities imposed a curfew"
        is most likely about Laos. Demonyms never become places, they only point here."""
        counts = Counter(country for _, country in self._demonyms(doc))
        return counts.most_common(1)[0][0] if counts else None

    def _demonyms(self, doc: AnnotatedDoc) -> list[tuple[int, str]]:
        """(token index, country) of the demonyms of ``doc``; two-word demonyms first, so
        "South Sudanese" is South Sudan and "Sri Lankan" Sri Lanka."""
        found: list[tuple[int, str]] = []
        tokens = doc.tokens
        skip = -1
        for i, token in enumerate(tokens):
            if i <= skip or not token.text[:1].isupper():
                continue
            if i + 1 < len(tokens) and tokens[i + 1].text[:1].isupper() and token.ws:
                country = self.gazetteer.demonym_country(f"{token.text} {tokens[i + 1].text}")
                if country:
                    found.append((i, country))
                    skip = i + 1
                    continue
            country = self.gazetteer.demonym_country(token.text)
            if country:
                found.append((i, country))
        return found

    def focus_country(self, places: list[Place]) -> str | None:
        weight: Counter[str] = Counter()
        first_seen: dict[str, int] = {}
        for place in places:
            if place.country is None:
                continue
            weight[place.country] += len(place.mentions) or 1
            first = min((m.start for m in place.mentions), default=0)
            first_seen[place.country] = min(first_seen.get(place.country, first), first)
        if not weight:
            return None
        return max(weight, key=lambda c: (weight[c], -first_seen.get(c, 0)))

    def same_admin1(self, name: str, location: Location) -> bool:
        """Does a first-order division named by another dataset ("Lower Shabelle", "Ar-Raqqa")
        denote the admin1 of ``location`` (GeoNames spelling, "Shabeellaha Hoose")? Compares
        normalized keys, then every name the gazetteer knows for divisions called ``name``."""
        if location.admin1 is None or location.country is None:
            return False
        wanted = strip_unit_words(name)
        predicted = strip_unit_words(location.admin1)
        if {name_key(predicted), loose_key(predicted)} & {name_key(wanted), loose_key(wanted)}:
            return True
        candidates = self.lookup(wanted, country=location.country, limit=10)
        return any(p.precision == "admin1" and p.admin1 == location.admin1 for p in candidates)

    def lookup(self, name: str, *, country: str | None = None, limit: int = 5) -> list[Place]:
        with self._lock:
            core, hint = _strip_affixes(name)
            hits = self.gazetteer.find([core]).get(core, [])
            if country:
                hits = [h for h in hits if h.entry.country == country.upper()]
                if not hits:
                    hits = self._fuzzy(core, {country.upper()})
            context = _Context()
            if country:
                context.doc_countries.add(country.upper())
            ranked = sorted(hits, key=lambda h: -_score(h, hint, 0, -1, context, None))
            return [self._place(h.entry) for h in ranked[:limit]]

    # --- mention finding --------------------------------------------------------------------

    def _resolved_mentions(
        self, doc: AnnotatedDoc, actor_countries: set[str], skipped: list[tuple[int, int]]
    ) -> list[_Mention]:
        mentions = _ner_mentions(doc)
        # the names only: a run may join "Shirin" + "Tagab district" into one name
        entity_ranges = [_token_range(doc, m.start, m.name_end) for m in mentions]
        mentions += _joined_entities(doc, mentions)
        mentions += _ngram_mentions(doc, entity_ranges)
        mentions = [m for m in mentions if not (is_world_region(m.core) or is_world_region(m.full))]
        if skipped:  # text read otherwise (coordinates: "34.5N 69.2E" holds no "E" place)
            mentions = [
                m for m in mentions if not any(m.start < e and m.end > s for s, e in skipped)
            ]
        found = self.gazetteer.find([m.core for m in mentions] + [m.full for m in mentions])
        for m in mentions:
            hits = found.get(m.full, []) if m.full != m.core else []
            if hits:
                m.core, m.hint = m.full, None
            else:
                hits = found.get(m.core, [])
            m.hits = [h for h in hits if self.gazetteer.demonym_country(m.core) is None]
        self._without_direction_word(mentions)
        context = self._context(doc, mentions)
        context.actor_countries = actor_countries
        self._fuzzy_unmatched(mentions, context)
        # Unmatched model entities stay for now: their container may still find them.
        mentions = [m for m in mentions if m.hits or m.entity]
        mentions.sort(key=lambda m: m.start)
        _link_chains(doc, mentions)
        self._choose(mentions, context, first_pass=True)
        context.focus = _focus(mentions)
        for m in mentions:
            if m.chosen is None or not _trusted(m):
                continue
            if m.chosen.kind in (ADMIN1, ADMIN2):
                context.sentence_divisions[m.sent].append((m.start, m.chosen.id))
            context.place_countries[m.chosen.country].add(m.start)
            if m.from_ner:
                context.ner_countries[m.chosen.country].add(m.start)
        self._choose(mentions, context, first_pass=False)
        # Provinces and countries named exactly are strong evidence of what the text is about:
        # let them inform the choice among namesakes of the smaller places, then decide.
        if _add_named_units(mentions, context):
            self._choose(mentions, context, first_pass=False)
        # Acceptance looks at where the other places are: by the final choices (a namesake
        # abroad that its stated container has since ruled out no longer counts).
        context.place_countries.clear()
        context.ner_countries.clear()
        for m in mentions:
            if m.chosen is not None and _trusted(m):
                context.place_countries[m.chosen.country].add(m.start)
                if m.from_ner:
                    context.ner_countries[m.chosen.country].add(m.start)
        accepted = [m for m in mentions if m.chosen is not None and _accepted(m, context)]
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
            if id(m) not in containers and not holds_others:
                m.chosen = self._seat_town(m) or m.chosen
        return accepted

    def _without_direction_word(self, mentions: list[_Mention]) -> None:
        """ "Northern Iraq", "South-East Nigeria": a direction word before a name that is not
        part of it ("North Kivu" is found whole first) names a part of the place."""
        bare: dict[int, str] = {}
        for i, m in enumerate(mentions):
            words = m.core.replace("-", " ").split()
            if m.hits or len(words) < 2 or words[0].lower() not in _DIRECTION_WORDS:
                continue
            rest = words[1:]
            if rest[0].lower() in _DIRECTION_WORDS and len(rest) > 1:  # "South East Asia"
                rest = rest[1:]
            bare[i] = " ".join(rest)
        if not bare:
            return
        found = self.gazetteer.find(bare.values())
        for i, name in bare.items():
            hits = found.get(name, [])
            if hits and self.gazetteer.demonym_country(name) is None:
                mentions[i].core, mentions[i].hits = name, hits

    def _context(self, doc: AnnotatedDoc, mentions: list[_Mention]) -> _Context:
        context = _Context()
        for m in mentions:
            countries = [h.entry for h in m.hits if h.entry.kind == COUNTRY and not h.loose]
            if countries and (m.from_ner or m.label not in ("PERSON", "ORG")):
                context.sentence_countries[m.sent].add(countries[0].country)
                context.doc_countries.add(countries[0].country)
        context.demonym_countries.update(country for _, country in self._demonyms(doc))
        return context

    def _fuzzy_unmatched(self, mentions: list[_Mention], context: _Context) -> None:
        """Names the spaCy model calls places but the index does not hold exactly: fuzzy match
        within the countries the document is about (spelling variants of small towns)."""
        countries = context.doc_countries | context.demonym_countries
        for m in mentions:
            if not m.hits and m.from_ner and countries:
                m.hits = self._fuzzy(m.core, countries)

    def _fuzzy(self, name: str, countries: set[str]) -> list[NameHit]:
        key = name_key(name)
        if len(key) < 5:
            return []
        memo_key = (key, frozenset(countries))
        with self._memo_lock:
            known = self._fuzzy_memo.get(memo_key)
        if known is not None:
            return list(known)
        hits: list[NameHit] = []
        for country in countries:
            keys, ids = self._country_keys(country)
            for _, _, index in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=88, limit=3
            ):
                entry = self.gazetteer.entry(ids[index])
                hits.append(NameHit(entry, primary=False, loose=True))
        with self._memo_lock:
            if len(self._fuzzy_memo) > 20_000:
                self._fuzzy_memo.clear()
            self._fuzzy_memo[memo_key] = hits
        return list(hits)

    def _country_keys(self, country: str) -> tuple[list[str], list[Any]]:
        """The name keys of a country and their entry ids, built once per country."""
        with self._memo_lock:
            found = self._keys_by_country.get(country)
        if found is None:
            choices = self.gazetteer.names_in_country(country)
            found = ([k for k, _ in choices], [i for _, i in choices])
            with self._memo_lock:
                self._keys_by_country[country] = found
        return found

    # --- choosing among candidates ----------------------------------------------------------

    def _choose(self, mentions: list[_Mention], context: _Context, *, first_pass: bool) -> None:
        # Resolve containers before what they contain: "Town, Province, Country" right to left.
        for m in reversed(mentions):
            self._choose_one(m, context, first_pass=first_pass)
        if not first_pass:
            self._rechoose_chain_tops(mentions, context)

    def _choose_one(self, m: _Mention, context: _Context, *, first_pass: bool) -> None:
        container = None if first_pass else _resolved_container(m)
        m.chosen = None
        if m.hits:
            scored = [(_score(h, m.hint, m.sent, m.start, context, container), h) for h in m.hits]
            best_score, best = max(scored, key=lambda sh: (sh[0], sh[1].entry.population))
            m.chosen, m.score = best.entry, best_score
        if container is not None and not _fits(container, m.chosen):
            # The stated hierarchy wins over a same-named place elsewhere: look for the
            # spelling variant inside the container, or give up on this name. A trusted name
            # of the same country before a comma may be a sibling in a list ("in Kabul, Herat
            # and Kandahar") or a town given with a nearby town ("Kobani, Aleppo").
            inside = self._fuzzy_inside(m.core, container)
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

    def _seat_town(self, m: _Mention) -> Entry | None:
        """The town a province or district is named after, for a bare name ("in Kandahar",
        "Balcad, Middle Shebelle"): news and event datasets mean the town far more often than
        the whole unit, and the town lies inside the unit, so the divisions stay right either
        way. Only the unit's main town counts (Nasarawa town is not the capital of Nasarawa
        state); a kind word ("Kandahar province", "Hama countryside") keeps the unit."""
        unit = m.chosen
        if unit is None or unit.kind not in (ADMIN1, ADMIN2) or m.unit_word or m.hint is not None:
            return None
        towns = [
            h.entry
            for h in m.hits
            if h.entry.kind == CITY and not h.loose and _contains(unit, h.entry)
        ]
        if not towns:
            return None
        town = max(towns, key=lambda e: e.population)
        biggest = self.gazetteer.biggest_town(unit)
        return town if town.population >= _SEAT_SHARE * biggest else None

    def _rechoose_chain_tops(self, mentions: list[_Mention], context: _Context) -> None:
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
            lost = _lost_in_chain(members)
            if not lost:
                continue
            chain = [*members, m]
            best = (lost, [(c.chosen, c.score) for c in chain])
            ranked = sorted(
                m.hits, key=lambda h: -_score(h, m.hint, m.sent, m.start, context, None)
            )
            original = m.chosen
            for hit in ranked[:5]:
                if hit.entry is original:
                    continue
                m.chosen = hit.entry
                m.score = _score(hit, m.hint, m.sent, m.start, context, None)
                for member in reversed(members):
                    self._choose_one(member, context, first_pass=False)
                trial = _lost_in_chain(members)
                if trial < best[0]:
                    best = (trial, [(c.chosen, c.score) for c in chain])
            for c, (chosen, score) in zip(chain, best[1], strict=True):
                c.chosen, c.score = chosen, score

    def _fuzzy_inside(self, name: str, container: Entry) -> Entry | None:
        key = name_key(name)
        if len(key) < 4:
            return None
        # Chains are chosen again with other tops (_rechoose_chain_tops): remember the answers.
        memo_key = (key, container.id)
        with self._memo_lock:
            if memo_key in self._inside_memo:
                return self._inside_memo[memo_key]
        keys, ids = self._country_keys(container.country)
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=85, limit=20)
        inside = [self.gazetteer.entry(ids[i]) for _, _, i in found]
        inside = [e for e in inside if _contains(container, e)]
        best = max(inside, key=lambda e: e.population) if inside else None
        with self._memo_lock:
            if len(self._inside_memo) > 20_000:
                self._inside_memo.clear()
            self._inside_memo[memo_key] = best
        return best

    # --- output -----------------------------------------------------------------------------

    def _places(self, doc: AnnotatedDoc, mentions: list[_Mention]) -> list[Place]:
        by_entry: dict[int, Place] = {}
        for m in mentions:
            assert m.chosen is not None
            span = Span(start=m.start, end=m.end, text=doc.text[m.start : m.end])
            place = by_entry.get(m.chosen.id)
            if place is None:
                place = self._place(m.chosen, name=_display_name(span.text))
                by_entry[m.chosen.id] = place
            place.mentions.append(span)
        return list(by_entry.values())

    def _place(self, entry: Entry, name: str | None = None) -> Place:
        admin1 = self.gazetteer.entry(entry.admin1_id) if entry.admin1_id else None
        admin2 = self.gazetteer.entry(entry.admin2_id) if entry.admin2_id else None
        if entry.kind == ADMIN1:
            admin1 = entry
        elif entry.kind == ADMIN2:
            admin2 = entry
        return Place(
            name=name or entry.name,
            country=entry.country,
            admin1=admin1.name if admin1 else None,
            admin2=admin2.name if admin2 else None,
            city=entry.name if entry.kind == CITY else None,
            lat=entry.lat,
            lon=entry.lon,
            precision=KIND_NAMES[entry.kind],  # type: ignore[arg-type]
            geonameid=entry.geonameid,
            feature=KIND_NAMES[entry.kind],
        )


# --- mention finding helpers ----------------------------------------------------------------


def _strip_affixes(text: str) -> tuple[str, int | None]:
    """("the Logar province" -> "Logar", ADMIN1); the first kind word found wins."""
    text = _LOCAL_GOVERNMENT_AREA.sub(" LGA", text.strip())
    words = text.split()
    hint: int | None = None
    while words and words[0].lower() in ("the", "of"):
        words = words[1:]
    # "city of Gao", "province of Helmand"
    if len(words) > 2 and words[0].lower() in AFFIX_KIND and words[1].lower() == "of":
        hint = AFFIX_KIND[words[0].lower()]
        words = words[2:]
    while len(words) > 1 and words[-1].lower().rstrip(".,") in AFFIX_KIND:
        kind = AFFIX_KIND[words[-1].lower().rstrip(".,")]
        hint = hint if hint is not None else kind
        words = words[:-1]
    core = " ".join(words)
    return core, (hint if hint is not None and hint >= 0 else None)


def _token_range(doc: AnnotatedDoc, start: int, end: int) -> range:
    return doc.token_range(start, end)


def _ner_mentions(doc: AnnotatedDoc) -> list[_Mention]:
    mentions = []
    for ent in doc.entities:
        if ent.label not in _PLACE_LABELS:
            continue
        # spaCy sometimes joins "Karachi, Sindh" into one entity: each part is a name.
        offset = ent.start
        for part in ent.text.split(","):
            start = offset + len(part) - len(part.lstrip())
            end = offset + len(part.rstrip())
            offset += len(part) + 1
            if end > start:
                mention = _mention(doc, start, end, from_ner=True, label=ent.label)
                mention.entity = True
                mentions.append(mention)
    return [m for m in mentions if m.core]


_OF_GAP = re.compile(r"^\s+(?:of\s+)?(?:the\s+)?$")


def _joined_entities(doc: AnnotatedDoc, mentions: list[_Mention]) -> list[_Mention]:
    """The model cuts "Democratic Republic of the Congo" into "Democratic Republic" and
    "Congo" (or "Democratic Republic of" and "the Congo"): the joined name is a candidate too
    (kept only if the gazetteer knows it, and then it wins as the longer mention)."""
    joined = []
    for left, right in itertools.pairwise(mentions):
        if left.sent == right.sent and _OF_GAP.match(doc.text[left.end : right.start]):
            joined.append(_mention(doc, left.start, right.end, from_ner=True, label=left.label))
    return joined


def _mention(doc: AnnotatedDoc, start: int, end: int, *, from_ner: bool, label: str) -> _Mention:
    text = doc.text[start:end]
    name_end = end
    core, hint = _strip_affixes(text)
    unit_word = name_key(core) != name_key(_display_name(text))
    # A kind word right after the name ("Kachi district") belongs to the mention.
    following = _next_token(doc, end)
    if following is not None and following.lower in AFFIX_KIND and following.idx - end <= 1:
        if hint is None and AFFIX_KIND[following.lower] >= 0:
            hint = AFFIX_KIND[following.lower]
        end = following.end
        unit_word = True
    if text.lower().startswith("the "):
        start += 4
    token_i = _token_range(doc, start, end).start
    sent = doc.tokens[token_i].sent if token_i < len(doc.tokens) else 0
    before = _words_before(doc, token_i)
    syntax = hint is not None
    if before and before[-1].lower in _PLACE_PREPOSITIONS and before[-1].sent == sent:
        syntax = True
        # "the city of Damaturu", "Helmand province of ..."
        if len(before) == 2 and before[-1].lower == "of" and before[0].lower in AFFIX_KIND:
            kind = AFFIX_KIND[before[0].lower]
            hint = kind if hint is None and kind >= 0 else hint
            unit_word = True
    full = _display_name(text)
    mention = _Mention(start, end, core, full, hint, from_ner, sent, label, place_syntax=syntax)
    mention.unit_word = unit_word
    mention.name_end = name_end
    return mention


def _words_before(doc: AnnotatedDoc, token_i: int) -> list[Token]:
    """The two tokens before a name, skipping "central", "northern", "the" ... so that "in
    central Thessaloniki" reads as "in Thessaloniki"."""
    i = token_i - 1
    while i >= 0 and token_i - i <= 3 and doc.tokens[i].lower in _NAME_MODIFIERS:
        i -= 1
    return doc.tokens[max(0, i - 1) : i + 1]


def _next_token(doc: AnnotatedDoc, char: int) -> Token | None:
    return doc.token_at_or_after(char)


def _is_name_token(doc: AnnotatedDoc, token: Token) -> bool:
    """Capitalized and either tagged a proper noun or inside a sentence (where English
    capitalizes only names; the small model tags "Aleppo" in "Aleppo city" as an adjective).
    Sentence-initial common words ("Police", "Shells") stay out."""
    if not token.text[:1].isupper():
        return False
    if token.pos == "PROPN":
        return True
    sentence = doc.sentences[token.sent]
    return token.i > sentence.token_start and token.pos in ("ADJ", "NOUN", "VERB", "X")


def _inside_larger_entity(doc: AnnotatedDoc, first: int, last: int) -> bool:
    """Part of a longer person or organization name ("Essa Khan", "Islamic State of Iraq")."""
    entity = doc.entity_at_token(first)
    # The model sometimes runs an entity across a list ("Cerete (Bolivar"): no single name.
    if entity is None or entity.label in _PLACE_LABELS or any(c in entity.text for c in ",()"):
        return False
    return entity.token_start < first or entity.token_end > last + 1


def _actor_modifier(doc: AnnotatedDoc, token: Token) -> bool:
    if token.dep not in ("compound", "amod", "nmod") or token.head == token.i:
        return False
    return doc.tokens[token.head].lower in _ACTOR_NOUNS


def _ngram_mentions(doc: AnnotatedDoc, ner_ranges: list[range]) -> list[_Mention]:
    """Capitalized token sequences: the gazetteer decides if they are names. They may extend an
    entity the model cut short ("Khyber" + "Pakhtunkhwa Province") but never cut one."""
    mentions = []
    tokens = doc.tokens
    inside_ner = {i for r in ner_ranges for i in r}
    for i, token in enumerate(tokens):
        if token.ent_type in _NEVER_PLACE_LABELS and not _misread_as_date(doc, i):
            continue
        if not (_is_name_token(doc, token) or _glued_article(doc, i)):
            continue
        for n in range(_MAX_NGRAM, 0, -1):
            j = i + n
            if j > len(tokens) or not _usable_run(doc, i, j, ner_ranges, inside_ner):
                continue
            run = tokens[i:j]
            if n == 1 and token.lower in _COMMON_WORDS:
                continue
            if _names_an_actor(doc, i, j):
                continue
            # A run that contains a place entity counts as found by the model.
            ner = any(k in inside_ner for k in range(i, j))
            mentions.append(
                _mention(doc, run[0].idx, run[-1].end, from_ner=ner, label=token.ent_type)
            )
    return mentions


def _names_an_actor(doc: AnnotatedDoc, i: int, j: int) -> bool:
    """A run that is exactly a knowledge-base actor's name ("the BRA": the Baloch Republican
    Army, not Brazil), unless written where a place goes ("fighting in CAR"), or the acronym of
    an organization just named ("Lashkar-e-Islam (LI)": not Limburg)."""
    tokens = doc.tokens
    entity = doc.entity_at_token(i)
    if entity is not None and entity.kb_id and (entity.token_start, entity.token_end) == (i, j):
        before = tokens[i - 1].lower if i > 0 else ""
        if before == "the" and i > 1:
            before = tokens[i - 2].lower
        return before not in _LOCATIVE_BEFORE_ACTOR_NAME
    text = doc.text[tokens[i].idx : tokens[j - 1].end]
    if not (text.isupper() and len(text) <= 5 and i > 1 and j < len(tokens)):
        return False
    if tokens[i - 1].text != "(" or tokens[j].text != ")":
        return False
    named = doc.entity_at_token(i - 2)
    return named is not None and (bool(named.kb_id) or named.label in ("ORG", "NORP", "PERSON"))


# Words after which an actor's name is a place after all ("clashes in CAR").
_LOCATIVE_BEFORE_ACTOR_NAME = frozenset({"in", "into", "inside", "across", "throughout"})


def _misread_as_date(doc: AnnotatedDoc, i: int) -> bool:
    """The small model sometimes tags a lone name as a date ("in Dahuk, Northern Iraq"): a
    DATE/TIME entity made only of capitalized proper nouns that are not calendar words."""
    entity = doc.entity_at_token(i)
    if entity is None or entity.label not in ("DATE", "TIME"):
        return False
    tokens = doc.tokens[entity.token_start : entity.token_end]
    return all(
        t.pos == "PROPN" and t.text[:1].isupper() and t.text.isalpha()
        and t.lower.rstrip(".") not in _CALENDAR_WORDS
        for t in tokens
    )  # fmt: skip


def _usable_run(
    doc: AnnotatedDoc, i: int, j: int, ner_ranges: list[range], inside_ner: set[int]
) -> bool:
    run = doc.tokens[i:j]
    if not _is_name_token(doc, run[-1]) or any(t.sent != run[0].sent for t in run):
        return False
    if not (_is_name_token(doc, run[0]) or _glued_article(doc, i)):
        return False
    if not all(_is_name_token(doc, t) or _connector(doc, k) for k, t in enumerate(run, i)):
        return False
    if any(k in inside_ner for k in range(i, j)):
        # Only runs that strictly contain whole place entities.
        touched = [r for r in ner_ranges if r.start < j and r.stop > i]
        if any(r.start < i or r.stop > j for r in touched):
            return False
        if any(r.start == i and r.stop == j for r in touched):
            return False
    if _inside_larger_entity(doc, i, j - 1) or _cuts_hyphen_compound(doc, i, j):
        return False
    return not _actor_modifier(doc, run[-1])


def _connector(doc: AnnotatedDoc, k: int) -> bool:
    """A particle inside a name: "ez" of "Deir ez-Zor", "del" of "Surigao del Sur". Particles
    that are also English words ("as", "at", "an", "i") count only when glued by a hyphen."""
    tokens = doc.tokens
    word = tokens[k].lower
    if word not in _CONNECTORS:
        return False
    if word == "-" or word not in _ENGLISH_PARTICLES:
        return True
    glued_left = k > 0 and tokens[k - 1].text == "-" and not tokens[k - 1].ws
    glued_right = k + 1 < len(tokens) and tokens[k + 1].text == "-" and not tokens[k].ws
    return glued_left or glued_right


def _glued_article(doc: AnnotatedDoc, i: int) -> bool:
    """ "al-" of "al-Hasakah" (lower case, so not a name token, but part of the name)."""
    tokens = doc.tokens
    return (
        tokens[i].lower in ARTICLES
        and i + 2 < len(tokens)
        and tokens[i + 1].text == "-"
        and not tokens[i].ws
        and not tokens[i + 1].ws
    )


def _cuts_hyphen_compound(doc: AnnotatedDoc, i: int, j: int) -> bool:
    """ "Qala" out of "Qala-e-Wazir": a name glued by a hyphen to a particle is not whole (but
    "Kano-Katsina road" names two places)."""
    tokens = doc.tokens

    def glued_particle(hyphen: int, other: int) -> bool:
        if not (1 <= other < len(tokens) and 1 <= hyphen < len(tokens)):
            return False
        if tokens[hyphen].text != "-":
            return False
        first, last = min(hyphen, other), max(hyphen, other)
        joined = all(not t.ws for t in tokens[first - 1 : last])
        word = tokens[other].text
        return joined and (word.lower() in _CONNECTORS or word[:1].islower())

    return glued_particle(j, j + 1) or glued_particle(i - 1, i - 2)


# --- chains ---------------------------------------------------------------------------------


def _link_chains(doc: AnnotatedDoc, mentions: list[_Mention]) -> None:
    """ "Chehel Dokhtaran, Herat, Afghanistan", "Janaale (Marka, Lower Shabelle)", "Achin district
    of Nangarhar": each name is contained in the next one."""
    mentions[:] = _drop_overlaps(mentions)
    before_coordination: set[int] = set()
    for left, right in itertools.pairwise(mentions):
        gap = doc.text[left.end : right.start]
        if left.sent == right.sent and _CHAIN_GAP.match(gap) and not _two_countries(left, right):
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


def _two_countries(left: _Mention, right: _Mention) -> bool:
    """ "Afghanistan, Pakistan, Iran": a country is never inside another, so two country names
    in a row are a list, even where a village abroad bears the first name. The same name twice
    is a capital and its country ("Guatemala, Guatemala")."""
    if name_key(left.core) == name_key(right.core):
        return False
    return all(any(h.entry.kind == COUNTRY and not h.loose for h in m.hits) for m in (left, right))


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """n-gram candidates overlap each other: keep the longest (then NER) at each place."""
    ordered = sorted(mentions, key=lambda m: (-(m.end - m.start), not m.from_ner, m.start))
    kept: list[_Mention] = []
    for m in ordered:
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


# --- scoring --------------------------------------------------------------------------------


def _kind_prior(entry: Entry) -> float:
    # For a bare name: country > province > big city > district > village.
    if entry.kind == COUNTRY:
        return 8.0
    if entry.kind == ADMIN1:
        return 5.5
    if entry.kind == ADMIN2:
        return 2.5 + 0.2 * math.log10(entry.population + 1)
    return 1.0 + 0.65 * math.log10(entry.population + 1)


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


def _score(
    hit: NameHit,
    hint: int | None,
    sent: int,
    own: int,
    context: _Context,
    container: Entry | None,
) -> float:
    """Plausibility of ``hit`` for a mention starting at ``own`` in sentence ``sent``."""
    entry = hit.entry
    score = _kind_prior(entry)
    if hit.primary:
        score += 0.5
    if hit.loose:
        score -= 1.0
    if hint is not None:
        if hint == entry.kind:
            score += 4.0
        elif (hint == CITY) != (entry.kind == CITY) or entry.kind == COUNTRY:
            score -= 2.0
    if entry.country in context.sentence_countries.get(sent, ()):
        score += 4.5
    elif entry.country in context.doc_countries:
        score += 3.5
    if entry.country == context.focus:
        score += 2.0
    if entry.country in context.demonym_countries:
        score += 1.5
    elif entry.country in context.actor_countries:
        score += 1.0
    if entry.kind != COUNTRY:
        divisions = {d for start, d in context.sentence_divisions.get(sent, ()) if start != own}
        if entry.admin1_id in divisions or entry.admin2_id in divisions:
            score += 2.5
        others = len(context.place_countries.get(entry.country, set()) - {own})
        score += min(2.0, 1.0 * others)
    if container is not None:
        if _contains(container, entry):
            score += 6.0
        elif container.id != entry.id:
            score -= 3.0
        if entry.kind <= container.kind and container.kind != CITY:
            score -= 4.0  # a container cannot be smaller than what it contains
    return score


def _lost_in_chain(members: list[_Mention]) -> int:
    """Names of a chain that the gazetteer knows but that fit nowhere under their container."""
    return sum(1 for m in members if m.hits and m.chosen is None)


def _add_named_units(mentions: list[_Mention], context: _Context) -> bool:
    """Countries of exactly named first-order units join the document's countries."""
    added = False
    for m in mentions:
        entry = m.chosen
        if entry is None or entry.kind != ADMIN1 or _loose_choice(m):
            continue
        if name_key(m.core) in _COMMON_WORDS or entry.country in context.doc_countries:
            continue
        if context.doc_countries and entry.country not in context.demonym_countries:
            continue  # the text names other countries; this may be a namesake
        context.doc_countries.add(entry.country)
        context.sentence_countries[m.sent].add(entry.country)
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
    if name_key(m.core) in _COMMON_WORDS and not in_chain:
        return False  # "Homeland", "Union", "Central": only as part of a stated hierarchy
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
    if not supported and elsewhere:
        return False  # a small place abroad that nothing else in the text points to
    if m.label in ("PERSON", "ORG"):  # a whole person/organization entity that is also a place
        if supported:
            return m.place_syntax or in_chain or entry.population >= _BIG_PLACE
        return m.place_syntax and entry.population >= _TRUSTED_TOWN
    if entry.population >= _BIG_PLACE:
        return True
    if supported:
        return entry.population >= _KNOWN_PLACE or m.place_syntax or in_chain
    return m.place_syntax and entry.population >= _TRUSTED_TOWN


def _loose_choice(m: _Mention) -> bool:
    return any(h.entry is m.chosen and h.loose for h in m.hits)


# --- locate helpers -------------------------------------------------------------------------


_LOCATIVE_PREPS = {
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "around",
    "into",
    "throughout",
    "within",
    "from",
    "on",
    "along",
    "between",
    "toward",
    "towards",
    "to",
    "of",
    "over",
    "off",
    "past",
}


# Nouns that a place name before them makes a place: "Ghoryan district center".
_PLACE_NOUNS = _words(
    """
    center centre area areas outskirts vicinity countryside suburb suburbs village villages
    town city district province region border market bazaar neighborhood neighbourhood
    """
)


def _locative(doc: AnnotatedDoc, mention: Span, place: Place) -> int:
    """2 when the place is where something happens ("in Germany", "struck Kramatorsk"), 1 for
    a country that is the object of the act (usually a target), 0 when the name only modifies
    something else ("a West Point report", "the Kabul
    government") or is an actor ("Germany said")."""
    tokens = [
        t
        for t in (doc.tokens[i] for i in doc.token_range(mention.start, mention.end))
        if t.idx >= mention.start
    ]
    if not tokens:
        return 0
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head not in inside or t.head == t.i), tokens[-1])
    steps = 0
    # "in Gwoza, Borno, Nigeria": the later names hang off the first one
    while steps < 4 and head.head != head.i:
        governor = doc.tokens[head.head]
        if head.dep in ("appos", "conj", "npadvmod"):
            head = governor
        elif head.dep == "compound" and governor.lower in _PLACE_NOUNS:
            head = governor  # "in Ghoryan district center", "the Kabul city outskirts"
        else:
            break
        steps += 1
    if head.dep in ("dobj", "nsubjpass"):
        # "Artillery struck Kramatorsk" is a place; "attack US bases" names a target country
        return 2 if place.precision not in (None, "country") else 1
    if head.dep == "pobj":
        prep = doc.tokens[head.head]
        if prep.lower == "to" and doc.tokens[prep.head].lemma.lower() == "accord":
            return 0  # "according to a West Point report"
        return 2 if prep.lower in _LOCATIVE_PREPS else 0
    return 0


def _best_placed(doc: AnnotatedDoc, pairs: list[tuple[Place, Span]], start: int, end: int) -> Place:
    """The place of a sentence where the event is: where something happens first, then the
    most specific, then the nearest. The names of one written hierarchy ("in Hanover, Lower
    Saxony, Germany") share the role of the first one, so the town is taken, not the country
    that the parser happened to attach to the preposition."""
    ordered = sorted(pairs, key=lambda pm: pm[1].start)
    # A position written out is where the text says the event is.
    roles = [3 if p.precision == "coordinates" else _locative(doc, m, p) for p, m in ordered]
    group_start = 0
    for i in range(1, len(ordered) + 1):
        if i < len(ordered) and _HIERARCHY_GAP.match(
            doc.text[ordered[i - 1][1].end : ordered[i][1].start]
        ):
            continue
        best_role = max(roles[group_start:i])
        roles[group_start:i] = [best_role] * (i - group_start)
        group_start = i
    best = max(
        range(len(ordered)),
        key=lambda k: (roles[k], *_locate_rank(ordered[k][0], ordered[k][1], start, end)),
    )
    return ordered[best][0]


# Between the names of one written hierarchy: commas, "of", parentheses (maybe holding an
# alias) and kind words ("Khara Ghanda Sang of Chaghcharan (Feroz Koh) district, Ghor").
_HIERARCHY_GAP = re.compile(
    r"^(?:\s*[,()]\s*|\s+of\s+(?:the\s+)?|\s*\([^()]{1,40}\)\s*|\s*\b(?:"
    + "|".join(sorted(AFFIX_KIND))
    + r")\b\s*)+$"
)


def _locate_rank(place: Place, mention: Span, start: int, end: int) -> tuple[int, int, float]:
    inside = int(mention.start >= start and mention.end <= end)
    distance = 0.0 if inside else min(abs(mention.start - end), abs(start - mention.end))
    return inside, PRECISION_RANK[place.precision or "country"], -distance


def _location(place: Place) -> Location:
    data = place.model_dump(exclude={"mentions", "feature"})
    return Location(**data)


def _display_name(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


@functools.cache
def default_geocoder() -> Geocoder:
    return Geocoder.load()
