"""Forms whose literal or metonymic reading the syntax settles (places/kinds.py:
``syntax_decides``), whatever the fitted weights say. Every sentence is written for these
tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sitroom.models import Place
from sitroom.places.kinds import MetonymyModel, syntax_decides

PlacesOf = Callable[..., list[Place]]


@pytest.mark.parametrize(
    ("features", "decided"),
    [
        (["class=country", "dep=nsubj", "subject_of=VERB", "subject_of_speech"], True),
        (["class=country", "dep=pobj", "prep=in", "prep_class=locative"], False),
        (["class=city", "dep=poss", "possessive", "possessive_place_part"], False),
        (["class=country", "dep=pobj", "prep=to", "prep_class=relational"], None),
        (["class=country", "dep=poss", "possessive", "possessive_actor_head"], None),
        (["class=country", "dep=pobj", "prep_class=relational", "party_to_relation"], True),
        (["class=city", "dep=pobj", "prep_class=relational", "party_to_relation"], True),
        # a sea or a region of a relation noun is left to the weights
        (["class=feature", "dep=pobj", "prep_class=relational", "party_to_relation"], None),
    ],
)
def test_syntax_decides(features: list[str], decided: bool | None) -> None:
    assert syntax_decides(features) is decided


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # the party to a relation between states is the state
        ("Parliament approved new aid to Moldova on Tuesday.", "Moldova", "metonymic"),
        ("Ghana wants closer ties with Togo, the minister said.", "Togo", "metonymic"),
        ("Investors feared more pressure from Ankara after the vote.", "Ankara", "metonymic"),
        # a movement to a place is no relation: the place stays a location
        ("Trucks carried grain to Moldova on Tuesday.", "Moldova", "literal"),
        ("Floods cut the road to Togo for a week.", "Togo", "literal"),
    ],
)
def test_the_party_to_a_relation_noun_is_a_state(
    places_of: PlacesOf, text: str, name: str, kind: str
) -> None:
    found = [p.kind for p in places_of(text) for m in p.mentions if m.text == name]
    assert found == [kind]


def test_the_syntax_overrides_the_weights() -> None:
    # weights that would call everything metonymic still leave "in X" literal
    model = MetonymyModel({"class=country": 10.0}, bias=0.0)
    assert model.metonymic(["class=country", "prep=in", "prep_class=locative"]) is False
    assert model.metonymic(["class=country", "prep=to", "prep_class=relational"]) is True
    # and weights that call everything literal leave a speaking capital metonymic
    literal_model = MetonymyModel({"class=city": -10.0}, bias=0.0)
    assert literal_model.metonymic(["class=city", "subject_of_speech"]) is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kenya rejected the ruling, and floods hit Kenya's north.",
            [("Kenya", "metonymic"), ("Kenya", "literal")],
        ),
        (
            "Beijing denied the report. Protests spread in Beijing on Monday.",
            [("Beijing", "metonymic"), ("Beijing", "literal")],
        ),
    ],
)
def test_sentences(places_of: PlacesOf, text: str, expected: list[tuple[str, str]]) -> None:
    found = sorted((m.start, m.text, p.kind) for p in places_of(text) for m in p.mentions)
    assert [(t, k) for _, t, k in found] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # glued to a participle of backing or leading: the government
        ("The U.S.-led coalition struck targets near Mosul.", ("U.S.", "metonymic")),
        ("The Beijing-imposed law took effect in June.", ("Beijing", "metonymic")),
        # glued to another lower-case word: where something is or comes from
        ("The lender is a U.S.-based fund.", ("U.S.", "literal")),
        ("Prices of U.S.-produced goods rose.", ("U.S.", "literal")),
    ],
)
def test_names_glued_to_a_word(places_of: PlacesOf, text: str, expected: tuple[str, str]) -> None:
    found = [(m.text, p.kind) for p in places_of(text) for m in p.mentions]
    assert expected in found


def test_a_possessive_inside_the_entity_is_left_out(places_of: PlacesOf) -> None:
    text = "Tourism is growing fast across Southeast Asia’s coastal resorts."
    names = [m.text for p in places_of(text) for m in p.mentions]
    assert "Southeast Asia" in names


@pytest.mark.parametrize(
    "text",
    [
        "Pro-Iran militias fired rockets at a base in Syria.",
        "Militias loyal to Damascus and pro-Iran groups fought near the border.",
    ],
)
def test_a_name_after_a_stance_prefix_is_its_state(places_of: PlacesOf, text: str) -> None:
    found = [(m.text, p.kind, p.country) for p in places_of(text) for m in p.mentions]
    assert ("Iran", "metonymic", "IRN") in found


def test_an_actor_modifier_without_a_prefix_is_still_no_place(places_of: PlacesOf) -> None:
    # "Kokang rebels" names a group: no place (a stance prefix is what makes it a state)
    names = [m.text for p in places_of("Kokang rebels seized a town.") for m in p.mentions]
    assert "Kokang" not in names


@pytest.mark.parametrize(
    ("text", "name", "literal"),
    [
        # a name after a named place noun and a comma holds that place
        ("Mortar fire killed 4 in Tal Hamid quarter, Homs", "Homs", True),
        ("Rockets landed in the Karte Seh neighborhood, Kabul, on Monday.", "Kabul", True),
        # names listed in parentheses after a name are its units ...
        (
            "Soldiers were attacked near Kaya (Sanmatenga, Centre-Nord) on Friday.",
            "Centre-Nord",
            True,
        ),
        (
            "Soldiers were attacked near Kaya (Sanmatenga, Centre-Nord) on Friday.",
            "Sanmatenga",
            True,
        ),
        # ... but an alias alone in parentheses is no unit, and a plain comma is no noun
        ("Talks with the PRC (People's Republic of China) stalled.", "People's Republic", False),
        ("Peru, Chile and Bolivia signed the pact.", "Chile", False),
    ],
)
def test_units_written_after_a_named_place_are_locations(
    annotator, text: str, name: str, literal: bool
) -> None:
    from sitroom.places.output import location_syntax

    doc = annotator.annotate(text)
    start = doc.text.index(name)
    assert location_syntax(doc, start, start + len(name)) is literal


def test_reading_by_form_leaves_open_forms_to_the_weights(annotator) -> None:
    from sitroom.places.output import reading_by_form

    doc = annotator.annotate("Officials said Ghana had protested to Togo about the border.")
    start = doc.text.index("Togo")
    assert reading_by_form(doc, start, start + 4, ["class=country", "prep=to"]) is None
    doc = annotator.annotate("Aid convoys reached Herat-bound trucks and pro-Iran militias.")
    herat, iran = doc.text.index("Herat"), doc.text.index("Iran")
    assert reading_by_form(doc, herat, herat + 5, ["class=city"]) is False
    assert reading_by_form(doc, iran, iran + 4, ["class=country"]) is True
