"""National capitals (``capitals.yaml`` beside this module): the likelier of same-named towns
("Manila" is the Philippine capital before the Arkansas town), and the seat of a country's
central institutions ("the U.S. Congress voted": Washington)."""

from __future__ import annotations

import functools
import re
import threading
from importlib import resources
from typing import Any

import yaml

from sitroom.places.gazetteer import CITY, Entry, Gazetteer


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("sitroom.places").joinpath("capitals.yaml").read_text("utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise ValueError("capitals.yaml: a mapping is expected")
    return data


@functools.cache
def capital_names() -> dict[str, str]:
    """ISO alpha-3 -> the capital's name (checked on load: strings only)."""
    table = _data().get("capitals")
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in table.items()
    ):
        raise ValueError("capitals.yaml: a 'capitals' mapping of alpha-3 codes to names")
    return dict(table)


@functools.cache
def igo_seats() -> dict[str, str]:
    """Actor id of an intergovernmental organization -> the alpha-3 code of the country whose
    capital is its seat (checked on load: strings only)."""
    table = _data().get("igo_seats")
    if not isinstance(table, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(v) == 3 for k, v in table.items()
    ):
        raise ValueError("capitals.yaml: an 'igo_seats' mapping of actor ids to alpha-3 codes")
    return dict(table)


@functools.cache
def seat_pattern() -> re.Pattern[str]:
    """Whole-word, case-insensitive names of the institutions that sit in the capital."""
    seats = _data().get("seats")
    if not isinstance(seats, list) or not all(isinstance(s, str) and s for s in seats):
        raise ValueError("capitals.yaml: 'seats' is a list of phrases")
    alternatives = "|".join(
        r"\s+".join(re.escape(w) for w in s.split()) for s in sorted(seats, key=len, reverse=True)
    )
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


class Capitals:
    """The capital entry of each country of a gazetteer: the most populous town of that
    country under the capital's name (found once, on first use)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._by_country: dict[str, Entry] | None = None
        self._lock = threading.Lock()

    def _load(self) -> dict[str, Entry]:
        with self._lock:
            if self._by_country is None:
                names = capital_names()
                found = self.gazetteer.find(names.values())
                out: dict[str, Entry] = {}
                for country, name in names.items():
                    towns = [
                        h.entry
                        for h in found.get(name, [])
                        if h.entry.country == country and h.entry.kind == CITY and not h.loose
                    ]
                    if towns:
                        out[country] = max(towns, key=lambda e: e.population)
                self._by_country = out
            return self._by_country

    def of(self, country: str) -> Entry | None:
        return self._load().get(country)

    @functools.cached_property
    def ids(self) -> frozenset[int]:
        return frozenset(e.id for e in self._load().values())
