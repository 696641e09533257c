"""Article anatomy on lines written for the tests (and one VOA credit line, credited)."""

from __future__ import annotations

import pytest

from sitroom.anatomy import parse_patterns, read_anatomy, simple_sentences
from sitroom.anatomy.filters import drop_events, drop_places
from sitroom.models import Event, Place, Span


@pytest.mark.parametrize(
    ("text", "place", "region", "country", "wire"),
    [
        ("KABUL, Afghanistan (AP) — A bomb exploded.", "KABUL", "Afghanistan", "AFG", "AP"),
        ("WASHINGTON — The Senate passed the bill on Tuesday.", "WASHINGTON", None, None, None),
        ("GENEVA — Talks on the ceasefire resumed.", "GENEVA", None, None, None),
        ("KYIV (Reuters) - Drones struck a power plant overnight.", "KYIV", None, None, "Reuters"),
        ("LAGOS, Nigeria, May 4 (Reuters) - Gunmen struck.", "LAGOS", "Nigeria", "NGA", "Reuters"),
        ("PORT-AU-PRINCE, Haiti — Gangs blocked the road.", "PORT-AU-PRINCE", "Haiti", "HTI", None),
        ("NEW YORK — The council met.", "NEW YORK", None, None, None),
    ],
)  # fmt: skip
def test_datelines(
    text: str, place: str, region: str | None, country: str | None, wire: str | None
) -> None:
    a = read_anatomy(text)
    assert a.dateline is not None
    d = a.dateline
    assert (d.place, d.region, d.country, d.wire) == (place, region, country, wire)
    assert text[d.start : d.end] == d.text and text[d.end :].startswith(text[d.end])
    # the wire credit in a dateline is part of the dateline, not a second credit
    assert not a.credits


@pytest.mark.parametrize(
    "text",
    [
        "The UN said — in a statement — that aid was blocked.",
        "A — B",
        "NATO allies met in Brussels on Monday.",
        "Officials said the AP — a news agency — had been barred.",
    ],
)
def test_no_dateline_in_ordinary_sentences(text: str) -> None:
    assert read_anatomy(text).dateline is None


def test_a_dateline_at_the_start_of_each_paragraph() -> None:
    text = "BEIRUT — Strikes hit the south.\n\nDAMASCUS, Syria — Protesters gathered."
    a = read_anatomy(text)
    assert [d.place for d in a.datelines] == ["BEIRUT", "DAMASCUS"]
    assert a.dateline is not None and a.dateline.place == "BEIRUT"


def test_a_byline_run_into_the_dateline_is_kept_apart() -> None:
    # paragraphs joined into one line: "By <name> <DATELINE> —"
    text = "By Maria Okafor JOS, Nigeria — Herders and farmers clashed near Jos on Sunday."
    a = read_anatomy(text)
    assert a.byline is not None and a.byline.text == "By Maria Okafor"
    assert a.dateline is not None and a.dateline.place == "JOS"
    assert a.dateline.region == "Nigeria" and a.dateline.start == text.index("JOS")
    text = "By Ana Ruiz and Tomas Berg LIMA, Peru — Miners blocked a highway on Monday."
    a = read_anatomy(text)
    assert a.byline is not None and a.byline.text == "By Ana Ruiz and Tomas Berg"
    assert a.dateline is not None and a.dateline.place == "LIMA"
    # a sentence opening with "By" and a lower-case word is no byline
    a = read_anatomy("By the time police arrived, THE GUNMEN — three men — had fled.")
    assert a.byline is None and a.dateline is None


def test_byline_on_its_own_line() -> None:
    text = "By Jane Doe and John Roe, Associated Press\nBEIRUT — Strikes hit the south."
    a = read_anatomy(text)
    assert a.byline is not None and a.byline.text == "By Jane Doe and John Roe, Associated Press"
    assert read_anatomy("By Tuesday the army had retreated from the town.").byline is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Some information for this report came from Reuters and The Associated Press.",
        "Additional reporting for this story came from AFP.",
        "Maria Lopez contributed to this report.",
        "Jin Park of the Korean Service contributed to this report from Seoul.",
        "Associated Press writers Ann Lee in Paris and Tom Fox in Rome contributed.",
        "Stringers Ali Hassan and Omar Farah contributed reporting from Kismayo.",
        "This story originated in the Urdu Service.",
        "Reporting by Jane Doe; Editing by John Roe",
        # voanews.com / Voice of America (story 8010476)
        "VOA's Mandarin Service contributed to this report.",
    ],
)
def test_credit_sentences(sentence: str) -> None:
    text = "Militants attacked a convoy on Monday. " + sentence
    a = read_anatomy(text)
    assert [c.text for c in a.credits] == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Donors contributed $4 million to the relief fund.",
        "She contributed essays about her father to the anthology.",
        "The report said the army had contributed troops to the mission.",
        "The story of the siege was told in a documentary.",
    ],
)
def test_content_sentences_are_not_credits(sentence: str) -> None:
    assert read_anatomy(sentence).credits == []


def test_inline_wire_credits_and_captions() -> None:
    text = (
        "Police said (AP) that two men were held.\n"
        "FILE - Soldiers patrol a market in Gao, Mali, June 3, 2021. (AP Photo/Jane Doe)\n"
        "The army said it had retaken the town."
    )
    a = read_anatomy(text)
    assert [c.text for c in a.credits] == ["(AP)"]
    assert len(a.captions) == 1 and a.captions[0].text.startswith("FILE - Soldiers")
    assert a.captions[0].text.endswith("(AP Photo/Jane Doe)")


def test_excluded_spans_filter_places_and_events() -> None:
    text = "KABUL, Afghanistan (AP) — A bomb exploded. Tom Lee contributed to this report."
    a = read_anatomy(text)
    k = text.index("(AP)")
    ap = Place(name="Andhra Pradesh", mentions=[Span(start=k + 1, end=k + 3, text="AP")])
    kabul = Place(name="Kabul", mentions=[Span(start=0, end=5, text="KABUL")])
    k2 = text.index("A bomb")
    bomb = Place(
        name="Kabul",
        mentions=[Span(start=0, end=5, text="KABUL"), Span(start=k2, end=k2 + 1, text="A")],
    )
    assert [p.name for p in drop_places([ap, kabul, bomb], a.excluded)] == ["Kabul"]
    s = text.index("Tom Lee")
    credit = Event(id="e2", type="AID", evidence=Span(start=s, end=len(text), text=text[s:]))
    attack = Event(id="e1", type="ASSAULT", evidence=Span(start=0, end=s - 1, text=text[: s - 1]))
    assert [e.id for e in drop_events([attack, credit], a.excluded_sentences)] == ["e1"]


def test_simple_sentences_and_bad_patterns() -> None:
    assert simple_sentences("One. Two? Three") == [(0, 4), (5, 9), (10, 15)]
    with pytest.raises(ValueError, match="unknown kinds"):
        parse_patterns({"headline": []})
    with pytest.raises(ValueError, match="dateline needs"):
        parse_patterns({"dateline": ["^[A-Z]+ —"]})
    with pytest.raises(ValueError, match="matches empty"):
        parse_patterns({"credit_sentences": ["x*"]})
