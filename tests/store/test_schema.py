"""The schema's column groups: each model value kept over several columns is described once,
and the readers' column lists come from the tables."""

from __future__ import annotations

from sitroom.models import Actor, DateValue, Location, Span
from sitroom.store.columns import part_columns
from sitroom.store.schema import (
    actors,
    dates,
    document_actors,
    events,
    incidents,
    places,
)


def test_every_location_field_has_its_column() -> None:
    fields = list(Location.model_fields)
    assert list(part_columns(events, "location")) == fields
    assert list(part_columns(places, "location")) == fields
    assert part_columns(events, "location")["name"] == "location_name"
    assert part_columns(places, "location")["precision"] == "precision"
    # Incidents keep the location they are matched on, without admin2 or a geonameid.
    assert set(part_columns(incidents, "location")) == set(fields) - {"admin2", "geonameid"}


def test_dates_and_spans_map_to_their_model_fields() -> None:
    assert list(part_columns(events, "date")) == list(DateValue.model_fields)
    assert list(part_columns(dates, "date")) == list(DateValue.model_fields)
    assert part_columns(events, "date")["precision"] == "date_precision"
    for table, part in [
        (events, "evidence"),
        (events, "trigger"),
        (dates, "mention"),
    ]:
        assert list(part_columns(table, part)) == list(Span.model_fields), (table.name, part)
    assert part_columns(events, "trigger")["text"] == "trigger_text"
    assert events.c.trigger_start.nullable and not events.c.evidence_start.nullable


def test_actor_description_is_the_same_in_both_actor_tables() -> None:
    described = part_columns(actors, "actor")
    assert described == part_columns(document_actors, "actor")
    assert set(described) <= set(Actor.model_fields)
    assert [str(actors.c[c].type) for c in described] == [
        str(document_actors.c[c].type) for c in described
    ]


def test_a_column_outside_a_group_is_in_none() -> None:
    assert part_columns(events, "actor") == {}
    assert "has_location" not in part_columns(events, "location").values()
