"""Mentions of one incident become one event.

The events stage reads each sentence (and a few neighbours) on its own; an article tells one
incident many times: the attack, "the attack", the toll, the claim. Events are taken in text
order; each joins the most recent open incident it is *compatible* with when a *link* holds,
else it opens a new incident.

Compatible (all must hold):

- the same PLOVER type, and the same status among occurred/attempted versus the others;
- modes: the same, one missing, or two that reporters confuse (the ontology's ``confusable_modes``,
  and ``confusable_modes`` of the vocabulary: "barred", restrict, and "prohibited", ban);
  a later report of an incident ("that attack") with no attacker of its own and the default
  mode (no weapon named) takes the incident's mode; a later report in a mode of its own ("the
  kidnapping") joins an incident whose mentions named no weapon, when no incident of its own
  mode is open;
- dates: two stated days must be the same day; a day must lie in a stated month or year;
  a date inherited or defaulted (``document``) is compatible with any;
- places: not two different countries; not two different towns;
- sides: when both name sources (targets) other than the unidentified group or civilians,
  they share one, or the state two of them stand for (a state, its government, military or
  police, an official affiliated to one: "visited Saudi Arabia" and "met the Saudi
  government"); for ASSAULT, the sides are not reversed (the source of one is the target of
  the other) and an operation ("rescue operation", "raid") is never merged with an attack that
  is not one: an attack and the operation that ended it are two incidents.

Links (one must hold):

- the two events come from the same sentence;
- the later event's trigger is a noun of ``incident_nouns`` that refers back: a definite,
  demonstrative or possessive determiner ("the attack", "this blast", "Mhlanga's arrest"),
  without a relative clause that tells it afresh ("the explosion that killed 13"), or the
  pronoun "it" as its subject, or a past participle that describes a noun by the act with no
  doer of its own ("the soldiers *killed* on Sunday");
- the two triggers have the same lemma and the events share a named actor ("urged Farmajo to
  return to talks" twice), or the later names no doer of its own ("the book was banned");
- an ASSAULT with no named attacker of its own (a toll, a claim, a witness's "they shot
  people") follows within three sentences; so does an act of any type that names no party at
  all ("he was held for six hours");
- the later event tells the act again in other words (:mod:`sitroom.incidents.restatement`):
  a non-violent act by a doer of the incident ("prohibited him" ... "barred him", "called
  on" ... "pleaded with"), or, with no doer on either side, towards a party of the incident
  within three sentences.

Before grouping, an act that is only possible ("could impose", "may cut") is dropped, so is an
event whose trigger is a proper noun inside an organization's name ("the Alliance of
Democracies"; a named agreement or summit is kept), and an
event that is the content of another act of its sentence is dropped: a
clause under a verbal act's trigger ("urged X to *lift* the ban") or the object of a demand or a
threat ("demanded the *release* of prisoners").

Two more kinds of mention are no event of their own (:mod:`sitroom.incidents.clauses`): the
second of coordinated verbs that share their subject ("froze the assets and banned them"), and
a withdrawal or a seizure told after an attack in its sentence.

A mention whose noun is modified as new ("a second attack", "another blast") never joins an
earlier incident unless it is in the same sentence. A definite ordinal ("the second attack",
"Rubio's second visit") is an incident the article has counted already: it refers back, but
only to an incident of a compatible date (it is no later report of it).

The attributes of an incident's mentions are merged by :mod:`sitroom.incidents.attributes`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from sitroom.actors.model import GENERIC_FORCES
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.incidents.assertion import Memo, attitude, commentary, described, generic
from sitroom.incidents.grounds import drop_goals_and_grounds
from sitroom.incidents.restatement import Restatements, act_of, share
from sitroom.incidents.vocabulary import Vocabulary, default_vocabulary
from sitroom.models import Actor, Event, Location
from sitroom.ontology import ontology

# Modes reporters use for one act (plover.yaml confusable_modes; the store merges by them too).
SAME_MODES = ontology().confusable_modes

GENERIC = frozenset({"unidentified-armed-group", "civilians"})
# sides that tell no two mentions apart: the generic ones and the forces or authorities whose
# country the text does not give ("the president", "police said")
UNSPECIFIC = GENERIC | frozenset(i for i, _ in GENERIC_FORCES.values())
OCCURRED = frozenset({"occurred", "attempted"})
REFERRING_DETS = frozenset({"the", "this", "that", "these", "those", "its", "their", "such"})
# how far back (in open incidents) a mention looks for its incident: bounds the work per event
LOOKBACK = 40
NEAR_SENTENCES = 3
# a later report of an incident (its toll rising, a claim, "the attack" again) may carry the day
# it was reported rather than the day of the incident: that far after it, it is still the same
REPORT_LAG = dt.timedelta(days=14)
# the mode an attack gets when its words name no weapon: a later report ("that attack") in this
# mode, with no attacker of its own, does not contradict the weapon of the incident it reports
DEFAULT_MODES = frozenset({"armed_assault"})
# how far up the parse a trigger looks for the act it is the content of
MAX_DEPTH = 12


@dataclass
class Mention:
    event: Event
    sentence: int
    trigger: Token | None
    lemma: str
    refers_back: bool
    operation: bool
    new: bool = False  # "a second attack", "another blast": never joins an earlier incident
    counted: bool = False  # "the second attack": refers back, but is no later report of it


@dataclass
class Incident:
    mentions: list[Mention] = field(default_factory=list)
    # kept up to date by add(), so that a link is checked in time independent of the size
    sentences: set[int] = field(default_factory=set)
    lemma_actors: dict[str, set[str]] = field(default_factory=dict)
    doers: set[str] = field(default_factory=set)  # named sources and claimants of its mentions
    parties: set[str] = field(default_factory=set)  # named targets of its mentions
    acts: set[str | None] = field(default_factory=set)  # the acts its speech acts speak of

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.sentences.add(m.sentence)
        actors = named([*m.event.sources, *m.event.claimed_by, *m.event.targets])
        self.lemma_actors.setdefault(m.lemma, set()).update(actors)
        self.doers |= named([*m.event.sources, *m.event.claimed_by])
        self.parties |= named(m.event.targets)
        self.acts.add(act_of(m.event))


def mention_of(doc: AnnotatedDoc, event: Event, vocab: Vocabulary) -> Mention:
    sentence = doc.sentence_at(event.evidence.start)
    trig = doc.token_at_or_after(event.trigger.start) if event.trigger is not None else None
    lemma = trig.lemma.lower() if trig is not None else ""
    refers = trig is not None and trig.pos == "NOUN" and lemma in vocab.incident_nouns
    if refers and trig is not None:
        refers = _referring(doc, trig)
    if trig is not None and not refers and trig.pos in ("VERB", "AUX"):
        refers = any(
            c.dep in ("nsubj", "nsubjpass") and c.lower == "it" for c in doc.children(trig.i)
        ) or _reduced_relative(doc, trig)
    words = {lemma, *(event.mode or "").lower().replace("_", " ").split()}
    marks = (
        [
            c
            for c in doc.children(trig.i)
            if c.dep in ("amod", "det", "advmod") and c.lower in vocab.new_incident_words
        ]
        if trig is not None
        else []
    )
    # "the second attack", "Rubio's second visit": counted already, not new
    counted = bool(marks) and refers and all(c.lower in vocab.ordinal_incident_words for c in marks)
    return Mention(
        event=event,
        sentence=sentence.i if sentence is not None else -1,
        trigger=trig,
        lemma=lemma,
        refers_back=refers,
        operation=bool(words & vocab.operation_words),
        new=bool(marks) and not counted,
        counted=counted,
    )


def _reduced_relative(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "the widow of one of the soldiers *killed* on Sunday", "the men *detained* last week": a
    past participle that describes its noun by an act, with no doer of its own, recalls the act
    rather than telling it afresh."""
    if verb.tag != "VBN" or verb.dep != "acl" or verb.head == verb.i:
        return False
    return not any(c.dep == "agent" for c in doc.children(verb.i))


