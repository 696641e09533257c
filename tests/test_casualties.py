"""Killed and wounded counts on sentences written for these tests."""

from __future__ import annotations

import pytest

from sitroom.casualties import casualty_statements, summarize
from sitroom.numbers import parse_number


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["13"], 13),
        (["1,200"], 1200),
        (["Thirty", "-", "two"], 32),
        (["a", "dozen"], 12),
        (["two", "hundred"], 200),
        (["one", "thousand", "five", "hundred"], 1500),
        (["several"], None),
        (["¹"], None),  # a superscript is a digit to str.isdigit, but no count
        (["٣"], None),
    ],
)
def test_parse_number(words: list[str], value: int | None) -> None:
    assert parse_number(words) == value


CASES = [
    ("Forty-one people were killed and 12 others were wounded in the blast.", 41, 12),
    ("At least nine soldiers were killed.", 9, None),
    ("The explosion killed 7 police officers near the gate.", 7, None),
    ("Gunmen shot and killed a shopkeeper.", 1, None),
    ("Four soldiers and three civilians were killed, including a 35-year-old teacher.", 7, None),
    ("The raid left six dead and dozens injured.", 6, None),
    ("Militants killed a guard and wounded five others.", 1, 5),
    ("There were no reported casualties.", 0, 0),
    ("No one was hurt in the 2020 bombing.", None, 0),
    ("The shelling killed an unknown number of herders.", None, None),
    ("A bomb killed 15 people, including the bomber.", 15, None),
    ("Two pilgrims later died of their injuries.", 2, None),
    ("In 2019, 2,000 fighters joined the group.", None, None),
]


@pytest.mark.parametrize(("sentence", "killed", "wounded"), CASES)
def test_counts(annotator, sentence: str, killed: int | None, wounded: int | None) -> None:
    doc = annotator.annotate(sentence)
    k, w, _notes = summarize(casualty_statements(doc, 0, len(doc.tokens)))
    assert (k, w) == (killed, wounded)


def test_vague_count_leaves_a_note(annotator) -> None:
    doc = annotator.annotate("Dozens of villagers were killed in the raid.")
    k, _w, notes = summarize(casualty_statements(doc, 0, len(doc.tokens)))
    assert k is None
    assert any("vague" in n for n in notes)


def test_a_definite_plural_takes_the_earlier_count(annotator) -> None:
    doc = annotator.annotate(
        "Gunmen abducted 14 bus passengers near Zamfara. The passengers were later killed."
    )
    second = doc.sentences[1]
    k, _w, notes = summarize(casualty_statements(doc, second.token_start, second.token_end))
    assert k == 14
    assert "count from an earlier mention" in notes


# --- counts added for the event-coding agreement (issue #5) -----------------------------------


@pytest.mark.parametrize(
    ("words", "value"),
    [
        (["10", "-", "15"], 10),  # a range gives its lower end, as the datasets code it
        (["two", "to", "three"], 2),
        (["33-40"], 33),
        (["twenty", "-", "five"], 25),  # not a range: the tens come first
    ],
)
def test_parse_number_ranges(words: list[str], value: int | None) -> None:
    assert parse_number(words) == value


MORE_CASES = [
    ("Gunmen shot dead two farmers near the river.", 2, None),
    ("Three herders were found dead in the bush.", 3, None),
    ("Police said the bodies of seven fishermen were recovered.", 7, None),
    ("Rescuers retrieved 12 bodies from the rubble.", 12, None),
    ("The fighting led to the death of at least 23 people.", 23, None),
    ("10-15 insurgents were killed in the raid.", 10, None),
    ("Up to 12 people died.", 12, None),
    # the bare nouns after the count say who the victims were, they are not more victims
    ("Eleven people, soldiers and civilians, were killed at the market.", 11, None),
    ("Gunmen killed a Border Guards member at the crossing.", 1, None),
    ("An assailant shot and killed councillor Pedro Torres in Cali.", 1, None),
    # a death noun that modifies another noun names a kind of thing, not a casualty
    ("The court upheld the death sentence handed to the former mayor.", None, None),
    ("The batsmen scored freely in the death overs of the match.", None, None),
    ("The journalist has received death threats since March.", None, None),
    ("The death toll rose to 14 on Monday.", None, None),
]


@pytest.mark.parametrize(("sentence", "killed", "wounded"), MORE_CASES)
def test_more_counts(annotator, sentence: str, killed: int | None, wounded: int | None) -> None:
    doc = annotator.annotate(sentence)
    k, w, _notes = summarize(casualty_statements(doc, 0, len(doc.tokens)))
    assert (k, w) == (killed, wounded)


def test_a_coded_toll_in_a_dataset_note_overrides_the_reports(annotator) -> None:
    # ACLED's notes say which toll they coded when it differs from what sources reported.
    for note, coded in [
        ("Fatalities coded as 0 (local media reported 4 fatalities).", 0),
        ("Nine fatalities split across 3 events coded as 3.", 3),
        ("Fatalities are split across 2 events (5).", 5),
    ]:
        doc = annotator.annotate(note)
        statements = casualty_statements(doc, 0, len(doc.tokens))
        assert [s.count for s in statements if s.coded] == [coded], note
        assert summarize(statements)[0] == coded
    plain = annotator.annotate("The militia was coded as a pro-government group.")
    assert not any(s.coded for s in casualty_statements(plain, 0, len(plain.tokens)))


def test_statements_name_their_victims(annotator) -> None:
    doc = annotator.annotate("Two nurses were wounded in the shelling.")
    (statement,) = casualty_statements(doc, 0, len(doc.tokens))
    assert [doc.tokens[v].text for v in statement.victims] == ["nurses"]
