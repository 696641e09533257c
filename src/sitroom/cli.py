"""The ``sitroom`` command line: a thin layer over the library (see ``docs/cli.md``)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from sitroom import __version__

app = typer.Typer(
    help="sitroom: turn conflict reporting into evidence-linked event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
actors_app = typer.Typer(help="List stored actors, or look names up in the knowledge base.")
app.add_typer(actors_app, name="actors")

out = Console()
err = Console(stderr=True, soft_wrap=True)  # error lines stay whole (grep-able)

DEFAULT_DB = "sitroom.db"
DbOption = Annotated[
    str, typer.Option("--db", help="Database URL or SQLite file path.", envvar="SITROOM_DB")
]


class OutFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    json = "json"


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


def _parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{name} must be a date like 2021-10-05, not {value!r}") from None


def _version(value: bool) -> None:
    if value:
        from sitroom.places import ATTRIBUTION

        out.print(f"sitroom {__version__}")
        out.print(escape(ATTRIBUTION))
        out.print(
            "Actor and verb dictionaries derived from Phoenix/PETRARCH "
            "(Open Event Data Alliance, MIT licence)."
        )
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and data attributions.",
        ),
    ] = False,
) -> None:
    """sitroom reads articles and rebuilds the conflict they describe as data."""


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def _documents(paths: list[str], published: dt.date | None, errors: list[Any]) -> Iterator[Any]:
    from sitroom.ingest import IngestError, iter_documents

    for item in iter_documents(paths, published=published):
        if isinstance(item, IngestError):
            errors.append(item)
            err.print(f"[red]skipped[/red] {escape(item.origin)}: {escape(item.reason)}")
        else:
            yield item


def _pipeline(actor_files: list[Path] | None) -> Any:
    from sitroom.pipeline import Pipeline, default_pipeline

    return Pipeline(actor_files=actor_files) if actor_files else default_pipeline()


ActorsOption = Annotated[
    list[Path] | None,
    typer.Option("--actors", help="Extra actor file (YAML/JSONL) merged over the shipped base."),
]


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, JSONL/CSV batches or -.")],
    published: Annotated[
        str | None,
        typer.Option(help="Publication date YYYY-MM-DD (default for documents without one)."),
    ] = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", help="json: one array; jsonl: a line per document.")
    ] = ExtractFormat.json,
    with_text: Annotated[bool, typer.Option(help="Include the document text.")] = False,
    actors: ActorsOption = None,
    workers: Annotated[int, typer.Option(help="spaCy processes.")] = 1,
) -> None:
    """Extract actors, events, places and relations; print JSON, store nothing."""
    errors: list[Any] = []
    pipeline = _pipeline(actors)
    docs = _documents(paths, _parse_date(published, "--published"), errors)
    results = []
    for document, analysis in pipeline.analyze_many(docs, n_process=workers):
        if with_text:
            analysis.text = document.text
        data = analysis.model_dump(mode="json", exclude_none=False)
        if fmt is ExtractFormat.jsonl:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            results.append(data)
    if fmt is ExtractFormat.json:
        payload: Any = results[0] if len(results) == 1 else results
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    if errors:
        raise typer.Exit(code=1)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, JSONL/CSV batches or -.")],
    db: DbOption = DEFAULT_DB,
    published: Annotated[str | None, typer.Option(help="Default publication date.")] = None,
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
) -> None:
    """Analyze documents and store the results (a document already stored is skipped)."""
    from sitroom.batch import IngestOptions, IngestReport, run_ingest
    from sitroom.store import Store, StoreError

    if engine not in ("local", "ray"):
        raise typer.BadParameter(f"--engine must be local or ray, not {engine!r}")
    options = IngestOptions(
        workers=workers,
        batch_size=batch_size,
        commit_every=commit_every,
        published=_parse_date(published, "--published"),
        actor_files=tuple(actors or ()),
        resume=resume,
    )
    try:
        with Store(db) as store:
            if engine == "ray":
                from sitroom.distributed import ray_ingest

                report = ray_ingest(paths, store, options)
            else:
                with _progress() as progress:
                    task = progress.add_task("ingesting", total=None)

                    def advance(r: IngestReport) -> None:
                        progress.update(task, completed=r.resumed_from + r.done)

                    report = run_ingest(paths, store, options, on_progress=advance)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        err.print("Nothing committed is lost; rerun with --resume once the database is back.")
        raise typer.Exit(code=2) from None
    for failure in report.failures:
        err.print(f"[red]skipped[/red] {escape(failure.origin)}: {escape(failure.reason)}")
    if report.resumed_from:
        err.print(f"resumed after {report.resumed_from} input(s) done by the interrupted run")
    err.print(
        f"stored {report.added} new document(s), {report.skipped} already stored, "
        f"{report.failed} failed; {report.merge.merged} report(s) merged into earlier "
        f"incidents ({report.seconds:.1f} s)"
    )
    if report.interrupted:
        err.print("interrupted: rerun the same command with --resume to continue")
        raise typer.Exit(code=130)
    if report.failures:
        raise typer.Exit(code=1)


def _emit(rows: list[Any], fmt: OutFormat, columns: list[str], title: str) -> None:
    records = [r.model_dump(mode="json") for r in rows]
    if fmt is OutFormat.json:
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif fmt is OutFormat.jsonl:
        for rec in records:
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt is OutFormat.csv:
        import csv

        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(records[0]) if records else columns, extrasaction="ignore"
        )
        writer.writeheader()
        for rec in records:
            writer.writerow(
                {k: (json.dumps(v) if isinstance(v, list | dict) else v) for k, v in rec.items()}
            )
    else:
        table = Table(title=title, title_justify="left")
        for col in columns:
            table.add_column(col)
        for rec in records:
            table.add_row(*[escape(_cell(rec.get(c))) for c in columns])
        out.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


FormatOption = Annotated[OutFormat, typer.Option("--format", help="Output format.")]
LimitOption = Annotated[int, typer.Option(help="Rows at most.")]


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Actor id, name or alias.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    mode: Annotated[str | None, typer.Option(help="Mode, e.g. bombing.")] = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned, thwarted, ...")] = None,
    since: Annotated[str | None, typer.Option("--from", help="From date YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="To date YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code.")] = None,
    q: Annotated[str | None, typer.Option(help="Words in the evidence sentence.")] = None,
    fmt: FormatOption = OutFormat.table,
    limit: LimitOption = 100,
) -> None:
    """List stored events."""
    from sitroom.store import EventFilter, Store

    f = EventFilter(
        actor=actor,
        type=type.upper() if type else None,
        mode=mode,
        status=status,
        date_from=_parse_date(since, "--from"),
        date_to=_parse_date(until, "--to"),
        country=country.upper() if country else None,
        q=q,
    )
    with Store(db, create=False) as store:
        rows = store.events(f, limit=limit)
    _emit(
        rows,
        fmt,
        [
            "date_start",
            "type",
            "mode",
            "status",
            "source_names",
            "target_names",
            "country",
            "admin1",
            "killed",
            "wounded",
            "id",
        ],
        "Events",
    )


@actors_app.callback(invoke_without_command=True)
def actors_list(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    q: Annotated[str | None, typer.Option(help="Part of a name or alias.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Actor type.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code.")] = None,
    fmt: FormatOption = OutFormat.table,
    limit: LimitOption = 100,
) -> None:
    """List stored actors (or use a subcommand)."""
    if ctx.invoked_subcommand is not None:
        return
    from sitroom.store import ActorFilter, Store

    with Store(db, create=False) as store:
        rows = store.actors(
            ActorFilter(q=q, type=type, country=country.upper() if country else None), limit=limit
        )
    _emit(
        rows, fmt, ["id", "name", "type", "country", "n_events", "n_relations", "aliases"], "Actors"
    )


@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[str, typer.Argument(help="A name, alias or acronym.")],
    actors: ActorsOption = None,
) -> None:
    """Show how a name resolves in the actor knowledge base, and why."""
    from sitroom.kb import ActorKB, default_kb

    kb = ActorKB.load(extra=actors) if actors else default_kb()
    for line in kb.explain(name):
        out.print(escape(line))


@actors_app.command("add")
def actors_add(
    name: Annotated[str, typer.Argument(help="Canonical name.")],
    type: Annotated[str, typer.Option("--type", help="Actor type, e.g. armed_group.")] = (
        "armed_group"
    ),
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code.")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Another name (repeatable).")] = None,
    parent: Annotated[str | None, typer.Option(help="Id of the parent actor.")] = None,
    actor_id: Annotated[
        str | None, typer.Option("--id", help="Stable id (default: from the name).")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(help="User actor file (default: the user config dir, or $SITROOM_ACTORS)."),
    ] = None,
) -> None:
    """Add an actor to your user actor file, merged over the shipped knowledge base."""
    from sitroom.actors import slugify
    from sitroom.kb import add_user_actor
    from sitroom.models import ACTOR_TYPES

    if type not in ACTOR_TYPES:
        raise typer.BadParameter(f"--type must be one of {', '.join(ACTOR_TYPES)}")
    entry = {
        "id": actor_id or slugify(name),
        "name": name,
        "type": type,
        "country": country.upper() if country else None,
        "aliases": list(alias or []),
        "parent": parent,
    }
    path = add_user_actor(entry, file)
    out.print(f"added {escape(str(entry['id']))} to {escape(str(path))}")


@app.command()
def relations(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Actor id, name or alias.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Relation type.")] = None,
    timeline: Annotated[bool, typer.Option(help="Month by month, with a score.")] = False,
    other: Annotated[
        str | None, typer.Option(help="With --timeline: only this counterpart.")
    ] = None,
    fmt: FormatOption = OutFormat.table,
    limit: LimitOption = 100,
) -> None:
    """List actor-to-actor relations (stated, and aggregated from events); with --timeline,
    month by month counts and a Goldstein-style score for an actor's dyads."""
    from sitroom.store import RelationFilter, Store

    with Store(db, create=False) as store:
        if timeline:
            if not actor:
                raise typer.BadParameter("--timeline needs --actor")
            months = store.dyad_timeline(actor, other)
            columns = ["month", "source", "target", "events", "cooperative", "hostile", "score"]
            _emit(months, fmt, columns, f"Relations of {actor} by month")
            return
        rows = store.relations(RelationFilter(actor=actor, type=type), limit=limit)
    _emit(
        rows,
        fmt,
        ["source_name", "type", "target_name", "origin", "weight", "first", "last"],
        "Relations",
    )


