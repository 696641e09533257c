"""The pipeline: one object that loads every model once and turns documents into analyses.

``Pipeline.analyze_many`` runs spaCy with ``nlp.pipe`` in batches (optionally on several
processes) and the rule stages on each annotated document::

    Document -> nlp -> AnnotatedDoc -+- anatomy    (dateline, byline, credits: never facts)
                                     +- time       (temporal expressions)
                                     +- actors     (linked to the knowledge base)
                                     +- places     (geocoded offline)
                                     +- events     (PLOVER, with counts, claims, date, place)
                                     +- incidents  (one event per incident, salience)
                                     +- relations  (explicit + from events)   -> Analysis
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sitroom import time as timex
from sitroom.actors import ActorLinker
from sitroom.anatomy import read_anatomy
from sitroom.anatomy.filters import drop_actors, places_outside
from sitroom.annotation import AnnotatedDoc
from sitroom.events import EventExtractor
from sitroom.incidents import IncidentResolver
from sitroom.ingest import read_text
from sitroom.models import Analysis, Document, Location
from sitroom.ontology import ontology
from sitroom.relations import RelationExtractor

if TYPE_CHECKING:
    from sitroom.kb import ActorKB
    from sitroom.lexicon import Lexicon
    from sitroom.nlp import Annotator
    from sitroom.places import Geocoder


class Pipeline:
    """Loads the models once; analyzes one document or a stream of them."""

    def __init__(
        self,
        *,
        kb: ActorKB | None = None,
        lexicon: Lexicon | None = None,
        geocoder: Geocoder | None = None,
        annotator: Annotator | None = None,
        actor_files: Sequence[Path] = (),
    ) -> None:
        from sitroom.kb import ActorKB, default_kb
        from sitroom.lexicon import default_lexicon
        from sitroom.nlp import Annotator, knowledge_base_patterns
        from sitroom.places import default_geocoder

        self.kb = kb or (ActorKB.load(extra=actor_files) if actor_files else default_kb())
        self.lexicon = lexicon or default_lexicon()
        self.geocoder = geocoder or default_geocoder()
        if annotator is None:
            patterns = knowledge_base_patterns(self.kb) if actor_files else None
            annotator = Annotator(patterns)
        self.annotator = annotator
        self.linker = ActorLinker(self.kb)
        self.events = EventExtractor(self.lexicon)
        self.incidents = IncidentResolver()
        self.relations = RelationExtractor()

    def analyze(self, document: Document | str, published: dt.date | None = None) -> Analysis:
        if isinstance(document, str):
            document = read_text(document, published=published)
        return self.analyze_annotated(document, self.annotator.annotate(document.text))

    def analyze_many(
        self, documents: Iterable[Document], *, batch_size: int = 16, n_process: int = 1
    ) -> Iterator[tuple[Document, Analysis]]:
        """Analyses in input order; spaCy runs in batches (and processes) over the texts."""
        pending: list[Document] = []

        def texts() -> Iterator[str]:
            for d in documents:
                pending.append(d)
                yield d.text

        annotated = self.annotator.annotate_many(
            texts(), batch_size=batch_size, n_process=n_process
        )
        for ann in annotated:
            document = pending.pop(0)
            yield document, self.analyze_annotated(document, ann)

    def analyze_annotated(self, document: Document, ann: AnnotatedDoc) -> Analysis:
        published = document.published
        anatomy = read_anatomy(ann.text, [(s.start, s.end) for s in ann.sentences])
        times = timex.extract_dates(ann, published)
        actor_countries = self._named_actor_countries(ann)
        # The anatomy's spans are filtered out of the places here until Geocoder.resolve takes
        # them (and the dateline's country as a prior) itself.
        places = places_outside(self.geocoder.resolve(ann, actor_countries), anatomy)
        linked = self.linker.link(
            ann,
            focus=self.geocoder.focus_country(places),
            place_spans=[(m.start, m.end) for p in places for m in p.mentions],
            published=published,
        )
        linked = drop_actors(linked, ann, anatomy.excluded)

        # Last resort for a text without place names or nationalities: where its actors are
        # from, named armed groups first, then the linked state forces ("the Levies").
        linked_countries = [a.country for a in linked.ordered() if a.country]
        fallback = list(dict.fromkeys([*actor_countries, *linked_countries]))

        def locate(start: int, end: int) -> Location | None:
            return self.geocoder.locate(ann, places, start, end, fallback)

        events = self.events.extract(ann, linked, times, published, locate)
        events = self.incidents.resolve(ann, events, linked.actors, published, anatomy)
        relations = self.relations.extract(ann, linked, events, times)
        actors = linked.ordered()
        return Analysis(
            id=document.id,
            title=document.title,
            url=document.url,
            source=document.source,
            published=published,
            actors=actors,
            events=events,
            relations=relations,
            places=places,
            dates=times,
            dateline=anatomy.dateline,
            byline=anatomy.byline,
            credits=anatomy.credits,
            captions=anatomy.captions,
        )

    def _named_actor_countries(self, ann: AnnotatedDoc) -> list[str]:
        """Home countries of the knowledge-base actors the text names (Boko Haram -> NGA),
        most mentioned first. State forces are left out: they often act abroad ("Turkish
        jets struck ... in Iraq"), and their nationality is already a demonym for the places
        stage."""
        counts: Counter[str] = Counter()
        for ent in ann.entities:
            entry = self.kb.get(ent.kb_id) if ent.kb_id else None
            if entry is not None and entry.country and entry.type not in _STATE_TYPES:
                counts[entry.country] += 1
        return [country for country, _ in counts.most_common()]


# Actor types that stand for a state (their country is where they come from, not where they act).
_STATE_TYPES = ontology().state_actor_types


@functools.cache
def default_pipeline() -> Pipeline:
    return Pipeline()


def extract(text: str, published: dt.date | str | None = None, **meta: str) -> Analysis:
    """Analyze one article: ``sitroom.extract(text, published="2021-10-05")``."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    document = read_text(
        text,
        published=published,
        title=meta.get("title"),
        url=meta.get("url"),
        source=meta.get("source"),
    )
    return default_pipeline().analyze(document)
