"""Speech acts, speakers as sources and non-events on hand-built parses (no spaCy model)."""

from __future__ import annotations

from sitroom.models import Event
from support.events import events_of

TYPES = {"russia": "state", "ukraine": "state", "iran": "state", "army": "military"}


def _events(table: str) -> list[Event]:
    return events_of(table, TYPES)


def test_a_threat_to_strike_is_one_threaten_event_with_the_act() -> None:
    (ev,) = _events(
        """
        Russia      Russia     PROPN NNP nsubj 1 GPE @russia
        threatened  threaten   VERB  VBD ROOT  1
        to          to         PART  TO  aux   3
        strike      strike     VERB  VB  xcomp 1
        Ukraine     Ukraine    PROPN NNP dobj  3 GPE @ukraine
        .           .          PUNCT .   punct 1
        """
    )
    assert (ev.type, ev.status, ev.sources, ev.targets) == (
        "THREATEN",
        "occurred",
        ["russia"],
        ["ukraine"],
    )
    assert ev.act is not None and ev.act.type == "ASSAULT"


def test_a_demand_takes_the_addressee_from_the_act() -> None:
    (ev,) = _events(
        """
        Iran      Iran     PROPN NNP nsubj 1 GPE @iran
        demanded  demand   VERB  VBD ROOT  1
        that      that     SCONJ IN  mark  4
        Russia    Russia   PROPN NNP nsubj 4 GPE @russia
        withdraw  withdraw VERB  VB  ccomp 1
        .         .        PUNCT .   punct 1
        """
    )
    assert (ev.type, ev.sources, ev.targets) == ("REQUEST", ["iran"], ["russia"])
    assert ev.act is not None and ev.act.type == "RETREAT"


def test_a_vow_to_cooperate_is_an_agreement() -> None:
    (ev,) = _events(
        """
        Iran       Iran      PROPN NNP nsubj 1 GPE @iran
        vowed      vow       VERB  VBD ROOT  1
        to         to        PART  TO  aux   3
        cooperate  cooperate VERB  VB  xcomp 1
        with       with      ADP   IN  prep  3
        Russia     Russia    PROPN NNP pobj  4 GPE @russia
        .          .         PUNCT .   punct 1
        """
    )
    assert (ev.type, ev.sources, ev.targets) == ("AGREE", ["iran"], ["russia"])
    assert ev.act is not None and ev.act.type == "COOPERATE"


def test_condemning_the_attack_keeps_the_attack() -> None:
    events = _events(
        """
        Iran       Iran     PROPN NNP nsubj 1 GPE @iran
        condemned  condemn  VERB  VBD ROOT  1
        the        the      DET   DT  det   3
        attack     attack   NOUN  NN  dobj  1
        .          .        PUNCT .   punct 1
        """
    )
    kinds = sorted(e.type for e in events)
    assert kinds == ["ACCUSE", "ASSAULT"]


def test_the_speaker_is_the_source_of_what_it_says_it_did() -> None:
    (ev,) = _events(
        """
        The       the       DET   DT  det   1
        army      army      NOUN  NN  nsubj 2 @army
        said      say       VERB  VBD ROOT  2
        it        it        PRON  PRP nsubj 4
        killed    kill      VERB  VBD ccomp 2
        20        20        NUM   CD  nummod 6
        militants militant  NOUN  NNS dobj  4
        .         .         PUNCT .   punct 2
        """
    )
    assert (ev.type, ev.sources, ev.source_basis, ev.killed) == (
        "ASSAULT",
        ["army"],
        "inferred",
        20,
    )


def test_metaphors_and_generic_statements_are_no_events() -> None:
    assert not _events(
        """
        The          the         DET  DT  det      2
        supermarkets supermarket NOUN NNS nsubj    2
        fought       fight       VERB VBD ROOT     2
        a            a           DET  DT  det      5
        price        price       NOUN NN  compound 5
        war          war         NOUN NN  dobj     2
        .            .           PUNCT .  punct    2
        """
    )
    assert not _events(
        """
        Wars      war      NOUN NNS nsubj 1
        kill      kill     VERB VBP ROOT  1
        civilians civilian NOUN NNS dobj  1
        .         .        PUNCT .  punct 1
        """
    )


def test_questions_and_the_future_are_not_reported_events() -> None:
    (question,) = _events(
        """
        Will    will    AUX  MD  aux   2
        Russia  Russia  PROPN NNP nsubj 2 GPE @russia
        attack  attack  VERB VB  ROOT  2
        Ukraine Ukraine PROPN NNP dobj 2 GPE @ukraine
        ?       ?       PUNCT .  punct 2
        """
    )
    assert question.status != "occurred"
    (meeting,) = _events(
        """
        Russia  Russia  PROPN NNP nsubj 2 GPE @russia
        will    will    AUX  MD  aux   2
        meet    meet    VERB VB  ROOT  2
        Iran    Iran    PROPN NNP dobj 2 GPE @iran
        .       .       PUNCT .  punct 2
        """
    )
    assert (meeting.type, meeting.status) == ("CONSULT", "planned")


def test_wanting_to_attack_is_not_an_attack_that_occurred() -> None:
    events = _events(
        """
        Russia  Russia  PROPN NNP nsubj 1 GPE @russia
        wants   want    VERB  VBZ ROOT  1
        to      to      PART  TO  aux   3
        attack  attack  VERB  VB  xcomp 1
        Ukraine Ukraine PROPN NNP dobj  3 GPE @ukraine
        .       .       PUNCT .   punct 1
        """
    )
    assert [(e.type, e.status) for e in events] == [("ASSAULT", "hypothetical")]


def test_the_economy_and_wildfires_are_not_attacked() -> None:
    assert not _events(
        """
        Trade    trade   NOUN  NN  nsubj 1
        hit      hit     VERB  VBD ROOT  1
        $        $       SYM   $   nmod  3 MONEY
        1.1      1.1     NUM   CD  dobj  1 MONEY
        billion  billion NUM   CD  nummod 3 MONEY
        .        .       PUNCT .   punct 1
        """
    )
    assert not _events(
        """
        Bushfires bushfire NOUN NNS nsubj 1
        destroyed destroy  VERB VBD ROOT  1
        homes     home     NOUN NNS dobj  1
        .         .        PUNCT .  punct 1
        """
    )


def test_engaging_is_violence_only_against_a_party_or_in_a_fight() -> None:
    (clash,) = _events(
        """
        Troops   troop    NOUN  NNS nsubj 1 @army
        engaged  engage   VERB  VBD ROOT  1
        Russia   Russia   PROPN NNP dobj  1 GPE @russia
        .        .        PUNCT .   punct 1
        """
    )
    assert clash.type == "ASSAULT"
    assert not _events(
        """
        Russia   Russia   PROPN NNP nsubj 1 GPE @russia
        engaged  engage   VERB  VBD ROOT  1
        in       in       ADP   IN  prep  1
        business business NOUN  NN  pobj  2
        .        .        PUNCT .   punct 1
        """
    )
