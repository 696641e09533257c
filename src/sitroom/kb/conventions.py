"""Dataset naming conventions of actor names: ACLED "Military Forces of X (2014-)", GTD
"Name (ACR)", "A and/or B", "JNIM: Group for ...", "Boko Haram - Wilayat ...", generic groups
("Civilians (Vietnam)"). Each rule returns None when it does not apply, else its matches."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sitroom.countries import country_code
from sitroom.kb.model import KBEntry, Match
from sitroom.kb.names import normalize_name
from sitroom.text import is_acronym

if TYPE_CHECKING:
    from sitroom.kb.base import ActorKB

__all__ = ["CONVENTION_RULES"]

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

# Generic group entries of the curated file, by agent type.
_GENERIC_IDS = {"civilians": "civilians", "media": "journalists"}

CONVENTION_RULES = (
    _rule_unidentified,
    _rule_forces,
    _rule_government,
    _rule_composite,
    _rule_prefix,
    _rule_dash_faction,
    _rule_generic_group,
    _rule_parenthetical,
)
