"""Who did it on full news (issue 13): state institutions apart from the government, a leader's
administration, "it"/"they" in what a group says, a document's acronyms, interviewer labels. All
sentences are written for these tests."""

from __future__ import annotations

from sitroom.actors.resolve import initials


def _sources(a, trigger: str) -> list[str]:
    """The sources of the event whose trigger is ``trigger`` (or whose type it is)."""
    event = next(
        e
        for e in a.events
        if (e.trigger is not None and e.trigger.text == trigger) or e.type == trigger
    )
    return event.sources


def test_a_nationality_on_prosecutors_is_that_countrys_prosecution(analyze) -> None:
    a = analyze("Serbian prosecutors ordered the arrest of the mayor of Nis on Tuesday.")
    assert _sources(a, "ordered") == ["serbia-prosecution"]
    body = a.actor("serbia-prosecution")
    assert body is not None and body.type == "government" and body.country == "SRB"
    assert not body.kb


def test_a_court_of_the_country_in_the_story_is_its_judiciary(analyze) -> None:
    a = analyze(
        "Police in Peru detained the editor of a weekly in Lima last month. "
        "A court later sentenced the editor to four years in prison."
    )
    assert _sources(a, "sentenced") == ["peru-judiciary"]
    assert a.actor("peru-judiciary").name == "Judiciary of Peru"


def test_a_countrys_courts_are_its_judiciary_not_the_state(analyze) -> None:
    a = analyze("Chile's courts released the two students on bail.")
    assert _sources(a, "released") == ["chile-judiciary"]


def test_the_court_after_a_named_court_is_that_court(analyze) -> None:
    a = analyze(
        "The International Court of Justice opened hearings on the border case. "
        "The court rejected a request by Ecuador to delay them."
    )
    assert _sources(a, "REJECT") == ["international-court-of-justice"]
    assert a.actor("ecuador-judiciary") is None


def test_lawmakers_are_the_legislature_and_opposition_lawmakers_the_opposition(analyze) -> None:
    a = analyze(
        "Hungarian lawmakers voted to extend the emergency decree. "
        "Hungarian opposition lawmakers denounced the extension."
    )
    legislature = a.actor("hungary-legislature")
    opposition = a.actor("hungary-opposition")
    assert legislature is not None and legislature.type == "government"
    assert opposition is not None and opposition.type == "party"
    assert _sources(a, "denounced") == ["hungary-opposition"]


def test_a_leaders_administration_is_the_government_not_the_leader(analyze, pipeline) -> None:
    a = analyze(
        "Brazilian President Ana Ribeiro visited the flooded towns on Monday. "
        "The Ribeiro administration announced a ban on logging in the reserve."
    )
    government = pipeline.kb.state_actor("BRA", "government").id
    assert _sources(a, "COERCE") == [government]
    ribeiro = next(x for x in a.actors if x.name == "Ana Ribeiro")
    assert "The Ribeiro administration" not in {m.text for m in ribeiro.mentions}


def test_a_leaders_administration_without_a_country_is_no_one(analyze) -> None:
    a = analyze(
        "Musa Okafor toured the camp on Monday. "
        "The Okafor administration announced a ban on logging in the reserve."
    )
    assert all(x.type != "government" for x in a.actors)
    assert all("musa-okafor" not in e.sources for e in a.events)
    okafor = a.actor("musa-okafor")
    assert {m.text for m in okafor.mentions} == {"Musa Okafor"}


def test_it_in_what_an_organisation_says_is_the_organisation(analyze) -> None:
    a = analyze("The World Food Programme said it was ready to support the flood victims.")
    wfp = next(x for x in a.actors if x.type == "igo")
    assert "it" in {m.text for m in wfp.mentions}
    assert _sources(a, "support") == [wfp.id]


def test_they_in_what_the_police_say_is_the_police(analyze, pipeline) -> None:
    a = analyze("Kenyan police said they had arrested six men after the robbery in Kisumu.")
    police = pipeline.kb.state_actor("KEN", "police").id
    assert "they" in {m.text for m in a.actor(police).mentions}


def test_it_is_not_a_person_speaker(analyze) -> None:
    a = analyze("Minister Paulo Mendes said it was too early to judge the reform.")
    assert all("it" not in {m.text for m in x.mentions} for x in a.actors)


def test_easy_to_does_not_give_its_subject_to_the_infinitive(analyze) -> None:
    a = analyze("Rebels seized the mayor, but the army said he would be easy to free.")
    assert all(e.type != "CONCEDE" or not e.sources for e in a.events)


