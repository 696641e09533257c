"""Arguments: who did it (sources) and to whom (targets), read from the parse."""

from __future__ import annotations

from sitroom.actors import CIVILIANS, UNIDENTIFIED, LinkedActors
from sitroom.annotation import AnnotatedDoc, Token
from sitroom.events.base import (
    _CHARGE_NOUNS,
    _CONTROL_ADJECTIVES,
    _DYADIC_PREPS,
    _HAPPEN_VERBS,
    _IMPERSONAL_SPEAKER_PRONOUNS,
    _PARTNER_PREPS,
    _PARTNER_TYPES,
    _RELATIVE_PRONOUNS,
    _SUBJECT_CONTROL,
    _TARGET_PREPS,
    LexiconLike,
    Trigger,
    _dedupe,
)
from sitroom.events.phrases import (
    _actor_type,
    _latent_countries,
    _np_actors,
    _one_party,
    _relational,
)
from sitroom.events.tree import _phrase
from sitroom.ontology import ontology
from sitroom.rules import rules

_RULES = rules("arguments")
_PLACE_TARGET_PREPS: dict[str, frozenset[str]] = {
    kind: frozenset(preps) for kind, preps in _RULES.table("place_target_preps").items()
}
_OWN_FORCE_TYPES = _RULES.words("own_force_types")
_RECIPIENT_PREPS = _RULES.words("recipient_preps")
_NO_RECIPIENT_TYPES = _RULES.words("no_recipient_types")
_DESTINATION_TYPES = _RULES.words("destination_types")
PATIENT_NOUNS = _RULES.words("patient_nouns")
_ADDRESSEE_CLAUSE_TYPES = _RULES.words("addressee_clause_types")
_UNDERGOER_CLAUSE_TYPES = _RULES.words("undergoer_clause_types")
_RAISING_PASSIVES = _RULES.words("raising_passives")
_PERFORMING_VERBS = _RULES.words("performing_verbs")
_TRAVEL_VERBS = _RULES.words("travel_verbs")
_TOPIC_PREPS: dict[str, frozenset[str]] = {
    kind: frozenset(preps) for kind, preps in _RULES.table("topic_preps").items()
}
_TOPIC_VERBS = _RULES.words("topic_verbs")
_TALK_PARTNER_PREPS = _RULES.words("talk_partner_preps")
_AUTHORED_OBJECT_TYPES = _RULES.words("authored_object_types")
_AIMED_COMPLEMENT_TYPES = _RULES.words("aimed_complement_types")
_COMPLEMENT_OBJECT_TYPES = _RULES.words("complement_object_types")
_YIELD_PREPS: dict[str, frozenset[str]] = {
    kind: frozenset(preps) for kind, preps in _RULES.table("yield_preps").items()
}
_HOME_COUNTRY: dict[str, frozenset[str]] = {
    kind: frozenset(modes) for kind, modes in _RULES.table("home_country").items()
}
_STATE_PREPS = _RULES.words("state_preps")
_DEMANDING_TYPES = _RULES.words("demanding_types")
_NEARNESS_ADVERBS = _RULES.words("nearness_adverbs")
_PURPOSE_TYPES = _RULES.words("purpose_types")
_STATE_TYPES = ontology().state_actor_types


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
                found = _home_country(
                    lex, doc, c, actors, trig, _np_actors(lex, doc, c, actors, latent=True)
                )
                if not found or trig.type in _OWN_FORCE_TYPES:
                    # "broke off relations with Israel", "fired missiles at X": what the
                    # object is aimed at or given to (also beside a force of the source's own,
                    # dropped below: "deployed thousands of troops along its border with X")
                    found += [
                        a
                        for p in doc.children(c.i)
                        if p.dep == "prep"
                        and (_aimed(trig.type, p.lower) or _recipient(trig.type, p.lower, abstain))
                        for obj in _prep_objects(doc, p)
                        for a in _home_country(
                            lex,
                            doc,
                            obj,
                            actors,
                            trig,
                            _np_actors(lex, doc, obj, actors, latent=True),
                        )
                    ]
                targets += found
                target_text = target_text or _phrase(doc, c)
            elif c.dep == "dative" and c.i != trig.token:
                # "sent supplies to Lebanon" (the parser's "to" as a dative) or "gave Lebanon"
                for obj in _prep_objects(doc, c) if c.pos == "ADP" else [c]:
                    targets += _home_country(
                        lex,
                        doc,
                        obj,
                        actors,
                        trig,
                        _np_actors(lex, doc, obj, actors, latent=True),
                    )
                target_text = target_text or _phrase(doc, c)
            elif c.dep == "prep" and (
                _aimed(trig.type, c.lower) or _recipient(trig.type, c.lower, abstain)
            ):
                for obj in _prep_objects(doc, c):
                    targets += _home_country(
                        lex,
                        doc,
                        obj,
                        actors,
                        trig,
                        _np_actors(lex, doc, obj, actors, latent=True),
                    )
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
        if not targets and trig.type in _COMPLEMENT_OBJECT_TYPES:
            # "refused to enroll her daughter", "declined to recognize Kosovo": who the refused
            # act would have been done to
            # ... or who made what it would have accepted ("refused to accept a plan put
            # forward by Brazil")
            for verb in (c for c in kids if c.dep == "xcomp" and c.pos == "VERB"):
                for o in (o for o in doc.children(verb.i) if o.dep in ("dobj", "obj")):
                    authored = (
                        _authored_object(lex, doc, o, actors)
                        if trig.type in _AUTHORED_OBJECT_TYPES
                        else None
                    )
                    targets += (
                        authored
                        if authored is not None
                        else _np_actors(lex, doc, o, actors, latent=True)
                    )
            if not targets:
                # ... or whom it would have been aimed at or given to ("refused to hand over
                # the suspects to Kosovo", "declined to share data with the agency")
                targets += [
                    a
                    for verb in kids
                    if verb.dep == "xcomp" and verb.pos == "VERB"
                    for p in doc.children(verb.i)
                    if p.dep in ("prep", "dative")
                    and (_aimed(trig.type, p.lower) or p.lower in _RECIPIENT_PREPS)
                    for o in _prep_objects(doc, p)
                    for a in _np_actors(lex, doc, o, actors, latent=True)
                ]
        aimless = not (
            _without_own_forces(actors, sources, targets)
            if trig.type in _OWN_FORCE_TYPES
            else targets
        )
        if aimless and trig.type != "ASSAULT":
            # "put its forces on alert against Israel", "on high alert along the Libyan
            # border", "to the waters off Israel": the target inside the state or place phrase
            places = _PLACE_TARGET_PREPS.get(trig.type, frozenset())
            targets += [
                a
                for c in kids
                if c.dep == "prep" and (c.lower in _STATE_PREPS or c.lower in places)
                for obj in _prep_objects(doc, c)
                for p in _nested_preps(doc, obj)
                if p.lower in _TARGET_PREPS or p.lower in places
                for o in _prep_objects(doc, p)
                for a in _np_actors(lex, doc, o, actors, latent=True)
            ]
        if trig.type in _PURPOSE_TYPES and not _without_own_forces(actors, sources, targets):
            # "for an offensive against Hezbollah", "to counter the Houthis"
            targets += [
                a
                for c in kids
                if c.dep == "prep" and c.lower == "for"
                for obj in _prep_objects(doc, c)
                for p in _nested_preps(doc, obj)
                if p.lower in _TARGET_PREPS
                for o in _prep_objects(doc, p)
                for a in _np_actors(lex, doc, o, actors, latent=True)
            ] + [
                a
                for c in kids
                if c.dep in ("advcl", "relcl", "xcomp")
                and c.pos == "VERB"
                and any(m.dep == "aux" and m.lower == "to" for m in doc.children(c.i))
                for o in doc.children(c.i)
                if o.dep in ("dobj", "obj")
                for a in _np_actors(lex, doc, o, actors)
            ]
        if trig.type in _DEMANDING_TYPES:
            # "marched ..., demanding that President X step down": who is to do it
            targets += [
                a
                for verb in kids
                if verb.dep in ("advcl", "xcomp")
                and (sense := lex.verb(verb.lemma.lower())) is not None
                and sense.type == "REQUEST"
                for clause in doc.children(verb.i)
                if clause.dep == "ccomp"
                for subj in doc.children(clause.i)
                if subj.dep == "nsubj"
                for a in _np_actors(lex, doc, subj, actors)
            ]
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
        s, t = _noun_arguments(lex, doc, doc.tokens[trig.token], actors, trig.type, abstain=abstain)
        if trig.verb is not None and sources and trig.type != "ASSAULT":
            # "Russia rejected Ukraine's peace plan", "expelled Lebanon's ambassador": with a
            # light verb whose subject acts, the possessor of the noun is the other party
            t, s = [*s, *t], []
        sources += [x for x in s if x not in sources]
        targets += [x for x in t if x not in targets]
    if not sources and trig.verb is None:
        # "Trump imposed tariffs on X", "Rubio is expected to have a meeting with X", "he
        # travels to Ottawa for talks": who performs the act the noun names (not so for
        # "condemned the attack")
        sources += [a for a in _performer(lex, doc, noun, actors, partner) if a not in targets]
    if trig.type in _OWN_FORCE_TYPES:
        targets = _without_own_forces(actors, sources, targets)
    if sources:
        # a party is named: the one who would undergo the requested act is not the addressee
        # (without a named party the event would be lost, and they stay its target)
        undergoers = _undergoers(lex, doc, trig, actors)
        targets = [t for t in targets if t not in undergoers]
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
    if partner and not sources and len(targets) > 1:
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
    kind: str,
    *,
    abstain: bool = True,
) -> tuple[list[str], list[str]]:
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
        elif c.dep == "poss" or (c.dep in ("compound", "amod") and actors.at(c.i)):
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
                    targets += _np_actors(lex, doc, obj, actors, latent=True)
    if (partner or kind == "ASSAULT") and not sources and len(targets) > 1:
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


