"""Nothing where nothing happened (issue 18, point 5; issue 13): clauses that mention an act
without telling that it took place give no event, and the same act told beside them still does.
Sentences written for these tests; they run the spaCy model."""

from __future__ import annotations

import pytest


def _acts(analyze, text: str) -> list[tuple[str, str]]:
    return [(e.type, e.trigger.text) for e in analyze(text).events if e.trigger is not None]


def _types(analyze, text: str) -> set[str]:
    return {e.type for e in analyze(text).events}


# --- conditions and comparisons ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The minister said the truce could hold by Friday if Moscow agrees.", "AGREE"),
        ("It is unclear whether Kenya will expel the Somali envoy.", "SANCTION"),
        ("Diplomats say it is like Kenya is expelling every Somali diplomat.", "SANCTION"),
    ],
)
def test_an_act_in_a_condition_or_a_comparison_is_no_event(analyze, text, absent) -> None:
    assert absent not in _types(analyze, text), text


def test_the_act_beside_the_condition_is_told(analyze) -> None:
    # the arrest took place; only the clause of the condition is no event
    text = "Police arrested the mayor of Goma on Monday, and he will be freed if he pays bail."
    acts = _acts(analyze, text)
    assert ("COERCE", "arrested") in acts
    assert not any(trigger == "freed" for _, trigger in acts)


def test_a_conditional_threat_keeps_its_threat_and_its_target(analyze) -> None:
    an = analyze("Moscow threatened to strike Kyiv if Ukraine fired the new missiles.")
    threats = [e for e in an.events if e.type == "THREATEN"]
    assert threats and "ukraine" in threats[0].targets
    assert not any(e.type == "ASSAULT" for e in an.events)


# --- judgements, obligations, reputations, statistics ----------------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "It is urgent that Chad cooperate with Niger on the border, the president said.",
            "COOPERATE",
        ),
        (
            "Western support is crucial for Zambia to negotiate the bailout package with the IMF.",
            "CONSULT",
        ),
        ("The new law makes it possible for Chinese companies to invest in Zambia.", "COOPERATE"),
        ("It is not a crime to disagree with Nigeria's government.", "ACCUSE"),
        ("Ghana's opposition has until Friday to appeal the court's order.", "REQUEST"),
        (
            "The newspaper Daily Trust was known for its investigations into corruption in "
            "Nigeria.",
            "ACCUSE",
        ),
        ("In 2019, Qatar contributed 12% of the aid that Sudan received.", "AID"),
    ],
)
def test_a_judged_owed_or_counted_act_is_no_event(analyze, text, absent) -> None:
    assert absent not in _types(analyze, text), text


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # the act told, in the same words
        ("Chad and Niger cooperated on border security on Monday.", "COOPERATE"),
        ("Lusaka negotiated the debt deal with its creditors in Paris.", "CONSULT"),
        ("Thousands protested against the government in Accra on Saturday.", "PROTEST"),
        ("The government appealed the ruling on Tuesday.", "REQUEST"),
        ("Nigerian police launched an investigation into the abuses in Lagos.", "ACCUSE"),
        ("Qatar sent $12 million in aid to Sudan last week.", "AID"),
        # a concession beside the judgement is told; so is what was done "had to"
        (
            "It is hard to say how Manila will react, although Tokyo and Manila held talks.",
            "CONSULT",
        ),
        ("Villagers had to flee when gunmen attacked Kasanga on Sunday.", "ASSAULT"),
        # readiness and manner are no judgement: the act is announced or took place
        ("The president was quick to condemn the attack on the embassy.", "ACCUSE"),
    ],
)
def test_the_same_act_told_is_an_event(analyze, text, present) -> None:
    assert present in _types(analyze, text), text


def _reason(annotator, text: str, word: str, kind: str = "COOPERATE") -> str | None:
    from sitroom.events.base import Trigger
    from sitroom.events.eventness import unasserted

    doc = annotator.annotate(text)
    tok = next(t for t in doc.tokens if t.text == word)
    return unasserted(doc, Trigger(tok.i, kind, None))


