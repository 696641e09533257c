"""Toponym resolution: find place mentions in an annotated document and resolve each to one
gazetteer entry, using the document's own context (named countries and provinces, comma and
parenthesis hierarchies, the dominant country, demonyms) to choose among same-named places."""

from __future__ import annotations

import functools
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

from sitroom.annotation import AnnotatedDoc, Sentence
from sitroom.models import Location, Place, Span
from sitroom.places.capitals import Capitals, seat_pattern
from sitroom.places.coordinates import WrittenCoordinates, find_coordinates
from sitroom.places.dateline import excluded_spans
from sitroom.places.features import Feature, find_feature
from sitroom.places.fuzzy import FuzzyNames
from sitroom.places.gazetteer import (
    ADMIN1,
    ADMIN2,
    CITY,
    COUNTRY,
    KIND_NAMES,
    Entry,
    Gazetteer,
    strip_unit_words,
)
from sitroom.places.geo import haversine_km
from sitroom.places.kinds import default_model, mention_features
from sitroom.places.locating import (
    PLACE_NOUNS,
    LocateIndex,
    _best_placed,
    _best_placed_role,
    _location,
    _owner_country,
)
from sitroom.places.mentions import (
    AFFIX_KIND,
    DIRECTION_WORDS,
    _display_name,
    _joined_entities,
    _link_chains,
    _Mention,
    _ner_mentions,
    _ngram_mentions,
    _strip_affixes,
    _token_range,
    without_person_names,
)
from sitroom.places.names import is_world_region, loose_key, name_key
from sitroom.places.scoring import (
    _accepted,
    _add_named_units,
    _contains,
    _Context,
    _fits,
    _focus,
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
from sitroom.places.words import words

# A namesake town stands for its unit when it is about as big as the unit's biggest town.
_SEAT_SHARE = 0.5
_TOWN_AT_POINT_KM = 10.0  # a written position this close to a town is in it


class Geocoder:
    """Finds and resolves the places of a document against the offline gazetteer."""

    def __init__(self, gazetteer: Gazetteer, build_seconds: float | None = None) -> None:
        self.gazetteer = gazetteer
        self.build_seconds = build_seconds
        self._lock = threading.Lock()  # one SQLite connection, shared between threads
        # the fuzzy fallback and its memos (under their own lock: resolve() holds _lock)
        self.fuzzy = FuzzyNames(gazetteer)
        self.capitals = Capitals(gazetteer)
        # the places of the document being located (its events are located one by one)
        self._located: LocateIndex | None = None
        # (start, end) -> the candidates of the last choice and their evidence, when a caller
        # (scripts/fit_place_models.py) sets it to a dict
        self.trace: dict[tuple[int, int], list[tuple[Entry, list[tuple[str, float]]]]] | None = None

    @classmethod
    def load(cls) -> Geocoder:
        gazetteer, build_seconds = Gazetteer.open()
        return cls(gazetteer, build_seconds)

    # --- public API -------------------------------------------------------------------------

    def resolve(
        self,
        doc: AnnotatedDoc,
        actor_countries: Collection[str] = (),
        *,
        excluded: Sequence[tuple[int, int]] | None = None,
        prior_country: str | None = None,
    ) -> list[Place]:
        """The places of ``doc``: literal ones (locations) first, in text order, then the
        metonymic ones ("Washington said": no point) and the demonyms ("Somali forces": the
        country, no point), each with ``kind`` set.

        ``actor_countries`` are the home countries of the named actors (Boko Haram -> NGA):
        weak evidence, like demonyms, for choosing among namesakes; they never outweigh a
        country the text names. ``excluded`` are character spans that hold no place (a
        dateline, wire credits, a byline); ``None`` finds datelines and credits with the
        patterns of :mod:`sitroom.places.dateline`. ``prior_country`` (ISO alpha-3, e.g. the
        dateline's) is a weak prior for namesakes; ``None`` takes the found dateline's."""
        with self._lock:
            if excluded is None:
                found_spans, dateline = excluded_spans(doc.text)
                excluded = found_spans
                if prior_country is None and dateline is not None:
                    prior_country = self._dateline_country(dateline.place)
            written = find_coordinates(doc.text)
            spans = [(c.start, c.end) for c in written] + list(excluded)
            mentions, features = self._resolved_mentions(
                doc, set(actor_countries), spans, prior_country
            )
            places = self._places(doc, mentions)
            places += [self._coordinate_place(doc, c) for c in written]
            places += [_feature_place(doc, m, f) for m, f in features]
            places.sort(key=lambda p: (p.kind != "literal", min(m.start for m in p.mentions)))
            taken = [(m.start, m.end) for p in places for m in p.mentions] + list(excluded)
            return places + self._demonym_places(doc, taken)

    def _dateline_country(self, written: str) -> str | None:
        """The country of a dateline's place ("KABUL, Afghanistan" -> AFG): its last part if
        that is a country, else the most populous place of its first part."""
        parts = [p.strip() for p in written.split(",") if p.strip()]
        names = [p.title() if p.isupper() else p for p in parts]
        found = self.gazetteer.find(names)
        for name in reversed(names):
            hits = found.get(name, [])
            countries = [h.entry for h in hits if h.entry.kind == COUNTRY and not h.loose]
            if countries:
                return countries[0].country
        hits = [h for h in found.get(names[0], []) if not h.loose] if names else []
        if not hits:
            return None
        return max(hits, key=lambda h: h.entry.population).entry.country

    def _demonym_places(self, doc: AnnotatedDoc, taken: list[tuple[int, int]]) -> list[Place]:
        """Nationality words ("Somali forces", "Iraqis") as places of kind ``demonym``: the
        sovereign state, without a point (``locate`` uses them only as a last resort)."""
        by_country: dict[str, Place] = {}
        tokens = doc.tokens
        for i, country in self._demonyms(doc):
            end_token = i + 1
            if (
                i + 1 < len(tokens)
                and tokens[i].ws
                and self.gazetteer.demonym_country(f"{tokens[i].text} {tokens[i + 1].text}")
            ):
                end_token = i + 2
            start, end = tokens[i].idx, tokens[end_token - 1].end
            if any(start < e and end > s for s, e in taken):
                continue
            entry = self.gazetteer.countries.get(country)
            place = by_country.get(country)
            if place is None:
                place = Place(
                    name=entry.name if entry is not None else country,
                    country=country,
                    precision="country",
                    feature="country",
                    kind="demonym",
                    geonameid=entry.geonameid if entry is not None else None,
                )
                by_country[country] = place
            place.mentions.append(Span(start=start, end=end, text=doc.text[start:end]))
        return list(by_country.values())

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
        index = self._locate_index(doc, places)
        sentence = doc.sentence_at(start)
        if sentence is None:
            return self._focus_location(index, actor_countries)
        location, at = self._sentence_location(doc, index, sentence, start, end)
        if location is None:
            location = self._focus_location(index, actor_countries)
        return self._at_seat(doc, index, sentence, location, at)

    def _sentence_location(
        self, doc: AnnotatedDoc, index: LocateIndex, sentence: Sentence, start: int, end: int
    ) -> tuple[Location | None, bool]:
        """Where the sentence's event is, and whether the sentence says so itself (a place in
        it where something happens): its own places, else the place of its subject ("Canadian
        Prime Minister Trudeau retaliated": Canada, not the place of the sentence before),
        else the nearest earlier sentence of the paragraph that names places."""
        in_sentence = index.within(sentence.start, sentence.end)
        placed = _best_placed_role(doc, in_sentence, start, end) if in_sentence else None
        if placed is not None and placed[1] > 0:
            return _location(placed[0]), True
        subject = index.subject_place(doc, sentence)
        if subject is not None and subject.country:
            if subject.kind == "literal" and subject.precision not in ("country", None):
                return _location(subject), True
            # "Afghan officials said three policemen died" after "... in Kunduz province":
            # the paragraph's place in the subject's country says more than the country.
            before = index.nearest_before(doc, sentence)
            if before:
                earlier = _best_placed(doc, before, start, end)
                if earlier.country == subject.country and earlier.precision not in (
                    "country",
                    None,
                ):
                    return _location(earlier), False
            return self._country_location(subject.country), False
        if placed is not None:
            return _location(placed[0]), True
        before = index.nearest_before(doc, sentence)
        if before:
            # The nearest earlier sentence that names places, and its best place (not
            # its last name, which is usually the country of "Town, Province, Country").
            return _location(_best_placed(doc, before, start, end)), False
        return None, False

    def _at_seat(
        self,
        doc: AnnotatedDoc,
        index: LocateIndex,
        sentence: Sentence,
        location: Location | None,
        stated: bool,
    ) -> Location | None:
        """An act of an institution that sits in the capital ("the U.S. Congress voted",
        "Pakistan's parliament passed") is in that capital, unless the sentence places it
        elsewhere. The institution's country is the name before it, else the country the event
        is already placed in; an institution named after something else ("the European
        Parliament") is left alone."""
        text = doc.text[sentence.start : sentence.end]
        for match in seat_pattern().finditer(text):
            phrase_start = sentence.start + match.start()
            owner = _owner_country(doc, index, sentence, phrase_start)
            if owner is None:
                continue
            at_country = location is not None and location.precision == "country"
            country = owner or (location.country if location is not None and at_country else None)
            if country is None:
                continue
            if stated and location is not None and location.precision not in ("country", None):
                return location  # "U.S. senators visited Kyiv"
            if location is not None and location.country != country and stated:
                return location
            capital = self.capitals.of(country)
            if capital is None:
                return location
            place = self._place(capital)
            return _location(place)
        return location

    def _country_location(self, country: str) -> Location:
        entry = self.gazetteer.countries.get(country)
        if entry is None:
            return Location(country=country, precision="country")
        return _location(self._place(entry))

    def _focus_location(
        self, index: LocateIndex, actor_countries: Sequence[str]
    ) -> Location | None:
        focus = index.focus
        if focus is None and actor_countries:
            focus = actor_countries[0]
        if focus is None:
            return None
        return self._country_location(focus)

    def _locate_index(self, doc: AnnotatedDoc, places: list[Place]) -> LocateIndex:
        """The places of events of ``doc``, indexed once per document: every event of it is
        located against the same index (no scan of all places per event)."""
        cached = self._located
        if cached is not None and cached.doc is doc and cached.places is places:
            return cached
        with self._lock:
            focus = self.focus_country(places) or self._demonym_country(doc)
        index = LocateIndex(doc, places, focus)
        self._located = index
        return index

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
            if place.country is None or place.kind == "demonym":
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
                    hits = self.fuzzy.in_countries(core, {country.upper()})
            context = _Context()
            if country:
                context.doc_countries.add(country.upper())
            ranked = sorted(hits, key=lambda h: -_score(h, hint, 0, -1, context, None))
            return [self._place(h.entry) for h in ranked[:limit]]

    # --- mention finding --------------------------------------------------------------------

    def _resolved_mentions(
        self,
        doc: AnnotatedDoc,
        actor_countries: set[str],
        skipped: list[tuple[int, int]],
        prior_country: str | None = None,
    ) -> tuple[list[_Mention], list[tuple[_Mention, Feature]]]:
        """The accepted place mentions, each with its chosen entry, and the mentions of named
        features (seas, regions) with theirs."""
        mentions = _ner_mentions(doc)
        # the names only: a run may join "Shirin" + "Tagab district" into one name
        entity_ranges = [_token_range(doc, m.start, m.name_end) for m in mentions]
        mentions += _joined_entities(doc, mentions)
        mentions += _ngram_mentions(doc, entity_ranges)
        if skipped:  # text read otherwise (coordinates: "34.5N 69.2E" holds no "E" place)
            mentions = [
                m for m in mentions if not any(m.start < e and m.end > s for s, e in skipped)
            ]
        mentions = without_person_names(doc, mentions)
        features = _feature_mentions(doc.text, mentions)
        if features:
            taken = [(m.start, m.end) for m, _ in features]
            mentions = [m for m in mentions if not any(m.start < e and m.end > s for s, e in taken)]
        mentions = [m for m in mentions if not (is_world_region(m.core) or is_world_region(m.full))]
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
        context.prior_country = prior_country
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
        accepted = self._without_weak_guesses(accepted, context)
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
            if id(m) not in containers and not holds_others and not m.abstained:
                m.chosen = self._seat_town(m) or m.chosen
        return accepted, features

    def _without_weak_guesses(self, mentions: list[_Mention], context: _Context) -> list[_Mention]:
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
                close = weak_choice(scored, rule)
                if close is not None:
                    countries = {e.country for e in close}
                    unit = (
                        self.gazetteer.countries.get(next(iter(countries)))
                        if len(countries) == 1
                        else None
                    )
                    if unit is None:
                        continue
                    m.chosen, m.abstained = unit, True
            kept.append(m)
        return kept

    def _without_direction_word(self, mentions: list[_Mention]) -> None:
        """ "Northern Iraq", "South-East Nigeria": a direction word before a name that is not
        part of it ("North Kivu" is found whole first) names a part of the place."""
        bare: dict[int, str] = {}
        for i, m in enumerate(mentions):
            words = m.core.replace("-", " ").split()
            if m.hits or len(words) < 2 or words[0].lower() not in DIRECTION_WORDS:
                continue
            rest = words[1:]
            if rest[0].lower() in DIRECTION_WORDS and len(rest) > 1:  # "South East Asia"
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
        context = _Context(capitals=self.capitals.ids)
        for m in mentions:
            countries = [h.entry for h in m.hits if h.entry.kind == COUNTRY and not h.loose]
            if countries and (m.from_ner or m.label not in ("PERSON", "ORG")):
                context.sentence_countries[m.sent].add(countries[0].country)
                context.doc_countries.add(countries[0].country)
        for i, country in self._demonyms(doc):
            context.demonym_countries.add(country)
            # "the Philippine government ... in Manila": the sentence says which country
            context.sentence_countries[doc.tokens[i].sent].add(country)
        return context

    def _fuzzy_unmatched(self, mentions: list[_Mention], context: _Context) -> None:
        """Names the spaCy model calls places but the index does not hold exactly: fuzzy match
        within the countries the document is about (spelling variants of small towns)."""
        countries = context.doc_countries | context.demonym_countries
        for m in mentions:
            if not m.hits and m.from_ner and countries:
                m.hits = self.fuzzy.in_countries(m.core, countries)

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
        if self.trace is not None and m.hits and not first_pass:
            self.trace[(m.start, m.end)] = [
                (h.entry, score_features(h, m.hint, m.sent, m.start, context, container))
                for h in m.hits
            ]
        if m.hits:
            scored = [(_score(h, m.hint, m.sent, m.start, context, container), h) for h in m.hits]
            best_score, best = max(scored, key=lambda sh: (sh[0], sh[1].entry.population))
            m.chosen, m.score = best.entry, best_score
        if container is not None and not _fits(container, m.chosen):
            # The stated hierarchy wins over a same-named place elsewhere: look for the
            # spelling variant inside the container, or give up on this name. A trusted name
            # of the same country before a comma may be a sibling in a list ("in Kabul, Herat
            # and Kandahar") or a town given with a nearby town ("Kobani, Aleppo").
            inside = self.fuzzy.inside(m.core, container)
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
            lost = _unplaced_in_chain(members)
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
                trial = _unplaced_in_chain(members)
                if trial < best[0]:
                    best = (trial, [(c.chosen, c.score) for c in chain])
            for c, (chosen, score) in zip(chain, best[1], strict=True):
                c.chosen, c.score = chosen, score

    # --- output -----------------------------------------------------------------------------

    def _places(self, doc: AnnotatedDoc, mentions: list[_Mention]) -> list[Place]:
        """One place per entry and kind: "in Kabul" and "Kabul said" are two places, the
        second without a point (a government is no location)."""
        model = default_model()
        by_entry: dict[tuple[int, str], Place] = {}
        for m in mentions:
            assert m.chosen is not None
            span = Span(start=m.start, end=m.end, text=doc.text[m.start : m.end])
            features = mention_features(doc, m.start, m.end, KIND_NAMES[m.chosen.kind])
            metonymic = (
                not _written_as_location(doc, m, mentions)
                and model.probability(features) >= model.threshold
            )
            kind = "metonymic" if metonymic else "literal"
            place = by_entry.get((m.chosen.id, kind))
            if place is None:
                place = self._place(m.chosen, name=_display_name(span.text))
                if metonymic:
                    place.kind, place.lat, place.lon = "metonymic", None, None
                by_entry[(m.chosen.id, kind)] = place
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


ATTACK_LEMMAS = words()["attack_lemmas"]
# "in Dasht, Mastung": a name after a comma that follows a located name (which the gazetteer
# may not know) is the unit holding it.
_AFTER_LOCATED_NAME = re.compile(
    r"\b(?:in|at|near|outside|from)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3},\s*$"
)


def _written_as_location(doc: AnnotatedDoc, m: _Mention, mentions: list[_Mention]) -> bool:
    """Forms that name a location, whatever the verb: a unit word ("Zabul province", "Dekoa
    village"), a written hierarchy ("Gusau, Zamfara"; "in Dasht, Mastung"), or a name that
    modifies a place noun ("Kandahar and Zabul provinces", "the Kabul outskirts")."""
    if m.unit_word or m.hint is not None:
        return True
    if m.container is not None or any(o.container is m for o in mentions):
        return True
    if _AFTER_LOCATED_NAME.search(doc.text[max(0, m.start - 80) : m.start]):
        return True
    tokens = [doc.tokens[i] for i in doc.token_range(m.start, m.end)]
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head not in inside or t.head == t.i), None)
    if head is None or head.head == head.i:
        return False
    governor = doc.tokens[head.head]
    if head.dep == "conj" and governor.head != governor.i:  # "Kandahar and Zabul provinces"
        head, governor = governor, doc.tokens[governor.head]
    word = governor.lower
    singular = {word, word.removesuffix("s"), word.removesuffix("ies") + "y"}  # "counties"
    place_noun = any(w in PLACE_NOUNS or w in AFFIX_KIND for w in singular)
    violence = singular & ATTACK_LEMMAS or governor.lemma.lower() in ATTACK_LEMMAS
    if head.dep in ("compound", "amod", "nmod") and (place_noun or violence):
        return True  # "Kandahar and Zabul provinces", "Aleppo shells"
    if head.dep == "pobj" and governor.head != governor.i:
        # "in Aleppo"; "neighborhoods of Aleppo"; "shelling on Manbij" (with an act of
        # violence in the sentence, since "pressure on Beijing" is a government)
        prep, grand = governor.lower, doc.tokens[governor.head]
        grand_words = {grand.lower, grand.lower.removesuffix("s"), grand.lemma.lower()}
        if prep in ("in", "at", "near", "inside", "outside", "around", "across", "into"):
            return True
        if prep == "of" and grand_words & PLACE_NOUNS:
            return True
        sentence = doc.sentences[head.sent]
        if prep in ("on", "of") and any(
            t.lemma.lower() in ATTACK_LEMMAS for t in doc.sentence_tokens(sentence)
        ):
            return True
    # "shells target Aleppo", "jets struck Kramatorsk"
    return head.dep == "dobj" and governor.lemma.lower() in ATTACK_LEMMAS


