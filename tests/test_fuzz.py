"""Fuzz tests (issue 17): malformed input never crashes a reader, the CLI or the API, never
costs a good record, and always comes with a clear message.

- A corpus of malformed files from ``scripts/malformed_corpus.py`` (every reader: text, HTML,
  JSON, JSON Lines, CSV), through the readers and through ``sitroom extract``.
- Hypothesis: batches of good records mixed with damaged ones; any bytes under any extension;
  any text through the pipeline (every span points into the text); any body to
  ``POST /api/documents``.

The default run stays under about 30 s; ``pytest -m slow tests/test_fuzz.py`` runs the same
properties with many more examples.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.ingest import IngestError, IngestFailure, iter_documents, read_text
from sitroom.models import Analysis, Document, Span

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "malformed_corpus", ROOT / "scripts" / "malformed_corpus.py"
)
assert _spec is not None and _spec.loader is not None
corpus_script = importlib.util.module_from_spec(_spec)
sys.modules["malformed_corpus"] = corpus_script
_spec.loader.exec_module(corpus_script)

FAST = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}

# Words that make the rule stages fire (actors, attack verbs, places, dates, counts), mixed
# with arbitrary characters so tokenization and offsets meet odd input.
WORDS = [
    "militants", "army", "police", "attacked", "killed", "bombed", "clashed", "kidnapped",
    "accused", "said", "on", "Monday", "in", "March", "2019", "last", "week", "near", "Kabul",
    "Mosul", "Gao", "province", "the", "of", "and", "12", "people", "soldiers", "wounded",
    "Taliban", "Islamic", "State", "al-Shabaab", "claimed", "responsibility", ".", ",", "'s",
    "\n\n", "—", "(", ")", '"', "IS-K", "U.N.", "Ms.", "Gen.",
]  # fmt: skip
word_soup = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=6)), min_size=1, max_size=60
).map(" ".join)
any_text = st.one_of(word_soup, st.text(min_size=1, max_size=200))
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)))


def spans(analysis: Analysis) -> Iterator[tuple[str, Span]]:
    for actor in analysis.actors:
        for m in actor.mentions:
            yield f"actor {actor.id}", m
    for event in analysis.events:
        yield f"event {event.id} evidence", event.evidence
        if event.trigger is not None:
            yield f"event {event.id} trigger", event.trigger
        for more in event.more_evidence:
            yield f"event {event.id} more evidence", more
    for relation in analysis.relations:
        for evidence in relation.evidence:
            yield f"relation {relation.type}", evidence
    for place in analysis.places:
        for m in place.mentions:
            yield f"place {place.name}", m
    for date in analysis.dates:
        yield "date", date.mention


def check_offsets(text: str, analysis: Analysis) -> None:
    for what, span in spans(analysis):
        assert 0 <= span.start <= span.end <= len(text), (what, span)
        assert text[span.start : span.end] == span.text, (what, span)
    actor_ids = {a.id for a in analysis.actors}
    for event in analysis.events:
        assert set(event.sources + event.targets + event.claimed_by) <= actor_ids, event


# --- the malformed corpus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    folder = tmp_path_factory.mktemp("malformed")
    return folder, corpus_script.write(folder)


def line_of(error: IngestError, path: Path) -> int | None:
    prefix = f"{path}:"
    if not error.origin.startswith(prefix):
        return None
    where = error.origin[len(prefix) :]
    return int(where.split()[-1])


def test_every_reader_keeps_the_good_records_of_the_malformed_corpus(
    corpus: tuple[Path, list[Any]],
) -> None:
    folder, cases = corpus
    assert len(cases) >= 40
    for case in cases:
        path = folder / case.name
        items = list(iter_documents([path]))  # never raises
        documents = [i for i in items if isinstance(i, Document)]
        errors = [i for i in items if isinstance(i, IngestError)]
        assert len(documents) + len(errors) == len(items), case.name
        kept = [d.id for d in documents]
        assert [i for i in kept if i in case.keep] == case.keep, (case.name, items)
        for error in errors:  # a clear message, pointing into this file
            assert error.origin.startswith(str(path)), (case.name, error)
            assert len(error.reason) > 10 and "Traceback" not in error.reason, (case.name, error)
        if case.whole_file_error:
            assert documents == [] and [e.origin for e in errors] == [str(path)], (case.name, items)
        else:
            assert [line_of(e, path) for e in errors] == case.bad_lines, (case.name, errors)


def test_extract_over_the_corpus_prints_every_good_record(corpus: tuple[Path, list[Any]]) -> None:
    from typer.testing import CliRunner

    from sitroom.cli import app

    folder, cases = corpus
    result = CliRunner().invoke(
        app, ["--quiet", "extract", str(folder), "--format", "jsonl", "--published", "2024-05-01"]
    )
    assert result.exit_code == 1, result.output  # partial: errors were reported
    printed = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    assert {i for case in cases for i in case.keep} <= printed
    assert "Traceback" not in result.output
    reported = [line for line in result.stderr.splitlines() if line.startswith("skipped")]
    expected = sum(1 if case.whole_file_error else len(case.bad_lines) for case in cases)
    assert len(reported) == expected


# --- hypothesis: batches with damaged records ---------------------------------------------------

good_text = st.lists(
    st.sampled_from([*corpus_script.SENTENCES, "Police said it rained.", "Talks ended."]),
    min_size=1,
    max_size=3,
).map(" ".join)
damaged_jsonl_line = st.one_of(
    st.binary(min_size=1, max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b),
    st.sampled_from(
        [
            b'{"text": "\xff"}',
            b'{"id": "\\ud800", "text": "x"}',
            b"[" * 2000,
            b'{"text": 1}',
            b'{"text": "a\x00b"}',
            b"null",
            b'{"text": "x", "title": [1]}',
        ]
    ),
)


@st.composite
def jsonl_batch(draw: st.DrawFn) -> tuple[bytes, list[str], list[int]]:
    """A JSON Lines batch: good records (kept), damaged lines, and their line numbers."""
    lines: list[bytes] = []
    keep: list[str] = []
    maybe_bad: list[int] = []
    for n in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            record = {"id": f"good-{n}", "text": draw(good_text)}
            lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())).encode())
            keep.append(record["id"])
        else:
            lines.append(draw(damaged_jsonl_line))
            maybe_bad.append(len(lines))
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    return ending.join(lines) + draw(st.sampled_from([b"", ending])), keep, maybe_bad


def check_jsonl_batch(folder: Path, batch: tuple[bytes, list[str], list[int]]) -> None:
    data, keep, maybe_bad = batch
    path = folder / "batch.jsonl"
    path.write_bytes(data)
    items = list(iter_documents([path]))
    kept = [i.id for i in items if isinstance(i, Document) and i.id.startswith("good-")]
    if keep:
        assert kept == keep
    for item in items:
        if isinstance(item, IngestError):
            assert item.reason.strip()
            line = line_of(item, path)
            assert line is None or line in maybe_bad, (item, maybe_bad)


@settings(max_examples=60, **FAST)
@given(batch=jsonl_batch())
def test_jsonl_batches_keep_every_good_record(tmp_path_factory, batch) -> None:  # type: ignore[no-untyped-def]
    check_jsonl_batch(tmp_path_factory.mktemp("jsonl"), batch)


@pytest.mark.slow
@settings(max_examples=2000, **FAST)
@given(batch=jsonl_batch())
def test_jsonl_batches_keep_every_good_record_many(tmp_path_factory, batch) -> None:  # type: ignore[no-untyped-def]
    check_jsonl_batch(tmp_path_factory.mktemp("jsonl"), batch)


damaged_csv_row = st.one_of(
    st.sampled_from(
        [
            b'x,"unclosed',
            b'x,"closed" then more',
            b"x,bad \xff byte",
            b'x,"nul \x00"',
            b"x,too,many,fields",
            b"x",
            b'x,""',
        ]
    ),
    st.binary(min_size=1, max_size=30).filter(
        lambda b: b"\n" not in b and b"\r" not in b and b'"' not in b
    ),
)


@st.composite
def csv_batch(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A CSV batch: good rows (their text quoted, without inner quotes) and damaged rows."""
    rows = [b"id,text"]
    keep = []
    for n in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            rows.append(f'good-{n},"{draw(good_text)}"'.encode())
            keep.append(f"good-{n}")
        else:
            rows.append(draw(damaged_csv_row))
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    return ending.join(rows) + ending, keep


