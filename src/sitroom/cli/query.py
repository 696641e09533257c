"""Commands over a store: events, actors, relations, documents, show, delete, export, serve."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from sitroom.cli.common import (
    DEFAULT_DB,
    EXIT_PARTIAL,
    ActorsOption,
    DateHelp,
    DbOption,
    OutFormat,
    _date_from,
    _date_to,
    _info,
    _pipeline,
    actors_app,
    app,
    ui,
)
from sitroom.terminal import (
    Column,
    render_table,
    write_records,
)


def _emit(rows: list[Any], fmt: OutFormat, columns: list[Column], title: str, wide: bool) -> None:
    records = [r.model_dump(mode="json") for r in rows]
    if fmt is OutFormat.table:
        render_table(ui.out, ui.err, records, columns, title, wide=wide)
    else:
        write_records(records, fmt.value, sys.stdout, [c.key for c in columns])


FormatOption = Annotated[OutFormat, typer.Option("--format", help="Output format.")]
LimitOption = Annotated[int, typer.Option(min=0, help="Rows at most.")]
WideOption = Annotated[
    bool, typer.Option("--wide", help="Table: every column, cells in full (lines may be long).")
]

EVENT_COLUMNS = [
    Column("date_start", "date", 1, 10),
    Column("type", "type", 1, 8),
    Column("mode", "mode", 4, 8),
    Column("status", "status", 5, 8),
    Column("source_names", "sources", 2, 12),
    Column("target_names", "targets", 2, 12),
    Column("country", "country", 3, 7),
    Column("admin1", "admin1", 6, 8),
    Column("killed", "killed", 3, 6, "right"),
    Column("wounded", "wounded", 6, 7, "right"),
    Column("id", "id", 7, 8),
]
ACTOR_COLUMNS = [
    Column("id", "id", 1, 10),
    Column("name", "name", 1, 14),
    Column("type", "type", 2, 8),
    Column("country", "country", 3, 7),
    Column("n_events", "events", 2, 6, "right"),
    Column("n_relations", "relations", 4, 9, "right"),
    Column("aliases", "aliases", 5, 12),
]
RELATION_COLUMNS = [
    Column("source_name", "source", 1, 12),
    Column("type", "type", 1, 10),
    Column("target_name", "target", 1, 12),
    Column("origin", "origin", 3, 8),
    Column("weight", "weight", 2, 6, "right"),
    Column("first", "first", 4, 10),
    Column("last", "last", 3, 10),
]
TIMELINE_COLUMNS = [
    Column("month", "month", 1, 7),
    Column("source", "source", 1, 10),
    Column("target", "target", 1, 10),
    Column("events", "events", 2, 6, "right"),
    Column("cooperative", "coop.", 3, 5, "right"),
    Column("hostile", "hostile", 3, 7, "right"),
    Column("score", "score", 2, 6, "right"),
]
DOCUMENT_COLUMNS = [
    Column("id", "id", 1, 16),
    Column("published", "published", 2, 10),
    Column("title", "title", 1, 20),
    Column("source", "source", 3, 10),
    Column("n_events", "events", 2, 6, "right"),
    Column("n_actors", "actors", 4, 6, "right"),
]


@app.command()
def events(
    db: DbOption = DEFAULT_DB,
    actor: Annotated[str | None, typer.Option(help="Actor id, name or alias.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. ASSAULT.")] = None,
    mode: Annotated[str | None, typer.Option(help="Mode, e.g. bombing.")] = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned, thwarted, ...")] = None,
    since: Annotated[
        str | None, typer.Option("--from", help=f"From this date or period ({DateHelp}).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--to", help=f"To this date or the end of this period ({DateHelp})."),
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code.")] = None,
    q: Annotated[str | None, typer.Option(help="Words in the evidence sentence.")] = None,
    fmt: FormatOption = OutFormat.table,
    wide: WideOption = False,
    limit: LimitOption = 100,
) -> None:
    """List stored events."""
    from sitroom.store import EventFilter, Store

    f = EventFilter(
        actor=actor,
        type=type.upper() if type else None,
        mode=mode,
        status=status,
        date_from=_date_from(since),
        date_to=_date_to(until),
        country=country.upper() if country else None,
        q=q,
    )
    with Store(db, create=False) as store:
        rows = store.events(f, limit=limit)
    _emit(rows, fmt, EVENT_COLUMNS, "Events", wide)


@actors_app.callback(invoke_without_command=True)
def actors_list(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    q: Annotated[str | None, typer.Option(help="Part of a name or alias.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Actor type.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code.")] = None,
    fmt: FormatOption = OutFormat.table,
    wide: WideOption = False,
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
    _emit(rows, fmt, ACTOR_COLUMNS, "Actors", wide)


@actors_app.command("lookup")
def actors_lookup(
    name: Annotated[str, typer.Argument(help="A name, alias or acronym.")],
    actors: ActorsOption = None,
) -> None:
    """Show how a name resolves in the actor knowledge base, and why."""
    from sitroom.kb import ActorKB, default_kb

    kb = ActorKB.load(extra=actors) if actors else default_kb()
    for line in kb.explain(name):
        ui.out.print(escape(line))


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
    ui.out.print(f"added {escape(str(entry['id']))} to {escape(str(path))}")


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
    wide: WideOption = False,
    limit: LimitOption = 100,
) -> None:
    """List actor-to-actor relations (stated, and aggregated from events).

    With --timeline, month by month counts and a Goldstein-style score for an actor's dyads."""
    from sitroom.store import RelationFilter, Store

    with Store(db, create=False) as store:
        if timeline:
            if not actor:
                raise typer.BadParameter("--timeline needs --actor")
            months = store.dyad_timeline(actor, other)
            _emit(months, fmt, TIMELINE_COLUMNS, f"Relations of {actor} by month", wide)
            return
        rows = store.relations(RelationFilter(actor=actor, type=type), limit=limit)
    _emit(rows, fmt, RELATION_COLUMNS, "Relations", wide)


