"""The knowledge base's plain data types: entries, their dated roles, matches, agent senses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitroom.ontology import ontology

__all__ = ["ENTRY_FIELDS", "STATE_KINDS", "AgentSense", "KBEntry", "Match", "Role"]

# The actor types that stand for a state (the ontology says which).
STATE_KINDS = tuple(sorted(ontology().state_actor_types))


@dataclass(frozen=True, slots=True)
class Role:
    """A dated position of a person in an organisation (``org`` is an actor id or None)."""

    org: str | None
    role: str
    start: str | None = None
    end: str | None = None
    cameo: str | None = None


@dataclass(frozen=True, slots=True)
class KBEntry:
    id: str
    name: str
    type: str
    country: str | None
    aliases: tuple[str, ...]
    parent: str | None
    splinter_of: str | None
    affiliate_of: tuple[str, ...]
    sector: str | None
    active: tuple[int | None, int | None] | None
    cameo: str | None
    roles: tuple[Role, ...]
    source: str

    @property
    def names(self) -> tuple[str, ...]:
        """The name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Match:
    entry: KBEntry
    score: float
    how: str  # "exact" | "acronym" | "normalized" | "convention" | "fuzzy"
    alias: str  # the KB surface form (or convention) that matched


@dataclass(frozen=True, slots=True)
class AgentSense:
    type: str  # an actor type: military, police, government, armed_group, civilians, ...
    label: str  # the agent noun as listed, singular ("soldier")


ENTRY_FIELDS = (
    "id", "name", "type", "country", "aliases", "parent", "splinter_of", "affiliate_of",
    "sector", "active", "cameo", "roles", "source",
)  # fmt: skip


def role_dict(role: Role) -> dict[str, Any]:
    return {"org": role.org, "role": role.role, "start": role.start, "end": role.end,
            "cameo": role.cameo}  # fmt: skip


def role_tuple(role: Role) -> tuple[str | None, str, str | None, str | None, str | None]:
    return (role.org, role.role, role.start, role.end, role.cameo)


def entry_row(entry: KBEntry) -> tuple[Any, ...]:
    """An entry as plain tuples (fast to pickle and restore; see :func:`entry_from_row`)."""
    return (
        *(getattr(entry, f) for f in ENTRY_FIELDS[:11]),
        tuple(role_tuple(r) for r in entry.roles),
        entry.source,
    )


def entry_from_row(row: tuple[Any, ...]) -> KBEntry:
    (id_, name, type_, country, aliases, parent, splinter, affiliates, sector, active, cameo,
     roles, source) = row  # fmt: skip
    return KBEntry(
        id_, name, type_, country, aliases, parent, splinter, affiliates, sector, active, cameo,
        tuple(Role(*r) for r in roles), source,
    )  # fmt: skip