def _aimed(kind: str, prep: str) -> bool:
    """Is the object of ``prep`` the other party of an event of type ``kind``?"""
    partner = kind in _PARTNER_TYPES
    return (
        prep in _TARGET_PREPS
        or (partner and prep in _PARTNER_PREPS)
        # "severed ties with X", "recalled its ambassador from X"
        or (not partner and kind != "ASSAULT" and prep in _DYADIC_PREPS)
        # "withdrew from Mali", "deployed troops to Haiti"
        or prep in _PLACE_TARGET_PREPS.get(kind, ())
    )


def _authored_object(
    lex: LexiconLike, doc: AnnotatedDoc, obj: Token, actors: LinkedActors
) -> list[str] | None:
    """ "condemned Russia's invasion", "rejected U.S. demands", "the plan proposed by the AU":
    who made the judged act or statement (its possessor, an actor modifying it, its "by" agent
    or the agent of a participle describing it), the target of a speech act that judges it.
    An act the object says someone underwent ("condemned the arrest of X", "X's detention")
    names no target (empty list): who made it is not said. None when the object is an actor
    itself or is no act ("accused Kenya of ...", "rejected the report on Kenya")."""
    if actors.at(obj.i):
        return None
    patient = obj.lemma.lower() in PATIENT_NOUNS or obj.lower in PATIENT_NOUNS
    authors: list[str] = []
    for c in doc.children(obj.i):
        if c.dep == "poss" and not patient and not _relational(doc, obj):
            authors += _np_actors(lex, doc, c, actors, latent=True)
        elif c.dep in ("compound", "amod", "nmod") and not patient:
            authors += [*actors.at(c.i), *actors.promote(c.i)]
        elif c.dep == "prep" and c.lower == "by":
            authors += [a for o in _prep_objects(doc, c) for a in _np_actors(lex, doc, o, actors)]
        elif c.dep == "acl" and c.tag == "VBN":
            # "the timetable proposed by ECOWAS", "the sanctions imposed by the EU"
            authors += [
                a
                for agent in doc.children(c.i)
                if agent.dep == "agent"
                for o in _prep_objects(doc, agent)
                for a in _np_actors(lex, doc, o, actors)
            ]
    if authors:
        return _one_party(actors, _dedupe(authors))
    if patient or lex.noun(obj.lemma.lower()) is not None:
        # an event named without its author: the actors in the phrase underwent it
        return []
    return None


