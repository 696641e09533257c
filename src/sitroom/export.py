"""Export stored events (CSV, JSON Lines, GeoJSON) and the actor network (GraphML).

Event exports stream: rows come from :meth:`Store.iter_events` (one cursor, fetched in batches)
and are written as they arrive, so a large store is never held in memory.
Column meanings are documented in ``docs/formats.md``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO
from xml.sax.saxutils import escape, quoteattr

from sitroom.coding import DatasetCodes, code_event
from sitroom.models import Event, Span
from sitroom.store import (
    ActorRow,
    EventFilter,
    EventRow,
    RelationFilter,
    RelationRow,
    Store,
)

EVENT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "geojson")

# ACLED-like column order; sitroom's own values fill them (see docs/formats.md).
CSV_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "plover_type",
    "plover_mode",
    "gtd_attack_type",
    "status",
    "plover_act",
    "source_basis",
    "target_basis",
    "salience",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "claimed_by",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injuries",
    "notes",
    "source",
    "source_url",
    "document_id",
    "evidence_start",
    "evidence_end",
    "confidence",
)

# Several names in one cell, as ACLED joins associated actors.
NAME_SEPARATOR = "; "

Scalar = str | int | float | None


def _act(act: Mapping[str, str | None] | None) -> str | None:
    """A speech act's act as one cell: "ASSAULT" or "ASSAULT/air_strike"."""
    if not act or not act.get("type"):
        return None
    return "/".join(str(v) for v in (act.get("type"), act.get("mode")) if v)


def dataset_codes(row: EventRow, actor_types: Mapping[str, str]) -> DatasetCodes:
    """ACLED and GTD codes of a stored event (:mod:`sitroom.coding`). The store keeps the
    evidence sentence only, so sentences merged into the event do not take part."""
    event = Event(
        id=row.local_id,
        type=row.type,  # type: ignore[arg-type]
        mode=row.mode,
        status=row.status,  # type: ignore[arg-type]
        sources=row.source_ids,
        targets=row.target_ids,
        target_text=row.target_text,
        killed=row.killed,
        wounded=row.wounded,
        evidence=Span(start=row.evidence_start, end=row.evidence_end, text=row.evidence_text),
    )
    return code_event(event, actor_types)


def event_record(row: EventRow, actor_types: Mapping[str, str] | None = None) -> dict[str, Scalar]:
    """The CSV/GeoJSON columns of one event. ``actor_types`` (actor id -> type) lets the ACLED
    columns tell battles from violence against civilians; without it targets are untyped."""
    codes = dataset_codes(row, actor_types or {})
    return {
        "event_id_cnty": row.id,
        "event_date": row.date_start.isoformat() if row.date_start else None,
        "year": row.date_start.year if row.date_start else None,
        "time_precision": row.date_precision,
        "event_type": codes.acled_event_type,
        "sub_event_type": codes.acled_sub_event_type,
        "plover_type": row.type,
        "plover_mode": row.mode,
        "gtd_attack_type": codes.gtd_attack_type,
        "status": row.status,
        "plover_act": _act(row.act),
        "source_basis": row.source_basis,
        "target_basis": row.target_basis,
        "salience": row.salience,
        "actor1": row.source_names[0] if row.source_names else None,
        "assoc_actor_1": NAME_SEPARATOR.join(row.source_names[1:]) or None,
        "actor2": row.target_names[0] if row.target_names else None,
        "assoc_actor_2": NAME_SEPARATOR.join(row.target_names[1:]) or None,
        "claimed_by": NAME_SEPARATOR.join(row.claimed_by_names) or None,
        "country": row.country,
        "admin1": row.admin1,
        "admin2": row.admin2,
        "location": row.location_name or row.city,
        "latitude": row.lat,
        "longitude": row.lon,
        "geo_precision": row.geo_precision,
        "fatalities": row.killed,
        "injuries": row.wounded,
        "notes": row.evidence_text,
        "source": row.document_source,
        "source_url": row.document_url,
        "document_id": row.document_id,
        "evidence_start": row.evidence_start,
        "evidence_end": row.evidence_end,
        "confidence": row.confidence,
    }