def _referring(doc: AnnotatedDoc, noun: Token) -> bool:
    """ "the attack", "this blast", "Mhlanga's arrest"; not "the explosion that killed 13 in
    August" (a relative clause tells the incident afresh)."""
    children = doc.children(noun.i)
    if any(c.dep in ("relcl", "acl") for c in children):
        return False
    for c in children:
        if c.dep == "det" and c.lower in REFERRING_DETS:
            return True
        if c.dep == "poss":
            return True
    return False


def named(ids: Sequence[str]) -> set[str]:
    return {i for i in ids if i not in GENERIC}


def specific(ids: Sequence[str]) -> set[str]:
    """The sides that can tell two mentions apart (not of :data:`UNSPECIFIC`)."""
    return {i for i in ids if i not in UNSPECIFIC}


def compatible(
    a: Event,
    b: Event,
    a_op: bool,
    b_op: bool,
    later_report: bool = False,
    modes: frozenset[frozenset[str]] = SAME_MODES,
    placeless: frozenset[str] = frozenset(),
    states: Mapping[str, str] = MappingProxyType({}),
    any_mode: bool = False,
) -> bool:
    """Can ``b`` (a later mention) be the incident ``a``? ``any_mode``: the modes are not
    compared (see :func:`group`). ``later_report``: ``b`` only reports
    on an incident (refers back to it, updates its toll, claims it), so a date of its own a few
    days after ``a``'s is the day of the report, not of another incident. ``modes``: the pairs
    of modes that may name one act. ``placeless``: the types whose places do not tell two acts
    apart (a demand made in Brussels to a party in Sudan). ``states``: the state (its country
    code) each state actor, organ of a state or official of one stands for (:func:`states_of`):
    "Saudi Arabia" and "the Saudi government" are one side."""
    if a.type != b.type or ((a.status in OCCURRED) != (b.status in OCCURRED)):
        return False
    if (
        not any_mode
        and a.mode
        and b.mode
        and a.mode != b.mode
        and frozenset((a.mode, b.mode)) not in modes
        and not (later_report and b.mode in DEFAULT_MODES and not named(b.sources))
    ):
        return False
    if a.status not in OCCURRED and a.status != b.status:
        return False
    dates_ok = _dates_compatible(a, b) or (later_report and _reported_later(a, b))
    if not dates_ok:
        return False
    if a.type not in placeless and not _places_compatible(a.location, b.location):
        return False
    sa, sb = specific([*a.sources, *a.claimed_by]), specific([*b.sources, *b.claimed_by])
    ta, tb = specific(a.targets), specific(b.targets)
    if (sa and sb and not share(sa, sb, states)) or (ta and tb and not share(ta, tb, states)):
        return False
    return not (a.type == "ASSAULT" and (bool(sa & tb) or bool(sb & ta) or a_op != b_op))