def check_csv_batch(folder: Path, batch: tuple[bytes, list[str]]) -> None:
    data, keep = batch
    path = folder / "batch.csv"
    path.write_bytes(data)
    items = list(iter_documents([path]))
    kept = [i.id for i in items if isinstance(i, Document) and i.id.startswith("good-")]
    assert kept == keep
    for item in items:
        if isinstance(item, IngestError):
            assert item.reason.strip() and item.origin.startswith(str(path))


@settings(max_examples=60, **FAST)
@given(batch=csv_batch())
def test_csv_batches_keep_every_good_row(tmp_path_factory, batch) -> None:  # type: ignore[no-untyped-def]
    check_csv_batch(tmp_path_factory.mktemp("csv"), batch)


@pytest.mark.slow
@settings(max_examples=2000, **FAST)
@given(batch=csv_batch())
def test_csv_batches_keep_every_good_row_many(tmp_path_factory, batch) -> None:  # type: ignore[no-untyped-def]
    check_csv_batch(tmp_path_factory.mktemp("csv"), batch)


# --- hypothesis: any bytes, any text ------------------------------------------------------------

any_bytes = st.one_of(
    st.binary(min_size=1, max_size=300),
    word_soup.map(lambda t: t.encode("utf-8") + b"\xff\xfe\x00"),
    word_soup.map(lambda t: t.encode("utf-16")),
)
suffixes = st.sampled_from([".txt", ".html", ".json", ".jsonl", ".csv", ".md"])


