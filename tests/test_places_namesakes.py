"""Famous places against their small namesakes abroad, named features of the news (islands,
reefs, peninsulas) and names that share a place noun in a coordination.

Every sentence is written for these tests."""

from __future__ import annotations

from collections.abc import Callable

from sitroom.models import Place
from sitroom.places.gazetteer import ADMIN2, CITY, COUNTRY, Entry, NameHit
from sitroom.places.mentions import _Mention
from sitroom.places.scoring import AbstentionRule, weak_choice

PlacesOf = Callable[..., list[Place]]


def _by_mention(places: list[Place]) -> dict[str, Place]:
    return {m.text: p for p in places for m in p.mentions}


def _entry(id: int, kind: int, country: str, population: int, admin1: int = 0) -> Entry:
    return Entry(id, kind, f"E{id}", country, admin1, None, 0.0, 0.0, population, None, None)


def test_a_national_capital_beats_a_village_of_the_text_s_country(places_of: PlacesOf) -> None:
    # The whole text is about Ukraine; "Paris" is still the French capital, not a Ukrainian
    # village that GeoNames also calls so.
    text = (
        "Ukrainian officials said drones hit Kharkiv and Odesa in Ukraine overnight. "
        "Defense ministers will meet in Paris on Friday to discuss more aid for Ukraine."
    )
    paris = _by_mention(places_of(text))["Paris"]
    assert (paris.country, paris.city) == ("FRA", "Paris")


def test_a_city_of_a_million_beats_a_small_namesake_abroad(places_of: PlacesOf) -> None:
    text = (
        "Bushfires burned across New South Wales, Australia, this week. "
        "A firefighter from Edmonton flew in to help the Australian crews."
    )
    edmonton = _by_mention(places_of(text))["Edmonton"]
    assert edmonton.country == "CAN"


def test_a_country_name_is_not_a_hamlet_of_the_text_s_country(places_of: PlacesOf) -> None:
    text = (
        "U.S. officials in Washington said migrants held at the naval base at "
        "Guantanamo Bay, Cuba, were flown back to Texas."
    )
    cuba = _by_mention(places_of(text))["Cuba"]
    assert (cuba.country, cuba.precision) == ("CUB", "country")


def test_a_stated_container_still_picks_the_small_namesake(places_of: PlacesOf) -> None:
    # written hierarchy: the namesake is meant
    paris = _by_mention(places_of("A tornado damaged homes in Paris, Texas, on Monday."))["Paris"]
    assert (paris.country, paris.admin1) == ("USA", "Texas")


def test_a_lone_big_city_does_not_abstain(places_of: PlacesOf) -> None:
    # "Geneva" alone: the Swiss city, not a guess among American towns (and no abstention)
    geneva = _by_mention(places_of("The talks ended in Geneva on Friday."))["Geneva"]
    assert (geneva.country, geneva.city) == ("CHE", "Geneva")


def test_a_smaller_city_leaves_its_namesakes_to_the_context(places_of: PlacesOf) -> None:
    # Gaya, India (about 470,000 people) is no famous city: Boko Haram's Nigeria decides
    found = places_of("Gunmen attacked a market in Gaya on Sunday.", ["NGA"])
    assert _by_mention(found)["Gaya"].country == "NGA"


def test_dwarfed_rivals_abroad_are_no_close_rivals() -> None:
    rule = AbstentionRule(min_odds=4.0, support=frozenset({"country_named_in_text"}))
    big = _entry(1, CITY, "CHE", 200_000)
    small_abroad = _entry(2, CITY, "USA", 20_000)
    assert weak_choice([(5.0, [], big), (4.5, [], small_abroad)], rule) is None
    # a rival abroad of comparable size keeps the choice weak
    peer_abroad = _entry(3, CITY, "USA", 60_000)
    assert weak_choice([(5.0, [], big), (4.5, [], peer_abroad)], rule) is not None
    # namesakes inside the big city's own country are rivals as before (several Rampurs)
    home = _entry(4, ADMIN2, "CHE", 20_000, admin1=9)
    assert weak_choice([(5.0, [], big), (4.5, [], home)], rule) is not None


def test_without_dwarfed_namesakes_keeps_units_and_home_towns() -> None:
    from sitroom.places.decision import without_dwarfed_namesakes

    capital = _entry(1, CITY, "FRA", 2_000_000)
    village = _entry(2, CITY, "UKR", 1_800)
    home_town = _entry(3, CITY, "FRA", 1_000)
    unit = _entry(4, COUNTRY, "XXX", 5_000)
    m = _Mention(0, 5, "Paris", "Paris", None, True, 0, "GPE")
    m.hits = [NameHit(e, True, False) for e in (capital, village, home_town, unit)]
    without_dwarfed_namesakes([m], frozenset({1}))
    assert [h.entry.id for h in m.hits] == [1, 3, 4]
    # not a capital and under a million: the namesakes stay
    m.hits = [NameHit(e, True, False) for e in (_entry(5, CITY, "IND", 470_000), village)]
    without_dwarfed_namesakes([m], frozenset())
    assert len(m.hits) == 2
    # a kind word ("Paris district") leaves the choice to the scores
    m.hits, m.hint = [NameHit(e, True, False) for e in (capital, village)], ADMIN2
    without_dwarfed_namesakes([m], frozenset({1}))
    assert len(m.hits) == 2


def test_islands_reefs_and_peninsulas_are_features(places_of: PlacesOf) -> None:
    found = _by_mention(
        places_of(
            "Fishing boats gathered near Scarborough Shoal while a U.S. destroyer sailed "
            "past the Spratly Islands toward the Korean Peninsula."
        )
    )
    assert {"Scarborough Shoal", "Spratly Islands", "Korean Peninsula"} <= set(found)
    assert all(found[n].feature == "feature" for n in ("Scarborough Shoal", "Spratly Islands"))
    # "Korea" alone is the peninsula, not a hamlet of Ivory Coast
    korea = _by_mention(places_of("He spent two years in Korea as a young soldier."))
    assert korea["Korea"].feature == "feature" and korea["Korea"].country is None
    # an island territory keeps its ISO code
    base = _by_mention(places_of("The bombers took off from Diego Garcia on Tuesday."))
    assert base["Diego Garcia"].country == "IOT"


def test_names_sharing_a_plural_place_noun_are_places(places_of: PlacesOf) -> None:
    # "Dadaab" alone is read as a person by the small model; "Dadaab and Kakuma camps"
    # writes both as places
    found = _by_mention(
        places_of("Kenya ordered the closure of Dadaab and Kakuma camps in northern Kenya.")
    )
    assert found["Dadaab"].country == "KEN" and found["Kakuma"].country == "KEN"
