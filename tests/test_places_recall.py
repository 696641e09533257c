"""Recall of place mentions (issue #14): names written in ways the scan used to miss.
Sentences are written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from sitroom.models import Place


def by_mention(places: list[Place]) -> dict[str, Place]:
    return {m.text: p for p in places for m in p.mentions}


def test_longer_gazetteer_name_wins_over_a_region_inside_it(
    places_of: Callable[..., list[Place]],
) -> None:
    found = by_mention(places_of("Floods hit Rio Grande do Sul on Monday."))
    assert "Rio Grande" not in found
    state = found["Rio Grande do Sul"]
    assert (state.country, state.precision) == ("BRA", "admin1")
    # alone, the river is still the named feature
    assert "Rio Grande" in by_mention(places_of("Migrants waded across the Rio Grande."))


def test_modifier_before_a_name_names_part_of_the_place(
    places_of: Callable[..., list[Place]],
) -> None:
    found = by_mention(places_of("Syrian troops shelled homes in Old Homs on Tuesday."))
    homs = next(p for text, p in found.items() if text.endswith("Homs"))
    assert (homs.country, homs.kind) == ("SYR", "literal")


def test_name_before_a_place_noun_is_a_place_not_a_person(
    places_of: Callable[..., list[Place]],
) -> None:
    found = by_mention(places_of("Flooding closed roads on the Austin outskirts in Texas."))
    assert (found["Austin"].country, found["Austin"].kind) == ("USA", "literal")
    # a first name alone, no place noun after it, is still a person
    people = by_mention(places_of("Tyler Reed and Austin Moore said Austin visited the market."))
    assert "Austin" not in people


def test_name_glued_to_a_backing_participle_is_metonymic(
    places_of: Callable[..., list[Place]],
) -> None:
    found = by_mention(places_of("Iran-backed militias attacked a base."))
    assert (found["Iran"].country, found["Iran"].kind) == ("IRN", "metonymic")
    # a hyphenated particle is still part of a longer name: no town "Zia"
    assert "Zia" not in by_mention(places_of("Minister Zia-ul Haq Haqmal spoke to reporters."))


def test_names_joined_by_a_hyphen_are_each_found(places_of: Callable[..., list[Place]]) -> None:
    found = by_mention(places_of("The U.S.-China talks ended in Geneva."))
    assert (found["U.S."].country, found["China"].country) == ("USA", "CHN")
    # a pair of governments says nothing of where the text is: no Geneva of Illinois
    assert "Geneva" not in found or found["Geneva"].country != "USA"
    road = by_mention(places_of("Bandits blocked the Kano-Katsina road."))
    assert (road["Kano"].country, road["Katsina"].country) == ("NGA", "NGA")
    # one name with a hyphen stays whole
    assert by_mention(places_of("Guinea-Bissau held elections."))["Guinea-Bissau"].country == "GNB"
    # a part that is only a hamlet or a district abroad is no place
    assert "Korea" not in by_mention(places_of("Scholars at the U.S.-Korea institute met."))
