"""Column types and column groups shared by the store's tables (:mod:`sitroom.store.schema`).

A model value kept over several columns (an actor's description, a Location, a DateValue, a
Span) is written once here and used by every table that keeps it; readers take their column
lists from the tables (:func:`part_columns`) instead of repeating them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa

__all__ = ["NUL_REPLACEMENT", "SafeString", "SafeText", "part_columns"]


class _NulSafe(sa.types.TypeDecorator[str]):
    """A string column that PostgreSQL accepts whatever the text holds.

    PostgreSQL refuses NUL in text values; SQLite keeps it. On PostgreSQL each NUL is replaced
    by U+FFFD, one code point for one, so every stored offset still points at the same
    characters. ``ingest`` already drops NUL from document texts; this guards the library path.
    """

    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: sa.Dialect) -> str | None:
        if value is not None and dialect.name == "postgresql" and "\x00" in value:
            return value.replace("\x00", NUL_REPLACEMENT)
        return value


class SafeText(_NulSafe):
    impl = sa.Text
    cache_ok = True


class SafeString(_NulSafe):
    impl = sa.String
    cache_ok = True


NUL_REPLACEMENT = "\ufffd"


# --- column groups -----------------------------------------------------------------------------
# A model value kept over several columns (an actor's description, a Location, a DateValue, a
# Span) is written once here and used by every table that keeps it. Each column's ``info`` names
# the part of the model it holds and the field (``{"part": "location", "field": "name"}``), so
# readers take their column lists from the tables (``part_columns``) instead of repeating them.


def _info(part: str, field: str) -> dict[str, Any]:
    return {"part": part, "field": field}


def _actor_columns() -> list[sa.Column[Any]]:
    """An actor's description (``Actor`` fields): the global row and each document's copy."""
    return [
        sa.Column("name", SafeText, nullable=False, info=_info("actor", "name")),
        sa.Column("type", SafeString(16), nullable=False, info=_info("actor", "type")),
        sa.Column("country", SafeString(3), info=_info("actor", "country")),
        sa.Column("parent", SafeString, info=_info("actor", "parent")),
        sa.Column("kb", sa.Boolean, nullable=False, info=_info("actor", "kb")),
        sa.Column("role", SafeText, info=_info("actor", "role")),
        sa.Column("affiliation", SafeString, info=_info("actor", "affiliation")),
    ]


# ``Location`` fields in model order, with their column types.
_LOCATION_TYPES: dict[str, Callable[[], sa.types.TypeEngine[Any]]] = {
    "name": SafeText,
    "country": lambda: SafeString(3),
    "admin1": SafeText,
    "admin2": SafeText,
    "city": SafeText,
    "lat": sa.Float,
    "lon": sa.Float,
    "precision": lambda: SafeString(16),
    "geonameid": sa.Integer,
}


def _location_columns(
    fields: Sequence[str] = tuple(_LOCATION_TYPES),
    *,
    name: str = "location_name",
    precision: str = "geo_precision",
) -> list[sa.Column[Any]]:
    """A ``Location``: its fields as columns, ``name`` and ``precision`` under the names given
    (an event's columns carry its date and evidence too, so they say which they are)."""
    renamed = {"name": name, "precision": precision}
    return [
        sa.Column(renamed.get(f, f), _LOCATION_TYPES[f](), info=_info("location", f))
        for f in fields
    ]


def _date_columns(prefix: str, *, text: bool = True) -> list[sa.Column[Any]]:
    """A ``DateValue``: ``{prefix}start``, ``end``, ``precision`` (required) and ``text``."""
    columns: list[sa.Column[Any]] = [
        sa.Column(f"{prefix}start", sa.Date, info=_info("date", "start")),
        sa.Column(f"{prefix}end", sa.Date, info=_info("date", "end")),
        sa.Column(
            f"{prefix}precision", SafeString(16), nullable=False, info=_info("date", "precision")
        ),
    ]
    if text:
        columns.append(sa.Column(f"{prefix}text", SafeText, info=_info("date", "text")))
    return columns


def _span_columns(part: str, prefix: str, *, nullable: bool = False) -> list[sa.Column[Any]]:
    """A ``Span`` (``part``: which of the model's spans): ``{prefix}start``, ``end``, ``text``."""
    return [
        sa.Column(f"{prefix}start", sa.Integer, nullable=nullable, info=_info(part, "start")),
        sa.Column(f"{prefix}end", sa.Integer, nullable=nullable, info=_info(part, "end")),
        sa.Column(f"{prefix}text", SafeText, nullable=nullable, info=_info(part, "text")),
    ]


def part_columns(table: sa.Table, part: str) -> dict[str, str]:
    """``{model field: column name}`` of the columns of ``table`` that keep ``part`` (in column
    order): ``part_columns(events, "location")["name"] == "location_name"``."""
    return {c.info["field"]: c.name for c in table.c if c.info.get("part") == part}
