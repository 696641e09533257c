"""Readable terminal reports of an analysis (``sitroom demo`` and ``sitroom show``).

Article text is untrusted: everything from it is printed through :func:`rich.markup.escape` or
as ``rich.text.Text`` objects, never interpreted as markup.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sitroom.models import Analysis, DateValue, Event, Location


def _date(d: DateValue) -> str:
    if d.start is None:
        return "?"
    iso = d.start.isoformat()
    if d.precision == "month":
        return iso[:7]
    if d.precision in ("year",):
        return iso[:4]
    if d.precision == "week":
        return f"week of {iso}"
    if d.precision == "decade":
        return iso[:3] + "0s"
    if d.precision == "document":
        return f"{iso} (publication)"
    return iso


def _place(loc: Location | None) -> str:
    if loc is None:
        return ""
    parts = [loc.city, loc.admin1, loc.country]
    return ", ".join(p for p in parts if p) or (loc.name or "")


def _names(analysis: Analysis, ids: list[str]) -> str:
    out = []
    for actor_id in ids:
        actor = analysis.actor(actor_id)
        out.append(actor.name if actor else actor_id)
    return ", ".join(out)


def actors_table(analysis: Analysis) -> Table:
    table = Table(title="Actors", title_justify="left", expand=True)
    for col in ("name", "type", "country", "linked to", "mentions"):
        table.add_column(col)
    for a in analysis.actors:
        linked = []
        if a.parent:
            linked.append(f"part of {a.parent}")
        if a.role:
            linked.append(f"{a.role} of {a.affiliation}" if a.affiliation else a.role)
        if not a.kb:
            linked.append("not in KB")
        table.add_row(
            Text(a.name), a.type, a.country or "", Text("; ".join(linked)), str(len(a.mentions))
        )
    return table


def event_line(analysis: Analysis, ev: Event) -> Text:
    who = _names(analysis, ev.sources) or "?"
    whom = _names(analysis, ev.targets)
    head = f"{ev.type}" + (f"/{ev.mode}" if ev.mode else "")
    text = Text()
    text.append(f"{_date(ev.date):>18}  ", style="cyan")
    text.append(head, style="bold")
    if ev.status != "occurred":
        text.append(f" [{ev.status}]", style="yellow")
    text.append(f"  {who}")
    if whom:
        text.append(f" -> {whom}")
    place = _place(ev.location)
    if place:
        text.append(f"  @ {place}", style="green")
    tolls = []
    if ev.killed is not None:
        tolls.append(f"{ev.killed} killed")
    if ev.wounded is not None:
        tolls.append(f"{ev.wounded} wounded")
    if tolls:
        text.append("  (" + ", ".join(tolls) + ")", style="red")
    if ev.claimed_by:
        text.append(f"  claimed by {_names(analysis, ev.claimed_by)}", style="magenta")
    return text


def events_table(analysis: Analysis) -> Panel:
    lines = [event_line(analysis, ev) for ev in analysis.events]
    return Panel(Group(*lines) if lines else Text("no events"), title="Events", title_align="left")


def relations_table(analysis: Analysis) -> Table:
    table = Table(title="Relations", title_justify="left", expand=True)
    for col in ("source", "relation", "target", "since", "from", "status"):
        table.add_column(col)
    for r in analysis.relations:
        table.add_row(
            Text(_names(analysis, [r.source])),
            r.type,
            Text(_names(analysis, [r.target])),
            r.start or "",
            r.origin,
            "" if r.status == "occurred" else r.status,
        )
    return table


def print_analysis(analysis: Analysis, console: Console | None = None) -> None:
    console = console or Console()
    title = escape(analysis.title or analysis.id)
    published = (
        f"published {analysis.published}"
        if analysis.published
        else "publication date unknown (--published)"
    )
    console.rule(f"[bold]{title}[/bold]  {published}")
    console.print(actors_table(analysis))
    console.print(events_table(analysis))
    console.print(relations_table(analysis))


def print_document(text: str, analysis: Analysis, console: Console | None = None) -> None:
    """The article sentence by sentence with the facts found in each beside it."""
    console = console or Console()
    console.print(f"[bold]{escape(analysis.title or analysis.id)}[/bold]")
    spans: dict[tuple[int, int], list[Text]] = {}
    for ev in analysis.events:
        for ev_span in [ev.evidence, *ev.more_evidence]:
            spans.setdefault((ev_span.start, ev_span.end), []).append(event_line(analysis, ev))
    for rel in analysis.relations:
        for rel_span in rel.evidence:
            line = Text(
                f"relation: {_names(analysis, [rel.source])} {rel.type} "
                f"{_names(analysis, [rel.target])}",
                style="blue",
            )
            spans.setdefault((rel_span.start, rel_span.end), []).append(line)
    table = Table(show_header=True, expand=True, show_lines=True)
    table.add_column("offsets", style="dim", no_wrap=True)
    table.add_column("sentence", ratio=3)
    table.add_column("facts", ratio=2)
    for (start, end), facts in sorted(spans.items()):
        table.add_row(f"{start}-{end}", Text(text[start:end]), Group(*facts))
    console.print(table)
