"""Arguments: who did it (sources) and to whom (targets), read from the parse."""

from __future__ import annotations

from sitroom.actors import CIVILIANS, UNIDENTIFIED, LinkedActors
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.aims import (
    _AUTHORED_OBJECT_TYPES,
    _OWN_FORCE_TYPES,
    PATIENT_NOUNS,
    _aimed,
    _aimed_elsewhere,
    _authored_object,
    _home_country,
    _placed_people,
    _prep_objects,
    _recipient,
    _without_own_forces,
    _without_own_state,
)
from sitroom.events.base import (
    _CHARGE_NOUNS,
    _CONTROL_ADJECTIVES,
    _HAPPEN_VERBS,
    _IMPERSONAL_SPEAKER_PRONOUNS,
    _PARTNER_TYPES,
    _RELATIVE_PRONOUNS,
    _SUBJECT_CONTROL,
    _SUBJECT_DOER_TYPES,
    _TARGET_PREPS,
    LexiconLike,
    Trigger,
    _dedupe,
)
from sitroom.events.phrases import _actor_type, _np_actors
from sitroom.events.tree import _phrase
from sitroom.rules import rules

_RULES = rules("arguments")
_ADDRESSEE_CLAUSE_TYPES = _RULES.words("addressee_clause_types")
_UNDERGOER_CLAUSE_TYPES = _RULES.words("undergoer_clause_types")
_RAISING_PASSIVES = _RULES.words("raising_passives")
_PERFORMING_VERBS = _RULES.words("performing_verbs")
_TRAVEL_VERBS = _RULES.words("travel_verbs")
_SERIES_NOUNS = _RULES.words("series_nouns")
_RECEIVING_VERBS = _RULES.words("receiving_verbs")
_RECEIVED_TYPES = _RULES.words("received_types")
_TRIP_PREPS = _RULES.words("trip_preps")
_TOPIC_PREPS: dict[str, frozenset[str]] = {
    kind: frozenset(preps) for kind, preps in _RULES.table("topic_preps").items()
}
_TOPIC_VERBS = _RULES.words("topic_verbs")
_TALK_PARTNER_PREPS = _RULES.words("talk_partner_preps")
_AIMED_COMPLEMENT_TYPES = _RULES.words("aimed_complement_types")
_YIELD_PREPS: dict[str, frozenset[str]] = {
    kind: frozenset(preps) for kind, preps in _RULES.table("yield_preps").items()
}
_NEARNESS_ADVERBS = _RULES.words("nearness_adverbs")


def _arguments(
    lex: LexiconLike, doc: AnnotatedDoc, trig: Trigger, actors: LinkedActors
) -> tuple[list[str], list[str], str | None]:
    """Sources, targets and the target phrase of a trigger. The phrases that name no party
    (the topic of talks, where the deported were sent, who underwent a condemned act) give no
    target, unless the event would then name nobody at all and be lost: they stay its target,
    as before (an event kept with a doubtful target rather than dropped)."""
    found = _read_arguments(lex, doc, trig, actors, abstain=True)
    if found[0] or found[1]:
        return found
    return _read_arguments(lex, doc, trig, actors, abstain=False)


