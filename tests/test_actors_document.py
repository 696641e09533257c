"""Document-level actor linking (issue 13): surnames, news agencies, titles, dated roles,
abstention and link provenance, on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

from sitroom.actors.coref import roles_at
from sitroom.actors.resolve import fuzzy_words_agree, surname_key
from sitroom.kb import Role


def test_surname_is_the_person_named_in_full(analyze) -> None:
    a = analyze(
        "Interior Minister Halvard Oskarsen visited the border post on Monday. "
        "Oskarsen said the guards had repelled the smugglers."
    )
    persons = [x for x in a.actors if x.type == "person"]
    assert [p.name for p in persons] == ["Halvard Oskarsen"]
    assert {m.text for m in persons[0].mentions} == {"Halvard Oskarsen", "Oskarsen"}


def test_surname_with_two_full_names_stays_apart(analyze) -> None:
    a = analyze("Rolf Oskarsen and Halvard Oskarsen met the envoy. Oskarsen later left the talks.")
    persons = {x.name for x in a.actors if x.type == "person"}
    assert {"Rolf Oskarsen", "Halvard Oskarsen"} <= persons


def test_news_agency_in_a_credit_is_media_not_an_army(analyze) -> None:
    a = analyze("Police in Manila arrested two suspects on Friday, AFP reported.")
    assert a.actor("agence-france-presse") is not None
    assert a.actor("philippines-military") is None


def test_agency_acronym_outside_the_forces_country_is_media(analyze) -> None:
    a = analyze("Officials in Kenya told AFP that the ministers would meet in Nairobi.")
    afp = a.actor("agence-france-presse")
    assert afp is not None and afp.type == "media"
    assert a.actor("philippines-military") is None


def test_the_force_keeps_its_acronym_in_its_own_country(analyze) -> None:
    a = analyze("The AFP said its soldiers clashed with rebels in Mindanao, the Philippines.")
    assert a.actor("philippines-military") is not None


def test_a_title_takes_the_government_of_its_nationality(analyze, pipeline) -> None:
    a = analyze(
        "U.S. President Donald Trump kept tariffs on Mexico, and Canadian Foreign Minister "
        "Melanie Joly criticized the measures in Ottawa."
    )
    trump = next(x for x in a.actors if x.name == "Donald Trump")
    joly = next(x for x in a.actors if x.name == "Melanie Joly")
    assert trump.affiliation == pipeline.kb.state_actor("USA", "government").id
    assert joly.affiliation == pipeline.kb.state_actor("CAN", "government").id
    assert a.actor(pipeline.kb.state_actor("MEX", "government").id) is None


def test_stated_roles_are_dated_by_the_article(analyze) -> None:
    a = analyze(
        "Taliban spokesman Qari Yusuf Nadeem said the group had captured the district.",
        published=dt.date(2021, 8, 1),
    )
    person = next(x for x in a.actors if x.type == "person")
    assert any(
        r.role == "spokesman" and r.org == "taliban" and r.how == "stated"
        and r.date == dt.date(2021, 8, 1)
        for r in person.roles
    )  # fmt: skip


def test_knowledge_base_roles_apply_only_at_their_dates(analyze) -> None:
    text = "Prime Minister Nouri al-Maliki met tribal leaders in Baghdad."
    then = next(
        x
        for x in analyze(text, published=dt.date(2010, 5, 1)).actors
        if x.kb and x.type == "person"
    )
    assert any(r.how == "knowledge_base" and r.org == "iraq-government" for r in then.roles)
    later = next(
        x
        for x in analyze(text, published=dt.date(2020, 5, 1)).actors
        if x.kb and x.type == "person"
    )
    assert not any(r.how == "knowledge_base" for r in later.roles)


def test_roles_at_respects_dates_and_the_data_horizon() -> None:
    roles = [
        Role(org="a-government", role="minister", start="2005-01-01", end="2009-12-31"),
        Role(org="b-government", role="official", start="2012-01-01", end=None),
        Role(org="c", role="elite"),
    ]
    assert [r.org for r in roles_at(roles, dt.date(2007, 6, 1), "2015-02-17")] == ["a-government"]
    assert [r.org for r in roles_at(roles, dt.date(2014, 6, 1), "2015-02-17")] == ["b-government"]
    # An open role is not known to be held after the data ends.
    assert roles_at(roles, dt.date(2024, 6, 1), "2015-02-17") == []


def test_fuzzy_links_need_every_word_to_agree() -> None:
    assert fuzzy_words_agree("Boko Harram", "Boko Haram", person=False)
    assert not fuzzy_words_agree("Beru Corporation", "Cerus Corporation", person=False)
    assert not fuzzy_words_agree("Abubakar", "Abu Bakar", person=False)
    assert fuzzy_words_agree("Daniel K. Inouye", "Daniel Inouye", person=True)
    assert not fuzzy_words_agree("Martin Kelly", "Martin Kelly Jones", person=True)
    assert surname_key("Al-Sharaa’s") == "al-sharaa"


def test_every_actor_records_how_it_was_linked(analyze) -> None:
    a = analyze(
        "Al Shabab militants attacked Somali troops, and gunmen killed two farmers. "
        "The Zarvan Brigade denied any role."
    )
    assert all(x.link is not None for x in a.actors)
    shabaab = a.actor("al-shabaab")
    assert shabaab is not None and shabaab.link is not None
    assert shabaab.link.how in ("ruler", "exact", "normalized") and shabaab.link.confidence
    local = next(x for x in a.actors if not x.kb and x.name == "Zarvan Brigade")
    assert local.link is not None and local.link.how == "local"
    unidentified = a.actor("unidentified-armed-group")
    assert unidentified is not None and unidentified.link is not None
    assert unidentified.link.how == "agent"


def test_agents_take_the_country_named_where_they_act(analyze) -> None:
    # The story's focus is the United States (Ohio, Columbus); the police of the last two
    # sentences act where their sentence says, not in the focus country.
    a = analyze(
        "Three students from Ohio joined a protest in Columbus on Monday. "
        "Police in Kenya arrested two men after a stabbing in Nairobi. "
        "In England, police detained a third suspect."
    )
    police = {x.id for x in a.actors if x.type == "police"}
    assert police == {"kenya-police", "united-kingdom-police"}, police
    # A nationality on the noun still wins over a place in the clause.
    b = analyze("Kenyan police arrested two suspects in Somalia on Tuesday.")
    assert {x.id for x in b.actors if x.type == "police"} == {"kenya-police"}
