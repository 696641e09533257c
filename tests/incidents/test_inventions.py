"""No event beats an invented one (issue 13): commentators named anywhere in the article,
threats posed or perceived, definitions, founding a company; and the real events of the same
words still come out. Sentences written for these tests."""

from __future__ import annotations

from sitroom.models import Analysis


def _triggers(an: Analysis) -> list[tuple[str, str]]:
    return [(e.type, e.trigger.text) for e in an.events if e.trigger is not None]


def test_a_person_described_as_a_fellow_is_a_commentator_in_later_sentences(analyze) -> None:
    an = analyze(
        "Kenya and Uganda signed a border accord in Kampala on Monday. "
        '"The accord is fragile," said Miriam Odhiambo, a senior fellow at the Lakeside '
        "Policy Centre. Still, Odhiambo cautions, Kenya will work with Uganda on the border."
    )
    assert ("COOPERATE", "work") not in _triggers(an)
    assert "THREATEN" not in {t for t, _ in _triggers(an)}
    assert ("AGREE", "signed") in _triggers(an) or any(e.type == "AGREE" for e in an.events)


def test_a_member_of_a_research_body_is_a_commentator(analyze) -> None:
    an = analyze(
        '"Nobody expected this," said Tomas Varga of the Danube Institute, a think tank in '
        'Budapest. "Hungary will cooperate with Serbia on the pipeline," Varga said.'
    )
    assert not any(e.type == "COOPERATE" for e in an.events)


def test_an_official_named_like_that_is_no_commentator(analyze) -> None:
    # the same construction with an official's title: his act is an event
    an = analyze(
        "Tomas Varga, the foreign minister of Hungary, arrived in Belgrade on Monday. "
        "Varga said Hungary will cooperate with Serbia on the pipeline."
    )
    assert any(e.type == "COOPERATE" for e in an.events)


def test_fellow_soldiers_are_no_commentators(analyze) -> None:
    an = analyze("Fellow soldiers said the rebels attacked the base in Goma on Monday.")
    assert any(e.type == "ASSAULT" for e in an.events)


def test_a_threat_posed_or_perceived_is_no_threat_made(analyze) -> None:
    an = analyze(
        "The minister said the partnership poses a threat to American interests. "
        "Japan and India perceive a growing threat from China."
    )
    assert not any(e.type == "THREATEN" for e in an.events)


def test_a_threat_made_still_is_one(analyze) -> None:
    an = analyze("The rebel commander threatened to attack Goma if the army advanced.")
    assert any(e.type == "THREATEN" for e in an.events)
    an = analyze("The president issued a threat against the protesters on Monday.")
    assert any(e.type == "THREATEN" for e in an.events)


def test_a_definition_is_no_event_but_an_attack_told_is(analyze) -> None:
    an = analyze("The treaty says that an attack on one member is an attack on all.")
    assert not any(e.type == "ASSAULT" for e in an.events)
    an = analyze("The attack on the army post in Goma was a massacre, the governor said.")
    assert any(e.type == "ASSAULT" for e in an.events)


def test_founding_a_company_or_a_paper_mobilizes_no_force(analyze) -> None:
    for text in (
        "Jonas Berg founded the Nordlys Herald in 1996.",
        "The businessman founded Lakeview Corporation in 2017.",
    ):
        assert not any(e.type == "MOBILIZE" for e in analyze(text).events), text


def test_founding_an_armed_presence_still_is_a_mobilization(analyze) -> None:
    an = analyze("The militants set up a base near the border town of Bunagana.")
    assert any(e.type == "MOBILIZE" and e.mode == "establish" for e in an.events)
    an = analyze("IS-K was established in Nangarhar in January 2015.")
    assert any(e.type == "MOBILIZE" and e.mode == "establish" for e in an.events)


def test_speaking_by_phone_is_a_consultation(analyze) -> None:
    an = analyze("President William Ruto spoke by phone with President Samia Suluhu Hassan.")
    assert any(e.type == "CONSULT" and e.mode == "phone" for e in an.events)
    an = analyze("Erdogan spoke by video link with Macron on Tuesday.")
    assert any(e.type == "CONSULT" for e in an.events)
    an = analyze("Ruto spoke to reporters in Nairobi on Tuesday.")
    assert not any(e.type == "CONSULT" for e in an.events)