def _read_arguments(
    lex: LexiconLike, doc: AnnotatedDoc, trig: Trigger, actors: LinkedActors, *, abstain: bool
) -> tuple[list[str], list[str], str | None]:
    anchor = doc.tokens[trig.anchor]
    sources: list[str] = []
    targets: list[str] = []
    target_text: str | None = None
    partner = trig.type in _PARTNER_TYPES
    # the actors the verb's own subject names: the doers, even when the object's words name
    # their state too ("Turkish authorities detained Istanbul's mayor", "Iran detained a
    # British-Iranian aid worker")
    stated: list[str] = []
    topic = _TOPIC_PREPS.get(trig.type, frozenset())

    def aimed_at(obj: Token) -> list[str]:
        """The actors of a phrase the act is aimed at or given to, or the home country of
        the people it names ("aid to displaced people in South Sudan")."""
        return _home_country(
            lex, doc, obj, actors, trig, _np_actors(lex, doc, obj, actors, latent=True)
        )

    if anchor.pos in ("VERB", "AUX"):
        kids = list(doc.children(anchor.i))
        # "moved troops closer to the border": the adverb's phrase is the verb's
        kids += [
            p
            for c in kids
            if c.dep == "advmod" and c.lower in _NEARNESS_ADVERBS
            for p in doc.children(c.i)
            if p.dep == "prep"
        ]
        passive = any(c.dep in ("auxpass", "nsubjpass") for c in kids)
        for c in kids:
            if c.dep == "nsubj" and c.lower not in _RELATIVE_PRONOUNS:
                sources += _np_actors(lex, doc, c, actors)
                stated += [a for a in sources if a not in stated]
            elif c.dep == "nsubjpass":
                if trig.type == "MOBILIZE":  # "IS-K was established in ..." acts itself
                    sources += _np_actors(lex, doc, c, actors)
                elif c.lower in _RELATIVE_PRONOUNS and anchor.dep == "relcl":
                    # "X, who was sanctioned by the EU": the noun the clause describes
                    head = doc.tokens[anchor.head]
                    targets += _np_actors(lex, doc, head, actors, latent=True)
                    target_text = target_text or _phrase(doc, head)
                else:
                    targets += _np_actors(lex, doc, c, actors, latent=True)
                    target_text = target_text or _phrase(doc, c)
            elif c.dep == "agent":
                for obj in doc.children(c.i):
                    if obj.dep == "pobj":
                        sources += _np_actors(lex, doc, obj, actors)
            elif c.dep in ("dobj", "obj") and c.i != trig.token:
                if abstain and anchor.lemma.lower() in _TOPIC_VERBS:
                    # "discussed China's role": what is talked about, not a party (a "with"
                    # the parser hangs on it names one: "discussed the plan with Macron")
                    targets += [
                        a
                        for p in doc.children(c.i)
                        if p.dep == "prep" and p.lower in _TALK_PARTNER_PREPS
                        for obj in _prep_objects(doc, p)
                        for a in _np_actors(lex, doc, obj, actors)
                    ]
                    target_text = target_text or _phrase(doc, c)
                    continue
                authored = (
                    _authored_object(lex, doc, c, actors)
                    if abstain and trig.type in _AUTHORED_OBJECT_TYPES
                    else None
                )
                if authored is not None:
                    targets += authored
                    target_text = target_text or _phrase(doc, c)
                    continue
                found = aimed_at(c)
                if not found or trig.type in _OWN_FORCE_TYPES:
                    # "broke off relations with Israel", "fired missiles at X": what the
                    # object is aimed at or given to (also beside a force of the source's own,
                    # dropped below: "deployed thousands of troops along its border with X")
                    found += [
                        a
                        for p in doc.children(c.i)
                        if p.dep == "prep"
                        and (_aimed(trig.type, p.lower) or _recipient(trig.type, p.lower, abstain))
                        and not (abstain and p.lower in topic)
                        for obj in _prep_objects(doc, p)
                        for a in aimed_at(obj)
                    ]
                targets += found
                target_text = target_text or _phrase(doc, c)
            elif c.dep == "dative" and c.i != trig.token:
                # "sent supplies to Lebanon" (the parser's "to" as a dative) or "gave Lebanon"
                for obj in _prep_objects(doc, c) if c.pos == "ADP" else [c]:
                    targets += aimed_at(obj)
                target_text = target_text or _phrase(doc, c)
            elif (
                c.dep == "prep"
                and (_aimed(trig.type, c.lower) or _recipient(trig.type, c.lower, abstain))
                and not (abstain and c.lower in topic)
            ):
                # ("shared intelligence on al-Shabab", "cooperated on X": the topic of a
                # joint act is no party to it)
                for obj in _prep_objects(doc, c):
                    targets += aimed_at(obj)
            elif c.dep == "prep" and c.lower in _YIELD_PREPS.get(trig.type, ()):
                # "surrendered to Somali troops": who the force yields to (an actor, no place)
                for obj in _prep_objects(doc, c):
                    targets += _np_actors(lex, doc, obj, actors)
            elif (
                c.dep == "prep"
                and c.lower == "by"
                and not passive
                and trig.type in _AUTHORED_OBJECT_TYPES
                and any(o.dep in ("dobj", "obj") and not actors.at(o.i) for o in kids)
            ):
                # "dismissed a proposal by Turkey": the parser hangs the object's author on
                # the active verb
                for obj in _prep_objects(doc, c):
                    targets += _np_actors(lex, doc, obj, actors, latent=True)
        if not targets and trig.type in _AIMED_COMPLEMENT_TYPES:
            # "threatened to use force against Taiwan": what the act spoken of is aimed at
            for verb in (c for c in kids if c.dep == "xcomp" and c.pos == "VERB"):
                # ... on the verb or its object ("to use force against X")
                heads = [verb, *(o for o in doc.children(verb.i) if o.dep in ("dobj", "obj"))]
                targets += [
                    a
                    for h in heads
                    for p in doc.children(h.i)
                    if p.dep == "prep" and p.lower in _TARGET_PREPS
                    for obj in _prep_objects(doc, p)
                    for a in _np_actors(lex, doc, obj, actors, latent=True)
                ]
        targets = _aimed_elsewhere(lex, doc, trig, kids, actors, sources, targets)
        # "delivered food to refugees in Chad": the people's country, placed by the verb
        targets = _placed_people(lex, doc, trig, kids, actors, targets)
        if not targets and trig.type in _ADDRESSEE_CLAUSE_TYPES:
            # "demanded that China remove the vessels": who is to do it
            subject_deps = (
                ("nsubj", "nsubjpass") if trig.type in _UNDERGOER_CLAUSE_TYPES else ("nsubj",)
            )
            speakers = set(sources) | {
                a for c in kids if c.dep == "nsubj" for a in _np_actors(lex, doc, c, actors)
            }
            for clause in (c for c in kids if c.dep == "ccomp"):
                for subj in (s for s in doc.children(clause.i) if s.dep in subject_deps):
                    # (a nationality is no party to a warning: "warned that Russian opinions";
                    # nor is the speaker: "warned that it would retaliate")
                    targets += [
                        a
                        for a in _np_actors(
                            lex, doc, subj, actors, latent=trig.type not in _UNDERGOER_CLAUSE_TYPES
                        )
                        if a not in speakers
                    ]
        if not sources and not (passive and trig.type != "MOBILIZE"):
            inherited = _inherited_subject(lex, doc, anchor, actors)
            if any(c.dep == "nsubj" and c.lower in _IMPERSONAL_SPEAKER_PRONOUNS for c in kids):
                # "'They will ban our papers,' she said": "they" are not the person speaking
                inherited = [a for a in inherited if _actor_type(actors, a) != "person"]
            sources += inherited
        if anchor.dep == "relcl" and any(
            c.dep == "nsubj" and c.lower in _RELATIVE_PRONOUNS for c in kids
        ):
            sources += _np_actors(lex, doc, doc.tokens[anchor.head], actors)
        elif anchor.dep == "acl" and anchor.tag == "VBD" and not sources:
            # "militants attacked X" misread as a reduced relative clause of "militants"
            sources += _np_actors(lex, doc, doc.tokens[anchor.head], actors)
    noun = doc.tokens[trig.token]
    if trig.verb is None and noun.dep == "dobj" and not sources:
        gov = doc.tokens[noun.head]
        if lex.status_cue(gov.lemma.lower()) in (
            "planned",
            "hypothetical",
            "attempted",
            "threatened",
        ):
            # "the government was considering talks", "planning an attack": the one who
            # considers or plans is the party (not so for "condemned the attack")
            sources += [
                a
                for c in doc.children(gov.i)
                if c.dep == "nsubj"
                for a in _np_actors(lex, doc, c, actors)
            ]
    if (
        abstain
        and trig.verb is not None
        and trig.verb != trig.token
        and trig.type in _AUTHORED_OBJECT_TYPES
        and noun.dep in ("dobj", "obj")
    ):
        # "rejected a U.S. request", "rejected the proposal put forward by Egypt": the noun
        # the verb judges names its author
        targets += _authored_object(lex, doc, noun, actors) or []
    if trig.verb is None or trig.verb != trig.token:
        s, t = _noun_arguments(lex, doc, doc.tokens[trig.token], actors, trig, abstain=abstain)
        if trig.verb is not None and sources and trig.type != "ASSAULT":
            # "Russia rejected Ukraine's peace plan", "expelled Lebanon's ambassador": with a
            # light verb whose subject acts, the possessor of the noun is the other party
            t, s = [*s, *t], []
        sources += [x for x in s if x not in sources]
        targets += [x for x in t if x not in targets]
    if not sources and trig.verb is None and trig.type in _RECEIVED_TYPES:
        # "Ukraine received military aid from the Netherlands": who gives and who gets it
        givers, receivers = _received(lex, doc, noun, actors)
        sources += givers
        targets += [a for a in receivers if a not in targets and a not in givers]
    if not sources and trig.verb is None:
        # "Trump imposed tariffs on X", "Rubio is expected to have a meeting with X", "he
        # travels to Ottawa for talks": who performs the act the noun names (not so for
        # "condemned the attack")
        sources += [a for a in _performer(lex, doc, noun, actors, partner) if a not in targets]
    if partner and not targets and trig.verb is None:
        # "arrived in Tehran for talks", "flew to Riyadh for a meeting": the state visited
        targets += [a for a in _trip_destination(lex, doc, noun, actors) if a not in sources]
    if trig.type in _OWN_FORCE_TYPES:
        targets = _without_own_forces(actors, sources, targets)
    targets = _without_own_state(actors, trig.type, sources, targets)
    if sources:
        # a party is named: the one who would undergo the requested act is not the addressee
        # (without a named party the event would be lost, and they stay its target)
        undergoers = _undergoers(lex, doc, trig, actors)
        targets = [t for t in targets if t not in undergoers]
    if trig.type in _SUBJECT_DOER_TYPES:
        targets = [t for t in targets if t not in stated]
    sources = [s for s in sources if s not in targets or partner]
    # "an exclusive VOA analysis", "a Reuters tally": a news organisation tells of events, it
    # is not their source. As the subject of the verb ("VOA spoke with X") it stays, for the
    # incidents stage to drop the newsroom's own work (sitroom.incidents.newsroom).
    subjects = {
        a
        for c in doc.children(anchor.i)
        if c.dep == "nsubj" and anchor.pos in ("VERB", "AUX")
        for a in actors.at(c.i)
    }
    sources = [s for s in sources if s in subjects or not _news_outlet(actors, s)]
    if partner and not sources and len(targets) > 1 and targets[0] != CIVILIANS:
        # ("aid to refugees in Chad" names the people and their country: both receive it)
        sources, targets = targets[:1], targets[1:]
    elif partner and not targets and len(_dedupe(sources)) > 1:
        # "Israel and Hamas agreed to a ceasefire": the first party is the source, the other
        # the target (PLOVER's convention for events between partners)
        sources = _dedupe(sources)
        sources, targets = sources[:1], sources[1:]
    return _dedupe(sources), _dedupe(t for t in targets if t not in sources), target_text


