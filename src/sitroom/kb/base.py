"""The actor knowledge base: entries in memory, their indexes, and lookup by name.

Lookup tries, in order: the exact surface form (case-sensitive, so the acronym "IS" never
matches the verb "is"), a normalized key (case, accents, apostrophes, hyphens, "the", Arabic
"al-", plural "s"), dataset naming conventions (:mod:`sitroom.kb.conventions`), and finally
fuzzy matching with rapidfuzz. All indexes are dicts built at load time; fuzzy matching runs
only on a miss.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from sitroom.kb.conventions import CONVENTION_RULES
from sitroom.kb.model import STATE_KINDS, AgentSense, KBEntry, Match, entry_from_row, entry_row
from sitroom.kb.names import (
    common_words,
    looks_org_like,
    normalize_name,
    ruler_safe,
    singular_forms,
    stop_words,
)
from sitroom.kb.reader import apply_files, read_shipped, shipped_files, source_of
from sitroom.text import is_acronym
from sitroom.trigrams import TrigramIndex

__all__ = ["ActorKB"]

_LOOKUP_CACHE_SIZE = 50_000


@dataclass
class _Indexes:
    exact: dict[str, list[int]] = field(default_factory=dict)
    norm: dict[str, list[int]] = field(default_factory=dict)
    acronyms: set[str] = field(default_factory=set)
    # Normalized keys of four characters or more, their owners, and a trigram index over them.
    fuzzy_keys: list[str] = field(default_factory=list)
    fuzzy_owner: list[list[int]] = field(default_factory=list)
    trigrams: TrigramIndex | None = None


class ActorKB:
    """An in-memory actor knowledge base with exact, normalized, convention and fuzzy lookup."""

    def __init__(
        self,
        entries: Iterable[KBEntry],
        agents: dict[str, AgentSense] | None = None,
        ruler_forced: dict[str, set[str]] | None = None,
    ) -> None:
        self._entries: list[KBEntry] = list(entries)
        self._by_id: dict[str, int] = {e.id: i for i, e in enumerate(self._entries)}
        self._agents: dict[str, AgentSense] = dict(agents or {})
        self._ruler_forced: dict[str, set[str]] = dict(ruler_forced or {})
        self._idx = self._build_indexes()
        self._states = self._build_state_index()
        self._fuzzy_cache: dict[tuple[str | None, bool], tuple[list[str], list[list[int]]]] = {}
        self._fuzzy_masks: dict[tuple[str | None, bool], np.ndarray | None] = {}
        self._lookups: dict[tuple[str, str | None, bool, int], list[Match]] = {}
        self._children: dict[str, list[int]] | None = None
        self._horizon: str | None = None
        self._ruler: list[tuple[str, str]] | None = None
        self._surnames: dict[str, list[int]] | None = None

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Iterable[Path] = ()) -> ActorKB:
        """The shipped KB with user YAML/JSONL files merged over it (user entries win).

        The parsed shipped data is cached as a pickle under the user cache directory, keyed by
        the data files' hashes, so later loads skip JSON parsing.
        """
        from sitroom.kb.cache import load_cached

        shipped = shipped_files()
        base = load_cached(shipped, lambda: cls.from_shipped(shipped))
        extra_paths = [Path(p) for p in extra]
        if not extra_paths:
            return base
        entries = {e.id: e for e in base._entries}
        agents = dict(base._agents)
        forced = {k: set(v) for k, v in base._ruler_forced.items()}
        apply_files(extra_paths, entries, agents, forced, default_source="user")
        return cls(entries.values(), agents, forced)

    @classmethod
    def from_shipped(cls, files: list[Path]) -> ActorKB:
        """The shipped files read afresh (no cache)."""
        entries, agents, forced = read_shipped(files)
        return cls(entries, agents, forced)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> ActorKB:
        entries: dict[str, KBEntry] = {}
        agents: dict[str, AgentSense] = {}
        forced: dict[str, set[str]] = {}
        for path in paths:
            apply_files([path], entries, agents, forced, default_source=source_of(path))
        return cls(entries.values(), agents, forced)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Slotted frozen dataclasses unpickle slowly (one setstate call per object); plain
        # tuples plus direct construction load about three times faster.
        # The entity-ruler patterns go along: choosing them reads the model's word list and
        # tests every alias (1-2 s), which a cached KB should not repeat at each start.
        rows = [entry_row(e) for e in self._entries]
        agents = {k: (a.type, a.label) for k, a in self._agents.items()}
        ruler = self.ruler_patterns()
        return (_restore_kb, (rows, self._idx, agents, self._ruler_forced, self._states, ruler))

    # -- basic access --------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[KBEntry]:
        return iter(self._entries)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def get(self, actor_id: str) -> KBEntry | None:
        i = self._by_id.get(actor_id)
        return None if i is None else self._entries[i]

    def role_horizon(self) -> str | None:
        """The latest date of any dated role: the KB's roles say nothing after it, so a role
        without an end is only known to be held up to this day."""
        if self._horizon is None:
            days = [d for e in self._entries for r in e.roles for d in (r.start, r.end) if d]
            self._horizon = max(days)[:10] if days else ""
        return self._horizon or None

    def persons_with_surname(self, surname: str) -> list[KBEntry]:
        """The persons whose display name ends with ``surname`` (case and accents aside):
        "Putin" -> Vladimir Putin (index built on first use)."""
        if self._surnames is None:
            index: dict[str, list[int]] = {}
            for i, entry in enumerate(self._entries):
                words = normalize_name(entry.name).split() if entry.type == "person" else []
                if len(words) >= 2:
                    index.setdefault(words[-1], []).append(i)
            self._surnames = index
        key = normalize_name(surname)
        return [self._entries[i] for i in self._surnames.get(key, [])] if key else []

    def alias_count(self) -> int:
        """Distinct (entry, surface form) pairs, names included."""
        return sum(len(set(e.names)) for e in self._entries)

    def children(self, actor_id: str) -> list[KBEntry]:
        """Entries whose parent is ``actor_id`` (index built on first use)."""
        if self._children is None:
            index: dict[str, list[int]] = {}
            for i, entry in enumerate(self._entries):
                if entry.parent:
                    index.setdefault(entry.parent, []).append(i)
            self._children = index
        return [self._entries[i] for i in self._children.get(actor_id, [])]

    def ancestors(self, actor_id: str) -> list[KBEntry]:
        """Parent chain, nearest first (cycles are cut)."""
        chain: list[KBEntry] = []
        seen = {actor_id}
        entry = self.get(actor_id)
        while entry is not None and entry.parent and entry.parent not in seen:
            seen.add(entry.parent)
            entry = self.get(entry.parent)
            if entry is not None:
                chain.append(entry)
        return chain

    # -- indexes -------------------------------------------------------------------------------

    def _build_indexes(self) -> _Indexes:
        idx = _Indexes()
        stop = stop_words()
        for i, entry in enumerate(self._entries):
            for alias in dict.fromkeys(entry.names):
                idx.exact.setdefault(alias, []).append(i)
                acronym = is_acronym(alias)
                if acronym:
                    idx.acronyms.add(alias)
                key = normalize_name(alias)
                # Two-letter acronyms and stop-word keys ("IS" -> "is", "US" -> "us") are only
                # matched exactly, in capitals.
                if not key or key in stop or (acronym and len(key.replace(" ", "")) <= 2):
                    continue
                owners = idx.norm.setdefault(key, [])
                if i not in owners:
                    owners.append(i)
        for owners in idx.norm.values():
            owners.sort(key=self._rank_key)
        for owners in idx.exact.values():
            owners.sort(key=self._rank_key)
        for key, owners in idx.norm.items():
            if len(key) >= 4:
                idx.fuzzy_keys.append(key)
                idx.fuzzy_owner.append(owners)
        idx.trigrams = TrigramIndex(idx.fuzzy_keys)
        return idx

    def _rank_key(self, i: int) -> tuple[int, int]:
        # Curated and user entries come before Phoenix ones; then file order.
        return (0 if self._entries[i].source != "phoenix" else 1, i)

    def _build_state_index(self) -> dict[tuple[str, str], int]:
        states: dict[tuple[str, str], int] = {}
        for i, entry in enumerate(self._entries):
            if entry.source == "phoenix" or not entry.country or entry.type not in STATE_KINDS:
                continue
            state_id = entry.id if entry.type == "state" else entry.parent
            parent = self.get(state_id) if state_id else None
            if parent is None or parent.type != "state" or parent.country != entry.country:
                continue
            # Only the country's own branch entries (e.g. "afghanistan-military") qualify.
            if entry.type == "state" or entry.id == f"{parent.id}-{entry.type}":
                states[(entry.country, entry.type)] = i
        return states

    def state_actor(self, iso3: str, kind: str = "state") -> KBEntry | None:
        """The state, government, military or police actor of a country (alpha-3 code)."""
        i = self._states.get((iso3.upper(), kind)) if iso3 else None
        return None if i is None else self._entries[i]

    # -- lookup --------------------------------------------------------------------------------

    def lookup(
        self, name: str, *, country: str | None = None, fuzzy: bool = True, limit: int = 5
    ) -> list[Match]:
        """Candidate entries for a name, best first (see the module docstring for the order).

        Results are memoized per knowledge base: news repeats the same names, and a fuzzy
        miss scores the name against every key (tens of milliseconds).
        """
        key = (name, country, fuzzy, limit)
        cached = self._lookups.get(key)
        if cached is None:
            cached = self._lookup(name, country=country, fuzzy=fuzzy, limit=limit)
            if len(self._lookups) >= _LOOKUP_CACHE_SIZE:
                self._lookups.clear()  # bounded: a long-running server sees endless names
            self._lookups[key] = cached
        return list(cached)

    def _lookup(self, name: str, *, country: str | None, fuzzy: bool, limit: int) -> list[Match]:
        text = " ".join(name.split())
        if not text:
            return []
        matches = self._direct(text, country)
        if not matches:
            conv = self._conventions(text, country)
            if conv is not None:
                return conv[:limit]
        if not matches and fuzzy:
            matches = self._fuzzy(text, country, limit)
        return matches[:limit]

    def best(
        self, name: str, *, country: str | None = None, min_score: float = 0.88
    ) -> Match | None:
        found = self.lookup(name, country=country, limit=1)
        return found[0] if found and found[0].score >= min_score else None

    def _direct(self, text: str, country: str | None) -> list[Match]:
        """Exact surface form, then normalized key, then the key without a plural "s"."""
        owners = self._idx.exact.get(text)
        if owners:
            how = "acronym" if text in self._idx.acronyms else "exact"
            return self._scored(owners, 1.0, how, text, country, text)
        key = normalize_name(text)
        if not key or key in stop_words():
            return []
        if is_acronym(text) and len(key.replace(" ", "")) <= 2:
            return []  # "Is"/"US" in other casing: never a case-insensitive match
        owners = self._idx.norm.get(key)
        if owners:
            return self._scored(owners, 0.97, "normalized", key, country, text)
        if key.endswith("s") and len(key) > 4 and not key.endswith("ss"):
            owners = self._idx.norm.get(key[:-1])
            if owners:
                return self._scored(owners, 0.95, "normalized", key[:-1], country, text)
        return []

    def _scored(
        self,
        owners: list[int],
        base: float,
        how: str,
        alias: str,
        country: str | None,
        query: str,
    ) -> list[Match]:
        org_like = looks_org_like(query)
        scored: list[tuple[float, int, Match]] = []
        for rank, i in enumerate(owners):
            entry = self._entries[i]
            score = base - 0.005 * min(rank, 4)
            if entry.source == "phoenix":
                score -= 0.02
            if country and entry.country and entry.country != country.upper():
                score -= 0.08
            if org_like and entry.type == "person":
                score -= 0.06
            surface = alias if how in ("exact", "acronym") else self._surface_for(entry, alias)
            scored.append((score, rank, Match(entry, round(score, 4), how, surface)))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [m for _, _, m in scored]

    @staticmethod
    def _surface_for(entry: KBEntry, key: str) -> str:
        for alias in entry.names:
            if normalize_name(alias) == key:
                return alias
        return entry.name

    # -- dataset naming conventions ------------------------------------------------------------

    def _conventions(self, text: str, country: str | None) -> list[Match] | None:
        """ACLED/GTD/UCDP actor names; None when no convention applies, [] for "unidentified"."""
        for rule in CONVENTION_RULES:
            result = rule(self, text, country)
            if result is not None:
                return result
        return None

    def _convention_match(
        self, entry: KBEntry | None, score: float, how: str, alias: str
    ) -> list[Match]:
        return [] if entry is None else [Match(entry, score, how, alias)]

    def _resolve_part(self, part: str, country: str | None) -> list[Match]:
        """A piece of a composite name: exact/normalized, then conventions, no fuzzy."""
        part = part.strip(" ,;:-")
        if not part:
            return []
        found = self._direct(part, country)
        if found:
            return found
        conv = self._conventions(part, country)
        return conv or []

    # -- fuzzy ---------------------------------------------------------------------------------

    def _fuzzy_choices(
        self, country: str | None, orgs_only: bool
    ) -> tuple[list[str], list[list[int]]]:
        """Every key the filter allows, with its allowed owners (the exhaustive scan's list)."""
        cache_key = (country.upper() if country else None, orgs_only)
        if cache_key in self._fuzzy_cache:
            return self._fuzzy_cache[cache_key]
        keys: list[str] = []
        owners: list[list[int]] = []
        for key, idxs in zip(self._idx.fuzzy_keys, self._idx.fuzzy_owner, strict=True):
            kept = self._kept(idxs, cache_key[0], orgs_only)
            if kept:
                keys.append(key)
                owners.append(kept)
        self._fuzzy_cache[cache_key] = (keys, owners)
        return keys, owners

    def _kept(self, owners: list[int], country: str | None, orgs_only: bool) -> list[int]:
        return [
            i
            for i in owners
            if (not orgs_only or self._entries[i].type != "person")
            and (country is None or self._entries[i].country in (None, country))
        ]

    def _fuzzy_mask(self, country: str | None, orgs_only: bool) -> np.ndarray | None:
        """Which fuzzy keys have an owner the filter allows (None: all of them)."""
        cache_key = (country.upper() if country else None, orgs_only)
        if cache_key == (None, False):
            return None
        if cache_key not in self._fuzzy_masks:
            self._fuzzy_masks[cache_key] = np.fromiter(
                (bool(self._kept(o, cache_key[0], orgs_only)) for o in self._idx.fuzzy_owner),
                dtype=bool,
                count=len(self._idx.fuzzy_owner),
            )
        return self._fuzzy_masks[cache_key]

    def _fuzzy(
        self, text: str, country: str | None, limit: int, *, exhaustive: bool = False
    ) -> list[Match]:
        """Fuzzy matches of a name: rapidfuzz on the trigram index's candidates, or on every
        key with ``exhaustive=True`` (the reference the index is measured against)."""
        from rapidfuzz import fuzz, process

        key = normalize_name(text)
        if len(key) < 4:
            return []
        orgs_only = looks_org_like(text)
        owners: list[list[int]] | None
        if exhaustive or self._idx.trigrams is None:
            keys, owners = self._fuzzy_choices(country, orgs_only)
        else:
            code = country.upper() if country else None
            positions = self._idx.trigrams.candidates(key, self._fuzzy_mask(country, orgs_only))
            keys = [self._idx.fuzzy_keys[p] for p in positions]
            owners = None
        hits = process.extract(key, keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=80)
        results: dict[str, Match] = {}
        for choice, wratio, pos in hits:
            # WRatio alone over-rewards substrings ("military" in "us military"): take the
            # lower of it and token_sort_ratio, which penalizes missing words.
            score = min(wratio, fuzz.token_sort_ratio(key, choice)) / 100.0
            score = min(score, 0.96)
            kept = (
                owners[pos]
                if owners is not None
                # the allowed owners of the keys that scored only (not of every candidate)
                else self._kept(self._idx.fuzzy_owner[positions[pos]], code, orgs_only)
            )
            for i in kept:
                entry = self._entries[i]
                adjusted = score - (0.02 if entry.source == "phoenix" else 0.0)
                previous = results.get(entry.id)
                if previous is None or previous.score < adjusted:
                    surface = self._surface_for(entry, choice)
                    results[entry.id] = Match(entry, round(adjusted, 4), "fuzzy", surface)
        return sorted(results.values(), key=lambda m: -m.score)[:limit]

    # -- explanation ---------------------------------------------------------------------------

    def explain(self, name: str) -> list[str]:
        """How a name resolves, step by step, for ``sitroom actors lookup``."""
        text = " ".join(name.split())
        key = normalize_name(text)
        lines = [f"query: {text!r}", f"normalized key: {key!r}"]
        if text in self._idx.exact:
            kind = "acronym (case-sensitive)" if text in self._idx.acronyms else "alias"
            lines.append(f"exact {kind} hit: {', '.join(self._ids(self._idx.exact[text]))}")
        elif is_acronym(text) and len(key.replace(" ", "")) <= 2:
            lines.append("short acronym: matched only exactly, in capitals")
        elif key in self._idx.norm:
            lines.append(f"normalized hit: {', '.join(self._ids(self._idx.norm[key]))}")
        else:
            lines.append("no exact or normalized alias")
        matches = self.lookup(text, limit=5)
        if not matches:
            conv = self._conventions(text, None)
            lines.append(
                "convention: unidentified/unknown actor, deliberately unmatched"
                if conv == []
                else "no match (fuzzy threshold 80 not reached)"
            )
        for m in matches:
            entry = m.entry
            line = (
                f"-> {entry.id} ({entry.type}, {entry.country or 'transnational'}, "
                f"source {entry.source}) via {m.how} on {m.alias!r}, score {m.score:.2f}"
            )
            lines.append(line)
            chain = self.ancestors(entry.id)
            if chain:
                lines.append("   parents: " + " > ".join(e.id for e in chain))
            if entry.affiliate_of:
                lines.append("   affiliate of: " + ", ".join(entry.affiliate_of))
            if entry.splinter_of:
                lines.append("   splinter of: " + entry.splinter_of)
        return lines

    def _ids(self, owners: list[int]) -> list[str]:
        return [self._entries[i].id for i in owners[:6]] + (["..."] if len(owners) > 6 else [])

    # -- entity ruler --------------------------------------------------------------------------

    def ruler_patterns(self) -> list[tuple[str, str]]:
        """(surface form, actor id) pairs safe for a spaCy phrase matcher.

        Left out: states (spaCy tags GPEs well; places resolves them), aliases that are English
        words or stop words, acronyms under three letters unless flagged in curated data
        (``ruler: [...]``), and single-word or one-word-alias persons from Phoenix.
        """
        if self._ruler is not None:
            return list(self._ruler)
        common = common_words()
        stop = stop_words()
        out: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for entry in self._entries:
            if entry.type == "state":
                continue
            forced = self._ruler_forced.get(entry.id, set())
            for alias in entry.names:
                if (alias, entry.id) in seen:
                    continue
                if alias in forced or ruler_safe(alias, entry, common, stop):
                    seen.add((alias, entry.id))
                    out.append((alias, entry.id))
        self._ruler = out
        return list(out)

    # -- agents --------------------------------------------------------------------------------

    def agent(self, noun: str) -> AgentSense | None:
        """Generic agent sense of a noun, singular or plural: "troops" -> military."""
        key = " ".join(noun.lower().split())
        if not key:
            return None
        sense = self._agents.get(key)
        if sense is None:
            sense = next((self._agents[s] for s in singular_forms(key) if s in self._agents), None)
        # Curated data can veto a Phoenix agent noun with the type "none" ("spokesman" is a
        # role, "intelligence" mostly information).
        return None if sense is None or sense.type == "none" else sense

    def agent_count(self) -> int:
        return len(self._agents)


def _restore_kb(
    rows: list[tuple[Any, ...]],
    idx: _Indexes,
    agents: dict[str, tuple[str, str]],
    forced: dict[str, set[str]],
    states: dict[tuple[str, str], int],
    ruler: list[tuple[str, str]] | None = None,
) -> ActorKB:
    kb = ActorKB.__new__(ActorKB)
    kb._entries = [entry_from_row(row) for row in rows]
    kb._by_id = {e.id: i for i, e in enumerate(kb._entries)}
    kb._agents = {k: AgentSense(t, label) for k, (t, label) in agents.items()}
    kb._ruler_forced = forced
    kb._idx = idx
    kb._states = states
    kb._fuzzy_cache = {}
    kb._fuzzy_masks = {}
    kb._children = None
    kb._horizon = None
    kb._lookups = {}
    kb._ruler = ruler
    kb._surnames = None
    return kb