@contextmanager
def _text_stream(out: TextIO | BinaryIO) -> Iterator[TextIO]:
    """Write text to ``out`` whether it is a text or a binary stream (UTF-8), and leave it open."""
    if not isinstance(out, io.RawIOBase | io.BufferedIOBase):
        yield out  # type: ignore[misc]
        return
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()  # the caller owns `out`: do not close it with the wrapper


class _ActorTypes:
    """Actor types by id, read from the store in batches as the rows stream past."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.types: dict[str, str] = {}

    def typed(self, rows: Iterable[EventRow], batch: int = 500) -> Iterator[EventRow]:
        """``rows`` unchanged, with the types of their actors known before each is yielded."""
        pending: list[EventRow] = []
        for row in rows:
            pending.append(row)
            if len(pending) >= batch:
                self._load(pending)
                yield from pending
                pending = []
        self._load(pending)
        yield from pending

    def _load(self, rows: list[EventRow]) -> None:
        wanted = {i for r in rows for i in (*r.source_ids, *r.target_ids)} - self.types.keys()
        if not wanted:
            return
        self.types.update(self.store.actor_types(wanted))


def _write_csv(rows: Iterable[EventRow], out: TextIO, types: Mapping[str, str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow(event_record(row, types))
        count += 1
    return count


def _write_jsonl(rows: Iterable[EventRow], out: TextIO, _types: Mapping[str, str]) -> int:
    count = 0
    for row in rows:
        out.write(row.model_dump_json())
        out.write("\n")
        count += 1
    return count


def _point(row: EventRow) -> list[float] | None:
    """RFC 7946 position (longitude first), or None when the event has no usable coordinates."""
    if row.lat is None or row.lon is None:
        return None
    if not (math.isfinite(row.lat) and math.isfinite(row.lon)):
        return None
    if abs(row.lat) > 90 or abs(row.lon) > 180:
        return None
    return [row.lon, row.lat]


def _write_geojson(rows: Iterable[EventRow], out: TextIO, types: Mapping[str, str]) -> int:
    out.write('{"type": "FeatureCollection", "features": [')
    count = 0
    for row in rows:
        point = _point(row)
        if point is None:
            continue
        feature = {
            "type": "Feature",
            "id": row.id,
            "geometry": {"type": "Point", "coordinates": point},
            "properties": event_record(row, types),
        }
        out.write(",\n" if count else "\n")
        out.write(json.dumps(feature, ensure_ascii=False, allow_nan=False))
        count += 1
    out.write("\n]}\n")
    return count


def export_parquet(store: Store, f: EventFilter, path: str | Path) -> int:
    """Write the events matching ``f`` as a Parquet file with the CSV columns; needs pyarrow
    (``pip install 'sitroom[parquet]'``). Rows are written in row groups as they stream."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ValueError("Parquet export needs pyarrow: pip install 'sitroom[parquet]'") from None
    schema = pa.schema(
        [
            (
                c,
                pa.int64()
                if c in _INT_COLUMNS
                else pa.float64()
                if c in _FLOAT_COLUMNS
                else pa.string(),
            )
            for c in CSV_COLUMNS
        ]
    )
    count = 0
    actor_types = _ActorTypes(store)
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Scalar]] = []
        for row in actor_types.typed(store.iter_events(f)):
            record = event_record(row, actor_types.types)
            batch.append({c: _parquet_value(c, record.get(c)) for c in CSV_COLUMNS})
            if len(batch) >= 5000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


_INT_COLUMNS = {"year", "fatalities", "injuries", "evidence_start", "evidence_end"}
_FLOAT_COLUMNS = {"latitude", "longitude", "confidence"}


def _parquet_value(column: str, value: Scalar) -> Scalar:
    if value is None or value == "":
        return None
    if column in _INT_COLUMNS:
        return int(value)
    if column in _FLOAT_COLUMNS:
        return float(value)
    return str(value)


def export_events(store: Store, f: EventFilter, fmt: str, out: TextIO | BinaryIO) -> int:
    """Write the events matching ``f`` to ``out`` as csv, jsonl or geojson; returns how many
    were written (for GeoJSON, only events with coordinates become features)."""
    writers = {"csv": _write_csv, "jsonl": _write_jsonl, "geojson": _write_geojson}
    fmt = fmt.lower()
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(writers)}")
    actor_types = _ActorTypes(store)
    with _text_stream(out) as text_out:
        rows = store.iter_events(f)
        if fmt == "jsonl":
            return writers[fmt](rows, text_out, {})
        return writers[fmt](actor_types.typed(rows), text_out, actor_types.types)


