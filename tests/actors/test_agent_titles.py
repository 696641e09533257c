"""Generic agent nouns that are no agents of the story's country (issue 13: "KB links are
guessed from surface strings"): a word of a longer title, a title on a foreign person's name,
Phoenix agent phrases that name a thing. All sentences are written for these tests."""

from __future__ import annotations


def _mentions(a) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {act.id: [m.text for m in act.mentions] for act in a.actors}


def test_a_word_of_a_longer_title_is_not_an_agent_of_its_own(analyze) -> None:  # type: ignore[no-untyped-def]
    # "deputy" alone is a police agent (a sheriff's deputy); here it is part of the title
    a = analyze(
        "Somalia's Deputy Prime Minister Mahdi Guled described the border dispute as a threat. "
        "Kenyan police arrested two men in Garissa."
    )
    assert not any(
        i.endswith("-police") and "Deputy" in m for i, ms in _mentions(a).items() for m in ms
    )
    assert "somalia-police" not in _mentions(a)


def test_a_title_takes_the_nationality_on_the_name_before_the_story_s_country(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Ukrainian officials met American envoys in Jeddah on Tuesday to discuss a ceasefire. "
        "Ukraine's foreign minister said Kyiv was ready for talks. "
        "Later, Saudi Crown Prince Mohammed bin Salman met the American envoys in the city."
    )
    ids = _mentions(a)
    assert "Prince" not in ids.get("ukraine-government", [])
    assert "Prince" in ids.get("saudi-arabia-government", [])


def test_a_phrase_naming_a_thing_is_no_agent(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Ukrainian officials met American envoys in Jeddah on Tuesday. "
        "The Ukrainians are already receiving intelligence information from their partners, "
        "an official said."
    )
    assert not any("information" in m for ms in _mentions(a).values() for m in ms)


def test_officials_from_a_body_belong_to_it(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Canada hosted the meeting in Quebec. Top diplomats from the Group of Seven gathered "
        "there on Thursday."
    )
    ids = _mentions(a)
    assert "Top diplomats" in ids.get("group-of-seven", [])
    assert "Top diplomats" not in ids.get("canada-government", [])


def test_officials_from_several_places_take_no_one_country(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Canada hosted the meeting in Quebec. The talks bring together ministers from Britain, "
        "Canada, France and Japan."
    )
    assert "ministers" not in _mentions(a).get("canada-government", [])


def test_a_continent_s_forces_are_no_one_country_s(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Ukraine's president asked for more weapons on Monday. Ukraine needs air defense. "
        "European military and political heads are holding talks this week."
    )
    assert not any("European" in m for m in _mentions(a).get("ukraine-military", []))