def _noun_arguments(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    noun: Token,
    actors: LinkedActors,
    trig: Trigger,
    *,
    abstain: bool = True,
) -> tuple[list[str], list[str]]:
    kind = trig.type
    sources: list[str] = []
    targets: list[str] = []
    partner = kind in _PARTNER_TYPES
    # "talks on Ukraine", "an agreement on trade": what the event noun is about
    topic = _TOPIC_PREPS.get(kind, frozenset())
    kids = list(doc.children(noun.i))
    if noun.dep == "nsubj" and doc.tokens[noun.head].lemma.lower() in _HAPPEN_VERBS:
        # "a clash broke out between X and Y", "fighting erupted with X"
        kids += [c for c in doc.children(noun.head) if c.dep == "prep"]
    # ... unless an "of" names who underwent it ("the government's arrest of X")
    patient = (noun.lemma.lower() in PATIENT_NOUNS or noun.lower in PATIENT_NOUNS) and not any(
        c.dep == "prep" and c.lower == "of" for c in kids
    )
    for c in kids:
        if c.dep == "poss" and patient:
            # "Khan's arrest", "the envoy's expulsion": who was arrested or expelled
            targets += _np_actors(lex, doc, c, actors)
        elif c.dep == "poss":
            # "Russia's invasion", "Moscow's sanctions": who did it (a capital that owns an
            # act stands for its state, latent until an event takes it)
            sources += actors.at(c.i) or _np_actors(lex, doc, c, actors, latent=True)
        elif c.dep in ("compound", "amod") and actors.at(c.i):
            sources += actors.at(c.i)
        elif c.dep == "prep":
            for obj in _prep_objects(doc, c):
                if c.lower == "by":
                    sources += _np_actors(lex, doc, obj, actors)
                    continue
                if (
                    (_aimed(kind, c.lower) and not (abstain and c.lower in topic))
                    or _recipient(kind, c.lower, abstain)
                    or c.lower == "of"
                    # "clashes with X", "a clash between X and Y": both sides
                    or (kind == "ASSAULT" and c.lower in ("with", "between", "among"))
                ):
                    # ("vaccines to Yemeni children": also the home country of the people)
                    found = _np_actors(lex, doc, obj, actors, latent=True)
                    targets += _home_country(lex, doc, obj, actors, trig, found)
    if (
        (partner or kind == "ASSAULT")
        and not sources
        and len(targets) > 1
        and (kind == "ASSAULT" or targets[0] != CIVILIANS)
    ):
        # (people given aid and their home country both receive it: neither gave it)
        sources, targets = targets[:1], targets[1:]
    return sources, targets


