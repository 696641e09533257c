"""Fuzzy matching of place names the index does not hold exactly: spelling variants of small
towns, matched among the names of one country (rapidfuzz over that country's keys, built once
per country and kept), with memos of the answers."""

from __future__ import annotations

import threading
from typing import Any

from rapidfuzz import fuzz, process

from sitroom.places.gazetteer import Entry, Gazetteer, NameHit
from sitroom.places.names import name_key
from sitroom.places.scoring import _contains

# memos are cleared when they grow past this many answers
MEMO_LIMIT = 20_000


class FuzzyNames:
    """Fuzzy lookups against one gazetteer; safe to share between threads."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._lock = threading.Lock()
        self._memo: dict[tuple[str, frozenset[str]], list[NameHit]] = {}
        self._inside_memo: dict[tuple[str, int], Entry | None] = {}
        self._keys_by_country: dict[str, tuple[list[str], list[Any]]] = {}

    def in_countries(self, name: str, countries: set[str]) -> list[NameHit]:
        """Close spellings of ``name`` (ratio >= 88, three per country) in ``countries``."""
        key = name_key(name)
        if len(key) < 5:
            return []
        memo_key = (key, frozenset(countries))
        with self._lock:
            known = self._memo.get(memo_key)
        if known is not None:
            return list(known)
        hits: list[NameHit] = []
        for country in countries:
            keys, ids = self._country_keys(country)
            for _, _, index in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=88, limit=3
            ):
                entry = self.gazetteer.entry(ids[index])
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
        keys, ids = self._country_keys(container.country)
        found = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=85, limit=20)
        inside = [self.gazetteer.entry(ids[i]) for _, _, i in found]
        inside = [e for e in inside if _contains(container, e)]
        best = max(inside, key=lambda e: e.population) if inside else None
        with self._lock:
            if len(self._inside_memo) > MEMO_LIMIT:
                self._inside_memo.clear()
            self._inside_memo[memo_key] = best
        return best

    def _country_keys(self, country: str) -> tuple[list[str], list[Any]]:
        """The name keys of a country and their entry ids, built once per country."""
        with self._lock:
            found = self._keys_by_country.get(country)
        if found is None:
            choices = self.gazetteer.names_in_country(country)
            found = ([k for k, _ in choices], [i for _, i in choices])
            with self._lock:
                self._keys_by_country[country] = found
        return found