def test_an_infinitive_judged_by_it_is_is_no_event(annotator) -> None:
    # "it is in X's interest to": however far the parser hangs the infinitive
    assert _reason(annotator, "It is in Egypt's interest to work with Turkey.", "work")
    assert _reason(
        annotator,
        "Ankara will find it's in its interests, politically and economically, to cooperate "
        "with Cairo.",
        "cooperate",
    )
    assert _reason(annotator, "Egypt decided to work with Turkey on Libya.", "work") is None


# --- states of relations, characterizations, summaries of years ------------------------------


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a relation between partners told by how it stands
        (
            "Officials in Accra said the security cooperation between Ghana and Togo still stands.",
            "COOPERATE",
        ),
        (
            "Kenya's partnership with Uganda will likely deepen slowly, the minister said.",
            "COOPERATE",
        ),
        # an act named in the "as" of a verb of characterizing
        (
            "Amnesty sees the arrests as part of a wider crackdown on Ethiopian journalists.",
            "COERCE",
        ),
        # acts summed up over years
        (
            "In the past three years, Ethiopian journalists have been detained and beaten, "
            "rights groups said.",
            "ASSAULT",
        ),
        (
            "Ethiopia and Eritrea have been fighting over the border town of Badme for decades.",
            "ASSAULT",
        ),
        ("For decades, Eritrean soldiers have attacked villages near Badme.", "ASSAULT"),
    ],
)
def test_a_state_a_characterization_or_a_summary_is_no_event(analyze, text, absent) -> None:
    assert absent not in _types(analyze, text), text


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Ghana and Togo signed a security cooperation pact in Accra on Monday.", "AGREE"),
        (
            "Ethiopian police detained three journalists in Addis Ababa on Monday, rights "
            "groups said.",
            "COERCE",
        ),
        # the thing characterized stays an event
        (
            "Amnesty described the arrest of Tesfaye Bekele by Ethiopian police as a crackdown.",
            "COERCE",
        ),
        # talks that have gone on for years go on: the noun tells them, not a summing verb
        ("Negotiations between Ethiopia and Egypt on the dam have gone on for years.", "CONSULT"),
        (
            "Talks between Ethiopia and Egypt on the dam have been going on for several years.",
            "CONSULT",
        ),
    ],
)
def test_the_act_beside_them_is_an_event(analyze, text, present) -> None:
    assert present in _types(analyze, text), text


# --- what was not said, history --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "absent", "told", "present"),
    [
        (
            "Police did not say that the militia had attacked the convoy near Bunia.",
            "ASSAULT",
            "Police said that the militia had attacked the convoy near Bunia.",
            "ASSAULT",
        ),
        (
            "Kinshasa has not announced that it will expel the Rwandan ambassador.",
            "SANCTION",
            "Kinshasa announced that it will expel the Rwandan ambassador.",
            "SANCTION",
        ),
        (
            "Britain seized the Cape Colony from the Dutch in the 19th century.",
            "COERCE",
            "Britain seized two Iranian tankers off Gibraltar in 2019.",
            "COERCE",
        ),
    ],
)
def test_what_was_not_said_and_history_are_no_events(analyze, text, absent, told, present) -> None:
    assert absent not in _types(analyze, text), text
    assert present in _types(analyze, told), told


@pytest.mark.parametrize(
    ("text", "absent", "told", "present"),
    [
        (
            "Rights groups said conditions for journalists in Zambia have improved since the "
            "election.",
            "CONCEDE",
            "Zambia improved its relations with Malawi after the election.",
            "AGREE",
        ),
        (
            "The absence of checks at the border has been facilitating arms smuggling into Chad, "
            "officials said.",
            "COOPERATE",
            "Chad and Sudan have been facilitating the return of refugees, officials said.",
            "COOPERATE",
        ),
    ],
)
def test_a_circumstance_does_no_act(analyze, text, absent, told, present) -> None:
    assert absent not in _types(analyze, text), text
    assert present in _types(analyze, told), told
