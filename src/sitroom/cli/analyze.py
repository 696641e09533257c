"""Commands that analyze articles: extract, ingest (and --watch), demo, eval."""

from __future__ import annotations

import collections
import datetime as dt
import importlib.util
import json
import signal
import sys
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from sitroom.cli.common import (
    DEFAULT_DB,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_PARTIAL,
    EXIT_USAGE,
    ActorsOption,
    DateHelp,
    DbOption,
    ExtractFormat,
    _documents,
    _info,
    _pipeline,
    _progress,
    _published,
    _skipped,
    app,
    ui,
)


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, JSONL/CSV batches or -.")],
    published: Annotated[
        str | None,
        typer.Option(help=f"Publication date ({DateHelp}) of documents without their own."),
    ] = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", help="json: one array; jsonl: a line per document.")
    ] = ExtractFormat.json,
    with_text: Annotated[bool, typer.Option(help="Include the document text.")] = False,
    actors: ActorsOption = None,
    workers: Annotated[int, typer.Option(min=1, help="spaCy processes.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per spaCy batch.")] = 16,
) -> None:
    """Extract actors, events, places and relations; print JSON, store nothing.

    Each document is analyzed on its own: one that cannot be read or analyzed is reported on
    stderr and skipped, and the others are printed (exit code 1)."""
    from sitroom.ingest import estimate_inputs

    errors: list[Any] = []
    default_date = _published(published)
    pipeline = _pipeline(actors)
    docs = _documents(paths, default_date, errors)
    results: list[dict[str, Any]] = []
    with _progress() as bar:
        task = bar.add_task("extracting", total=estimate_inputs(paths))
        try:
            for document, result in _analyses(pipeline, docs, batch_size, workers):
                bar.update(task, completed=len(results) + len(errors) + 1)
                if isinstance(result, str):
                    errors.append(result)
                    _skipped(document.origin or document.id, f"analysis failed ({_short(result)})")
                    continue
                if with_text:
                    result.text = document.text
                data = result.model_dump(mode="json", exclude_none=False)
                if fmt is ExtractFormat.jsonl:
                    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                    sys.stdout.flush()
                results.append(data)
        except KeyboardInterrupt:
            ui.err.print("interrupted: printing what was analyzed")
            errors.append("interrupted")
    if fmt is ExtractFormat.json:
        payload: Any = results[0] if len(results) == 1 else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if errors:
        _info(f"{len(results)} document(s) extracted, {len(errors)} skipped")
        raise typer.Exit(code=EXIT_PARTIAL)


def _short(reason: str, limit: int = 300) -> str:
    first = reason.strip().splitlines()[0] if reason.strip() else reason
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _analyses(
    pipeline: Any, documents: Iterator[Any], batch_size: int, workers: int
) -> Iterator[tuple[Any, Any]]:
    """(document, analysis or the reason it failed), in input order, one document's failure
    never costing another. With ``workers >= 2`` spaCy runs on that many processes; if that
    stream fails, what it had not yet returned is analyzed here, one document at a time."""
    from sitroom.batch import analyze_chunk
    from sitroom.models import Analysis

    pending: collections.deque[Any] = collections.deque()
    if workers >= 2:

        def feed() -> Iterator[Any]:
            for document in documents:
                pending.append(document)
                yield document

        try:
            for document, result in pipeline.analyze_results(
                feed(), batch_size=batch_size, n_process=workers
            ):
                pending.popleft()
                # A document the workers could not analyze gives its reason, reported like
                # one that failed in this process.
                yield document, result if isinstance(result, Analysis) else result.reason
            return
        except Exception as exc:  # one bad document in the worker stream
            ui.err.print(
                f"[yellow]the worker stream failed ({escape(_short(str(exc), 120))}); "
                "going on in this process[/yellow]"
            )
    rest = iter([*pending, *documents])
    while chunk := [d for _, d in zip(range(batch_size), rest, strict=False)]:
        yield from zip(chunk, analyze_chunk(pipeline, chunk, batch_size), strict=True)