# the actors that stand for their state: the state itself, its organs
STATE_TYPES = frozenset({"state", "government", "military", "police"})


def states_of(actors: Mapping[str, Actor]) -> dict[str, str]:
    """The country code each actor stands for as a side: a state and its organs (government,
    military, police), and a person affiliated to one of them ("Sybiha, the foreign minister"
    of the Ukrainian government). Armed groups, parties and people of a country are not its
    state."""
    out: dict[str, str] = {}
    for actor_id, a in actors.items():
        if a.type in STATE_TYPES and a.country:
            out[actor_id] = a.country
        elif a.type == "person" and a.affiliation is not None:
            org = actors.get(a.affiliation)
            if org is not None and org.type in STATE_TYPES and org.country:
                out[actor_id] = org.country
    return out


def _dates_compatible(a: Event, b: Event) -> bool:
    da, db = a.date, b.date
    if da.start is None or db.start is None:
        return True
    if "document" in (da.precision, db.precision) or "unknown" in (da.precision, db.precision):
        return True
    if da.precision == "day" and db.precision == "day":
        return da.start == db.start
    a_end, b_end = da.end or da.start, db.end or db.start
    return da.start <= b_end and db.start <= a_end


def _reported_later(a: Event, b: Event) -> bool:
    """Is ``b`` dated on a day after ``a`` (and not long after): the day of a later report?"""
    da, db = a.date, b.date
    if da.start is None or db.start is None or db.precision != "day":
        return False
    a_end = da.end or da.start
    return a_end < db.start <= a_end + REPORT_LAG


