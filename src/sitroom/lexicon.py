"""The event lexicon: which PLOVER event (type, mode) a verb, noun or light-verb construction
denotes, plus the cue words the events stage uses for ASSAULT modes, status and claims.

Two data files under ``sitroom/data/lexicon``: ``verbs.jsonl``, generated from PETRARCH's CAMEO
verb dictionary by ``scripts/build_verb_lexicon.py``, and ``curated.yaml``, written by hand,
which wins wherever both speak. See ``docs/plover.md`` for the vocabulary.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from sitroom.rules import RuleError, load_yaml

_LEMMA_PREFIX = '{"lemma": "'  # how build_verb_lexicon.py starts every line
_SLOTS = ("subj", "particle", "prep", "pobj", "obj", "obj_mods")
# How much each satisfied constraint says about the sense: the object names the event most
# directly ("hold talks"), a particle or a preposition changes the verb ("carry out", "call on").
_WEIGHTS = {"obj": 4.0, "pobj": 3.0, "particle": 3.0, "prep": 2.0, "obj_mods": 1.0, "subj": 1.0}


@dataclass(frozen=True, slots=True)
class Sense:
    """A PLOVER reading: type and mode, with the CAMEO code it came from (if any)."""

    type: str
    mode: str | None = None
    cameo: str | None = None
    source: str = "curated"  # "cameo" | "curated"


@dataclass(frozen=True, slots=True)
class _Pattern:
    subj: frozenset[str]
    particle: str | None
    prep: str | None
    pobj: frozenset[str]
    obj: frozenset[str]
    obj_mods: frozenset[str]
    sense: Sense | None  # None: the construction is not an event ("fight corruption")
    score: float

    def matches(
        self,
        particle: str | None,
        prep: str | None,
        obj: str | None,
        pobj: str | None,
        subj: str | None,
        obj_mods: frozenset[str],
    ) -> bool:
        # spaCy labels "on" in "call on" as prep and "out" in "carry out" as prt, but not
        # always: a particle or preposition given either way satisfies either slot.
        given = {particle, prep} - {None}
        if self.particle and self.particle not in given:
            return False
        if self.prep and self.prep not in given:
            return False
        if self.obj and obj not in self.obj:
            return False
        if self.pobj and pobj not in self.pobj:
            return False
        if self.subj and subj not in self.subj:
            return False
        return self.obj_mods <= obj_mods


@dataclass(slots=True)
class _Verb:
    default: Sense | None
    patterns: list[_Pattern]


@dataclass(frozen=True, slots=True)
class _LightVerbRule:
    verbs: frozenset[str]
    bases: frozenset[str]  # first words of phrasal verbs: "carry" for "carry out"
    nouns: frozenset[str] | None  # None with noun_type: any noun of that type
    noun_type: str | None  # "ASSAULT" for "@ASSAULT", "" for "@any"
    sense: Sense | None  # None: the noun's own sense


@dataclass(frozen=True, slots=True)
class _ContextRule:
    cues: frozenset[str]
    sense: Sense | None


# The keys of curated.yaml; each is read by Lexicon (tests/test_lexicon.py checks it).
CURATED_KEYS = frozenset(
    {
        "stoplist",
        "cameo_noise",
        "verbs",
        "nouns",
        "ambiguous_nouns",
        "light_verbs",
        "mode_priority",
        "mode_cues",
        "assassination_targets",
        "status_cues",
        "reported_speech",
        "claim_verbs",
        "claim_nouns",
    }
)
_LIST_KEYS = (
    "stoplist",
    "cameo_noise",
    "mode_priority",
    "assassination_targets",
    "reported_speech",
    "claim_verbs",
    "claim_nouns",
)


def _validate(curated: Mapping[str, Any]) -> None:
    """Unknown keys and words listed twice are errors (duplicate keys already are)."""
    unknown = set(curated) - CURATED_KEYS
    if unknown:
        raise RuleError(f"curated.yaml: unknown keys {sorted(unknown)}")
    lists = [(k, curated.get(k) or []) for k in _LIST_KEYS]
    lists += [(f"mode_cues.{m}", c) for m, c in (curated.get("mode_cues") or {}).items()]
    lists += [(f"status_cues.{m}", c) for m, c in (curated.get("status_cues") or {}).items()]
    for key, words in lists:
        seen: set[str] = set()
        for word in words:
            if _norm(str(word)) in seen:
                raise RuleError(f"curated.yaml: {key}: {word!r} is listed twice")
            seen.add(_norm(str(word)))


@functools.lru_cache(maxsize=65536)  # the same few thousand lemmas, over and over
def _norm(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").split())


def _sense(raw: Mapping[str, Any] | None, source: str) -> Sense | None:
    if not raw or not raw.get("type"):
        return None
    return Sense(
        type=str(raw["type"]),
        mode=raw.get("mode"),
        cameo=raw.get("cameo"),
        source=source,
    )


def _pattern(raw: Mapping[str, Any], source: str) -> _Pattern:
    def words(key: str) -> frozenset[str]:
        value = raw.get(key) or ()
        return frozenset(_norm(v) for v in ([value] if isinstance(value, str) else value))

    for key in ("particle", "prep"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            # YAML reads a bare on/off/yes/no as a boolean: "on" must be quoted
            raise RuleError(f"{source} pattern: {key} must be a string, not {raw[key]!r}")
    found = {k for k in _SLOTS if raw.get(k)}
    score = sum(_WEIGHTS[k] for k in found) + 0.1 * len(raw.get("obj_mods") or ())
    if source == "curated":
        # A hand-written reading outranks any CAMEO pattern that also matches: CAMEO's object
        # lists code the object, not the construction ("attacked the government for failing
        # to pay" is criticism whoever is criticised).
        score += 100.0
    return _Pattern(
        subj=words("subj"),
        particle=_norm(raw["particle"]) if raw.get("particle") else None,
        prep=_norm(raw["prep"]) if raw.get("prep") else None,
        pobj=words("pobj"),
        obj=words("obj"),
        obj_mods=words("obj_mods"),
        sense=_sense(raw, source),
        score=score,
    )


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class Lexicon:
    """Event senses of verbs, nouns and light-verb constructions, and cue-word lists."""

    def __init__(self, verbs_jsonl: str, curated_yaml: str) -> None:
        curated: dict[str, Any] = load_yaml(curated_yaml, name="curated.yaml") or {}
        _validate(curated)
        stop = [*curated.get("stoplist", []), *curated.get("cameo_noise", [])]
        self.stoplist: frozenset[str] = frozenset(_norm(v) for v in stop)
        self._generated = self._index_generated(verbs_jsonl)
        self._curated_verbs: dict[str, Mapping[str, Any]] = {
            _norm(k): v or {} for k, v in (curated.get("verbs") or {}).items()
        }
        self._verbs: dict[str, _Verb | None] = {}  # compiled on first lookup
        self._nouns: dict[str, Sense | None] = {
            _norm(k): _sense(v, "curated") for k, v in (curated.get("nouns") or {}).items()
        }
        self._ambiguous: dict[str, list[_ContextRule]] = {
            _norm(noun): [
                _ContextRule(frozenset(_norm(c) for c in r["cues"]), _sense(r["sense"], "curated"))
                for r in rules
            ]
            for noun, rules in (curated.get("ambiguous_nouns") or {}).items()
        }
        self._light_rules = [self._light_rule(r) for r in curated.get("light_verbs") or []]
        # A caller that does not pass the particle ("carried out an attack" -> "carry") still
        # gets the phrasal rule, for verbs that are light verbs only in phrasal form.
        bare = {v for r in self._light_rules for v in r.verbs if " " not in v}
        self._phrasal_only = frozenset(b for r in self._light_rules for b in r.bases) - bare
        self.mode_priority: tuple[str, ...] = tuple(curated.get("mode_priority") or ())
        self.mode_cues: Mapping[str, frozenset[str]] = MappingProxyType(
            {
                mode: frozenset(_norm(c) for c in cues)
                for mode, cues in (curated.get("mode_cues") or {}).items()
            }
        )
        # cue -> its mode; a cue listed under two modes keeps the one ranked first
        self._cue_mode: dict[str, str] = {}
        for mode in reversed(self.mode_priority):
            for cue in self.mode_cues.get(mode, frozenset()):
                self._cue_mode[cue] = mode
        self._max_cue_len = max(
            (len(c.split()) for cues in self.mode_cues.values() for c in cues), default=1
        )
        # a cue can only start at one of these words: the scan skips the others
        self._cue_first_words = frozenset(c.split()[0] for c in self._cue_mode if c.split())
        status: dict[str, str] = {}
        for name, words in (curated.get("status_cues") or {}).items():
            for word in words:
                status.setdefault(_norm(str(word)), name)  # first listing wins
        self.status_words: Mapping[str, str] = MappingProxyType(status)
        self.reported_speech: frozenset[str] = self._set(curated, "reported_speech")
        self.claim_verbs: frozenset[str] = self._set(curated, "claim_verbs")
        self.claim_nouns: frozenset[str] = self._set(curated, "claim_nouns")
        self.assassination_targets: frozenset[str] = self._set(curated, "assassination_targets")

    # -- loading ---------------------------------------------------------------------------

    @classmethod
    def load(cls) -> Lexicon:
        root = resources.files("sitroom") / "data" / "lexicon"
        return cls(
            (root / "verbs.jsonl").read_text(encoding="utf-8"),
            (root / "curated.yaml").read_text(encoding="utf-8"),
        )

    @staticmethod
    def _set(curated: Mapping[str, Any], key: str) -> frozenset[str]:
        return frozenset(_norm(str(v)) for v in curated.get(key) or ())

    @staticmethod
    def _index_generated(text: str) -> dict[str, str]:
        """Lemma -> its JSON line, unparsed: a lookup touches a few dozen verbs, so parsing
        all 1,200 entries up front would triple the load time."""
        lines: dict[str, str] = {}
        for line in text.splitlines():
            if line.startswith(_LEMMA_PREFIX):
                end = line.index('"', len(_LEMMA_PREFIX))
                lines[_norm(line[len(_LEMMA_PREFIX) : end])] = line
            elif line.strip():
                lines[_norm(json.loads(line)["lemma"])] = line
        return lines

    def _entry(self, lemma: str) -> _Verb | None:
        """The compiled entry of a verb: generated data, then the curated overrides."""
        if lemma in self._verbs:
            return self._verbs[lemma]
        line = self._generated.get(lemma)
        curated = self._curated_verbs.get(lemma)
        entry: _Verb | None = None
        if line is not None:
            raw = json.loads(line)
            default = None if lemma in self.stoplist else _sense(raw, "cameo")
            entry = _Verb(default, [_pattern(p, "cameo") for p in raw.get("patterns", ())])
        if curated is not None:
            entry = self._apply_curated(entry or _Verb(None, []), curated)
        self._verbs[lemma] = entry
        return entry

    @staticmethod
    def _apply_curated(verb: _Verb, raw: Mapping[str, Any]) -> _Verb:
        if "type" in raw:
            sense = _sense(raw, "curated")
            if sense and verb.default and verb.default.type == sense.type:
                # same reading as CAMEO's: keep its code for traceability
                sense = Sense(sense.type, sense.mode, verb.default.cameo, "curated")
            verb.default = sense
        curated = [_pattern(p, "curated") for p in raw.get("patterns") or ()]
        verb.patterns = curated + verb.patterns
        return verb

    def _light_rule(self, raw: Mapping[str, Any]) -> _LightVerbRule:
        nouns_raw = raw.get("nouns")
        noun_type: str | None = None
        nouns: frozenset[str] | None = None
        if isinstance(nouns_raw, str) and nouns_raw.startswith("@"):
            noun_type = "" if nouns_raw == "@any" else nouns_raw[1:].upper()
        else:
            nouns = frozenset(_norm(n) for n in _as_list(nouns_raw))
        sense = None
        if raw.get("sense"):
            sense = _sense(raw["sense"], "curated")
        verbs = frozenset(_norm(v) for v in _as_list(raw.get("verbs")))
        bases = frozenset(v.split()[0] for v in verbs if " " in v)
        return _LightVerbRule(verbs, bases, nouns, noun_type, sense)

    # -- senses ----------------------------------------------------------------------------

    def verb(
        self,
        lemma: str,
        *,
        particle: str | None = None,
        prep: str | None = None,
        obj: str | None = None,
        pobj: str | None = None,
        subj: str | None = None,
        obj_mods: Iterable[str] = (),
    ) -> Sense | None:
        """The sense of a verb in its construction: the most specific matching pattern wins
        (it may say "no event"); otherwise the verb's default. ``lemma`` may carry its
        particle ("carry out")."""
        words = _norm(lemma).split()
        if not words:
            return None
        if len(words) == 2 and particle is None:
            words, particle = words[:1], words[1]
        entry = self._entry(" ".join(words))
        if entry is None:
            return None
        args = (
            _norm(particle) if particle else None,
            _norm(prep) if prep else None,
            _norm(obj) if obj else None,
            _norm(pobj) if pobj else None,
            _norm(subj) if subj else None,
            frozenset(_norm(m) for m in obj_mods),
        )
        best: _Pattern | None = None
        for pattern in entry.patterns:
            if (best is None or pattern.score > best.score) and pattern.matches(*args):
                best = pattern
        if best is None:
            return entry.default
        default = entry.default
        if (
            default is not None
            and default.source == "curated"
            and best.sense is not None
            and best.sense.source == "cameo"
            and best.sense.type != default.type
        ):
            # Hand-reviewed defaults outrank CAMEO's object patterns, which code the object
            # rather than the act ("arrest protesters" is CAMEO 175, violent repression; an
            # arrest is COERCE whoever is arrested). A CAMEO pattern may still refine the mode.
            return default
        return best.sense

    def pattern_preps(self, lemma: str) -> frozenset[str]:
        """The prepositions and particles the patterns of a verb look at ("fire" -> on, at,
        upon, ...): which of a verb's prepositional phrases is its complement."""
        entry = self._entry(_norm(lemma))
        if entry is None:
            return frozenset()
        return frozenset(
            word for p in entry.patterns for word in (p.prep, p.particle) if word is not None
        )

    def noun(self, lemma: str) -> Sense | None:
        """The default sense of an event noun ("bombing", "air strike", "airstrike")."""
        key = _norm(lemma)
        for candidate in (key, key.replace("-", " "), key.replace(" ", ""), key.replace(" ", "-")):
            if candidate in self._nouns:
                return self._nouns[candidate]
        return None

    def noun_in_context(self, lemma: str, context: Iterable[str]) -> Sense | None:
        """Sense of a noun whose reading depends on nearby lemmas ("strike" with "workers" is a
        labour strike, with "drone" an air strike); falls back to :meth:`noun`."""
        rules = self._ambiguous.get(_norm(lemma))
        if rules:
            seen = {_norm(c) for c in context}
            for rule in rules:
                if rule.cues & seen:
                    return rule.sense
        return self.noun(lemma)

    def is_ambiguous_noun(self, lemma: str) -> bool:
        return _norm(lemma) in self._ambiguous

    def light_verb(
        self, verb_lemma: str, noun_lemma: str, *, particle: str | None = None
    ) -> Sense | None:
        """Sense of a light-verb construction: "carry out" + "bombing", "hold" + "talks",
        "impose" + "sanction", "open" + "fire". ``verb_lemma`` may include the particle; a bare
        "carry" is read as "carry out" since it is a light verb only with its particle."""
        verb = _norm(f"{verb_lemma} {particle}" if particle else verb_lemma)
        noun = _norm(noun_lemma)
        noun_sense = self.noun(noun)
        for rule in self._light_rules:
            if verb not in rule.verbs and not (
                particle is None and verb in self._phrasal_only and verb in rule.bases
            ):
                continue
            if rule.nouns is not None:
                if noun in rule.nouns or noun.replace("-", " ") in rule.nouns:
                    return rule.sense or noun_sense
                continue
            if rule.noun_type == "":
                return rule.sense or noun_sense
            if noun_sense is not None and noun_sense.type == rule.noun_type:
                return rule.sense or noun_sense
        return None

    # -- cues ------------------------------------------------------------------------------

    def cue_modes(self, lemmas: Iterable[str]) -> list[str]:
        """Every ASSAULT mode with a cue among ``lemmas`` (single lemmas and consecutive
        sequences), in priority order."""
        seq = [_norm(x) for x in lemmas if x and x.strip()]
        # The longest cue wins where cues overlap: "petrol bomb" is an incendiary (facility
        # attack), not a bomb; "explosive device" a bomb, not a device.
        covered: set[int] = set()
        found: set[str] = set()
        starts = [i for i, w in enumerate(seq) if w.split(" ", 1)[0] in self._cue_first_words]
        for n in range(self._max_cue_len, 0, -1):
            for i in starts:
                if i + n > len(seq):
                    continue
                span = set(range(i, i + n))
                phrase = " ".join(seq[i : i + n])
                if phrase in self._cue_mode and not span & covered:
                    found.add(self._cue_mode[phrase])
                    covered |= span
        return [m for m in self.mode_priority if m in found]

    def mode_from_cues(self, lemmas: Iterable[str]) -> str | None:
        """The dominant ASSAULT mode among the cue words of a clause or sentence."""
        modes = self.cue_modes(lemmas)
        return modes[0] if modes else None

    def status_cue(self, lemma: str) -> str | None:
        """The status a cue word gives the event it governs: "thwart" -> "thwarted"."""
        return self.status_words.get(_norm(lemma))

    def is_claim_verb(self, lemma: str) -> bool:
        return _norm(lemma) in self.claim_verbs

    def is_claim_noun(self, lemma: str) -> bool:
        """ "claimed responsibility", "took credit": the object of a claim of an attack."""
        return _norm(lemma) in self.claim_nouns

    def is_reported_speech(self, lemma: str) -> bool:
        return _norm(lemma) in self.reported_speech

    # -- introspection (docs, tests) -------------------------------------------------------

    def verbs_of_type(self, event_type: str) -> list[str]:
        found = []
        for lemma in self.known_verbs():
            entry = self._entry(lemma)
            if entry and entry.default and entry.default.type == event_type:
                found.append(lemma)
        return sorted(found)

    def nouns_of_type(self, event_type: str) -> list[str]:
        return sorted(n for n, s in self._nouns.items() if s and s.type == event_type)

    def known_verbs(self) -> frozenset[str]:
        return frozenset(self._generated) | frozenset(self._curated_verbs)


@functools.cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, loaded once per process."""
    return Lexicon.load()
