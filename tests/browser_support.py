"""Hand-built documents for the browser tests: hostile strings in every field a page prints,
every date and place precision, several statuses, generic actors, and one event far in the
past (the time axes must not stretch to it).

Texts are written for the tests. The payloads set ``window.__xss`` if they ever run.
"""

from __future__ import annotations

import datetime as dt

from sitroom.models import (
    Actor,
    Analysis,
    DateValue,
    Document,
    Event,
    Location,
    Place,
    Relation,
)
from support.models import day, span

SCRIPT_PAYLOAD = "<script>window.__xss=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1">'
SVG_PAYLOAD = '<svg onload="window.__xss=1">'
HOSTILE_ACTOR = f"{SCRIPT_PAYLOAD} Brigade"
HOSTILE_TITLE = f"Raid on Gao {IMG_PAYLOAD}"


GAO = Location(name="Gao", country="MLI", admin1="Gao", lat=16.27, lon=-0.04, precision="city")
MOPTI = Location(
    name="Mopti", country="MLI", admin1="Mopti", lat=14.5, lon=-4.2, precision="admin1"
)
MALI = Location(name="Mali", country="MLI", lat=17.57, lon=-3.99, precision="country")

XSS_TEXT = (
    f"Fighters of the {HOSTILE_ACTOR} attacked a police post in Gao on 12 June 2022, killing "
    "three officers.\n\n"
    f"Two days later an RPG hit a bus carrying civilians somewhere in Mali. {IMG_PAYLOAD} was "
    f"painted on the wreck, beside {SVG_PAYLOAD}.\n\n"
    "The brigade planned to storm Mopti in July 2022, but the army said it foiled the plot."
)


def hostile_document() -> tuple[Document, Analysis]:
    text = XSS_TEXT
    paragraphs = text.split("\n\n")
    doc = Document(
        id="xss-doc", text=text, title=HOSTILE_TITLE, published=dt.date(2022, 6, 15), source="test"
    )
    actors = [
        Actor(
            id="xss-brigade",
            name=HOSTILE_ACTOR,
            type="armed_group",
            aliases=[IMG_PAYLOAD],
            mentions=[span(text, HOSTILE_ACTOR)],
        ),
        Actor(id="gao-police", name="Gao police", type="police", mentions=[span(text, "police")]),
        Actor(id="an-rpg", name="an RPG", type="other", mentions=[span(text, "an RPG")]),
        Actor(
            id="civilians", name="Civilians", type="civilians", mentions=[span(text, "civilians")]
        ),
    ]
    events = [
        Event(
            id="e1",
            type="ASSAULT",
            mode="armed_assault",
            sources=["xss-brigade"],
            targets=["gao-police"],
            date=day("2022-06-12"),
            location=GAO,
            killed=3,
            evidence=span(text, paragraphs[0]),
            trigger=span(text, "attacked"),
            confidence=0.9,
            salience="main",
        ),
        Event(
            id="e2",
            type="ASSAULT",
            mode="bombing",
            sources=["an-rpg"],
            targets=["civilians"],
            date=DateValue(
                start=dt.date(2022, 6, 15), end=dt.date(2022, 6, 15), precision="document"
            ),
            location=MALI,
            evidence=span(text, paragraphs[1]),
            salience="secondary",
        ),
        Event(
            id="e3",
            type="ASSAULT",
            status="thwarted",
            sources=["xss-brigade"],
            date=DateValue(
                start=dt.date(2022, 7, 1),
                end=dt.date(2022, 7, 31),
                precision="month",
                text="July 2022",
            ),
            location=MOPTI,
            evidence=span(text, paragraphs[2]),
        ),
    ]
    analysis = Analysis(
        id=doc.id,
        title=doc.title,
        published=doc.published,
        actors=actors,
        events=events,
        relations=[
            Relation(
                source="xss-brigade",
                target="gao-police",
                type="hostile",
                start="2022-06",
                evidence=[events[0].evidence],
            ),
            Relation(
                source="an-rpg", target="civilians", type="hostile", evidence=[events[1].evidence]
            ),
        ],
        places=[
            Place(**GAO.model_dump(), mentions=[span(text, "Gao")]),
            Place(**MALI.model_dump(), mentions=[span(text, "Mali")]),
            Place(**MOPTI.model_dump(), mentions=[span(text, "Mopti")]),
        ],
    )
    return doc, analysis


def chronicle_document(n_events: int = 60) -> tuple[Document, Analysis]:
    """A year of clashes between two made-up actors, and one event from 1914."""
    lines = []
    dates = []
    for i in range(n_events):
        d = dt.date(2022, 1, 3) + dt.timedelta(days=i * 6)
        dates.append(d)
        lines.append(f"Clash {i + 1}: the Northern Front fought the Valdorian Army on {d}.")
    old = dt.date(1914, 6, 28)
    dates.append(old)
    lines.append(f"Archive note: the Valdorian Army was founded in a battle on {old}.")
    text = "\n".join(lines)
    doc = Document(
        id="chronicle", text=text, title="A year of clashes", published=dt.date(2023, 1, 2)
    )
    actors = [
        Actor(
            id="northern-front",
            name="Northern Front",
            type="armed_group",
            mentions=[span(text, "Northern Front")],
        ),
        Actor(
            id="valdorian-army",
            name="Valdorian Army",
            type="military",
            country="MLI",
            aliases=["the Valdorians"],
            mentions=[span(text, "Valdorian Army")],
        ),
    ]
    events = [
        Event(
            id=f"c{i + 1}",
            type="ASSAULT",
            mode="armed_clash",
            sources=["northern-front"],
            targets=["valdorian-army"],
            date=day(d.isoformat()),
            evidence=span(text, line),
            location=GAO if i % 3 == 0 else None,
        )
        for i, (d, line) in enumerate(zip(dates, lines, strict=True))
    ]
    analysis = Analysis(
        id=doc.id, title=doc.title, published=doc.published, actors=actors, events=events
    )
    return doc, analysis