def test_agreeing_with_a_remark_is_no_agreement(analyze) -> None:
    an = analyze(
        "President William Ruto agreed with the opposition leader's remark that the economy "
        "is struggling."
    )
    assert not any(e.type == "AGREE" for e in an.events)
    an = analyze("Kenya agreed with Uganda's proposal to reopen the border at Busia.")
    assert any(e.type == "AGREE" for e in an.events)


# A business story of ten sentences whose only violence words are metaphors of sport and
# business (written for this test).
AIRLINES = (
    "SURABAYA, Indonesia — Two regional airlines are locked in a fight for passengers on the "
    "routes between Surabaya and the eastern islands. "
    "Garuda Timur cut its fares by a third on Monday. "
    "Its rival Kepulauan Air answered with a sale of its own on Tuesday. "
    '"This is a battle for every seat," a travel agent in Surabaya said. '
    "Travel agents said the two airlines had been at war over fares since January. "
    "The larger national carriers have stayed out of the skirmish so far. "
    "Kepulauan Air has ordered six new jets for delivery next year. "
    "Its chief executive called the fare cuts a shot across the bow. "
    "Passengers have welcomed the lower prices. "
    "The transport ministry said it was watching the market."
)
# The same length, about an attack: a weapon and the wounded are named.
ATTACK = (
    "MARAWI, Philippines — Gunmen attacked a bus terminal in Marawi on Monday. "
    "The attackers fired rifles at passengers waiting for buses to Iligan. "
    "Three people were wounded, the police said. "
    "The army sent troops to the terminal after the attack. "
    "Soldiers searched the nearby villages on Tuesday. "
    "No group has claimed the attack. "
    "The city was the scene of a long siege in 2017. "
    "Residents said they feared more violence. "
    "The mayor called for calm. "
    "Schools in the city were closed on Tuesday."
)


def test_a_full_article_whose_only_violence_words_are_metaphors_gives_no_attack(
    analyze,
) -> None:
    assert not any(e.type == "ASSAULT" for e in analyze(AIRLINES).events)


def test_a_full_article_about_an_attack_still_gives_one(analyze) -> None:
    assert any(e.type == "ASSAULT" for e in analyze(ATTACK).events)


def test_a_short_report_of_an_attack_needs_no_weapon(analyze) -> None:
    an = analyze("Unidentified men attacked a village in Nasarawa State on Sunday.")
    assert any(e.type == "ASSAULT" for e in an.events)


def test_a_person_shot_is_a_strong_cue_a_shot_at_goal_is_not(annotator) -> None:
    from sitroom.incidents.signals import read_signals
    from sitroom.incidents.vocabulary import default_vocabulary

    doc = annotator.annotate(
        "The striker scored with a low shot from the edge of the box. "
        "The opposition leader was shot outside his home."
    )
    signals = read_signals(doc, default_vocabulary())
    assert signals.cue_sentences == {0, 1}
    assert signals.strong_sentences == {1}


def test_a_question_asked_is_no_request(analyze) -> None:
    for text in ('"Who is dead?" the Zimbabwean minister asked.', '"Why now?" Bugajski asked.'):
        assert not any(e.type == "REQUEST" for e in analyze(text).events), text


def test_asking_someone_to_act_or_for_something_still_is_a_request(analyze) -> None:
    for text in (
        "The Kenyan government asked Uganda to reopen the border.",
        "Kenya asked for the extradition of the suspect.",
        "Kenya asked that Uganda extradite the suspect.",
    ):
        assert any(e.type == "REQUEST" for e in analyze(text).events), text


