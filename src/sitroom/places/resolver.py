"""Toponym resolution: find place mentions in an annotated document and resolve each to one
gazetteer entry, using the document's own context (named countries and provinces, comma and
parenthesis hierarchies, the dominant country, demonyms) to choose among same-named places.

The stages live in their own modules, with mentions (:class:`~sitroom.places.mentions._Mention`),
gazetteer entries and places between them:

- :mod:`~sitroom.places.candidates`: the mentions and their gazetteer candidates;
- :mod:`~sitroom.places.context`: what the document says about where it is;
- :mod:`~sitroom.places.decision`: the choice among candidates, acceptance and abstention;
- :mod:`~sitroom.places.output`: the places of the decided mentions;
- :mod:`~sitroom.places.locating`: where an event is, among a document's places;
- :mod:`~sitroom.places.gazetteer`: the one module that queries the gazetteer database."""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection, Sequence

from sitroom.annotation import AnnotatedDoc
from sitroom.models import Dateline, Location, Place
from sitroom.places.candidates import candidate_mentions, fuzzy_unmatched
from sitroom.places.capitals import Capitals
from sitroom.places.chains import _link_chains
from sitroom.places.context import (
    dateline_country,
    demonym_country,
    document_context,
    focus_country,
    note_first_choices,
    recount_place_countries,
)
from sitroom.places.coordinates import find_coordinates
from sitroom.places.dateline import excluded_spans
from sitroom.places.decision import (
    Trace,
    choose,
    prefer_seat_towns,
    without_dwarfed_namesakes,
    without_weak_guesses,
)
from sitroom.places.features import Feature
from sitroom.places.fuzzy import FuzzyNames
from sitroom.places.gazetteer import CITY, Gazetteer, strip_unit_words
from sitroom.places.locating import (
    FROM_ACTORS,
    FROM_FOCUS,
    FROM_SEAT,
    LocateIndex,
    at_seat,
    country_location,
    sentence_location,
)
from sitroom.places.mentions import _Mention, _strip_affixes
from sitroom.places.names import loose_key, name_key
from sitroom.places.output import (
    coordinate_place,
    demonym_places,
    feature_place,
    mention_places,
    place_of,
    set_sites,
)
from sitroom.places.scoring import _accepted, _add_named_units, _Context, _focus, _score


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
        self.trace: Trace | None = None

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
                    prior_country = dateline_country(self.gazetteer, dateline.place)
            written = find_coordinates(doc.text)
            spans = [(c.start, c.end) for c in written] + list(excluded)
            mentions, features = self._resolved_mentions(
                doc, set(actor_countries), spans, prior_country
            )
            places = mention_places(self.gazetteer, doc, mentions)
            places += [coordinate_place(self.gazetteer, doc, c) for c in written]
            # a named site without a point is in the country the text is about
            focus = focus_country(places) if any(f.site for _, f in features) else None
            places += [feature_place(doc, m, f, focus if f.site else None) for m, f in features]
            set_sites(doc.text, places)
            places.sort(key=lambda p: (p.kind != "literal", min(m.start for m in p.mentions)))
            taken = [(m.start, m.end) for p in places for m in p.mentions] + list(excluded)
            return places + demonym_places(self.gazetteer, doc, taken)

    def dateline_place(self, dateline: Dateline) -> Place | None:
        """The place a dateline names ("KANDAHAR, Afghanistan —"), for a prior: its town in
        the country the dateline gives or implies, the most populous exact namesake there;
        ``None`` when the town is unknown or the country cannot be told."""
        if not dateline.place:
            return None
        written = ", ".join(p for p in (dateline.place, dateline.region) if p)
        country = dateline.country or dateline_country(self.gazetteer, written)
        if country is None:
            return None
        name = dateline.place.title() if dateline.place.isupper() else dateline.place
        hits = [
            h.entry
            for h in self.gazetteer.find([name]).get(name, [])
            if not h.loose and h.entry.country == country
        ]
        if not hits:
            return None
        # a dateline names a town: one of that very name before one once so called, a town
        # before a province of the same name ("KANDAHAR")
        key = name_key(name)
        best = max(hits, key=lambda e: (name_key(e.name) == key, e.kind == CITY, e.population))
        return place_of(self.gazetteer, best, name)

    def locate(
        self,
        doc: AnnotatedDoc,
        places: list[Place],
        start: int,
        end: int,
        actor_countries: Sequence[str] = (),
        triggers: Collection[int] = (),
    ) -> Location | None:
        """Where the event whose evidence is ``text[start:end]`` happened (see
        docs/places.md). ``actor_countries`` (most telling first) are the last resort for a
        text that names no place and no nationality. ``triggers`` are the token indexes of the
        event's trigger words: a place of another clause of the sentence is then not the
        event's (see :mod:`sitroom.places.clauses`)."""
        return self.locate_noted(doc, places, start, end, actor_countries, triggers)[0]

    def locate_noted(
        self,
        doc: AnnotatedDoc,
        places: list[Place],
        start: int,
        end: int,
        actor_countries: Sequence[str] = (),
        triggers: Collection[int] = (),
    ) -> tuple[Location | None, str | None]:
        """:meth:`locate`, and how the place was found: ``None`` when the event's sentence
        states it, else a note that starts with ``locating.INFERRED`` (from the subject's
        country, an earlier sentence, the country the text is about, the actors' country, the
        capital where an institution sits)."""
        index = self._locate_index(doc, places)
        sentence = doc.sentence_at(start)
        if sentence is None:
            return self._focus_location(index, actor_countries)
        location, how = sentence_location(
            self.gazetteer, doc, index, sentence, start, end, triggers
        )
        if location is None:
            location, how = self._focus_location(index, actor_countries)
        seated = at_seat(self.gazetteer, self.capitals, doc, index, sentence, location, how is None)
        return seated, (how if seated is location else FROM_SEAT)

    def capital_location(self, country: str) -> Location | None:
        """The capital of a country (``capitals.yaml``) as a location, if the gazetteer has it."""
        entry = self.capitals.of(country)
        return (
            None
            if entry is None
            else Location(
                **place_of(self.gazetteer, entry).model_dump(
                    exclude={"mentions", "feature", "kind"}
                )
            )
        )

    def focus_country(self, places: list[Place]) -> str | None:
        return focus_country(places)

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
            return [place_of(self.gazetteer, h.entry) for h in ranked[:limit]]

    # --- locating ---------------------------------------------------------------------------

    def _focus_location(
        self, index: LocateIndex, actor_countries: Sequence[str]
    ) -> tuple[Location | None, str | None]:
        if index.focus is not None:
            return country_location(self.gazetteer, index.focus), FROM_FOCUS
        if actor_countries:
            return country_location(self.gazetteer, actor_countries[0]), FROM_ACTORS
        return None, None

    def _locate_index(self, doc: AnnotatedDoc, places: list[Place]) -> LocateIndex:
        """The places of events of ``doc``, indexed once per document: every event of it is
        located against the same index (no scan of all places per event)."""
        cached = self._located
        if cached is not None and cached.doc is doc and cached.places is places:
            return cached
        with self._lock:
            focus = focus_country(places) or demonym_country(self.gazetteer, doc)
        index = LocateIndex(doc, places, focus)
        self._located = index
        return index

    # --- resolution -------------------------------------------------------------------------

    def _resolved_mentions(
        self,
        doc: AnnotatedDoc,
        actor_countries: set[str],
        skipped: list[tuple[int, int]],
        prior_country: str | None = None,
    ) -> tuple[list[_Mention], list[tuple[_Mention, Feature]]]:
        """The accepted place mentions, each with its chosen entry, and the mentions of named
        features (seas, regions) with theirs."""
        gazetteer, fuzzy, trace = self.gazetteer, self.fuzzy, self.trace
        mentions, features = candidate_mentions(gazetteer, doc, skipped)
        context = document_context(gazetteer, self.capitals.ids, doc, mentions)
        context.actor_countries = actor_countries
        context.prior_country = prior_country
        fuzzy_unmatched(fuzzy, mentions, context)
        # Unmatched model entities stay for now: their container may still find them.
        mentions = [m for m in mentions if m.hits or m.entity]
        mentions.sort(key=lambda m: m.start)
        _link_chains(doc, mentions)
        without_dwarfed_namesakes(mentions, context.capitals)
        choose(fuzzy, mentions, context, first_pass=True, trace=trace)
        context.focus = _focus(mentions)
        note_first_choices(context, mentions)
        choose(fuzzy, mentions, context, first_pass=False, trace=trace)
        # Provinces and countries named exactly are strong evidence of what the text is about:
        # let them inform the choice among namesakes of the smaller places, then decide.
        if _add_named_units(mentions, context):
            choose(fuzzy, mentions, context, first_pass=False, trace=trace)
        # Acceptance looks at where the other places are: by the final choices.
        recount_place_countries(context, mentions)
        accepted = [m for m in mentions if m.chosen is not None and _accepted(m, context)]
        accepted = without_weak_guesses(gazetteer, accepted, context)
        prefer_seat_towns(gazetteer, accepted, doc.text)
        return accepted, features


@functools.cache
def default_geocoder() -> Geocoder:
    return Geocoder.load()
