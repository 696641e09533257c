"""Sources and targets read from the parse (sitroom.events.arguments), on hand-built parses of
sentences written for these tests; the last tests run the model on the linker's side."""

from __future__ import annotations

from collections.abc import Mapping

from sitroom.actors import LinkedActors
from sitroom.actors.model import LatentMention
from sitroom.annotation import AnnotatedDoc
from sitroom.events import EventExtractor
from sitroom.lexicon import default_lexicon
from sitroom.models import Actor, Event, Span
from support.docs import conll, linked

TYPES = {
    "france": "state",
    "france-military": "military",
    "canada-government": "government",
    "justin-trudeau": "person",
    "japan": "state",
    "bolivia": "state",
    "israel": "state",
    "european-union": "igo",
}
COUNTRIES = {"france": "FRA", "france-military": "FRA", "canada-government": "CAN"}


def _latent(doc: AnnotatedDoc, out: LinkedActors, latent: Mapping[int, str]) -> None:
    """Countries named at these tokens as places or nationalities, not actors (yet)."""
    for i, actor_id in latent.items():
        tok = doc.tokens[i]
        actor = Actor(id=actor_id, name=actor_id.title(), type="state", kb=True)
        span = Span(start=tok.idx, end=tok.end, text=tok.text)
        out.latent[i] = LatentMention(actor, i, i + 1, i, span)


def _run(table: str, latent: Mapping[int, str] = ()) -> tuple[list[Event], LinkedActors]:  # type: ignore[assignment]
    doc, marks = conll(table)
    actors = linked(marks, TYPES)
    for actor_id, actor in actors.actors.items():
        actor.country = COUNTRIES.get(actor_id)
    _latent(doc, actors, dict(latent))
    return EventExtractor(default_lexicon()).extract(doc, actors, []), actors


def test_a_country_left_as_a_place_is_the_target_of_a_withdrawal_from_it() -> None:
    (ev,), actors = _run(
        """
        France    France    PROPN NNP nsubj 1 GPE @france
        pulled    pull      VERB  VBD ROOT  1
        its       its       PRON  PRP$ poss 3 @france-military
        soldiers  soldier   NOUN  NNS dobj  1 @france-military
        out       out       ADP   IN  prep  1
        of        of        ADP   IN  prep  4
        Chad      Chad      PROPN NNP pobj  5 GPE
        .         .         PUNCT .   punct 1
        """,
        {6: "chad"},
    )
    # the soldiers moved are France's own: no target; the country left is
    assert (ev.type, ev.sources, ev.targets) == ("RETREAT", ["france"], ["chad"])
    assert "chad" in actors.actors and actors.at(6) == ["chad"]


def test_a_nationality_on_what_a_sanction_hits_names_the_target() -> None:
    (ev,), _ = _run(
        """
        Japan      Japan      PROPN NNP nsubj 1 GPE @japan
        froze      freeze     VERB  VBD ROOT  1
        the        the        DET   DT  det   3
        assets     asset      NOUN  NNS dobj  1
        of         of         ADP   IN  prep  3
        Peruvian   peruvian   ADJ   JJ  amod  6 NORP
        bankers    banker     NOUN  NNS pobj  4
        .          .          PUNCT .   punct 1
        """,
        {5: "peru"},
    )
    assert (ev.type, ev.sources, ev.targets) == ("SANCTION", ["japan"], ["peru"])


def test_a_place_that_no_event_aims_at_stays_a_place() -> None:
    events, actors = _run(
        """
        France    France    PROPN NNP nsubj 1 GPE @france
        froze     freeze    VERB  VBD ROOT  1
        its       its       PRON  PRP$ poss 3
        funding   funding   NOUN  NN  dobj  1
        in        in        ADP   IN  prep  1
        Chad      Chad      PROPN NNP pobj  4 GPE
        .         .         PUNCT .   punct 1
        """,
        {5: "chad"},
    )
    assert all("chad" not in e.targets for e in events)
    assert "chad" not in actors.actors and 5 in actors.latent


def test_the_receiver_of_what_was_cut_is_the_target() -> None:
    (ev,), _ = _run(
        """
        The       the       DET   DT  det   1
        Union     Union     PROPN NNP nsubj 2 ORG @european-union
        cut       cut       VERB  VBD ROOT  2
        its       its       PRON  PRP$ poss 4
        funds     fund      NOUN  NNS dobj  2
        to        to        ADP   IN  prep  4
        Israel    Israel    PROPN NNP pobj  5 GPE @israel
        .         .         PUNCT .   punct 2
        """
    )
    assert (ev.sources, ev.targets) == (["european-union"], ["israel"])