def _performer(
    lex: LexiconLike, doc: AnnotatedDoc, noun: Token, actors: LinkedActors, partner: bool
) -> list[str]:
    """The subject of a verb of doing ("held", "imposed", "launched") whose object is the event
    noun, or of a verb of travel the noun of an event between partners is the purpose of ("flew
    to Doha for talks": a party to them, not so a marcher who "travelled to the capital for the
    march"); else the subject the verb takes from its governor ("is expected to have a
    meeting")."""
    gov = doc.tokens[noun.head]
    if noun.dep == "pobj" and gov.lower == "of" and gov.dep == "prep":
        # "held a new round of talks": the series is the verb's object
        series = doc.tokens[gov.head]
        if series.lemma.lower() in _SERIES_NOUNS and series.dep in ("dobj", "obj"):
            noun, gov = series, doc.tokens[series.head]
    if noun.dep in ("dobj", "obj"):
        doers = _PERFORMING_VERBS
    elif partner and noun.dep == "pobj" and gov.lower == "for" and gov.dep == "prep":
        gov, doers = doc.tokens[gov.head], _TRAVEL_VERBS
    else:
        return []
    if gov.pos not in ("VERB", "AUX") or gov.lemma.lower() not in doers:
        return []
    kids = doc.children(gov.i)
    if any(c.dep in ("auxpass", "nsubjpass") for c in kids):
        return []
    for c in kids:
        if c.dep == "nsubj":
            if c.lower in _RELATIVE_PRONOUNS:
                if gov.dep != "relcl":
                    return []
                return _np_actors(lex, doc, doc.tokens[gov.head], actors)
            return _np_actors(lex, doc, c, actors)
    return _inherited_subject(lex, doc, gov, actors)