# --- GraphML --------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry even when escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# (key id, element, attribute name, GraphML type)
_NODE_KEYS = (
    ("n_name", "node", "name", "string"),
    ("n_type", "node", "type", "string"),
    ("n_country", "node", "country", "string"),
    ("n_kb", "node", "kb", "boolean"),
    ("n_events", "node", "events", "int"),
    ("n_documents", "node", "documents", "int"),
)
_EDGE_KEYS = (
    ("e_type", "edge", "type", "string"),
    ("e_weight", "edge", "weight", "double"),
    ("e_origin", "edge", "origin", "string"),
    ("e_first", "edge", "first", "string"),
    ("e_last", "edge", "last", "string"),
    ("e_documents", "edge", "documents", "int"),
)
_RELATION_PAGE = 5000


def _xml_text(value: object) -> str:
    return escape(_XML_ILLEGAL.sub("", str(value)))


def _xml_attr(value: object) -> str:
    return quoteattr(_XML_ILLEGAL.sub("", str(value)))


def _data_lines(values: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key, value in values.items():
        if value is None:
            continue  # GraphML: a missing <data> means "no value"
        text = ("true" if value else "false") if isinstance(value, bool) else value
        lines.append(f"{indent}<data key={_xml_attr(key)}>{_xml_text(text)}</data>")
    return lines


def _node_lines(actor_id: str, actor: ActorRow | None) -> list[str]:
    values: dict[str, Any] = {"n_name": actor_id}
    if actor is not None:
        values = {
            "n_name": actor.name,
            "n_type": actor.type,
            "n_country": actor.country,
            "n_kb": actor.kb,
            "n_events": actor.n_events,
            "n_documents": actor.n_documents,
        }
    return [
        f"    <node id={_xml_attr(actor_id)}>",
        *_data_lines(values, "      "),
        "    </node>",
    ]


def _edge_lines(index: int, rel: RelationRow) -> list[str]:
    values = {
        "e_type": rel.type,
        "e_weight": float(rel.weight),
        "e_origin": rel.origin,
        "e_first": rel.first,
        "e_last": rel.last,
        "e_documents": rel.n_documents,
    }
    return [
        f"    <edge id={_xml_attr(f'e{index}')} source={_xml_attr(rel.source)} "
        f"target={_xml_attr(rel.target)}>",
        *_data_lines(values, "      "),
        "    </edge>",
    ]


def _all_relations(store: Store, f: RelationFilter) -> list[RelationRow]:
    rows: list[RelationRow] = []
    while page := store.relations(f, limit=_RELATION_PAGE, offset=len(rows)):
        rows.extend(page)
        if len(page) < _RELATION_PAGE:
            break
    return rows


def export_network(store: Store, f: RelationFilter, out: TextIO) -> int:
    """Write the actor network as GraphML: actors that take part in a matching relation are
    nodes, aggregated relations (see :class:`RelationRow`) are directed edges. Returns the
    number of edges written."""
    rels = _all_relations(store, f)
    node_ids = list(dict.fromkeys(a for r in rels for a in (r.source, r.target)))
    actors = store.actors_by_id(node_ids)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"\n'
        '         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
        '         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for key_id, element, name, kind in (*_NODE_KEYS, *_EDGE_KEYS):
        out.write(
            f"  <key id={_xml_attr(key_id)} for={_xml_attr(element)} "
            f"attr.name={_xml_attr(name)} attr.type={_xml_attr(kind)}/>\n"
        )
    out.write('  <graph id="sitroom" edgedefault="directed">\n')
    for actor_id in node_ids:
        out.write("\n".join(_node_lines(actor_id, actors.get(actor_id))) + "\n")
    for i, rel in enumerate(rels):
        out.write("\n".join(_edge_lines(i, rel)) + "\n")
    out.write("  </graph>\n</graphml>\n")
    return len(rels)
