"""Plain data types that flow between the pipeline stages and out of the library.

These are the output contract of ``docs/formats.md`` (after the design note): field names are
stable; new fields may be added, none renamed. Every stage takes and returns these types (or the
plain annotation types of :mod:`sitroom.annotation`), never spaCy objects.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# --- vocabularies (design note) -------------------------------------------------------------

EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]

AssaultMode = Literal[
    "bombing",
    "armed_assault",
    "assassination",
    "kidnapping",
    "hostage_taking",
    "hijacking",
    "facility_attack",
    "unarmed_assault",
    "sexual_violence",
    "air_strike",
    "shelling",
    "armed_clash",
]
ASSAULT_MODES: tuple[str, ...] = AssaultMode.__args__  # type: ignore[attr-defined]

EventStatus = Literal[
    "occurred", "attempted", "planned", "thwarted", "threatened", "hypothetical", "negated"
]
EVENT_STATUSES: tuple[str, ...] = EventStatus.__args__  # type: ignore[attr-defined]

ActorType = Literal[
    "state",
    "government",
    "military",
    "police",
    "armed_group",
    "igo",
    "ngo",
    "party",
    "media",
    "person",
    "civilians",
    "other",
]
ACTOR_TYPES: tuple[str, ...] = ActorType.__args__  # type: ignore[attr-defined]

RelationType = Literal[
    "ally",
    "rival",
    "hostile",
    "member_of",
    "affiliate_of",
    "leader_of",
    "spokesperson_of",
    "supports",
    "negotiates",
    "splinter_of",
]
RELATION_TYPES: tuple[str, ...] = RelationType.__args__  # type: ignore[attr-defined]

DatePrecision = Literal["day", "week", "month", "year", "decade", "document", "unknown"]
PlacePrecision = Literal["country", "admin1", "admin2", "city", "coordinates"]
Salience = Literal["main", "secondary", "background"]
# How a place name is used: as a location, for its government or people ("Washington said"),
# or as a nationality ("Somali forces"); only literal places are points on a map.
PlaceKind = Literal["literal", "metonymic", "demonym"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(_Model):
    """A stretch of the document text: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


class Dateline(Span):
    """The article's dateline ("KABUL, Afghanistan (AP) —"): where it was filed, a prior for
    geocoding, never a fact about an event."""

    place: str | None = Field(default=None, description="the city as written (KABUL)")
    region: str | None = Field(default=None, description="country or state after the comma")
    country: str | None = Field(default=None, description="ISO3, when the dateline names it")
    wire: str | None = Field(default=None, description="agency in brackets (AP, Reuters)")


# --- input ----------------------------------------------------------------------------------


class Document(_Model):
    """One article as ingested: text after HTML extraction, plus what is known about it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    origin: str | None = Field(default=None, description="file path or batch line it came from")


# --- facts ----------------------------------------------------------------------------------


class DateValue(_Model):
    """A normalized temporal expression; ``start``/``end`` span the precision."""

    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision = "unknown"
    text: str | None = None


class TimeExpression(_Model):
    """A temporal expression found in the text, with its normalized value."""

    value: DateValue
    mention: Span


class Location(_Model):
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: PlacePrecision | None = None
    geonameid: int | None = None


class Place(Location):
    """A resolved place with every mention of it in the document."""

    feature: str | None = Field(default=None, description="gazetteer feature class/code")
    mentions: list[Span] = Field(default_factory=list)
    # Not serialized yet: the store's places table has no column for it (see docs/places.md).
    kind: PlaceKind = Field(
        default="literal",
        exclude=True,
        description="literal (a location), metonymic (its government or people: no point) "
        "or demonym (a nationality: the country, no point)",
    )


class ActorLink(_Model):
    """How an actor of a document was identified (see docs/actors.md)."""

    how: str = Field(
        description="exact | acronym | normalized | convention | fuzzy | ruler | surname | "
        "country | agent | local (kept as the document's own actor, not in the KB or abstained)"
    )
    confidence: float | None = Field(default=None, description="the match score, 0-1")
    surface: str | None = Field(default=None, description="the name as written")


class ActorRole(_Model):
    """A role of a person as one document gives it, dated by the document."""

    role: str
    org: str | None = Field(default=None, description="actor id of the organization")
    date: dt.date | None = Field(default=None, description="the article's date")
    how: str = Field(default="stated", description="stated | knowledge_base")


class Actor(_Model):
    id: str
    name: str
    type: ActorType = "other"
    country: str | None = None
    parent: str | None = None
    kb: bool = False
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    affiliation: str | None = Field(default=None, description="actor id the person belongs to")
    mentions: list[Span] = Field(default_factory=list)
    link: ActorLink | None = None
    roles: list[ActorRole] = Field(default_factory=list)


class Act(_Model):
    """The act a speech-act event speaks of: what was threatened, requested, accused of,
    rejected or supported ("Russia threatened to strike Kyiv": a THREATEN event, act ASSAULT)."""

    type: EventType
    mode: str | None = None


SourceBasis = Literal["stated", "claimed", "alleged", "inferred"]
TargetBasis = Literal["stated", "inferred"]


class Event(_Model):
    id: str
    type: EventType
    mode: str | None = None
    status: EventStatus = "occurred"
    sources: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    claimed_by: list[str] = Field(default_factory=list)
    date: DateValue = Field(default_factory=DateValue)
    location: Location | None = None
    killed: int | None = None
    wounded: int | None = None
    evidence: Span
    trigger: Span | None = None
    more_evidence: list[Span] = Field(
        default_factory=list, description="other sentences merged into this event"
    )
    target_text: str | None = Field(default=None, description="target phrase as written")
    speaker: str | None = Field(default=None, description="actor id of reported speech")
    notes: list[str] = Field(default_factory=list)
    confidence: float = 0.5
    act: Act | None = Field(default=None, description="the act a speech-act event speaks of")
    source_basis: SourceBasis | None = Field(
        default=None,
        description="how the sources were obtained: stated (the clause names them), claimed "
        "(a claim of responsibility), alleged (attributed by others), inferred (from a speaker "
        "or an earlier sentence)",
    )
    target_basis: TargetBasis | None = Field(
        default=None,
        description="how the targets were obtained when not stated in the event's clause: "
        "inferred (from the article around it; see the notes for the rule)",
    )
    salience: Salience | None = Field(
        default=None,
        description="main (the headline incident), secondary (other current events), "
        "background (recalled older events); set by the incidents stage",
    )


class Relation(_Model):
    source: str
    target: str
    type: RelationType
    start: str | None = None
    end: str | None = None
    status: EventStatus = "occurred"
    origin: Literal["explicit", "events"] = "explicit"
    evidence: list[Span] = Field(default_factory=list)


class Analysis(_Model):
    """Everything extracted from one document: the output format of ``sitroom extract``."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    dates: list[TimeExpression] = Field(default_factory=list)
    dateline: Dateline | None = Field(default=None, description="article anatomy: the dateline")
    byline: Span | None = Field(default=None, description="article anatomy: the byline")
    credits: list[Span] = Field(
        default_factory=list, description="wire credits, contribution and origin lines"
    )
    captions: list[Span] = Field(default_factory=list, description="photo captions and credits")
    text: str | None = Field(default=None, description="included on request (--with-text)")

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)