def test_the_partner_named_on_the_object_of_a_break_is_the_target() -> None:
    (ev,), _ = _run(
        """
        Bolivia    Bolivia    PROPN NNP nsubj 1 GPE @bolivia
        severed    sever      VERB  VBD ROOT  1
        its        its        PRON  PRP$ poss 4
        military   military   ADJ   JJ  amod  4
        ties       tie        NOUN  NNS dobj  1
        with       with       ADP   IN  prep  4
        Israel     Israel     PROPN NNP pobj  5 GPE @israel
        .          .          PUNCT .   punct 1
        """
    )
    assert (ev.type, ev.sources, ev.targets) == ("SANCTION", ["bolivia"], ["israel"])


def test_troops_sent_to_a_border_aim_at_the_country_beyond_it() -> None:
    (ev,), _ = _run(
        """
        France    France    PROPN NNP nsubj 1 GPE @france
        moved     move      VERB  VBD ROOT  1
        troops    troop     NOUN  NNS dobj  1 @france-military
        to        to        ADP   IN  dative 1
        its       its       PRON  PRP$ poss 5 @france
        border    border    NOUN  NN  pobj  3
        with      with      ADP   IN  prep  5
        Spain     Spain     PROPN NNP pobj  6 GPE
        .         .         PUNCT .   punct 1
        """,
        {7: "spain"},
    )
    assert (ev.type, ev.sources, ev.targets) == ("MOBILIZE", ["france"], ["spain"])


def test_a_titled_person_acts_without_the_government_of_the_title() -> None:
    (ev,), _ = _run(
        """
        Canadian  canadian  ADJ   JJ  amod     2 NORP @canada-government
        Premier   Premier   PROPN NNP compound 3 @canada-government
        Justin    Justin    PROPN NNP compound 3 PERSON @justin-trudeau
        Trudeau   Trudeau   PROPN NNP nsubj    4 PERSON @justin-trudeau
        imposed   impose    VERB  VBD ROOT     4
        tariffs   tariff    NOUN  NNS dobj     4
        on        on        ADP   IN  prep     5
        Japan     Japan     PROPN NNP pobj     6 GPE @japan
        .         .         PUNCT .   punct    4
        """
    )
    assert (ev.type, ev.sources, ev.targets) == ("SANCTION", ["justin-trudeau"], ["japan"])


def test_a_title_with_of_is_the_title_all_through() -> None:
    # "Minister of Defence X": the government under "of" belongs to the title too.
    (ev,), _ = _run(
        """
        Minister  Minister  PROPN NNP nmod     4 @canada-government
        of        of        ADP   IN  prep     0
        Defence   Defence   PROPN NNP pobj     1 @canada-government
        Justin    Justin    PROPN NNP compound 4 PERSON @justin-trudeau
        Trudeau   Trudeau   PROPN NNP nsubj    5 PERSON @justin-trudeau
        imposed   impose    VERB  VBD ROOT     5
        tariffs   tariff    NOUN  NNS dobj     5
        on        on        ADP   IN  prep     6
        Japan     Japan     PROPN NNP pobj     7 GPE @japan
        .         .         PUNCT .   punct    5
        """
    )
    assert (ev.type, ev.sources, ev.targets) == ("SANCTION", ["justin-trudeau"], ["japan"])


# --- the linker's side, with the model -------------------------------------------------------


def test_a_country_named_as_an_object_is_its_state(analyze) -> None:
    a = analyze("Armenia accused Azerbaijan of shelling its villages on Tuesday.")
    (ev,) = [e for e in a.events if e.type == "ACCUSE"]
    assert ev.sources == ["armenia"] and ev.targets == ["azerbaijan"]


def test_sanctions_on_a_nationalitys_firms_target_the_state(analyze) -> None:
    a = analyze("Britain imposed sanctions on Iranian shipping firms on Monday.")
    (ev,) = [e for e in a.events if e.type == "SANCTION"]
    assert ev.targets == ["iran"]


def test_a_country_that_is_only_where_things_happen_is_no_actor(analyze) -> None:
    a = analyze("Protesters marched through the streets of Lima in Peru on Sunday.")
    assert "peru" not in {actor.id for actor in a.actors}