def test_a_participle_with_a_determiner_names_people_not_an_act(pipeline, annotator) -> None:
    from sitroom.events.triggers import triggers

    doc = annotator.annotate(
        "Relatives of the detained gathered outside the prison in Quetta. "
        "Police detained three students outside the prison in Quetta."
    )
    found = [
        (doc.tokens[t.token].text, t.type)
        for s in doc.sentences
        for t in triggers(pipeline.lexicon, doc, s)
    ]
    assert found == [("detained", "COERCE")]
    assert (
        doc.tokens[next(t.token for t in triggers(pipeline.lexicon, doc, doc.sentences[1]))].sent
        == 1
    )


def test_an_act_done_by_no_one_did_not_happen(analyze) -> None:
    an = analyze("No country has officially recognized the new government in Naypyitaw.")
    assert not any(e.type == "SUPPORT" for e in an.events)
    an = analyze("Russia has officially recognized the new government in Naypyitaw.")
    assert any(e.type == "SUPPORT" for e in an.events)
    an = analyze(
        "Gunmen killed five soldiers at a checkpoint in Kabul on Monday. "
        "No group has claimed responsibility for the attack."
    )
    assert any(e.type == "ASSAULT" for e in an.events)


def test_a_disposition_to_talks_is_no_talks(analyze) -> None:
    an = analyze(
        "The mining company said it remained open to dialogue with the Quechua communities."
    )
    assert not any(e.type == "CONSULT" for e in an.events)
    an = analyze("The mining company held a dialogue with the Quechua communities on Monday.")
    assert any(e.type == "CONSULT" for e in an.events)


def test_signing_a_law_or_ones_own_declaration_is_no_agreement(analyze) -> None:
    for text in (
        "Interim President Omar Haddad signed a constitutional declaration on Thursday.",
        "President Ruto signed the finance bill into law on Monday.",
    ):
        assert not any(e.type == "AGREE" for e in analyze(text).events), text
    for text in (
        "Kenya and Uganda signed a joint declaration on border security.",
        "Kenya and Uganda signed a border agreement in Kampala on Monday.",
    ):
        assert any(e.type == "AGREE" for e in analyze(text).events), text


def test_capturing_a_mood_is_no_seizure(analyze) -> None:
    an = analyze("He launched his campaign early to capture the true sentiment of voters.")
    assert not any(e.type == "COERCE" for e in an.events)
    an = analyze("Rebels captured the town of Bunagana on Monday.")
    assert any(e.type in ("COERCE", "ASSAULT") for e in an.events)


def test_disputing_a_territory_is_a_standing_claim(analyze) -> None:
    an = analyze("Eritrea and Ethiopia have been disputing the border town of Badme.")
    assert not any(e.type == "ACCUSE" for e in an.events)
    an = analyze("Kenya disputed the claims of the Ugandan army on Monday.")
    assert any(e.type == "ACCUSE" for e in an.events)


def test_an_act_one_has_no_power_to_do_is_no_event(analyze) -> None:
    an = analyze("The regional court has no power to enforce its rulings against Kenya.")
    assert not any(e.type == "COERCE" for e in an.events)


def test_a_rare_act_is_a_habit(analyze) -> None:
    an = analyze("The former prime minister of Malaysia seldom criticized China.")
    assert not any(e.type == "ACCUSE" for e in an.events)
    an = analyze("The former prime minister of Malaysia criticized China on Monday.")
    assert any(e.type == "ACCUSE" for e in an.events)


def test_a_country_engaged_with_another_talks_to_it(analyze) -> None:
    an = analyze("North Korea kept testing missiles while it was engaged with the United States.")
    assert not any(e.type == "ASSAULT" for e in an.events)
    for text in (
        "Kenyan troops engaged with al-Shabab fighters near Kismayo on Monday.",
        "Kenyan troops engaged al-Shabab near Kismayo on Monday.",
    ):
        assert any(e.type == "ASSAULT" for e in analyze(text).events), text


def test_a_quantity_that_declines_refuses_nothing(analyze) -> None:
    an = analyze("Japan's population continues to decline, the ministry said on Monday.")
    assert not any(e.type == "REJECT" for e in an.events)
    an = analyze("Kenya declined the offer of Ugandan troops on Monday.")
    assert any(e.type == "REJECT" for e in an.events)


