"""Rules of the events stage on hand-built parses (no spaCy model: tests/support/docs.py)."""

from __future__ import annotations

from sitroom.models import Event
from support.events import events_of

TYPES = {"taliban": "armed_group", "al-shabaab": "armed_group", "islamic-state": "armed_group"}


def _events(table: str) -> list[Event]:
    return events_of(table, TYPES)


def test_active_attack_on_a_police_post_is_a_clash_with_its_source() -> None:
    (ev,) = _events(
        """
        Taliban   Taliban PROPN NNP nsubj    1 ORG @taliban
        attacked  attack  VERB  VBD ROOT     1
        a         a       DET   DT  det      4
        police    police  NOUN  NN  compound 4
        post      post    NOUN  NN  dobj     1
        .         .       PUNCT .   punct    1
        """
    )
    assert (ev.type, ev.status, ev.sources) == ("ASSAULT", "occurred", ["taliban"])
    assert ev.target_text == "a police post"
    assert ev.mode == "armed_clash"  # an armed source against an armed target


def test_passive_agent_is_the_source_and_the_victims_are_counted() -> None:
    (ev,) = _events(
        """
        Two         two         NUM   CD  nummod   1
        soldiers    soldier     NOUN  NNS nsubjpass 3
        were        be          AUX   VBD auxpass  3
        killed      kill        VERB  VBN ROOT     3
        by          by          ADP   IN  agent    3
        Al-Shabaab  Al-Shabaab  PROPN NNP pobj     4 ORG @al-shabaab
        .           .           PUNCT .   punct    3
        """
    )
    assert ev.sources == ["al-shabaab"]
    assert ev.killed == 2


def test_planned_attack_has_status_planned() -> None:
    (ev,) = _events(
        """
        Taliban  Taliban PROPN NNP nsubj 1 ORG @taliban
        planned  plan    VERB  VBD ROOT  1
        to       to      PART  TO  aux   3
        attack   attack  VERB  VB  xcomp 1
        the      the     DET   DT  det   5
        embassy  embassy NOUN  NN  dobj  3
        .        .       PUNCT .   punct 1
        """
    )
    assert (ev.type, ev.status, ev.sources) == ("ASSAULT", "planned", ["taliban"])


def test_negated_attack() -> None:
    (ev,) = _events(
        """
        Taliban  Taliban PROPN NNP nsubj 3 ORG @taliban
        did      do      AUX   VBD aux   3
        not      not     PART  RB  neg   3
        attack   attack  VERB  VB  ROOT  3
        the      the     DET   DT  det   5
        embassy  embassy NOUN  NN  dobj  3
        .        .       PUNCT .   punct 3
        """
    )
    assert ev.status == "negated"


def test_claim_in_the_next_sentence_names_the_perpetrator_of_the_attack() -> None:
    events = _events(
        """
        Gunmen    gunman    NOUN  NNS nsubj 1
        attacked  attack    VERB  VBD ROOT  1
        a         a         DET   DT  det   3
        checkpoint checkpoint NOUN NN dobj  1
        .         .         PUNCT .   punct 1

        Islamic   Islamic   PROPN NNP compound 1 ORG @islamic-state
        State     State     PROPN NNP nsubj 2 ORG @islamic-state
        claimed   claim     VERB  VBD ROOT  2
        responsibility responsibility NOUN NN dobj 2
        for       for       ADP   IN  prep  3
        the       the       DET   DT  det   6
        attack    attack    NOUN  NN  pobj  4
        .         .         PUNCT .   punct 2
        """
    )
    assert len(events) == 1
    assert events[0].claimed_by == ["islamic-state"]
    assert events[0].sources == ["islamic-state"]
    assert len(events[0].more_evidence) == 1


def test_no_participant_no_cooperative_event() -> None:
    """A non-violent trigger that names nobody ("support grew") is not kept."""
    events = _events(
        """
        Support  support NOUN NN  nsubj 1
        grew     grow    VERB VBD ROOT  1
        .        .       PUNCT .  punct 1
        """
    )
    assert events == []
