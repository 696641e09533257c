"""Restatements: an article tells one act again in other words.

A news story tells a non-violent act several times: the lede, the details, the quote ("the
Taliban *prohibited* him from entering" ... "the Taliban said they had *barred* him"; "X
*accused* Y of lying" ... "X *dismissed* Y's findings as propaganda"; "the EU *imposed
sanctions*" ... "the ministers *froze* the assets"). The links of
:mod:`sitroom.incidents.clusters` need the same word or a word that refers back; these two
links join a restatement in other words to the incident it tells, for the types of
``restated_types`` (the vocabulary) only, and only when :func:`~sitroom.incidents.clusters.
compatible` holds (the same type and status, no two different named doers or targets, dates
and places that agree):

- **the same doer**: the later mention names a doer that the incident names (the same actor),
  and it speaks of the same act, or one of the two names none ("urged Y to *talk*" and
  "urged Y to *free* the prisoners" are two demands; "called for talks" and "pleaded with Y"
  are one);
- **no doer, the same party**: the later mention names no doer, it shares a named target
  with the incident, and it follows within ``near`` sentences ("talks with China must
  continue" ... "negotiations with China must continue").

Acts of other types (attacks, deployments, marches) come in waves by the same doer, each its
own event: they keep the links of the clusters module.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from types import MappingProxyType

from sitroom.models import Event


def share(a: Set[str], b: Set[str], states: Mapping[str, str]) -> bool:
    """Do two sides share an actor, or the state two of their actors stand for (``states``:
    :func:`sitroom.incidents.clusters.states_of`)?"""
    if a & b:
        return True
    of_a = {states[i] for i in a if i in states}
    return any(states.get(i) in of_a for i in b)


def act_of(e: Event) -> str | None:
    """The type of the act a speech act speaks of ("urged X to *talk*": CONSULT), if any."""
    return e.act.type if e.act is not None else None


@dataclass(frozen=True)
class Restatements:
    """``types``: the types told again in other words (``restated_types`` of the vocabulary);
    ``with_target``: those of them that must also share a named target
    (``restated_with_target``); ``modes``: pairs of modes by which the words of one act may
    name it either way ("barred": restrict, "prohibited": ban; ``confusable_modes``)."""

    types: frozenset[str] = frozenset()
    with_target: frozenset[str] = frozenset()
    modes: frozenset[frozenset[str]] = frozenset()
    # the acts whose place is no part of them (``placeless_types``): a demand made in Brussels
    # and one "to Sudan's RSF" are one act, places do not set two such mentions apart
    placeless: frozenset[str] = frozenset()

    def restates(
        self,
        e: Event,
        mine: tuple[Set[str], Set[str]],
        theirs: tuple[Set[str], Set[str]],
        acts: Set[str | None],
        near: bool,
        states: Mapping[str, str] = MappingProxyType({}),
    ) -> bool:
        """Does ``e`` tell again the act of an incident? ``mine`` and ``theirs``: the named
        doers and targets of ``e`` and of the incident; ``acts``: the acts the incident's
        mentions speak of; ``near``: ``e`` follows the incident's last mention closely."""
        if e.type not in self.types:
            return False
        (doers, targets), (their_doers, their_targets) = mine, theirs
        if not doers:
            # no doer, the same party: "talks with China must continue" ... "negotiations
            # with China must continue"; "groups called on the court to free him" ... "'We urge
            # the authorities to guarantee his rights,' they said" (no doer of its own: it
            # contradicts none)
            return near and share(targets, their_targets, states)
        if not doers & their_doers:
            return False
        if e.type in self.with_target and not share(targets, their_targets, states):
            return False
        act = act_of(e)
        spoken = {a for a in acts if a is not None}
        return act is None or not spoken or act in spoken