@app.command()
def documents(
    db: DbOption = DEFAULT_DB,
    q: Annotated[str | None, typer.Option(help="Words in the title or text.")] = None,
    fmt: FormatOption = OutFormat.table,
    limit: LimitOption = 100,
) -> None:
    """List stored documents."""
    from sitroom.store import DocumentFilter, Store

    with Store(db, create=False) as store:
        rows = store.documents(DocumentFilter(q=q), limit=limit)
    _emit(rows, fmt, ["id", "published", "title", "source", "n_events", "n_actors"], "Documents")


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(help="Document id.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Print a stored article with its facts beside the sentences they came from."""
    from sitroom.report import print_analysis, print_document
    from sitroom.store import Store

    with Store(db, create=False) as store:
        found = store.document(doc_id)
    if found is None:
        err.print(f"[red]no document {escape(doc_id)}[/red]")
        raise typer.Exit(code=1)
    document, analysis = found
    print_analysis(analysis, out)
    print_document(document.text, analysis, out)


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
    out.print(table)


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
        str | None, typer.Option(help="Publication date YYYY-MM-DD of the article.")
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
        first = next(
            iter(iter_documents([article], published=_parse_date(published, "--published"))), None
        )
        if first is None:
            raise typer.BadParameter(f"{article}: no article found", param_hint="ARTICLE")
        if isinstance(first, IngestError):
            raise typer.BadParameter(str(first), param_hint="ARTICLE")
        document = first
    err.print("loading models (spaCy, actor knowledge base, gazetteer) ...")
    pipeline = _pipeline(None)
    analysis = pipeline.analyze(document)
    with tempfile.TemporaryDirectory() as tmp:
        url = db or str(Path(tmp) / "demo.db")
        with Store(url) as store:
            store.add(document, analysis)
            stats = store.stats()
        print_analysis(analysis, out)
        out.print(
            f"stored in {escape(url if db else 'a temporary database')}: "
            + ", ".join(f"{v} {k}" for k, v in stats.items())
        )


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", help="csv, jsonl, geojson, graphml or parquet.")
    ] = "csv",
    db: DbOption = DEFAULT_DB,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default: stdout).")
    ] = None,
    actor: Annotated[str | None, typer.Option(help="Actor id, name or alias.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type.")] = None,
    since: Annotated[str | None, typer.Option("--from", help="From date.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="To date.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 code.")] = None,
) -> None:
    """Export events (CSV with ACLED-like columns, JSON Lines, GeoJSON) or the actor network
    (GraphML)."""
    from sitroom.export import export_events, export_network
    from sitroom.store import EventFilter, RelationFilter, Store

    fmt = fmt.lower()
    if fmt not in ("csv", "jsonl", "geojson", "graphml", "parquet"):
        raise typer.BadParameter("--format must be csv, jsonl, geojson, graphml or parquet")
    if fmt == "parquet":
        from sitroom.export import export_parquet

        if output is None:
            raise typer.BadParameter("--format parquet needs -o FILE")
        with Store(db, create=False) as store:
            f = EventFilter(
                actor=actor,
                type=type.upper() if type else None,
                date_from=_parse_date(since, "--from"),
                date_to=_parse_date(until, "--to"),
                country=country.upper() if country else None,
            )
            n = export_parquet(store, f, output)
        err.print(f"exported {n} row(s)")
        return
    date_from, date_to = _parse_date(since, "--from"), _parse_date(until, "--to")
    with Store(db, create=False) as store:
        stream = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
        try:
            if fmt == "graphml":
                n = export_network(
                    store, RelationFilter(actor=actor, date_from=date_from, date_to=date_to), stream
                )
            else:
                f = EventFilter(
                    actor=actor,
                    type=type.upper() if type else None,
                    date_from=date_from,
                    date_to=date_to,
                    country=country.upper() if country else None,
                )
                n = export_events(store, f, fmt, stream)
        finally:
            if output:
                stream.close()
    err.print(f"exported {n} row(s)")


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="Address to bind (localhost unless told otherwise).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(help="Token that enables POST /api/documents.", envvar="SITROOM_TOKEN"),
    ] = None,
) -> None:
    """Serve the JSON API and the web situation room (read-only without a token)."""
    from sitroom.web import serve as serve_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/yellow] listening on {escape(host)}, not only this machine")
    # An IPv6 literal needs brackets in a URL (RFC 3986), else the port reads as part of it.
    shown = f"[{host}]" if ":" in host else host
    err.print(f"sitroom on http://{escape(shown)}:{port}/ (API docs at /docs)")
    serve_app(db, host=host, port=port, token=token)


def main() -> None:
    try:
        app()
    except Exception as exc:  # a clear message instead of a traceback for expected failures
        from sitroom.store import StoreError

        if isinstance(exc, StoreError | FileNotFoundError | ValueError):
            err.print(f"[red]error:[/red] {escape(str(exc))}")
            sys.exit(2)
        raise


if __name__ == "__main__":
    main()
