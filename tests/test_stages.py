"""The stage registry: stages by name, the order from settings, a user's stage added without
editing sitroom. These tests build the annotation by hand: no spaCy model is loaded."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from sitroom.annotation import AnnotatedDoc, Sentence, Token
from sitroom.models import Document, Place, Span
from sitroom.pipeline import Pipeline
from sitroom.settings import DEFAULT_STAGES, Settings
from sitroom.stages import (
    StageContext,
    StageError,
    register_stage,
    registered_stages,
    stage_order,
    unregister_stage,
)


def annotate_by_hand(text: str) -> AnnotatedDoc:
    """One sentence, whitespace tokens, no parse: enough for stages that read the text."""
    tokens = []
    for i, m in enumerate(re.finditer(r"\S+", text)):
        ws = " " if m.end() < len(text) else ""
        tokens.append(Token(i, m.group(), m.start(), m.group().lower(), "X", "X", "dep", 0, ws=ws))
    sentences = [Sentence(0, 0, len(text), 0, len(tokens))]
    return AnnotatedDoc(text=text, tokens=tokens, sentences=sentences, entities=[], noun_chunks=[])


# The documented example (docs/architecture.md): a local gazetteer of places the shipped one
# lacks, as one registered stage.
LOCAL_PLACES = {"Camp Alpha": ("SOM", 2.05, 45.31)}


def local_gazetteer(ctx: StageContext) -> StageContext:
    for name, (country, lat, lon) in LOCAL_PLACES.items():
        mentions = [
            Span(start=m.start(), end=m.end(), text=m.group())
            for m in re.finditer(re.escape(name), ctx.document.text)
        ]
        if mentions:
            ctx.places.append(
                Place(
                    name=name,
                    country=country,
                    lat=lat,
                    lon=lon,
                    precision="city",
                    mentions=mentions,
                )
            )
    return ctx


@pytest.fixture
def user_stages() -> Iterator[list[str]]:
    added: list[str] = []
    yield added
    for name in added:
        unregister_stage(name)


def test_builtin_stages_are_registered_in_the_default_order() -> None:
    assert set(DEFAULT_STAGES) <= set(registered_stages())
    assert Pipeline().stage_names == list(DEFAULT_STAGES)


def test_a_registered_user_stage_changes_the_analysis(user_stages: list[str]) -> None:
    register_stage("local_gazetteer", local_gazetteer)
    user_stages.append("local_gazetteer")
    text = "Gunmen attacked Camp Alpha on Monday."
    document = Document(id="d1", text=text, published=dt.date(2024, 5, 1))
    pipeline = Pipeline(stages=["local_gazetteer"])  # nothing else: no model is loaded
    analysis = pipeline.analyze_annotated(document, annotate_by_hand(text))
    (place,) = analysis.places
    assert (place.name, place.country) == ("Camp Alpha", "SOM")
    assert text[place.mentions[0].start : place.mentions[0].end] == "Camp Alpha"
    assert analysis.events == [] and analysis.actors == []


def test_a_stage_registered_after_another_joins_the_default_order(
    user_stages: list[str],
) -> None:
    register_stage("after_events", lambda ctx: ctx, after="events")
    register_stage("after_events_too", lambda ctx: ctx, after="events")
    user_stages += ["after_events", "after_events_too"]
    order = stage_order(DEFAULT_STAGES)
    at = order.index("events")
    after_events = DEFAULT_STAGES[DEFAULT_STAGES.index("events") + 1]
    assert order[at + 1 : at + 4] == ["after_events", "after_events_too", after_events]
    assert Pipeline().stage_names == order
    # An explicit list is taken as given.
    assert Pipeline(stages=["dates", "events"]).stage_names == ["dates", "events"]


def test_a_factory_stage_is_built_once_per_pipeline(user_stages: list[str]) -> None:
    built: list[Pipeline] = []

    @register_stage("counting", factory=True)
    def counting(pipeline: Pipeline):  # type: ignore[no-untyped-def]
        built.append(pipeline)

        def stage(ctx: StageContext) -> StageContext:
            ctx.extra["seen"] = ctx.extra.get("seen", 0) + 1
            return ctx

        return stage

    user_stages.append("counting")
    pipeline = Pipeline(stages=["counting"])
    for n in range(3):
        text = f"Report number {n}."
        pipeline.analyze_annotated(Document(id=str(n), text=text), annotate_by_hand(text))
    assert built == [pipeline]


def test_unknown_and_duplicate_stages_are_clear_errors(user_stages: list[str]) -> None:
    with pytest.raises(StageError, match="unknown stage 'nope'"):
        _ = Pipeline(stages=["dates", "nope"]).stages
    with pytest.raises(StageError, match="already registered"):
        register_stage("dates", lambda ctx: ctx)
    with pytest.raises(StageError, match="cannot import"):
        _ = Pipeline(stages=["no_such_module_xyz:stage"]).stages


def test_a_stage_named_by_import_path_needs_no_registration() -> None:
    spec = f"{__name__}:local_gazetteer"
    try:
        text = "Shelling near Camp Alpha."
        pipeline = Pipeline(stages=[spec])
        analysis = pipeline.analyze_annotated(Document(id="x", text=text), annotate_by_hand(text))
        assert [p.name for p in analysis.places] == ["Camp Alpha"]
    finally:
        unregister_stage(spec)


def test_stages_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_STAGES", "dates, places,events")
    assert Settings().stages == ("dates", "places", "events")
    monkeypatch.setenv("SITROOM_STAGES", '["dates", "relations"]')
    assert Pipeline(settings=Settings()).stage_names == ["dates", "relations"]
    monkeypatch.setenv("SITROOM_STAGES", "dates,dates")
    with pytest.raises(ValueError, match="listed twice"):
        Settings()


class _HandAnnotator:
    """An annotator without spaCy: :func:`annotate_by_hand` for each text."""

    def annotate(self, text: str) -> AnnotatedDoc:
        return annotate_by_hand(text)

    def annotate_many(self, texts: list[str], **_: object) -> Iterator[AnnotatedDoc]:
        return (annotate_by_hand(t) for t in texts)


def test_analysis_keeps_earlier_objects_frozen_only_while_it_runs(
    user_stages: list[str],
) -> None:
    import gc

    seen: list[int] = []

    def count_frozen(ctx: StageContext) -> StageContext:
        seen.append(gc.get_freeze_count())
        return ctx

    register_stage("count_frozen", count_frozen)
    user_stages.append("count_frozen")
    pipeline = Pipeline(stages=["count_frozen"], annotator=_HandAnnotator())  # type: ignore[arg-type]
    docs = [Document(id=f"d{i}", text=f"Text number {i}.") for i in range(5)]
    # an earlier test may have frozen the process's objects (``extract`` does): start clear
    frozen_before = gc.get_freeze_count() > 0
    gc.unfreeze()
    try:
        results = list(pipeline.analyze_results(docs, batch_size=2))
        assert len(results) == 5 and all(not isinstance(r, Exception) for _, r in results)
        assert seen and all(n > 0 for n in seen)  # frozen during every batch
        assert gc.get_freeze_count() == 0  # and unfrozen after
        # a caller that froze objects itself keeps them frozen, and its count is not changed
        gc.freeze()
        frozen = gc.get_freeze_count()
        seen.clear()
        list(pipeline.analyze_results(docs, batch_size=2))
        assert seen == [frozen] * 5
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        if frozen_before:
            gc.freeze()