@app.command()
def documents(
    db: DbOption = DEFAULT_DB,
    q: Annotated[str | None, typer.Option(help="Words in the title or text.")] = None,
    fmt: FormatOption = OutFormat.table,
    wide: WideOption = False,
    limit: LimitOption = 100,
) -> None:
    """List stored documents."""
    from sitroom.store import DocumentFilter, Store

    with Store(db, create=False) as store:
        rows = store.documents(DocumentFilter(q=q), limit=limit)
    _emit(rows, fmt, DOCUMENT_COLUMNS, "Documents", wide)


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
        ui.err.print(f"[red]no document {escape(doc_id)}[/red]")
        raise typer.Exit(code=EXIT_PARTIAL)
    document, analysis = found
    print_analysis(analysis, ui.out)
    print_document(document.text, analysis, ui.out)


@app.command()
def delete(
    doc_ids: Annotated[
        list[str], typer.Argument(help="Document id(s), as `sitroom documents` lists.")
    ],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Remove stored documents and everything extracted from them.

    Their events, places, dates and relations go; incidents they were part of are merged again
    without them."""
    from sitroom.store import Store

    missing = 0
    with Store(db, create=False) as store:
        for doc_id in doc_ids:
            if store.remove(doc_id):
                _info(f"deleted {escape(doc_id)}")
            else:
                missing += 1
                ui.err.print(f"[red]no document[/red] {escape(doc_id)}")
    if missing:
        raise typer.Exit(code=EXIT_PARTIAL)


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
    since: Annotated[
        str | None, typer.Option("--from", help=f"From this date or period ({DateHelp}).")
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--to", help=f"To this date or the end of this period ({DateHelp})."),
    ] = None,
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
                date_from=_date_from(since),
                date_to=_date_to(until),
                country=country.upper() if country else None,
            )
            n = export_parquet(store, f, output)
        _info(f"exported {n} row(s)")
        return
    date_from, date_to = _date_from(since), _date_to(until)
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
    _info(f"exported {n} row(s)")


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
    watch: Annotated[
        Path | None,
        typer.Option(
            help="Also ingest the articles that arrive in this folder (as ingest --watch).",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    interval: Annotated[
        float, typer.Option(min=0.1, help="With --watch: seconds between looks.")
    ] = 2.0,
) -> None:
    """Serve the JSON API and the web situation room (read-only without a token)."""
    from sitroom.web import serve as serve_app

    if watch is not None:
        _watch_beside_the_server(watch, db, interval)
    if host not in ("127.0.0.1", "localhost", "::1"):
        ui.err.print(
            f"[yellow]warning:[/yellow] listening on {escape(host)}, not only this machine"
        )
    # An IPv6 literal needs brackets in a URL (RFC 3986), else the port reads as part of it.
    shown = f"[{host}]" if ":" in host else host
    ui.err.print(f"sitroom on http://{escape(shown)}:{port}/ (API docs at /docs)")
    serve_app(db, host=host, port=port, token=token)


def _watch_beside_the_server(folder: Path, db: str, interval: float) -> None:
    """Ingest ``folder`` as files arrive, in a background thread of the server's process: a
    newsroom feed needs no cron job. The thread has its own store connection and loads the
    models once; it ends with the server."""
    import threading

    from sitroom.batch import IngestOptions
    from sitroom.store import Store
    from sitroom.watch import FolderWatcher

    def report(paths: list[Path], done: Any) -> None:
        ui.err.print(
            f"watch: {len(paths)} file(s): {done.added} stored, {done.skipped} already stored, "
            f"{done.failed} failed"
        )

    def run() -> None:
        store = Store(db)
        pipeline = _pipeline(None)
        watcher = FolderWatcher(folder, store, pipeline, IngestOptions(), on_report=report)
        watcher.run(interval=interval)

    threading.Thread(target=run, name="sitroom-watch", daemon=True).start()
    ui.err.print(f"watching {escape(str(folder))} every {interval:g} s beside the server")
