"""The word tables of the place resolver, read from ``words.yaml`` beside this module and
checked on load: every table is present, no table is unknown, every entry is one lower-case
word (or a hyphen), and every kind word maps to admin1, admin2, city or null."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sitroom.places.gazetteer import ADMIN1, ADMIN2, CITY
from sitroom.rules import load_yaml

_KINDS: dict[str | None, int] = {"admin1": ADMIN1, "admin2": ADMIN2, "city": CITY, None: -1}
_WORD_LISTS = (
    "actor_nouns",
    "connectors",
    "english_particles",
    "common_words",
    "place_prepositions",
    "calendar_words",
    "direction_words",
    "name_modifiers",
    "locative_before_actor_name",
    "locative_preps",
    "place_nouns",
    "speech_lemmas",
    "actor_heads",
    "wire_agencies",
    "person_titles",
    "first_names",
    "surname_particles",
    "attack_lemmas",
    "actor_participles",
    "home_participles",
    "place_part_nouns",
    "locative_only_preps",
    "relational_preps",
    "relation_nouns",
    "act_nouns",
    "setting_subject_lemmas",
    "ownership_lemmas",
    "control_lemmas",
    "title_small_words",
    "stance_prefixes",
    "actor_object_lemmas",
    "travel_nouns",
    "site_words",
    "natural_words",
    "unit_words_before",
)


class WordTableError(ValueError):
    """``words.yaml`` (or a table given to :func:`parse_words`) is malformed."""


@dataclass(frozen=True)
class Words:
    """The resolver's vocabularies; ``affix_kind`` maps a kind word to a gazetteer kind, or
    -1 for a word that is stripped without a preference ("area", "camp")."""

    affix_kind: dict[str, int]
    lists: dict[str, frozenset[str]]

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists[name]


def _word(table: str, value: Any) -> str:
    if not isinstance(value, str) or not value or value != value.strip().lower():
        raise WordTableError(f"{table}: {value!r} is not a lower-case word")
    if any(c.isspace() for c in value):
        raise WordTableError(f"{table}: {value!r} holds a space (one word per entry)")
    return value


def parse_words(text: str) -> Words:
    """Parse and check the YAML text of a word-table file."""
    data = load_yaml(text)
    if not isinstance(data, dict):
        raise WordTableError("the word tables must be a mapping of table names")
    expected = {"affix_kind", *_WORD_LISTS}
    unknown, missing = set(data) - expected, expected - set(data)
    if unknown or missing:
        raise WordTableError(f"unknown tables {sorted(unknown)}, missing {sorted(missing)}")
    affix = data["affix_kind"]
    if not isinstance(affix, dict) or not affix:
        raise WordTableError("affix_kind must be a non-empty mapping")
    affix_kind: dict[str, int] = {}
    for word, kind in affix.items():
        if kind not in _KINDS:
            raise WordTableError(f"affix_kind: {word!r} -> {kind!r} (admin1, admin2, city, null)")
        affix_kind[_word("affix_kind", word)] = _KINDS[kind]
    lists: dict[str, frozenset[str]] = {}
    for name in _WORD_LISTS:
        values = data[name]
        if not isinstance(values, list) or not values:
            raise WordTableError(f"{name} must be a non-empty list")
        lists[name] = frozenset(_word(name, v) for v in values)
    return Words(affix_kind, lists)


@functools.cache
def words() -> Words:
    """The packaged tables (read once per process)."""
    text = resources.files("sitroom.places").joinpath("words.yaml").read_text(encoding="utf-8")
    return parse_words(text)