def _received(
    lex: LexiconLike, doc: AnnotatedDoc, noun: Token, actors: LinkedActors
) -> tuple[list[str], list[str]]:
    """The giver ("from" on the verb or the noun) and the receiver (the subject) of the act the
    object of a verb of receiving names ("Jordan received aid from Japan")."""
    gov = doc.tokens[noun.head]
    if (
        noun.dep not in ("dobj", "obj")
        or gov.pos not in ("VERB", "AUX")
        or gov.lemma.lower() not in _RECEIVING_VERBS
    ):
        return [], []
    kids = doc.children(gov.i)
    if any(c.dep in ("auxpass", "nsubjpass") for c in kids):
        return [], []
    givers = [
        a
        for h in (gov, noun)
        for p in doc.children(h.i)
        if p.dep == "prep" and p.lower == "from"
        for o in _prep_objects(doc, p)
        for a in _np_actors(lex, doc, o, actors, latent=True)
    ]
    receivers = [
        a
        for c in kids
        if c.dep == "nsubj" and c.lower not in _RELATIVE_PRONOUNS
        for a in _np_actors(lex, doc, c, actors, latent=True)
    ] or _inherited_subject(lex, doc, gov, actors)
    return _dedupe(givers), _dedupe(receivers)


def _trip_destination(
    lex: LexiconLike, doc: AnnotatedDoc, noun: Token, actors: LinkedActors
) -> list[str]:
    """Where a trip for the event the noun names goes ("travelled to Ankara for talks", "arrived
    in Tehran for a meeting", "visited Hanoi for talks"): the country of that place, latent in
    it, as the other party of talks the trip was for."""
    gov = doc.tokens[noun.head]
    if noun.dep != "pobj" or gov.lower != "for" or gov.dep != "prep":
        return []
    verb = doc.tokens[gov.head]
    if verb.pos not in ("VERB", "AUX") or verb.lemma.lower() not in _TRAVEL_VERBS:
        return []
    places = [
        o
        for c in doc.children(verb.i)
        for o in (
            [c]
            if c.dep in ("dobj", "obj")
            else _prep_objects(doc, c)
            if c.dep == "prep" and c.lower in _TRIP_PREPS
            else []
        )
    ]
    return [a for o in places for a in _np_actors(lex, doc, o, actors, latent=True)]


