"""The entity rulers' name patterns added from cached token keys (``sitroom.nlp``) find the
entities that ``EntityRuler.add_patterns`` finds, with the same labels and ids."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from spacy.lang.en import English

from sitroom.nlp import RulerPattern, _phrase_keys, add_phrase_patterns

PATTERNS = [
    RulerPattern("Sons of the Valley", "svf"),
    RulerPattern("sons of the valley front", "svf2"),
    RulerPattern("Red-River Brigade", "rrb"),
    RulerPattern("Northern Shield", "ns", "GPE"),
    RulerPattern("Northern Shield", "ns-alias"),  # one name, two entries: both kept
]
TEXT = (
    "Fighters of the Sons of the Valley Front clashed with the red-river brigade near "
    "the dam, while NORTHERN SHIELD units stayed in their barracks."
)


def _spacy_ruler(nlp: English, name: str) -> object:
    ruler = nlp.add_pipe("entity_ruler", name=name, config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": p.label, "pattern": p.text, "id": p.actor_id} for p in PATTERNS]
    )
    return ruler


def _ents(nlp: English) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.ent_id_) for e in nlp(TEXT).ents]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SITROOM_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_same_entities_as_the_entity_rulers_own_patterns(cache: Path) -> None:
    plain = English()
    spacy_ruler = _spacy_ruler(plain, "names")
    ours = English()
    ruler = ours.add_pipe("entity_ruler", name="names", config={"phrase_matcher_attr": "LOWER"})
    add_phrase_patterns(ours, ruler, "LOWER", PATTERNS)
    expected = _ents(plain)
    assert ("Sons of the Valley Front", "ORG", "svf2") in expected  # the longest name wins
    assert _ents(ours) == expected
    assert len(ruler) == len(spacy_ruler)  # type: ignore[arg-type]
    assert ruler._ent_ids == spacy_ruler._ent_ids  # type: ignore[attr-defined]


def test_keys_are_cached_and_a_broken_cache_is_rebuilt(cache: Path) -> None:
    nlp = English()
    texts = [p.text for p in PATTERNS]
    keys = _phrase_keys(nlp, "ORTH", texts)
    assert keys[2] == tuple(nlp.vocab.strings[w] for w in ("Red", "-", "River", "Brigade"))
    files = list(cache.glob("ruler-keys-*.pickle"))
    assert len(files) == 1
    assert _phrase_keys(nlp, "ORTH", texts) == keys  # read back
    assert _phrase_keys(nlp, "LOWER", texts) != keys  # another attribute, another file
    assert len(list(cache.glob("ruler-keys-*.pickle"))) == 2
    files[0].write_bytes(b"not a pickle")
    assert _phrase_keys(nlp, "ORTH", texts) == keys


def test_another_tokenizer_is_another_cache(cache: Path) -> None:
    texts = ["IS-K", "Red-River Brigade"]
    plain = English()
    custom = English()
    custom.tokenizer.token_match = re.compile(r"^Red-River$").match  # type: ignore[union-attr]
    assert len(_phrase_keys(plain, "ORTH", texts)[1]) == 4
    assert len(_phrase_keys(custom, "ORTH", texts)[1]) == 2
    assert len(list(cache.glob("ruler-keys-*.pickle"))) == 2
    # a tokenizer spaCy cannot serialize (a plain function): tokenized, not cached
    custom.tokenizer.token_match = lambda text: text == "IS-K"  # type: ignore[union-attr]
    assert len(_phrase_keys(custom, "ORTH", texts)[0]) == 1
    assert len(list(cache.glob("ruler-keys-*.pickle"))) == 2