def _recipient(kind: str, prep: str, abstain: bool = True) -> bool:
    """ "suspended aid to Ethiopia", "sent a letter to X": who receives the object."""
    if kind in _NO_RECIPIENT_TYPES or (abstain and kind in _DESTINATION_TYPES):
        return False
    return prep in _RECIPIENT_PREPS


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


def _prep_objects(doc: AnnotatedDoc, prep: Token) -> list[Token]:
    """The objects of a preposition; of "out of" when the preposition is "out"."""
    objs = [o for o in doc.children(prep.i) if o.dep == "pobj"]
    if not objs and prep.lower == "out":
        objs = doc.prep_objects(prep.i, "of")
    return objs


def _nested_preps(doc: AnnotatedDoc, head: Token, depth: int = 0) -> list[Token]:
    """The prepositions in a chain of prepositional phrases below ``head`` ("alert against X",
    "a state of readiness against X")."""
    if depth > 3:
        return []
    found: list[Token] = []
    for p in doc.children(head.i):
        if p.dep == "prep":
            found.append(p)
            for o in _prep_objects(doc, p):
                found += _nested_preps(doc, o, depth + 1)
    return found


def _home_country(
    lex: LexiconLike,
    doc: AnnotatedDoc,
    head: Token,
    actors: LinkedActors,
    trig: Trigger,
    found: list[str],
) -> list[str]:
    """ "aid to displaced people in South Sudan", "deported Nigerien migrants": for the types
    and modes of ``home_country``, a phrase naming only people is aimed at the country it
    places them in or names as their nationality as well."""
    modes = _HOME_COUNTRY.get(trig.type)
    if modes is None or (modes and trig.mode not in modes) or any(a != CIVILIANS for a in found):
        return found
    placed = [
        a
        for p in doc.children(head.i)
        if p.dep == "prep" and p.lower == "in"
        for o in _prep_objects(doc, p)
        for a in _np_actors(lex, doc, o, actors, latent=True)
    ]
    return _dedupe([*found, *_nationalities(doc, head, actors), *placed])


