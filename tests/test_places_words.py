"""The place resolver's word tables (src/sitroom/places/words.yaml) and their loader."""

from __future__ import annotations

import pytest

from sitroom.places.gazetteer import ADMIN1, ADMIN2, CITY
from sitroom.places.words import WordTableError, parse_words, words

_MINIMAL = """
affix_kind: {province: admin1, district: admin2, town: city, area: null}
actor_nouns: [rebels]
connectors: [al]
english_particles: [as]
common_words: [union]
place_prepositions: [in]
calendar_words: [may]
direction_words: [north]
name_modifiers: [the]
locative_before_actor_name: [in]
locative_preps: [at]
place_nouns: [outskirts]
speech_lemmas: [say]
actor_heads: [government]
wire_agencies: [ap]
person_titles: [mr]
first_names: [tyler]
surname_particles: [von]
attack_lemmas: [shell]
actor_participles: [backed]
home_participles: [based]
place_part_nouns: [border]
locative_only_preps: [in]
relational_preps: [with]
relation_nouns: [aid]
act_nouns: [invasion]
setting_subject_lemmas: [experience]
ownership_lemmas: [cede]
control_lemmas: [force]
title_small_words: [in]
stance_prefixes: [pro]
actor_object_lemmas: [praise]
travel_nouns: [flight]
site_words: [prison]
natural_words: [island]
unit_words_before: [lake]
"""


def test_packaged_tables_load() -> None:
    tables = words()
    assert tables.affix_kind["province"] == ADMIN1
    assert tables.affix_kind["district"] == ADMIN2
    assert tables.affix_kind["village"] == CITY
    assert tables.affix_kind["area"] == -1
    assert "rebels" in tables["actor_nouns"]
    assert "-" in tables["connectors"]


def test_minimal_tables_parse() -> None:
    tables = parse_words(_MINIMAL)
    assert tables["place_nouns"] == frozenset({"outskirts"})


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("town: city", "town: hamlet", "admin1, admin2, city, null"),
        ("actor_nouns: [rebels]", "actor_nouns: [Rebels]", "lower-case"),
        ("actor_nouns: [rebels]", "actor_nouns: [armed men]", "space"),
        ("actor_nouns: [rebels]", "actor_nouns: []", "non-empty"),
        ("place_nouns: [outskirts]", "", "missing"),
        ("place_nouns: [outskirts]", "place_nouns: [x]\nextra: [y]", "unknown"),
    ],
)
def test_malformed_tables_are_rejected(old: str, new: str, message: str) -> None:
    with pytest.raises(WordTableError, match=message):
        parse_words(_MINIMAL.replace(old, new))