@app.command()
def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders, JSONL/CSV batches or -; with --watch, one folder."),
    ],
    db: DbOption = DEFAULT_DB,
    published: Annotated[
        str | None, typer.Option(help=f"Default publication date ({DateHelp}).")
    ] = None,
    actors: ActorsOption = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes analyzing documents (each loads the models).")
    ] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per spaCy batch.")] = 16,
    commit_every: Annotated[
        int, typer.Option(min=1, help="Documents per store transaction and journal step.")
    ] = 64,
    resume: Annotated[
        bool, typer.Option(help="Continue the last interrupted run over the same inputs.")
    ] = False,
    engine: Annotated[
        str, typer.Option(help="local (process pool) or ray (needs the sitroom[ray] extra).")
    ] = "local",
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Keep running: ingest new or changed files in the folder as they arrive.",
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.1, help="With --watch: seconds between looks at the folder.")
    ] = 2.0,
) -> None:
    """Analyze documents and store the results (a document already stored is skipped)."""
    from sitroom.batch import IngestOptions, IngestReport, run_ingest
    from sitroom.ingest import estimate_inputs
    from sitroom.store import Store, StoreError

    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"must be local or ray, not {engine!r}", param_hint="--engine")
    if engine == "ray" and importlib.util.find_spec("ray") is None:
        ui.err.print("[red]error:[/red] --engine ray needs Ray: pip install 'sitroom\\[ray]'")
        raise typer.Exit(code=EXIT_USAGE)
    if watch and (len(paths) != 1 or not Path(paths[0]).is_dir()):
        raise typer.BadParameter("--watch takes exactly one folder", param_hint="PATHS")
    if watch and (engine == "ray" or workers > 1 or resume):
        raise typer.BadParameter("--watch runs one local worker; drop --engine/--workers/--resume")
    options = IngestOptions(
        workers=workers,
        batch_size=batch_size,
        commit_every=commit_every,
        published=_published(published),
        actor_files=tuple(actors or ()),
        resume=resume,
    )
    try:
        with Store(db) as store:
            if watch:
                _watch(Path(paths[0]), store, options, interval)
                return
            if engine == "ray":
                from sitroom.distributed import ray_ingest

                report = ray_ingest(paths, store, options)
            else:
                with _progress() as bar:
                    task = bar.add_task("ingesting", total=estimate_inputs(paths))

                    def advance(r: IngestReport) -> None:
                        bar.update(task, completed=r.resumed_from + r.done)

                    report = run_ingest(paths, store, options, on_progress=advance)
    except StoreError as exc:
        ui.err.print(f"[red]error:[/red] {escape(str(exc))}")
        ui.err.print("Nothing committed is lost; rerun with --resume once the database is back.")
        raise typer.Exit(code=EXIT_FAILED) from None
    _ingest_summary(report)
    if report.interrupted:
        ui.err.print("interrupted: rerun the same command with --resume to continue")
        raise typer.Exit(code=EXIT_INTERRUPTED)
    if report.failures:
        raise typer.Exit(code=EXIT_PARTIAL)


def _ingest_summary(report: Any, *, prefix: str = "") -> None:
    for failure in report.failures:
        _skipped(failure.origin, failure.reason)
    if report.resumed_from:
        _info(f"resumed after {report.resumed_from} input(s) done by the interrupted run")
    updated = f" ({report.updated} of them new versions of stored ones)" if report.updated else ""
    _info(
        f"{prefix}stored {report.added} new document(s){updated}, {report.skipped} already "
        "stored, "
        f"{report.failed} failed; {report.merge.merged} report(s) merged into earlier "
        f"incidents ({report.seconds:.1f} s)"
    )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _watch(folder: Path, store: Any, options: Any, interval: float) -> None:
    from sitroom.watch import FolderWatcher

    _info("loading models (spaCy, actor knowledge base, gazetteer) ...")
    pipeline = _pipeline(list(options.actor_files) or None)

    def show(paths: list[Path], report: Any) -> None:
        names = ", ".join(str(p.relative_to(folder)) for p in paths[:3])
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        _ingest_summary(report, prefix=f"{escape(names)}{more}: ")

    watcher = FolderWatcher(folder, store, pipeline, options, on_report=show)
    # A service manager stops with SIGTERM: stop as on Ctrl-C, after the current file.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    _info(f"watching {escape(str(folder))} every {interval:g} s; Ctrl-C stops")
    try:
        totals = watcher.run(interval=interval)
    finally:
        signal.signal(signal.SIGTERM, previous)
    _info(
        f"stopped: {totals.files} file(s) ingested, {totals.added} new document(s), "
        f"{totals.replaced} old version(s) replaced, {totals.failed} failed"
    )


