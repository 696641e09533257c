"""sitroom's ontology: event types, modes, roles, statuses, precisions, actor types and the
dataset mappings, read from ``plover.yaml`` beside this module (the only place they are
described). Every stage, the evaluation, the exports and the web layer read them from here.

    >>> from sitroom.ontology import ontology
    >>> ontology().event_types["ASSAULT"].violent
    True
    >>> "military" in ontology().state_actor_types
    True
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from sitroom.rules import RuleError, load_yaml

_TOP_KEYS = {
    "event_types",
    "roles",
    "statuses",
    "date_precisions",
    "date_fallbacks",
    "location_precisions",
    "confusable_modes",
    "placed_with_source",
    "placed_at_seat",
    "actor_types",
    "datasets",
}
_TYPE_KEYS = {
    "quad",
    "speech_act",
    "unnamed_ok",
    "partner",
    "violent",
    "relation",
    "goldstein",
    "cameo",
    "colour",
    "modes",
}
_QUADS = {"verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"}
_ACTOR_KEYS = {"state", "armed", "unarmed", "colour"}


@dataclass(frozen=True, slots=True)
class EventTypeDef:
    name: str
    quad: str
    speech_act: bool  # a verbal act that speaks of another act (THREATEN, REQUEST, ...)
    unnamed_ok: bool  # an event even when no participant is named ("a bomb exploded")
    partner: bool  # its parties are partners ("talks with X", "an agreement between X and Y")
    violent: bool
    relation: str | None  # the relation it implies between source and target
    goldstein: float
    cameo: tuple[str, ...]
    colour: str
    modes: tuple[str, ...]

    @property
    def cooperative(self) -> bool:
        return self.quad.endswith("cooperation")


@dataclass(frozen=True, slots=True)
class ActorTypeDef:
    name: str
    state: bool
    armed: bool
    unarmed: bool
    colour: str


@dataclass(frozen=True, slots=True)
class Datasets:
    gtd_attack_types: Mapping[str | None, str]
    gtd_labels: Mapping[str, str]
    acled_event_types: Mapping[str, str]
    acled_direct_modes: frozenset[str]
    acled_abduction_modes: frozenset[str]
    acled_remote_modes: frozenset[str]
    acled_sub_event_labels: Mapping[str, str]
    acled_event_labels: Mapping[str, str]
    ucdp_labels: tuple[str, ...]
    unscored_labels: frozenset[str]


@dataclass(frozen=True, slots=True)
class Ontology:
    event_types: Mapping[str, EventTypeDef]
    roles: Mapping[str, str]
    status_priority: tuple[str, ...]  # first wins when several cues govern an event
    default_status: str
    coded_statuses: frozenset[str]  # the statuses GTD and ACLED code as attacks
    retired_statuses: tuple[str, ...]  # no longer given, still readable in stored data
    date_precisions: tuple[str, ...]  # coarse to fine
    date_fallbacks: tuple[str, ...]
    location_precisions: tuple[str, ...]  # coarse to fine
    # Pairs of modes of one type that reports of one act use interchangeably.
    confusable_modes: frozenset[frozenset[str]]
    # Types placed where the source is when the sentence names only the target's country.
    placed_with_source: frozenset[str]
    # Types placed in the capital when a civil institution of a state does them and no place
    # below its country is known, and the modes of those types that are done in the field.
    placed_at_seat: frozenset[str]
    field_modes: frozenset[str]
    actor_types: Mapping[str, ActorTypeDef]
    datasets: Datasets

    # -- derived views ---------------------------------------------------------------------

    @property
    def type_names(self) -> tuple[str, ...]:
        return tuple(self.event_types)

    @property
    def statuses(self) -> tuple[str, ...]:
        return (self.default_status, *self.status_priority)

    def modes(self, event_type: str) -> tuple[str, ...]:
        return self.event_types[event_type].modes

    @property
    def speech_act_types(self) -> frozenset[str]:
        return frozenset(n for n, t in self.event_types.items() if t.speech_act)

    @property
    def partner_types(self) -> frozenset[str]:
        return frozenset(n for n, t in self.event_types.items() if t.partner)

    @property
    def cooperative_types(self) -> frozenset[str]:
        return frozenset(n for n, t in self.event_types.items() if t.cooperative)

    @property
    def state_actor_types(self) -> frozenset[str]:
        return frozenset(n for n, t in self.actor_types.items() if t.state)

    @property
    def armed_actor_types(self) -> frozenset[str]:
        return frozenset(n for n, t in self.actor_types.items() if t.armed)

    @property
    def unarmed_actor_types(self) -> frozenset[str]:
        return frozenset(n for n, t in self.actor_types.items() if t.unarmed)

    def type_colours(self) -> dict[str, str]:
        return {n: t.colour for n, t in self.event_types.items()}

    def actor_type_colours(self) -> dict[str, str]:
        return {n: t.colour for n, t in self.actor_types.items()}

    def event_relations(self) -> dict[str, str]:
        return {n: t.relation for n, t in self.event_types.items() if t.relation}

    def goldstein(self) -> dict[str, float]:
        return {n: t.goldstein for n, t in self.event_types.items()}

    def date_rank(self, precision: str | None) -> int:
        """Rank of a date precision, finer higher (``day`` highest); fallbacks rank -1."""
        if precision in self.date_precisions:
            return self.date_precisions.index(precision)
        return -1

    def location_rank(self, precision: str | None) -> int:
        """Rank of a location precision, finer higher (``country`` 0); unknown -1."""
        if precision in self.location_precisions:
            return self.location_precisions.index(precision)
        return -1


def _check_keys(where: str, raw: Mapping[str, Any], allowed: set[str], required: set[str]) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise RuleError(f"plover.yaml: {where}: unknown keys {sorted(unknown)}")
    missing = required - set(raw)
    if missing:
        raise RuleError(f"plover.yaml: {where}: missing keys {sorted(missing)}")


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def parse_ontology(raw: Mapping[str, Any]) -> Ontology:
    """Validate and type the parsed YAML of an ontology file."""
    _check_keys("top level", raw, _TOP_KEYS, _TOP_KEYS)
    types: dict[str, EventTypeDef] = {}
    for name, t in raw["event_types"].items():
        _check_keys(name, t, _TYPE_KEYS, _TYPE_KEYS - {"modes"})
        if t["quad"] not in _QUADS:
            raise RuleError(f"plover.yaml: {name}: unknown quad {t['quad']!r}")
        types[name] = EventTypeDef(
            name=name,
            quad=t["quad"],
            speech_act=bool(t["speech_act"]),
            unnamed_ok=bool(t["unnamed_ok"]),
            partner=bool(t["partner"]),
            violent=bool(t["violent"]),
            relation=t["relation"],
            goldstein=float(t["goldstein"]),
            cameo=_strs(t["cameo"]),
            colour=str(t["colour"]),
            modes=_strs(t.get("modes")),
        )
    actors: dict[str, ActorTypeDef] = {}
    for name, a in raw["actor_types"].items():
        _check_keys(name, a, _ACTOR_KEYS, _ACTOR_KEYS)
        actors[name] = ActorTypeDef(
            name, bool(a["state"]), bool(a["armed"]), bool(a["unarmed"]), str(a["colour"])
        )
    st = raw["statuses"]
    _check_keys(
        "statuses",
        st,
        {"priority", "default", "coded", "retired"},
        {"priority", "default", "coded", "retired"},
    )
    ds = raw["datasets"]
    _check_keys(
        "datasets",
        ds,
        {"gtd", "acled", "ucdp", "unscored_labels"},
        {"gtd", "acled", "ucdp", "unscored_labels"},
    )
    gtd, acled = ds["gtd"], ds["acled"]
    _check_keys("datasets.gtd", gtd, {"attack_types", "labels"}, {"attack_types", "labels"})
    acled_keys = {
        "event_types",
        "direct_modes",
        "abduction_modes",
        "remote_modes",
        "sub_event_labels",
        "event_labels",
    }
    _check_keys("datasets.acled", acled, acled_keys, acled_keys)
    _check_keys("datasets.ucdp", ds["ucdp"], {"labels"}, {"labels"})
    assault_modes = set(types["ASSAULT"].modes)
    for mode in gtd["attack_types"]:
        if mode is not None and mode not in assault_modes:
            raise RuleError(f"plover.yaml: datasets.gtd: unknown ASSAULT mode {mode!r}")
    datasets = Datasets(
        gtd_attack_types=MappingProxyType(dict(gtd["attack_types"])),
        gtd_labels=MappingProxyType(dict(gtd["labels"])),
        acled_event_types=MappingProxyType(dict(acled["event_types"])),
        acled_direct_modes=frozenset(acled["direct_modes"]),
        acled_abduction_modes=frozenset(acled["abduction_modes"]),
        acled_remote_modes=frozenset(acled["remote_modes"]),
        acled_sub_event_labels=MappingProxyType(dict(acled["sub_event_labels"])),
        acled_event_labels=MappingProxyType(dict(acled["event_labels"])),
        ucdp_labels=_strs(ds["ucdp"]["labels"]),
        unscored_labels=frozenset(ds["unscored_labels"]),
    )
    for mode in (*acled["direct_modes"], *acled["abduction_modes"], *acled["remote_modes"]):
        if mode not in assault_modes:
            raise RuleError(f"plover.yaml: datasets.acled: unknown ASSAULT mode {mode!r}")
    confusable: set[frozenset[str]] = set()
    modes_of_any_type = {m for t in types.values() for m in t.modes}
    for pair in raw["confusable_modes"]:
        if len(pair) != 2 or pair[0] == pair[1]:
            raise RuleError(f"plover.yaml: confusable_modes: {pair!r} is not a pair of modes")
        for mode in pair:
            if mode not in modes_of_any_type:
                raise RuleError(f"plover.yaml: confusable_modes: unknown mode {mode!r}")
        confusable.add(frozenset(pair))
    seat = raw["placed_at_seat"]
    if not isinstance(seat, dict) or set(seat) != {"types", "field_modes"}:
        raise RuleError("plover.yaml: placed_at_seat: a mapping of types and field_modes")
    for key, names in (
        ("placed_with_source", raw["placed_with_source"]),
        ("placed_at_seat", seat["types"]),
    ):
        for name in names:
            if name not in types:
                raise RuleError(f"plover.yaml: {key}: unknown type {name!r}")
    modes = {m for t in seat["types"] for m in types[t].modes}
    for mode in seat["field_modes"]:
        if mode not in modes:
            raise RuleError(f"plover.yaml: placed_at_seat: unknown mode {mode!r}")
    statuses = (st["default"], *st["priority"])
    for s in st["coded"]:
        if s not in statuses:
            raise RuleError(f"plover.yaml: statuses.coded: unknown status {s!r}")
    return Ontology(
        event_types=MappingProxyType(types),
        roles=MappingProxyType({str(k): str(v) for k, v in raw["roles"].items()}),
        status_priority=_strs(st["priority"]),
        default_status=str(st["default"]),
        coded_statuses=frozenset(st["coded"]),
        retired_statuses=_strs(st["retired"]),
        date_precisions=_strs(raw["date_precisions"]),
        date_fallbacks=_strs(raw["date_fallbacks"]),
        location_precisions=_strs(raw["location_precisions"]),
        confusable_modes=frozenset(confusable),
        placed_with_source=frozenset(raw["placed_with_source"]),
        placed_at_seat=frozenset(seat["types"]),
        field_modes=frozenset(seat["field_modes"]),
        actor_types=MappingProxyType(actors),
        datasets=datasets,
    )


@functools.cache
def ontology() -> Ontology:
    """The packaged ontology, loaded once per process."""
    text = (resources.files("sitroom") / "ontology" / "plover.yaml").read_text(encoding="utf-8")
    return parse_ontology(load_yaml(text, name="plover.yaml"))


__all__ = ["ActorTypeDef", "Datasets", "EventTypeDef", "Ontology", "ontology", "parse_ontology"]
