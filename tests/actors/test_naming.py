"""The one id rule for actors (``sitroom.kb.names.slugify``, re-exported by ``sitroom.actors``):
what it does with non-ASCII names, and that it reproduces the ids already stored."""

from __future__ import annotations

import pytest

import sitroom.actors
import sitroom.actors.naming
from sitroom.actors import ActorLinker
from sitroom.countries import all_countries
from sitroom.kb import ActorKB, default_kb, slugify
from support.docs import conll


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return default_kb()


def test_one_slugifier_for_the_kb_and_the_linker() -> None:
    assert sitroom.actors.slugify is slugify
    assert sitroom.actors.naming.slugify is slugify


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Front de Libération du Sahel", "front-de-liberation-du-sahel"),  # accents decomposed
        ("Ouédraogo’s Militia", "ouedraogos-militia"),  # typographic apostrophe removed
        ("Kel d'Adrar", "kel-dadrar"),
        ("N`Gourma Defence Force", "ngourma-defence-force"),
        ("Brigade Ørnsø", "brigade-rns"),  # letters without a decomposition are dropped
        ("Großer Rat", "groer-rat"),
        ("Şırnak Kurds", "srnak-kurds"),  # dotless i has no ASCII base
        ("ﬁeld Unit ²", "field-unit-2"),  # compatibility forms become their ASCII letters
        ("  --Guardians of the Ridge--  ", "guardians-of-the-ridge"),
        ("كتائب الجبل", "actor"),  # nothing ASCII left
        ("", "actor"),
    ],
)
def test_slugify_non_ascii_names(name: str, expected: str) -> None:
    assert slugify(name) == expected


def test_every_country_state_id_is_its_name_slug(kb: ActorKB) -> None:
    """The builder made the state ids from the country list (accented names included)."""
    checked = 0
    for iso3, name in all_countries():
        entry = kb.state_actor(iso3)
        if entry is None:
            continue
        assert entry.id == slugify(name), (iso3, name)
        checked += 1
    assert checked > 200
    assert kb.state_actor("CIV").id == "cote-divoire"  # type: ignore[union-attr]
    assert kb.state_actor("STP").id == "sao-tome-and-principe"  # type: ignore[union-attr]


def test_every_built_id_starts_with_its_name_slug(kb: ActorKB) -> None:
    """Phoenix entries got ``slugify(name)`` (a suffix only to break ties): the rule reproduces
    every stored id, accented names ("Manfred Wörner") among them."""
    built = [e for e in kb if e.source == "phoenix"]
    assert len(built) > 20_000
    assert [e.id for e in built if not e.id.startswith(slugify(e.name))] == []
    assert any(not e.name.isascii() for e in built)


def test_unknown_non_ascii_group_gets_a_document_local_id(kb: ActorKB) -> None:
    doc, _ = conll(
        """
        Ørnsø       Ørnsø       PROPN NNP compound 2 ORG
        Liberation  liberation  PROPN NNP compound 2 ORG
        Brigade     brigade     PROPN NNP nsubj    3 ORG
        attacked    attack      VERB  VBD ROOT     3
        a           a           DET   DT  det      6
        police      police      NOUN  NN  compound 6
        post        post        NOUN  NN  dobj     3
        .           .           PUNCT .   punct    3
        """
    )
    linked = ActorLinker(kb).link(doc)
    actor = linked.actors["rns-liberation-brigade"]
    assert (actor.name, actor.kb) == ("Ørnsø Liberation Brigade", False)
