"""Collective actors named by a common noun, capitals and nationalities the tagger misreads,
lone surnames of knowledge-base persons, and common nouns that are no organisation (issues 13
and 18). Every sentence was written for these tests."""

from __future__ import annotations

from sitroom.kb import ActorKB


def _ids(analysis) -> set[str]:
    return {a.id for a in analysis.actors}


def _mentions(analysis, actor_id: str) -> set[str]:
    actor = analysis.actor(actor_id)
    return {m.text for m in actor.mentions} if actor is not None else set()


# -- collectives ---------------------------------------------------------------------------------


def test_the_opposition_is_the_political_opposition_of_the_country(analyze) -> None:
    a = analyze("The opposition boycotted the parliamentary vote in Kenya on Tuesday.")
    opp = a.actor("kenya-opposition")
    assert opp is not None and opp.type == "party" and opp.country == "KEN"
    assert "Kenyan opposition" in opp.aliases
    assert any("kenya-opposition" in e.sources for e in a.events)


def test_opposition_parties_and_leaders_stand_for_the_opposition(analyze) -> None:
    a = analyze("Police in Zimbabwe arrested the opposition leader on Friday.")
    assert any("zimbabwe-opposition" in e.targets for e in a.events)
    b = analyze("Opposition parties in Zambia rejected the election results.")
    assert b.actor("zambia-opposition") is not None


def test_opposition_as_an_attitude_is_no_actor(analyze) -> None:
    a = analyze("There was strong opposition to the dam among farmers in Ghana.")
    assert not any(i.endswith("-opposition") for i in _ids(a))
    b = analyze("Ghana's parliament voted against the bill despite opposition from farmers.")
    assert not any(i.endswith("-opposition") for i in _ids(b))


def test_a_common_word_never_links_a_kb_organisation_holding_it(analyze) -> None:
    a = analyze("The opposition in Tajikistan called for new elections.")
    assert a.actor("united-tajik-opposition") is None
    assert a.actor("tajikistan-opposition") is not None


def test_a_trade_union_is_a_labour_union_of_the_country(analyze) -> None:
    a = analyze("Teachers' unions in Nigeria called a national strike over unpaid salaries.")
    unions = a.actor("nigeria-unions")
    assert unions is not None and unions.type == "ngo" and unions.country == "NGA"
    b = analyze("The union called a strike at the port of Mombasa on Monday.")
    assert b.actor("kenya-unions") is not None


def test_the_union_after_the_european_union_is_no_labour_union(analyze) -> None:
    a = analyze(
        "Brussels said the union would impose new tariffs on steel after the European Union summit."
    )
    assert not any(i.endswith("unions") for i in _ids(a))


def test_a_customs_union_is_no_labour_union(analyze) -> None:
    a = analyze("Kenya and Uganda formed a customs union in March.")
    assert not any(i.endswith("unions") for i in _ids(a))


# -- capitals and nationalities the tagger misreads ----------------------------------------------


def test_a_capital_tagged_as_a_person_acts_as_its_state(analyze) -> None:
    a = analyze("Khartoum threatened to expel the U.N. envoy.")
    assert any("sudan" in e.sources for e in a.events)
    assert not any(x.type == "person" and x.name == "Khartoum" for x in a.actors)


def test_a_capital_in_object_position_is_the_target_state(analyze) -> None:
    a = analyze("Indonesian President Joko Widodo visited Kyiv and Moscow in June.")
    assert any("ukraine" in e.targets for e in a.events)
    assert not any(x.type == "person" and x.name == "Kyiv" for x in a.actors)


def test_an_untagged_capital_that_speaks_is_its_state(analyze) -> None:
    a = analyze("Kyiv said Russian troops had shelled the town.")
    assert "Kyiv" in _mentions(a, "ukraine")


def test_a_capital_named_as_a_persons_surname_stays_the_person(analyze) -> None:
    a = analyze("George Washington crossed the river at night. Washington led the army.")
    assert a.actor("united-states") is None


def test_misread_labels_are_only_exact_capitals_and_nationalities(pipeline) -> None:
    from sitroom.actors.model import LinkedActors
    from sitroom.annotation import EntitySpan

    linker = pipeline.linker
    out = LinkedActors(surnames={"washington": {"George Washington"}})

    def label(text: str, tag: str = "PERSON") -> str | None:
        return linker._misread_label(EntitySpan(tag, 0, len(text), 0, 1, text), out)

    assert label("Lithuanian") == "NORP"
    assert label("Khartoum", "ORG") == "GPE"
    assert label("Kyiv") == "GPE"
    assert label("Washington") is None  # the document's George Washington
    assert label("Jordan") is None  # a country: the country step reads it
    assert label("Sydney") is None  # a town that is also a first name: not in the list
    assert label("Kyiv", "GPE") is None


# -- lone surnames -------------------------------------------------------------------------------


def test_a_lone_surname_is_the_kb_person_of_the_documents_country(analyze) -> None:
    a = analyze("Putin met the Chinese envoy in Moscow on Monday to discuss Russian gas exports.")
    putin = a.actor("vladimir-putin")
    assert putin is not None and putin.link is not None and putin.link.how == "surname"


def test_a_lone_surname_outside_the_documents_countries_is_not_linked(analyze) -> None:
    a = analyze("Putin scored twice as the Canadian side beat Sweden in Toronto.")
    assert a.actor("vladimir-putin") is None


def test_a_common_surname_is_not_linked_alone(pipeline) -> None:
    kb: ActorKB = pipeline.kb
    assert len(kb.persons_with_surname("Khan")) > 3
    assert kb.persons_with_surname("Putin")[0].id == "vladimir-putin"
    assert kb.persons_with_surname("") == []


def test_a_common_surname_abstains(analyze) -> None:
    a = analyze("Khan said the police had arrested five men in Peshawar, Pakistan.")
    assert not any(x.kb and x.type == "person" for x in a.actors)


# -- common nouns --------------------------------------------------------------------------------


def test_an_amnesty_is_no_amnesty_international(analyze) -> None:
    a = analyze("The president announced an amnesty for political prisoners in Belarus.")
    assert a.actor("amnesty-international") is None
    b = analyze("Amnesty International said the amnesty would free 300 prisoners.")
    ai = b.actor("amnesty-international")
    assert ai is not None and _mentions(b, "amnesty-international") == {"Amnesty International"}
