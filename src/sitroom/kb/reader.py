"""Reading the knowledge base's files: the build script's JSON Lines output
(``scripts/build_actor_kb.py``), the hand-written ``curated.yaml`` and user files in the same
schema (see docs/actors.md), merged in order, later files winning."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitroom.kb.model import ENTRY_FIELDS, AgentSense, KBEntry, Role, role_dict
from sitroom.kb.names import (
    GROUP_WORDS,
    NON_AGENT_HEADS,
    PERSON_NAME,
    looks_org_like,
    normalize_name,
)

__all__ = [
    "add_user_actor",
    "data_dir",
    "entry_from_dict",
    "read_records",
    "read_shipped",
    "shipped_files",
    "user_actor_file",
]

_PERSONLIKE = {"person"}


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    # An unquoted YAML alias "ACR: Long name" arrives as a one-item mapping: restore the text.
    return tuple(
        ", ".join(f"{k}: {v}" for k, v in v.items()) if isinstance(v, dict) else str(v)
        for v in value
        if v
    )


def _active(value: Any) -> tuple[int | None, int | None] | None:
    if not value:
        return None
    items = [*list(value), None, None]
    start, end = items[0], items[1]
    return (int(start) if start is not None else None, int(end) if end is not None else None)


def entry_from_dict(raw: dict[str, Any], default_source: str) -> KBEntry:
    """Build an entry from one JSON/YAML record; unknown keys are ignored."""
    roles = tuple(
        Role(
            org=r.get("org"),
            role=str(r.get("role") or "member"),
            start=_iso(r.get("start")),
            end=_iso(r.get("end")),
            cameo=r.get("cameo"),
        )
        for r in raw.get("roles") or ()
    )
    name = str(raw.get("name") or raw["id"])
    return KBEntry(
        id=str(raw["id"]),
        name=name,
        type=str(raw.get("type") or "other"),
        country=raw.get("country") or None,
        aliases=tuple(a for a in _as_tuple(raw.get("aliases")) if a != name),
        parent=raw.get("parent") or None,
        splinter_of=raw.get("splinter_of") or None,
        affiliate_of=_as_tuple(raw.get("affiliate_of")),
        sector=raw.get("sector") or None,
        active=_active(raw.get("active")),
        cameo=str(raw["cameo"]) if raw.get("cameo") else None,
        roles=roles,
        source=str(raw.get("source") or default_source),
    )


def _iso(value: Any) -> str | None:
    return None if value is None else str(value)


def _merge(old: KBEntry, raw: dict[str, Any], default_source: str) -> KBEntry:
    """A ``merge: true`` record adds aliases to an existing entry and overrides given fields."""
    base = {f: getattr(old, f) for f in ENTRY_FIELDS}
    base["roles"] = [r.__dict__ if hasattr(r, "__dict__") else role_dict(r) for r in old.roles]
    for key, value in raw.items():
        if key in ("aliases", "affiliate_of"):
            base[key] = list(dict.fromkeys([*base[key], *_as_tuple(value)]))
        elif key in ENTRY_FIELDS and value is not None:
            base[key] = value
    base["source"] = raw.get("source", old.source)
    return entry_from_dict(base, default_source)


def read_records(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Actor records and the optional ``agents`` mapping of a YAML or JSON Lines file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".jsonl", ".ndjson"):
        return [json.loads(line) for line in text.splitlines() if line.strip()], {}
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if data is None:
        return [], {}
    if isinstance(data, list):
        return data, {}
    return list(data.get("actors") or []), dict(data.get("agents") or {})


def data_dir() -> Path:
    return Path(str(resources.files("sitroom") / "data" / "actors"))


def shipped_files() -> list[Path]:
    """Phoenix files first, then the generated states, then the curated file (later wins)."""
    folder = data_dir()
    phoenix = sorted(folder.glob("phoenix_*.jsonl"))
    ordered = [*phoenix, folder / "states.jsonl", folder / "curated.yaml"]
    return [p for p in ordered if p.exists()]


def source_of(path: Path) -> str:
    return "phoenix" if path.name.startswith("phoenix_") else "curated"


def apply_files(
    paths: list[Path],
    entries: dict[str, KBEntry],
    agents: dict[str, AgentSense],
    forced: dict[str, set[str]],
    *,
    default_source: str,
) -> None:
    for path in paths:
        source = default_source if default_source == "user" else source_of(path)
        records, agent_map = read_records(path)
        for raw in records:
            if raw.get("merge") and raw.get("id") in entries:
                entries[raw["id"]] = _merge(entries[raw["id"]], raw, source)
            else:
                entries[str(raw["id"])] = entry_from_dict(raw, source)
            if raw.get("ruler"):
                forced.setdefault(str(raw["id"]), set()).update(_as_tuple(raw["ruler"]))
        for agent_type, nouns in agent_map.items():
            for noun in nouns:
                agents[str(noun).lower()] = AgentSense(str(agent_type), str(noun).lower())


def _load_agents(path: Path) -> dict[str, AgentSense]:
    agents: dict[str, AgentSense] = {}
    if not path.exists():
        return agents
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["noun"].split()[-1] in NON_AGENT_HEADS:
            continue  # "intelligence information": a thing, not an agent
        sense = AgentSense(row["type"], row["noun"])
        agents.setdefault(row["noun"], sense)
        if row.get("plural"):
            agents.setdefault(row["plural"], sense)
    return agents


def read_shipped(
    files: list[Path],
) -> tuple[list[KBEntry], dict[str, AgentSense], dict[str, set[str]]]:
    """Entries, agent nouns and forced ruler aliases of the shipped files."""
    entries: dict[str, KBEntry] = {}
    # Phoenix agent nouns first; curated agents (in curated.yaml) override them.
    agents = _load_agents(data_dir() / "agents.jsonl")
    forced: dict[str, set[str]] = {}
    for path in files:
        apply_files([path], entries, agents, forced, default_source=source_of(path))
    _fold_phoenix_duplicates(entries)
    return list(entries.values()), agents, forced


def _fold_phoenix_duplicates(entries: dict[str, KBEntry]) -> None:
    """Fold Phoenix organizations that duplicate a curated entry into it.

    Phoenix names many groups the curated file also has ("Al Qa'ida" beside al-Qaeda, "The
    Islamic State" beside islamic-state). Two ids for one group split its mentions, events and
    relations, so a Phoenix organization whose canonical name, or one of its multi-word
    aliases, normalizes to a name of a curated organization is merged into that entry (its
    aliases and CAMEO code kept) and dropped.
    """
    owner: dict[str, str] = {}
    for entry in entries.values():
        if entry.source == "phoenix" or entry.type in _PERSONLIKE:
            continue
        for name in entry.names:
            key = normalize_name(name)
            if key and (len(key.split()) > 1 or len(key) >= 4):
                owner.setdefault(key, entry.id)
    for entry in list(entries.values()):
        if entry.source != "phoenix" or entry.type in _PERSONLIKE:
            continue
        keys = [normalize_name(entry.name)] + [
            normalize_name(a) for a in entry.aliases if len(a.split()) > 1
        ]
        target_id = next((owner[k] for k in keys if k in owner), None)
        if target_id is None or target_id == entry.id:
            continue
        target = entries[target_id]
        known = {normalize_name(n) for n in target.names}
        # Phoenix lists a group's leaders among its names (PETRARCH codes a leader's words to
        # the group); here persons are actors of their own, so only org-like names move over.
        extra = tuple(
            n
            for n in entry.names
            if normalize_name(n) not in known
            and (looks_org_like(n) or bool(set(normalize_name(n).split()) & GROUP_WORDS))
            and not PERSON_NAME.match(n)
        )
        entries[target_id] = dataclasses.replace(
            target, aliases=target.aliases + extra, cameo=target.cameo or entry.cameo
        )
        del entries[entry.id]


def user_actor_file() -> Path:
    """Where `sitroom actors add` writes: ``$SITROOM_ACTORS``, else the user config dir (the
    ``actors`` setting, read afresh: tests and long-lived processes may change it)."""
    from sitroom.settings import Settings

    return Settings().actors


def add_user_actor(entry: dict[str, Any], path: Path | None = None) -> Path:
    """Add (or replace, by id) an actor in a user YAML file; returns the file's path.

    The entry is validated the way the loader reads it, so a file this writes always loads.
    """
    path = path or user_actor_file()
    entry_from_dict(entry, "user")  # raises on a malformed entry before anything is written
    records: list[dict[str, Any]] = []
    agents: dict[str, Any] = {}
    if path.is_file():
        records, agents = read_records(path)
    records = [r for r in records if r.get("id") != entry["id"]] + [entry]
    path.parent.mkdir(parents=True, exist_ok=True)
    data: dict[str, Any] = {"actors": records}
    if agents:
        data["agents"] = agents
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp.replace(path)  # atomic: an interrupted write never leaves half a file
    return path
