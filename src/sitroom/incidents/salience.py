"""Salience of each incident, and the dateline as a prior for its place.

* **background**: the incident's stated date ends more than :data:`CURRENT_DAYS` days before
  publication, or, undated, it is told in the past perfect ("had warned"). A recalled older
  event keeps its own date, never the publication date: an older event whose date was only
  defaulted is left undated;
* **main**: a current incident told in the lead (the first sentence, else the second);
* **secondary**: every other current incident.
"""

from __future__ import annotations

import datetime as dt

from sitroom.annotation import AnnotatedDoc
from sitroom.models import DateValue, Event, Location, Place

CURRENT_DAYS = 30
LEAD_SENTENCES = 2


def is_background(event: Event, published: dt.date | None) -> bool:
    d = event.date
    if published is None or d.start is None or d.precision in ("document", "unknown"):
        return False
    end = d.end or d.start
    return (published - end).days > CURRENT_DAYS


def past_perfect(doc: AnnotatedDoc, event: Event) -> bool:
    """Is the event told in the past perfect ("had warned", "had been detained")? The tense of
    a story's background, before the time of the news."""
    if event.trigger is None or event.date.precision not in ("document", "unknown"):
        return False
    trig = doc.token_at_or_after(event.trigger.start)
    if trig is None or trig.tag != "VBN":
        return False
    return any(c.dep == "aux" and c.lower == "had" for c in doc.children(trig.i))


def assign_salience(
    doc: AnnotatedDoc,
    events: list[Event],
    sentences: dict[str, list[int]],
    published: dt.date | None,
) -> None:
    older = {e.id for e in events if is_background(e, published) or past_perfect(doc, e)}
    lead = None
    for k in range(LEAD_SENTENCES):
        if any(k in sentences.get(e.id, []) and e.id not in older for e in events):
            lead = k
            break
    for e in events:
        if e.id in older:
            e.salience = "background"
        elif lead is not None and lead in sentences.get(e.id, []):
            e.salience = "main"
        else:
            e.salience = "secondary"


def undate_inherited_background(event: Event, published: dt.date | None) -> None:
    """A background event whose only date is the publication date gets no date."""
    if event.salience == "background" and event.date.precision == "document":
        event.date = DateValue()
        event.notes.append("incidents: an older event; the publication date is not its date")


def dateline_prior(event: Event, dateline_place: Place | None) -> None:
    """A country-level place in the dateline's country takes the dateline's first-level
    division (never its town: the dateline is where the story was filed)."""
    loc = event.location
    if (
        dateline_place is None
        or loc is None
        or loc.precision != "country"
        or not dateline_place.admin1
        or dateline_place.country != loc.country
    ):
        return
    event.location = Location(
        name=dateline_place.admin1,
        country=loc.country,
        admin1=dateline_place.admin1,
        precision="admin1",
    )
    event.notes.append("incidents: first-level division from the dateline")