def reports_on_an_incident(m: Mention) -> bool:
    """A mention that reports on an incident rather than telling one: "the attack", "it", a
    claim of responsibility, or a toll with no attacker of its own ("the toll rose to 14")."""
    e = m.event
    if m.counted:
        return False
    if m.refers_back or bool(named(e.claimed_by)):
        return True
    return not named(e.sources) and (e.killed is not None or e.wounded is not None)


def _places_compatible(a: Location | None, b: Location | None) -> bool:
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    towns = ("city", "coordinates")
    if a.precision in towns and b.precision in towns and a.name and b.name:
        return a.name == b.name or (a.city is not None and a.city == b.city)
    return True


def linked(
    inc: Incident,
    m: Mention,
    restated: Restatements | None = None,
    states: Mapping[str, str] = MappingProxyType({}),
) -> bool:
    """``restated``: the acts told again in other words (:mod:`.restatement`); ``states``: see
    :func:`compatible`."""
    if m.sentence in inc.sentences:
        return True
    if m.new:
        return False
    if m.refers_back:
        return True
    actors = named([*m.event.sources, *m.event.claimed_by, *m.event.targets])
    if m.lemma and actors & inc.lemma_actors.get(m.lemma, set()):
        return True
    if (
        m.lemma in inc.lemma_actors
        and m.trigger is not None
        and not named([*m.event.sources, *m.event.claimed_by])
    ):
        return True  # the act told again with the same word, and no doer of its own
    near = 0 <= m.sentence - inc.mentions[-1].sentence <= NEAR_SENTENCES
    if not actors and near:
        return True
    mine = named([*m.event.sources, *m.event.claimed_by]), named(m.event.targets)
    theirs = inc.doers, inc.parties
    if restated is not None and restated.restates(m.event, mine, theirs, inc.acts, near, states):
        return True
    return (
        m.event.type == "ASSAULT"
        and not named(m.event.sources)
        and 0 <= m.sentence - inc.mentions[-1].sentence <= NEAR_SENTENCES
    )


CLAUSAL = frozenset({"xcomp", "ccomp", "advcl"})
DEMANDS = frozenset({"REQUEST", "THREATEN"})
# verbal acts: their clausal complement is what was said, demanded or agreed, not a new event
VERBAL = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "CONCEDE"}
)


# acts that compel: what they press someone to do is not done ("pressuring Canada to *curb*")
COMPELLING = frozenset({"COERCE"})
# talks: an act noun they are about is their topic, not an act ("talks on the deal")
TALKS = frozenset({"CONSULT"})
TOPIC_PREPS = frozenset({"on", "about", "over", "regarding", "concerning"})
# the arcs to what is demanded: "called *for* ...", "demanded *the release* ..."
DEMANDED = frozenset({"prep", "dobj", "obj"})


def drop_contents(
    doc: AnnotatedDoc, mentions: list[Mention], vocab: Vocabulary | None = None
) -> list[Mention]:
    """Drop the acts that are only possible ("could impose"), and the events that are the
    content of another event of their sentence, not events of their own: a clause under a
    verbal act's trigger ("urged the Taliban to *lift* the ban", "calling on authorities to
    *loosen* restrictions") or, under a demand or a threat, its object ("demanded the
    *release* of prisoners"); under talks, an act noun they are about ("held talks on the
    *deal*", "discussed the *sanctions*"; not an attack)."""
    by_token = {m.trigger.i: m for m in mentions if m.trigger is not None}
    memo: Memo = {}
    out = []
    for m in mentions:
        if m.trigger is not None and _is_content(doc, m, by_token):
            m.event.notes.append("incidents: the content of another act, not an event")
        elif m.trigger is not None and _in_a_name(doc, m.trigger):
            m.event.notes.append("incidents: the trigger is part of a name, not an act")
        elif merely_possible(doc, m, (vocab or default_vocabulary()).possibility_modals):
            m.event.notes.append("incidents: only possible (can, could, may), not an event")
        elif (why := _unasserted(doc, m, vocab, memo)) is not None:
            m.event.notes.append(f"incidents: {why}")
        else:
            out.append(m)
    return drop_goals_and_grounds(doc, out, vocab)