def test_moving_to_a_country_is_no_aid_and_exchange_reserves_no_troops(analyze) -> None:
    an = analyze("After immigrating to Japan in 2019, the Chinese engineer opened a firm.")
    assert not any(e.type == "AID" for e in an.events)
    an = analyze("Pakistan wants the loan to increase its foreign exchange reserves.")
    assert not any(e.type == "MOBILIZE" for e in an.events)


def test_a_surname_two_people_share_is_no_evidence_of_a_commentator(analyze) -> None:
    an = analyze(
        "President Lee Jae-myung met Japanese leaders in Tokyo on Monday. "
        '"It is a test," said Lee Min-ho, a professor at Seoul National University. '
        "Lee said South Korea will cooperate with Japan on security."
    )
    assert any(e.type == "COOPERATE" for e in an.events)


# A full match report written for the test: conflict words as metaphors of sport throughout.
_MATCH_REPORT = " ".join(
    [
        "Rivertown United kept their title hopes alive on Saturday, beating Harbor City 3-1.",
        "The league leaders were ambushed early when Harbor's striker scored in the third minute.",
        "United's coach said his players had been killed off too often this season.",
        "Their captain then led a relentless assault on the Harbor goal.",
        "The winger's shot from the edge of the box levelled the match before half-time.",
        "Harbor's goalkeeper was left shell-shocked as two more goals followed.",
        "The referee booked four players in a bad-tempered second half.",
        "Harbor's coach said his team had lost the battle but not the war.",
        "The result lifts United to second in the league with six matches of the season left.",
    ]
)


def test_a_match_report_full_of_war_metaphors_gives_no_violent_event(analyze) -> None:
    events = analyze(_MATCH_REPORT).events
    assert not [e for e in events if e.type == "ASSAULT"]


def test_real_violence_at_a_match_is_still_an_attack(analyze) -> None:
    text = (
        _MATCH_REPORT
        + " After the match, gunmen opened fire on fans outside the stadium, killing two people."
    )
    events = analyze(text).events
    assert [e for e in events if e.type == "ASSAULT"]


def test_the_course_of_a_whole_conflict_is_no_event(analyze) -> None:
    # a perfect with a whole conflict as its subject sums up its course: a statistic
    an = analyze(
        "Rebels attacked an army post near Beni on Monday, killing three soldiers. "
        "The insurgency has killed more than 20,000 people in the region since 2012. "
        "The war has displaced about 3 million people, according to aid agencies."
    )
    assault = [e for e in an.events if e.type == "ASSAULT"]
    assert len(assault) == 1
    assert assault[0].killed == 3


def test_the_toll_of_current_fighting_is_still_an_event(analyze) -> None:
    # "the fighting" is a noun of an incident, not of a whole conflict
    an = analyze("The fighting around Beni has killed at least 30 people since Sunday.")
    assert any(e.type == "ASSAULT" and e.killed == 30 for e in an.events)


def test_fighting_that_has_gone_on_is_a_state_not_an_incident(analyze) -> None:
    for text in (
        "Fighting has continued in North Kivu province in recent weeks.",
        "Clashes have persisted along the border for months.",
    ):
        assert not any(e.type == "ASSAULT" for e in analyze(text).events), text


def test_fighting_that_went_on_on_a_day_is_still_told(analyze) -> None:
    an = analyze("Fighting continued near Beni on Tuesday, killing four civilians.")
    assert any(e.type == "ASSAULT" for e in an.events)


def test_a_kind_of_attacker_described_in_the_present_is_no_attack(analyze) -> None:
    for text in (
        "“The province cannot become a refuge for those who kill our police officers,” the "
        "governor said.",
        "The border region remains a haven for gangs that kidnap foreign workers.",
        "Officials said the hills shelter militias that attack convoys on the highway.",
    ):
        assert not any(e.type == "ASSAULT" for e in analyze(text).events), text


def test_an_attacker_described_by_a_past_attack_still_tells_it(analyze) -> None:
    an = analyze("The gunmen who attacked the convoy near Kandahar on Monday fled into the hills.")
    assert any(e.type == "ASSAULT" for e in an.events)