def _nationalities(doc: AnnotatedDoc, head: Token, actors: LinkedActors) -> list[str]:
    """The countries of the nationality words of a phrase that names people ("Afghan" in
    "thousands of Afghan refugees"), whose tokens are the mention of the people themselves:
    the state is made an actor, the words stay the people's mention."""
    found: list[str] = []
    for t in doc.subtree(head.i):
        lat = actors.latent.get(t.i)
        if lat is None or t.dep not in ("amod", "compound") or t.i not in actors.by_token:
            continue
        actor = actors.actors.get(lat.actor.id)
        if actor is None:
            actor = actors.actors[lat.actor.id] = lat.actor.model_copy(deep=True)
            actor.mentions.append(lat.span)
        found.append(actor.id)
    return [*found, *_latent_countries(doc, head, actors)]


def _without_own_forces(actors: LinkedActors, sources: list[str], targets: list[str]) -> list[str]:
    """ "France withdrew its troops", "Kenya deployed police officers": the force moved is the
    source's own, not a target."""
    countries = {
        a.country
        for x in sources
        if (a := actors.actors.get(x)) is not None and a.type in _STATE_TYPES and a.country
    }
    return [
        t
        for t in targets
        if not (
            (a := actors.actors.get(t)) is not None
            and a.type in _STATE_TYPES
            and a.country in countries
        )
    ]


def _named_subject(
    lex: LexiconLike, doc: AnnotatedDoc, verb: Token, actors: LinkedActors
) -> frozenset[str]:
    """The identified actors a verb's own subject names (none for "they", "assailants")."""
    for c in doc.children(verb.i):
        if c.dep == "nsubj":
            ids = _np_actors(lex, doc, c, actors)
            return frozenset(a for a in ids if a not in (UNIDENTIFIED, CIVILIANS))
    return frozenset()