def check_any_bytes(pipeline, folder: Path, data: bytes, suffix: str) -> None:  # type: ignore[no-untyped-def]
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    items = list(iter_documents([path]))
    assert items, "every input gives a document or an error"
    for item in items:
        if isinstance(item, IngestError):
            assert item.reason.strip()
            continue
        check_offsets(item.text, pipeline.analyze(item))


@settings(max_examples=25, **FAST)
@given(data=any_bytes, suffix=suffixes)
def test_any_bytes_are_read_or_refused_then_analyzed(
    pipeline, tmp_path_factory, data: bytes, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    check_any_bytes(pipeline, tmp_path_factory.mktemp("bytes"), data, suffix)


@pytest.mark.slow
@settings(max_examples=400, **FAST)
@given(data=any_bytes, suffix=suffixes)
def test_any_bytes_are_read_or_refused_then_analyzed_many(
    pipeline, tmp_path_factory, data: bytes, suffix: str
) -> None:  # type: ignore[no-untyped-def]
    check_any_bytes(pipeline, tmp_path_factory.mktemp("bytes"), data, suffix)


def check_any_text(pipeline, raw: str, published: dt.date | None) -> None:  # type: ignore[no-untyped-def]
    try:
        document = read_text(raw, published=published)
    except IngestFailure as refusal:  # nothing left after normalization, or a lone surrogate
        assert "empty" in refusal.error.reason or "lone surrogate" in refusal.error.reason
        return
    check_offsets(document.text, pipeline.analyze(document))


@settings(max_examples=40, **FAST)
@given(raw=any_text, published=dates)
def test_any_text_is_analyzed_with_offsets_inside_it(pipeline, raw: str, published) -> None:  # type: ignore[no-untyped-def]
    check_any_text(pipeline, raw, published)


@pytest.mark.slow
@settings(max_examples=600, **FAST)
@given(raw=any_text, published=dates)
def test_any_text_is_analyzed_with_offsets_inside_it_many(pipeline, raw: str, published) -> None:  # type: ignore[no-untyped-def]
    check_any_text(pipeline, raw, published)


# --- the API: POST /api/documents -------------------------------------------------------------

TOKEN = "fuzz-token-7c1d"
ANSWERS = {200, 201, 413, 422}  # stored, already stored, too large, a clear refusal

json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["\ud800", "x\udfff", "2025-03-14T07:35:22Z", "2015-10", "", " "]),
)
field_value = st.one_of(json_scalar, st.lists(json_scalar, max_size=3))
api_body = st.one_of(
    st.fixed_dictionaries(
        {"text": st.one_of(good_text, st.text(max_size=80), json_scalar)},
        optional={
            "id": field_value,
            "title": field_value,
            "url": field_value,
            "source": field_value,
            "published": field_value,
            "html": field_value,
            "other": field_value,
        },
    ),
    field_value,
)


@pytest.fixture(scope="module")
def api(pipeline, tmp_path_factory):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from sitroom.web import create_app

    db = tmp_path_factory.mktemp("api") / "fuzz.db"
    app = create_app(str(db), token=TOKEN, pipeline_factory=lambda: pipeline)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def post(api, body: bytes) -> Any:  # type: ignore[no-untyped-def]
    return api.post(
        "/api/documents",
        content=body,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )


def check_api(api, payload: object) -> None:  # type: ignore[no-untyped-def]
    # json.dumps writes a lone surrogate as its \ud800 escape: the body stays valid UTF-8.
    response = post(api, json.dumps(payload).encode())
    assert response.status_code in ANSWERS, (payload, response.status_code, response.text)
    if response.status_code == 422:
        detail = response.json()["detail"]
        assert detail and "Traceback" not in str(detail)


@settings(max_examples=40, **FAST)
@given(payload=api_body)
def test_api_answers_any_body_without_a_500(api, payload: object) -> None:  # type: ignore[no-untyped-def]
    check_api(api, payload)


@pytest.mark.slow
@settings(max_examples=500, **FAST)
@given(payload=api_body)
def test_api_answers_any_body_without_a_500_many(api, payload: object) -> None:  # type: ignore[no-untyped-def]
    check_api(api, payload)


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "The army said so.", "id": "\\ud800"}',
        b'{"text": "The army \\udfff said so."}',
        b'{"text": "The army said so.", "title": "\\ud83d"}',
        b'{"text": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"text": "caf\xe9"}',
        b'{"text": "a\x00b"}',
        b"\xff\xfe",
    ],
    ids=["surrogate-id", "surrogate-text", "surrogate-title", "deep", "bad-byte", "nul", "bom"],
)
def test_api_refuses_malformed_bodies_with_a_clear_422(api, body: bytes) -> None:  # type: ignore[no-untyped-def]
    response = post(api, body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]