def test_an_acronym_is_the_organisation_whose_initials_it_spells() -> None:
    assert initials("Department of Homeland Security") == "DHS"
    assert initials("Immigration and Customs Enforcement") == "ICE"
    assert initials("the Forest Protection Bureau") == "FPB"


def test_a_document_acronym_joins_its_full_name(analyze) -> None:
    a = analyze(
        "The Forest Protection Bureau closed three sawmills in the province on Monday. "
        "FPB officials said more closures would follow."
    )
    bureau = [x for x in a.actors if "Forest Protection Bureau" in (x.name, *x.aliases)]
    assert len(bureau) == 1
    assert "FPB" in {m.text for m in bureau[0].mentions}
    assert all(x.name != "FPB" for x in a.actors)


def test_an_interviewer_label_is_not_a_source(analyze) -> None:
    a = analyze(
        "The former envoy answered our questions in Washington.\n\n"
        "VOA: China's President Xi Jinping recently visited Moscow. Are you worried?"
    )
    assert a.actor("voice-of-america") is None
    visit = next(e for e in a.events if e.trigger is not None and e.trigger.text == "visited")
    assert "voice-of-america" not in visit.sources


def test_on_suspicion_of_names_someone_elses_act(analyze) -> None:
    a = analyze(
        "Tanzanian police said they had detained nine men in Mtwara on suspicion of "
        "supplying fuel to the insurgents."
    )
    assert all(e.type != "AID" or not e.sources for e in a.events)


def test_rights_groups_are_an_ngo_named_by_their_phrase(analyze) -> None:
    a = analyze(
        "Seven press freedom and rights groups on Monday called for the reporter's release."
    )
    groups = [x for x in a.actors if x.type == "ngo"]
    assert [g.name for g in groups] == ["press freedom and rights groups"]
    assert _sources(a, "REQUEST") == [groups[0].id]


def test_a_nationality_gives_the_rights_groups_a_country(analyze) -> None:
    a = analyze("Nepali rights groups condemned the arrests in Kathmandu.")
    group = next(x for x in a.actors if x.type == "ngo")
    assert group.name == "Nepali rights groups" and group.country == "NPL"


def test_health_workers_are_no_organisation(analyze) -> None:
    a = analyze("Gunmen abducted four health workers near the clinic in Goma.")
    assert all(x.type != "ngo" for x in a.actors)


def test_a_persons_legal_team_acts_not_the_person(analyze) -> None:
    a = analyze(
        "The editor Tomas Herrera was jailed in March. "
        "Herrera's legal team has rejected all the accusations."
    )
    team = next(x for x in a.actors if x.name == "Herrera's legal team")
    assert _sources(a, "REJECT") == [team.id]
    herrera = next(x for x in a.actors if x.name == "Tomas Herrera")
    assert "Herrera's" not in {m.text for m in herrera.mentions}


def test_a_lawyer_named_in_apposition_speaks_not_the_client(analyze) -> None:
    a = analyze("Vasquez's lawyer, Irene Salgado, rejected the charges on Friday.")
    assert [a.actor(x).name for x in _sources(a, "REJECT")] == ["Irene Salgado"]


def test_lawyers_are_not_the_government(analyze) -> None:
    a = analyze("Lawyers for the journalist said the charges were baseless.")
    assert all(x.type != "government" for x in a.actors)


def test_a_public_prosecutor_is_the_prosecution(analyze) -> None:
    a = analyze("A Turkish public prosecutor charged the mayor of Izmir with fraud.")
    assert _sources(a, "ACCUSE") == ["turkey-prosecution"]


def test_a_sentence_root_name_is_the_subject_of_its_misread_clause(analyze) -> None:
    # the parser reads "Trump" as a noun at the root with "imposed ..." as its clause
    a = analyze(
        "U.S. President Donald Trump kept tariffs on Mexico. "
        "Trump at first imposed 25% tariffs on Canadian and Mexican exports to the U.S."
    )
    assert _sources(a, "SANCTION") == ["donald-trump"]


def test_whom_a_rights_group_stands_for_does_not_act(analyze) -> None:
    a = analyze("A prisoners' rights group said the guards had beaten the detainees.")
    group = next(x for x in a.actors if x.type == "ngo")
    assert group.name == "prisoners' rights group"
    civilians = a.actor("civilians")
    assert civilians is None or "prisoners" not in {m.text for m in civilians.mentions}