def _undergoers(
    lex: LexiconLike, doc: AnnotatedDoc, trig: Trigger, actors: LinkedActors
) -> set[str]:
    """ "called for the release of X", "demanded Y's extradition": the actors of the request's
    objects that name an act X or Y would undergo; who is asked to carry it out is someone
    else (unnamed here, or the agent: "the release of X by the army")."""
    if trig.type != "REQUEST":
        return set()
    objs = [
        o
        for c in doc.children(trig.anchor)
        for o in (
            [c] if c.dep in ("dobj", "obj") else _prep_objects(doc, c) if c.dep == "prep" else []
        )
        if o.lemma.lower() in PATIENT_NOUNS or o.lower in PATIENT_NOUNS
    ]
    return {
        a
        for o in objs
        for c in doc.children(o.i)
        if c.dep != "prep" or c.lower != "by"
        for t in ([c] if c.dep != "prep" else _prep_objects(doc, c))
        for a in _np_actors(lex, doc, t, actors)
    }


def _inherited_subject(
    lex: LexiconLike, doc: AnnotatedDoc, verb: Token, actors: LinkedActors, depth: int = 0
) -> list[str]:
    """Subject of a verb that has none of its own: control, coordination, adverbial."""
    if depth > 3 or verb.head == verb.i:
        return []
    gov = doc.tokens[verb.head]
    if (
        verb.dep == "ccomp"
        and gov.head == gov.i
        and gov.pos in ("NOUN", "PROPN")
        and gov.i < verb.i
        and actors.at(gov.i)
    ):
        # "Trump at first imposed tariffs" misread as the noun "Trump" with a clause: the
        # sentence's root name is the verb's subject
        return _np_actors(lex, doc, gov, actors)
    if verb.dep not in ("xcomp", "conj", "advcl", "ccomp", "pcomp") and not (
        verb.dep == "prep" or doc.tokens[verb.head].dep == "prep"
    ):
        return []
    if verb.dep == "pcomp" or gov.dep == "prep":
        gov = doc.tokens[gov.head] if gov.pos == "ADP" else gov
    if gov.lemma.lower() in _CHARGE_NOUNS:
        return []  # "arrested X on suspicion of supplying Y": X supplied, if anyone
    if lex.status_cue(gov.lemma.lower()) == "thwarted":
        return []  # "police foiled a plot to bomb ...": the police are not the bombers
    if (
        verb.dep == "xcomp"
        and gov.dep == "acomp"
        and gov.lemma.lower() in _CONTROL_ADJECTIVES
        and gov.head != gov.i
    ):
        gov = doc.tokens[gov.head]  # "X was ready to support Y": the subject of "was"
    kids = doc.children(gov.i)
    if verb.dep == "advcl" and gov.lemma.lower() == "be" and any(c.dep == "acomp" for c in kids):
        return []  # "it was aware of reports ... to import X": a state does no purpose clause
    if verb.dep == "xcomp" and gov.lemma.lower() not in _SUBJECT_CONTROL:
        objs = [c for c in kids if c.dep in ("dobj", "obj")]
        if objs:
            return _np_actors(lex, doc, objs[0], actors)
    subj = [c for c in kids if c.dep == "nsubj" and c.lower not in _RELATIVE_PRONOUNS]
    if subj:
        return _np_actors(lex, doc, subj[0], actors)
    passive_subj = [c for c in kids if c.dep == "nsubjpass"]
    if passive_subj:
        if verb.dep == "xcomp" and gov.lemma.lower() in _RAISING_PASSIVES:
            # "Rubio is expected to meet X": who is expected to meet acts
            return _np_actors(lex, doc, passive_subj[0], actors)
        return []
    return _inherited_subject(lex, doc, gov, actors, depth + 1)


def _news_outlet(actors: LinkedActors, actor_id: str) -> bool:
    """Is the actor a named news organisation ("Reuters", "VOA"), not journalists as people?"""
    actor = actors.actors.get(actor_id)
    if actor is None or actor.type != "media":
        return False
    return actor.link is None or actor.link.how != "agent"


def _named_subject(
    lex: LexiconLike, doc: AnnotatedDoc, verb: Token, actors: LinkedActors
) -> frozenset[str]:
    """The identified actors a verb's own subject names (none for "they", "assailants")."""
    for c in doc.children(verb.i):
        if c.dep == "nsubj":
            ids = _np_actors(lex, doc, c, actors)
            return frozenset(a for a in ids if a not in (UNIDENTIFIED, CIVILIANS))
    return frozenset()