@app.command("eval")
def evaluate_cmd(
    gold: Annotated[
        Path, typer.Argument(help="Gold data (file or folder, as the mode reads).", exists=True)
    ],
    mode: Annotated[
        str, typer.Option(help="Kind of gold: summary (dev-set JSONL); see docs/benchmarks.md.")
    ] = "summary",
    limit: Annotated[int | None, typer.Option(help="Score only the first N records.")] = None,
    source: Annotated[str | None, typer.Option(help="Only gtd, acled or ucdp records.")] = None,
    workers: Annotated[int, typer.Option(help="spaCy processes.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    misses: Annotated[Path | None, typer.Option(help="Write the misses as JSONL here.")] = None,
) -> None:
    """Score extraction against gold data and print per-field scores and throughput."""
    from sitroom.evaluate import MODES, EvalOptions

    if mode not in MODES:
        raise typer.BadParameter(
            f"unknown mode {mode!r}; one of: {', '.join(sorted(MODES))}", param_hint="--mode"
        )
    chosen = MODES[mode]
    options = EvalOptions(limit=limit, source=source, workers=workers, misses=misses)
    total = chosen.count(gold, options)
    with _progress() as progress:
        task = progress.add_task("evaluating", total=total)
        options = EvalOptions(
            limit=limit,
            source=source,
            workers=workers,
            misses=misses,
            progress=lambda n: progress.advance(task, n),
        )
        data = chosen.run(gold, options)
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    title, columns, rows = chosen.rows(data)
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    ui.out.print(table)


def example_article() -> tuple[str, dt.date]:
    """The bundled example article (written for sitroom) and its publication date."""
    base = resources.files("sitroom") / "data" / "examples"
    text = (base / "example_article.txt").read_text(encoding="utf-8")
    meta = json.loads((base / "example_article.json").read_text(encoding="utf-8"))
    return text, dt.date.fromisoformat(meta["published"])


@app.command()
def demo(
    article: Annotated[
        Path | None,
        typer.Argument(help="A text or HTML article (default: the bundled example article)."),
    ] = None,
    published: Annotated[
        str | None, typer.Option(help=f"Publication date of the article ({DateHelp}).")
    ] = None,
    db: Annotated[
        str | None, typer.Option("--db", help="Database to use (default: a fresh temporary one).")
    ] = None,
) -> None:
    """Ingest one article into a fresh database and print what was found."""
    from sitroom.ingest import IngestError, iter_documents, read_text
    from sitroom.report import print_analysis
    from sitroom.store import Store

    if article is None:
        text, example_published = example_article()
        document = read_text(
            text,
            published=example_published,
            title="Example article (written for sitroom)",
            source="sitroom example",
        )
    else:
        # the first document of the file: a demo shows one article, not a batch
        first = next(iter(iter_documents([article], published=_published(published))), None)
        if first is None:
            raise typer.BadParameter(f"{article}: no article found", param_hint="ARTICLE")
        if isinstance(first, IngestError):
            raise typer.BadParameter(str(first), param_hint="ARTICLE")
        document = first
    _info("loading models (spaCy, actor knowledge base, gazetteer) ...")
    pipeline = _pipeline(None).load(freeze=True)  # one article, then the process ends
    analysis = pipeline.analyze(document)
    with tempfile.TemporaryDirectory() as tmp:
        url = db or str(Path(tmp) / "demo.db")
        with Store(url) as store:
            store.add(document, analysis)
            stats = store.stats()
        print_analysis(analysis, ui.out)
        ui.out.print(
            f"stored in {escape(url if db else 'a temporary database')}: "
            + ", ".join(f"{v} {k}" for k, v in stats.items())
        )