_IN_HIERARCHY_AFTER = re.compile(r"\s*,\s*[A-Z]")
_IN_HIERARCHY_BEFORE = re.compile(r"[A-Z][\w'-]*\s*,\s*$")


def _feature_mentions(text: str, mentions: list[_Mention]) -> list[tuple[_Mention, Feature]]:
    """Mentions that name a sea, a region or a continent ("the Indian Ocean", "Mideast"), the
    longest first; not one written with a unit word ("Sahel region" is Burkina Faso's)."""
    found: list[tuple[_Mention, Feature]] = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        if m.unit_word or any(m.start < o.end and o.start < m.end for o, _ in found):
            continue
        after = _IN_HIERARCHY_AFTER.match(text, m.end)
        before = _IN_HIERARCHY_BEFORE.search(text, max(0, m.start - 60), m.start)
        if (after and not _feature_at(mentions, after.end() - 1, start=True)) or (
            before and not _feature_at(mentions, before.start(), start=False)
        ):
            continue  # "Tao, Sahel, Burkina Faso": a unit of a written hierarchy
            # (but "in Latin America, Africa and Asia" is a list of regions)
        feature = find_feature(m.full) or find_feature(m.core)
        if feature is not None:
            found.append((m, feature))
    return sorted(found, key=lambda mf: mf[0].start)


def _feature_at(mentions: list[_Mention], char: int, *, start: bool) -> bool:
    """Whether a mention that names a feature starts (or ends, for ``start=False``, at the
    end of the word at ``char``) there: the comma joins two regions of a list."""
    for o in mentions:
        at = o.start == char if start else o.start <= char < o.end
        if at and (find_feature(o.full) or find_feature(o.core)) is not None:
            return True
    return False


def _feature_place(doc: AnnotatedDoc, m: _Mention, feature: Feature) -> Place:
    span = Span(start=m.start, end=m.end, text=doc.text[m.start : m.end])
    return Place(
        name=_display_name(span.text),
        country=feature.country,
        lat=feature.lat,
        lon=feature.lon,
        precision=None,
        feature="feature",
        mentions=[span],
    )


@functools.cache
def default_geocoder() -> Geocoder:
    return Geocoder.load()