def _unasserted(doc: AnnotatedDoc, m: Mention, vocab: Vocabulary | None, memo: Memo) -> str | None:
    """Why the article does not assert the mention (:mod:`sitroom.incidents.assertion`)."""
    if vocab is None or m.trigger is None:
        return None
    if commentary(doc, m.trigger, vocab, memo):
        return "a commentator's opinion, not an event"
    if attitude(doc, m.trigger, vocab):
        return "feared, hoped or wanted, not asserted"
    if generic(doc, m.trigger, vocab, memo):
        return "a habit or an act in general, not an event"
    told_toll = m.event.killed is not None or m.event.wounded is not None
    if not (m.event.type == "ASSAULT" and told_toll) and described(doc, m.trigger):
        return "a description of a kind of party, not an event"
    return None


def _is_content(doc: AnnotatedDoc, m: Mention, by_token: dict[int, Mention]) -> bool:
    assert m.trigger is not None
    if _said_infinitive(doc, m, by_token):
        return True
    below = m.trigger
    for steps, up in enumerate(doc.ancestors(m.trigger.i)):
        if up.sent != m.trigger.sent or steps > MAX_DEPTH:
            return False
        gov = by_token.get(up.i)
        if gov is not None and gov is not m and gov.sentence == m.sentence:
            kind = gov.event.type
            if below.dep in CLAUSAL and kind in VERBAL:
                return True
            if below.dep in ("xcomp", "ccomp") and kind in COMPELLING:
                return True
            if below.dep == "acl" and up.pos == "NOUN" and kind in VERBAL:
                return True  # "its call to the authorities to *drop* the charges"
            if kind in DEMANDS and below.dep in DEMANDED:
                return True  # "called for a government that *protects* minorities"
            if kind in TALKS and m.trigger.pos == "NOUN" and m.event.type != "ASSAULT":
                # "held talks *on* the ceasefire *deal*", "discussed the *sanctions*": a topic
                return below.dep in ("dobj", "obj") or (
                    below.dep == "prep" and below.lower in TOPIC_PREPS
                )
            return kind in DEMANDS and m.trigger.pos == "NOUN"
        if below.dep == "advcl" and _bare_infinitive(doc, below):
            # "renewed its call on X to *drop* the charges": the parser hangs the infinitive
            # on the verb; it is the content of the demand that is the verb's object (not
            # of an agreement: "signed pacts to boost cooperation" tells a purpose)
            for c in doc.children(up.i):
                obj = by_token.get(c.i) if c.dep in ("dobj", "obj") else None
                if obj is not None and obj.sentence == m.sentence and obj.event.type in DEMANDS:
                    return True
        below = up
    return False


def _said_infinitive(doc: AnnotatedDoc, m: Mention, by_token: dict[int, Mention]) -> bool:
    """ "reiterated its call to the authorities to *drop* the charges": the parser may make the
    demand noun the subject of the infinitive; an infinitive whose subject is the noun of a
    verbal act of its sentence is what was said, not an act."""
    assert m.trigger is not None
    kids = doc.children(m.trigger.i)
    if not any(c.dep == "aux" and c.lower == "to" for c in kids):
        return False
    for c in kids:
        said = by_token.get(c.i) if c.dep == "nsubj" and c.pos == "NOUN" else None
        if said is not None and said.sentence == m.sentence and said.event.type in VERBAL:
            return True
    return False


