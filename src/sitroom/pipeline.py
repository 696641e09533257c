"""The pipeline: one object that loads every model once and turns documents into analyses.

``Pipeline.analyze_many`` runs spaCy with ``nlp.pipe`` in batches (or whole documents on
worker processes) and then the registered stages (:mod:`sitroom.stages`) on each annotated
document, in the order of ``Settings.stages``::

    Document -> nlp -> AnnotatedDoc -> anatomy           (dateline, byline, credits: never facts)
                                    -> dates             (temporal expressions)
                                    -> actor_countries   (home countries of named KB actors)
                                    -> places            (geocoded offline)
                                    -> actors            (linked to the knowledge base)
                                    -> fallback_countries
                                    -> events            (PLOVER, with counts, claims, date, place)
                                    -> incidents         (one event per incident, salience)
                                    -> relations         (explicit + from events)   -> Analysis

Each document is checked against the limits first and analyzed within its time budget
(:mod:`sitroom.budget`); a failure costs only that document.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitroom import time as timex
from sitroom.annotation import AnnotatedDoc
from sitroom.budget import AnalysisError, Deadline, check_document, interrupt_after
from sitroom.ingest import read_text
from sitroom.models import Analysis, Document, Location
from sitroom.ontology import ontology
from sitroom.settings import DEFAULT_STAGES, Settings, get_settings
from sitroom.stages import Stage, StageContext, build_stages, register_stage, stage_order

if TYPE_CHECKING:
    from sitroom.actors import ActorLinker, LinkedActors
    from sitroom.events import EventExtractor
    from sitroom.incidents import IncidentResolver
    from sitroom.kb import ActorKB
    from sitroom.lexicon import Lexicon
    from sitroom.nlp import Annotator
    from sitroom.places import Geocoder
    from sitroom.relations import RelationExtractor

log = logging.getLogger("sitroom")

# Texts longer than this (characters) are parsed alone, so their time budget is their own.
LONG_TEXT = 100_000

ErrorCallback = Callable[[Document, AnalysisError], None]


class Pipeline:
    """Holds the models (loaded on first use, once) and runs the stages over documents.

    Nothing is loaded when the pipeline is made: spaCy, the knowledge base, the lexicon and
    the gazetteer load when a stage first needs them, so a run that finds every document
    already stored never loads them. ``stages`` (default: ``Settings.stages``) names the
    registered stages to run, in order (see :mod:`sitroom.stages`).
    """

    def __init__(
        self,
        *,
        kb: ActorKB | None = None,
        lexicon: Lexicon | None = None,
        geocoder: Geocoder | None = None,
        annotator: Annotator | None = None,
        actor_files: Sequence[Path] = (),
        stages: Sequence[str] | None = None,
        settings: Settings | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.actor_files = tuple(actor_files)
        given = {"kb": kb, "lexicon": lexicon, "geocoder": geocoder, "annotator": annotator}
        for name, value in given.items():
            if value is not None:
                self.__dict__[name] = value  # overrides the lazy property below
        if stages is None:
            base = self.settings.stages
            stages = stage_order(base) if tuple(base) == DEFAULT_STAGES else base
        self.stage_names = list(stages)
        self._frozen = False

    def with_settings(self, **changes: Any) -> Pipeline:
        """A pipeline with some settings changed (``event_unit="act"``) that shares the
        models this one has loaded already (the knowledge base, lexicon, gazetteer, spaCy)."""
        loaded = self.__dict__
        return Pipeline(
            kb=loaded.get("kb"),
            lexicon=loaded.get("lexicon"),
            geocoder=loaded.get("geocoder"),
            annotator=loaded.get("annotator"),
            actor_files=self.actor_files,
            stages=self.stage_names,
            settings=self.settings.model_copy(update=changes),
        )

    # -- resources, loaded on first use ----------------------------------------------------

    @functools.cached_property
    def kb(self) -> ActorKB:
        from sitroom.kb import ActorKB, default_kb

        return ActorKB.load(extra=self.actor_files) if self.actor_files else default_kb()

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        from sitroom.lexicon import default_lexicon

        return default_lexicon()

    @functools.cached_property
    def geocoder(self) -> Geocoder:
        from sitroom.places import default_geocoder

        return default_geocoder()

    @functools.cached_property
    def annotator(self) -> Annotator:
        from sitroom.nlp import Annotator, knowledge_base_patterns

        return Annotator(knowledge_base_patterns(self.kb) if self.actor_files else None)

    @functools.cached_property
    def linker(self) -> ActorLinker:
        from sitroom.actors import ActorLinker

        return ActorLinker(self.kb)

    @functools.cached_property
    def events(self) -> EventExtractor:
        from sitroom.events import EventExtractor

        return EventExtractor(self.lexicon, acts=self.settings.event_unit == "act")

    @functools.cached_property
    def incidents(self) -> IncidentResolver:
        from sitroom.incidents import IncidentResolver

        return IncidentResolver(acts=self.settings.event_unit == "act")

    @functools.cached_property
    def relations(self) -> RelationExtractor:
        from sitroom.relations import RelationExtractor

        return RelationExtractor()

    @functools.cached_property
    def stages(self) -> list[tuple[str, Stage]]:
        return build_stages(self.stage_names, self)

    def load(self, *, freeze: bool = False) -> Pipeline:
        """Load every model now (a server warming up before its first request).

        ``freeze``: for a pipeline that lives as long as its process (a worker, the one behind
        :func:`extract`), move every object alive now out of the garbage collector's reach
        (:func:`gc.freeze`): the models are a few hundred thousand objects that no collection
        needs to walk again, and the process exits about half a second sooner."""
        _ = (self.annotator.nlp, self.stages, self.linker, self.events, self.geocoder)
        if freeze and not self._frozen:
            gc.freeze()
            self._frozen = True
        return self

    # -- analysis --------------------------------------------------------------------------

    def analyze(self, document: Document | str, published: dt.date | None = None) -> Analysis:
        """Analyze one document; raises :class:`~sitroom.budget.AnalysisError` for a document
        outside the limits or over its time budget."""
        if isinstance(document, str):
            document = read_text(document, published=published)
        self.check(document)
        deadline = Deadline(self.settings.time_budget)
        with interrupt_after(deadline, "the spaCy parse"):
            ann = self.annotator.annotate(document.text)
        return self.analyze_annotated(document, ann, deadline)

    def check(self, document: Document) -> None:
        """Raise :class:`~sitroom.budget.DocumentRejected` for a text outside the limits."""
        check_document(
            document, max_chars=self.settings.max_chars, max_bytes=self.settings.max_bytes
        )

    def analyze_many(
        self,
        documents: Iterable[Document],
        *,
        batch_size: int = 16,
        n_process: int = 1,
        on_error: ErrorCallback | None = None,
    ) -> Iterator[tuple[Document, Analysis]]:
        """Analyses in input order; a document that cannot be analyzed is passed to
        ``on_error`` (default: logged as a warning) and skipped, the rest go on.

        With ``n_process >= 2`` whole documents (parse and rule stages) are analyzed on that
        many worker processes (:mod:`sitroom.workers`); this process only collects.
        """
        for document, result in self.analyze_results(
            documents, batch_size=batch_size, n_process=n_process
        ):
            if isinstance(result, AnalysisError):
                if on_error is None:
                    label = document.origin or document.id
                    log.warning("%s: skipped: %s", label, result.reason)
                else:
                    on_error(document, result)
            else:
                yield document, result

    def analyze_results(
        self, documents: Iterable[Document], *, batch_size: int = 16, n_process: int = 1
    ) -> Iterator[tuple[Document, Analysis | AnalysisError]]:
        """Each document with its analysis or the error that stopped it, in input order."""
        if n_process >= 2:
            from sitroom.workers import WorkerPool

            pool = WorkerPool(
                n_process,
                actor_files=self.actor_files,
                stages=self.stage_names,
                settings=self.settings,
            )
            with pool:
                yield from pool.analyze(documents, batch_size=batch_size)
            return
        # The objects alive before each batch (the models, loaded in the first one; earlier
        # results) are kept out of the garbage collector's reach for the run: every full
        # collection otherwise walks the knowledge base, gazetteer and vocabulary again (3% of
        # the time on news). They are unfrozen at the end; a caller that froze objects itself
        # (a worker, an ingest run) is left alone.
        own = not gc.get_freeze_count()
        try:
            batch: list[Document] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= batch_size:
                    if own:
                        gc.freeze()
                    yield from zip(batch, self.analyze_batch(batch), strict=True)
                    batch = []
            if batch:
                if own:
                    gc.freeze()
                yield from zip(batch, self.analyze_batch(batch), strict=True)
        finally:
            if own:
                gc.unfreeze()

    def analyze_batch(self, documents: Sequence[Document]) -> list[Analysis | AnalysisError]:
        """Analyses of ``documents`` (one spaCy batch), each isolated from the others.

        Documents outside the limits are rejected unparsed. Texts over ``LONG_TEXT``
        characters are parsed alone, under their own budget; the others in one ``nlp.pipe``
        batch under the sum of their budgets, and each then runs the stages under what is
        left of its own (its parse counted by its share of the batch's characters). If the
        batch's parse fails, each of its documents is parsed alone, so the one at fault
        reports its own error and the others are analyzed.
        """
        out: list[Analysis | AnalysisError | None] = [None] * len(documents)
        batch: list[int] = []
        alone: list[int] = []
        for i, document in enumerate(documents):
            try:
                self.check(document)
            except AnalysisError as exc:
                out[i] = exc
                continue
            (alone if len(document.text) > LONG_TEXT else batch).append(i)
        budget = self.settings.time_budget
        if len(batch) == 1:
            alone += batch
        elif batch:
            texts = [documents[i].text for i in batch]
            started = time.perf_counter()
            try:
                with interrupt_after(Deadline(budget * len(batch)), "the spaCy parse"):
                    parsed = list(self.annotator.annotate_many(texts, batch_size=len(texts)))
            except Exception:
                alone += batch
            else:
                spent = time.perf_counter() - started
                chars = sum(len(t) for t in texts) or 1
                for i, ann in zip(batch, parsed, strict=True):
                    share = spent * len(documents[i].text) / chars
                    deadline = Deadline(budget, spent=share)
                    run = functools.partial(self.analyze_annotated, documents[i], ann, deadline)
                    out[i] = self._isolated(run)
        for i in sorted(alone):
            out[i] = self._isolated(functools.partial(self.analyze, documents[i]))
        return [r if r is not None else AnalysisError("not analyzed") for r in out]

    @staticmethod
    def _isolated(run: Callable[[], Analysis]) -> Analysis | AnalysisError:
        try:
            return run()
        except AnalysisError as exc:
            return exc
        except Exception as exc:  # a stage's bug costs only this document
            return AnalysisError(f"{type(exc).__name__}: {exc}")

    def analyze_annotated(
        self, document: Document, ann: AnnotatedDoc, deadline: Deadline | None = None
    ) -> Analysis:
        """Run the stages over a parsed document. With a ``deadline``, a stage that overruns
        it is stopped (:class:`~sitroom.budget.TimeBudgetExceeded`)."""
        ctx = StageContext(document=document, ann=ann)
        for name, stage in self.stages:
            if deadline is None:
                result = stage(ctx)
            else:
                with interrupt_after(deadline, f"stage {name!r}"):
                    result = stage(ctx)
            if result is not None:
                ctx = result
        return ctx.to_analysis()

    def named_actor_countries(self, ann: AnnotatedDoc) -> list[str]:
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


# --- the built-in stages, in the default order (sitroom.settings.DEFAULT_STAGES) -------------


@register_stage("anatomy", factory=True)
def _anatomy(pipeline: Pipeline) -> Stage:
    from sitroom.anatomy import read_anatomy

    def anatomy(ctx: StageContext) -> StageContext:
        ann = ctx.ann
        ctx.anatomy = read_anatomy(ann.text, [(s.start, s.end) for s in ann.sentences])
        return ctx

    return anatomy


@register_stage("dates", factory=True)
def _dates(pipeline: Pipeline) -> Stage:
    def dates(ctx: StageContext) -> StageContext:
        ctx.times = timex.extract_dates(ctx.ann, ctx.document.published)
        return ctx

    return dates


@register_stage("actor_countries", factory=True)
def _actor_countries(pipeline: Pipeline) -> Stage:
    def actor_countries(ctx: StageContext) -> StageContext:
        ctx.actor_countries = pipeline.named_actor_countries(ctx.ann)
        return ctx

    return actor_countries


@register_stage("places", factory=True)
def _places(pipeline: Pipeline) -> Stage:
    from sitroom.anatomy.filters import places_inside, places_outside
    from sitroom.places.dateline import dateline_toponyms

    geocoder = pipeline.geocoder

    def places(ctx: StageContext) -> StageContext:
        places = geocoder.resolve(ctx.ann, ctx.actor_countries)
        # The anatomy's spans (dateline, credits) are filtered out of the places here; the
        # dateline's place is kept aside as a prior, not a fact.
        ctx.places = places_outside(places, ctx.anatomy) if ctx.anatomy else places
        anatomy = ctx.anatomy
        if anatomy is not None:
            # "reported from Kabul": a credit's places are the article's, never an event's
            anatomy.credit_toponyms = [
                p for p in places_inside(places, anatomy.credit_spans) if p.kind == "literal"
            ]
        if anatomy is not None and anatomy.dateline is not None and anatomy.dateline_place is None:
            # The geocoder reads no place inside the dateline (it is no fact about an
            # event), so the dateline's own place is looked up apart, as a prior.
            anatomy.dateline_place = geocoder.dateline_place(anatomy.dateline)
        if anatomy is not None and anatomy.dateline is not None:
            anatomy.dateline_toponyms = dateline_toponyms(
                geocoder.gazetteer, ctx.ann.text, anatomy.dateline, anatomy.dateline_place
            )
        return ctx

    return places


@register_stage("actors", factory=True)
def _actors(pipeline: Pipeline) -> Stage:
    from sitroom.anatomy.filters import drop_actors

    geocoder, linker = pipeline.geocoder, pipeline.linker

    def actors(ctx: StageContext) -> StageContext:
        ctx.linked = linker.link(
            ctx.ann,
            focus=geocoder.focus_country(ctx.places),
            place_spans=[(m.start, m.end) for p in ctx.places for m in p.mentions],
            published=ctx.document.published,
        )
        if ctx.anatomy is not None:
            ctx.linked = drop_actors(ctx.linked, ctx.ann, ctx.anatomy.excluded)
        return ctx

    return actors


@register_stage("fallback_countries")
def _fallback_countries(ctx: StageContext) -> StageContext:
    # Last resort for a text without place names or nationalities: where its actors are
    # from, named armed groups first, then the linked state forces ("the Levies").
    linked_countries = [a.country for a in ctx.actors if a.country]
    ctx.fallback_countries = list(dict.fromkeys([*ctx.actor_countries, *linked_countries]))
    return ctx


@register_stage("events", factory=True)
def _events(pipeline: Pipeline) -> Stage:
    from sitroom.events.placing import place_with_source
    from sitroom.places.locating import country_location

    geocoder, extractor = pipeline.geocoder, pipeline.events

    def events(ctx: StageContext) -> StageContext:
        ann, places, fallback = ctx.ann, ctx.places, ctx.fallback_countries

        def locate(
            start: int, end: int, triggers: tuple[int, ...]
        ) -> tuple[Location | None, str | None]:
            return geocoder.locate_noted(ann, places, start, end, fallback, triggers)

        def country(code: str) -> Location:
            return country_location(geocoder.gazetteer, code)

        linked = ctx.linked if ctx.linked is not None else _no_actors()
        found = extractor.extract(ann, linked, ctx.times, ctx.document.published, locate)
        ctx.events = [place_with_source(e, linked.actors, country) for e in found]
        return ctx

    return events


@register_stage("incidents", factory=True)
def _incidents(pipeline: Pipeline) -> Stage:
    from sitroom.events.placing import place_at_seat
    from sitroom.incidents.discourse import infer_sides

    resolver, geocoder = pipeline.incidents, pipeline.geocoder

    def incidents(ctx: StageContext) -> StageContext:
        linked = ctx.linked if ctx.linked is not None else _no_actors()
        merged = resolver.resolve(
            ctx.ann,
            ctx.events,
            linked.actors,
            ctx.document.published,
            ctx.anatomy,
            title=ctx.document.title,
        )
        # the sides a sentence leaves empty, read from the article around it
        merged = infer_sides(ctx.ann, merged, linked)
        # after the merge: a place that another mention of the incident states comes first
        ctx.events = [place_at_seat(e, linked.actors, geocoder.capital_location) for e in merged]
        return ctx

    return incidents


@register_stage("relations", factory=True)
def _relations(pipeline: Pipeline) -> Stage:
    extractor = pipeline.relations

    def relations(ctx: StageContext) -> StageContext:
        linked = ctx.linked if ctx.linked is not None else _no_actors()
        ctx.relations = extractor.extract(ctx.ann, linked, ctx.events, ctx.times)
        return ctx

    return relations


def _no_actors() -> LinkedActors:
    from sitroom.actors import LinkedActors

    return LinkedActors()


@functools.cache
def default_pipeline() -> Pipeline:
    """The pipeline behind :func:`extract` and the CLI, kept for the process (loads on use)."""
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
    # The default pipeline lives as long as the process: frozen once its models are loaded.
    return default_pipeline().load(freeze=True).analyze(document)
