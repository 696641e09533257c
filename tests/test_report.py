"""The demo/show report in a narrow terminal: short columns never wrap inside a word."""

from __future__ import annotations

import io

from rich.console import Console

from sitroom.models import Actor, Analysis, Relation, Span
from sitroom.report import print_analysis


def _analysis() -> Analysis:
    span = Span(start=0, end=10, text="x" * 10)
    actors = [
        Actor(
            id=f"a{i}",
            name=f"The Very Long Named Coalition Of Armed Movements Number {i}",
            type="armed_group",
            country="AFG",
            mentions=[span],
        )
        for i in range(3)
    ]
    relations = [
        Relation(source="a0", target="a1", type="hostile", origin="events", evidence=[span])
    ]
    return Analysis(id="doc", title="A report", actors=actors, relations=relations)


def test_report_tables_keep_short_cells_whole_at_80_columns() -> None:
    out = io.StringIO()
    print_analysis(_analysis(), Console(file=out, width=80, color_system=None))
    text = out.getvalue()
    assert all(len(line) <= 80 for line in text.splitlines())
    # The type and relation codes stand whole on their lines, never split across lines.
    assert text.count("armed_group") == 3
    assert "hostile" in text
