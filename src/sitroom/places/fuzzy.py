"""Fuzzy matching of place names the index does not hold exactly: spelling variants of small
towns, matched among the names of one country, with memos of the answers.

A country's name keys and a trigram index over them (:mod:`sitroom.trigrams`) are built once
per country; rapidfuzz scores the few dozen keys the index proposes, not every name of the
country (a full scan per unmatched name and country made the places stage grow with the square
of a long text's length). ``exhaustive=True`` scans every key: the reference the tests compare
with.

The keys, ids and trigram index of a country are also kept on disk beside the gazetteer index
(``gazetteer-<fingerprint>.fuzzy/<country>.pickle``, written atomically by whichever process
builds them first), so a new process loads them instead of building them again: building
costs about 0.1 s per country (3.7 s for the 42 countries of 30 news stories), loading a few
milliseconds. The files belong to the index they sit beside; a new index has a new folder.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import pickle
import tempfile
import threading
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from sitroom import trigrams
from sitroom.places.gazetteer import Entry, Gazetteer, NameHit
from sitroom.places.names import name_key
from sitroom.places.scoring import _contains
from sitroom.trigrams import TrigramIndex

# memos are cleared when they grow past this many answers
MEMO_LIMIT = 20_000

log = logging.getLogger(__name__)


class FuzzyNames:
    """Fuzzy lookups against one gazetteer; safe to share between threads."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._lock = threading.Lock()
        self._memo: dict[tuple[str, frozenset[str]], list[NameHit]] = {}
        self._inside_memo: dict[tuple[str, int], Entry | None] = {}
        self._keys_by_country: dict[str, tuple[list[str], list[Any], TrigramIndex]] = {}

    def in_countries(
        self, name: str, countries: set[str], *, exhaustive: bool = False
    ) -> list[NameHit]:
        """Close spellings of ``name`` (ratio >= 88, three per country) in ``countries``."""
        key = name_key(name)
        if len(key) < 5:
            return []
        memo_key = (key, frozenset(countries))
        with self._lock:
            known = None if exhaustive else self._memo.get(memo_key)
        if known is not None:
            return list(known)
        hits: list[NameHit] = []
        for country in countries:
            for index in self._closest(key, country, 88, 3, exhaustive):
                entry = self.gazetteer.entry(index)
                hits.append(NameHit(entry, primary=False, loose=True))
        with self._lock:
            if len(self._memo) > MEMO_LIMIT:
                self._memo.clear()
            self._memo[memo_key] = hits
        return list(hits)

    def inside(self, name: str, container: Entry) -> Entry | None:
        """The most populous close spelling of ``name`` (ratio >= 85) inside ``container``."""
        key = name_key(name)
        if len(key) < 4:
            return None
        # Chains are chosen again with other tops (_rechoose_chain_tops): remember the answers.
        memo_key = (key, container.id)
        with self._lock:
            if memo_key in self._inside_memo:
                return self._inside_memo[memo_key]
        found = self._closest(key, container.country, 85, 20, exhaustive=False)
        inside = [self.gazetteer.entry(i) for i in found]
        inside = [e for e in inside if _contains(container, e)]
        best = max(inside, key=lambda e: e.population) if inside else None
        with self._lock:
            if len(self._inside_memo) > MEMO_LIMIT:
                self._inside_memo.clear()
            self._inside_memo[memo_key] = best
        return best

    def _closest(
        self, key: str, country: str, cutoff: int, limit: int, exhaustive: bool
    ) -> list[Any]:
        """Entry ids of the ``limit`` keys of ``country`` closest to ``key`` (ratio >=
        ``cutoff``), best first; ties in the keys' own order, as a full scan gives them."""
        keys, ids, index = self._country_keys(country)
        positions = list(range(len(keys))) if exhaustive else index.candidates(key)
        choices = [keys[p] for p in positions]
        found = process.extract(key, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [ids[positions[i]] for _, _, i in found]

    def _country_keys(self, country: str) -> tuple[list[str], list[Any], TrigramIndex]:
        """The name keys of a country, their entry ids and a trigram index over the keys,
        built once per country."""
        with self._lock:
            found = self._keys_by_country.get(country)
        if found is None:
            found = self._load(country)
            if found is None:
                choices = self.gazetteer.names_in_country(country)
                keys = [k for k, _ in choices]
                found = (keys, [i for _, i in choices], TrigramIndex(keys))
                self._save(country, found)
            with self._lock:
                self._keys_by_country[country] = found
        return found

    def _cache_file(self, country: str) -> Path | None:
        if not country.isalnum():  # a country code, never a path
            return None
        path = self.gazetteer.path
        return path.with_name(path.stem + ".fuzzy") / f"{country}.pickle"

    def _load(self, country: str) -> tuple[list[str], list[Any], TrigramIndex] | None:
        file = self._cache_file(country)
        if file is None or not file.is_file():
            return None
        try:
            with file.open("rb") as fh:
                found = pickle.load(fh)  # our own cache, beside our own index
        except Exception as exc:  # a damaged file is rebuilt
            log.warning("fuzzy-name cache %s unreadable (%s); rebuilding it", file, exc)
            return None
        # written by other code (another digest of sitroom.trigrams): rebuilt, never used
        if not (isinstance(found, tuple) and len(found) == 2 and found[0] == _code_version()):
            return None
        index = found[1]
        well_formed = isinstance(index, tuple) and len(index) == 3
        return index if well_formed and isinstance(index[2], TrigramIndex) else None

    def _save(self, country: str, found: tuple[list[str], list[Any], TrigramIndex]) -> None:
        file = self._cache_file(country)
        if file is None:
            return
        tmp: str | None = None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((_code_version(), found), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, file)
        except OSError as exc:  # a read-only cache is slower, not wrong
            log.debug("fuzzy-name cache %s not written: %s", file, exc)
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


@functools.cache
def _code_version() -> str:
    """A digest of the code that shapes a pickled index (``sitroom.trigrams``), stored with
    it: an index pickled by other code is rebuilt, never used."""
    return hashlib.sha256(Path(trigrams.__file__).read_bytes()).hexdigest()[:12]