def _bare_infinitive(doc: AnnotatedDoc, verb: Token) -> bool:
    """ "to drop the charges": an infinitive with no subject of its own."""
    kids = doc.children(verb.i)
    return any(c.dep == "aux" and c.lower == "to" for c in kids) and not any(
        c.dep in ("nsubj", "nsubjpass") for c in kids
    )


def group(
    mentions: list[Mention],
    restated: Restatements | None = None,
    states: Mapping[str, str] = MappingProxyType({}),
) -> list[Incident]:
    """``states``: see :func:`compatible`."""
    incidents: list[Incident] = []
    modes = SAME_MODES | (restated.modes if restated is not None else frozenset())
    placeless = restated.placeless if restated is not None else frozenset()
    for m in mentions:
        home = None
        later = reports_on_an_incident(m)
        for inc in reversed(incidents[-LOOKBACK:]):
            first = inc.first
            if compatible(
                first.event, m.event, first.operation, m.operation, later, modes, placeless, states
            ) and linked(inc, m, restated, states):
                home = inc
                break
        if home is None and later and m.event.mode:
            # "the kidnapping" after "armed men stormed the school": a later report names the
            # act its incident's mentions named by no weapon (the default mode); only when no
            # incident of its own mode is open
            for inc in reversed(incidents[-LOOKBACK:]):
                first = inc.first
                if (
                    _unnamed_weapon(inc)
                    and compatible(
                        first.event,
                        m.event,
                        first.operation,
                        m.operation,
                        later,
                        modes,
                        placeless,
                        states,
                        any_mode=True,
                    )
                    and linked(inc, m, restated, states)
                ):
                    home = inc
                    break
        if home is None:
            home = Incident()
            incidents.append(home)
        home.add(m)
    return incidents


def _unnamed_weapon(inc: Incident) -> bool:
    """Do all the mentions of the incident name no weapon (the default mode, or none)?"""
    return all(x.event.mode is None or x.event.mode in DEFAULT_MODES for x in inc.mentions)


def codable(
    event: Event,
    needs_source: frozenset[str] = frozenset(),
    needs_named_party: frozenset[str] = frozenset(),
) -> bool:
    """An event coder logs acts between actors: an act other than an attack or a coercion with
    no actor on either side, not even a generic one ("rebels", "civilians"), is not an event
    ("talks will continue"); an act of a type of ``needs_source`` (aid) with no doer is a
    description ("the camps shelter 400,000 refugees"), not an event; nor is an act of a type
    of ``needs_named_party`` (cooperation, agreement) whose only parties are generic ("most
    licences are purchased by overseas hunters")."""
    if event.type in needs_source and not (event.sources or event.claimed_by):
        return False
    if event.type in needs_named_party and not named(
        [*event.sources, *event.claimed_by, *event.targets]
    ):
        return False
    if event.type in ("ASSAULT", "COERCE"):
        return True
    return bool(event.sources or event.claimed_by or event.targets)


# Names of things that are no acts. EVENT and LAW names may be the act itself ("the Doha
# Agreement in 2020", "the G7 Summit"): they are kept.
NAME_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "WORK_OF_ART"})


def _in_a_name(doc: AnnotatedDoc, trigger: Token) -> bool:
    """ "the Alliance of Democracies", "the Security Cooperation Agency": a proper noun inside
    the name of an organization (or a building, a product, a work) tells no act."""
    if trigger.pos != "PROPN":
        return False
    ent = doc.entity_at_token(trigger.i)
    return ent is not None and ent.label in NAME_LABELS


def merely_possible(doc: AnnotatedDoc, m: Mention, modals: frozenset[str]) -> bool:
    """Is the act only possible or only owed ("China could impose restrictions", "they may cut
    aid", "65% must vote against it")? One of ``modals`` (``possibility_modals`` of the
    vocabulary) on the trigger, or on the verb whose complement it is."""
    if m.trigger is None:
        return False
    heads = [m.trigger]
    if m.trigger.dep == "xcomp" and m.trigger.head != m.trigger.i:
        heads.append(doc.tokens[m.trigger.head])
    return any(c.dep == "aux" and c.lower in modals for h in heads for c in doc.children(h.i))
