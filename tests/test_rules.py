"""Rule files and the ontology: strict loading, and every key read by the code."""

from __future__ import annotations

import pytest

import sitroom.casualties
import sitroom.coding
import sitroom.events
import sitroom.nlp_fast
import sitroom.numbers
import sitroom.relations
import sitroom.time
from sitroom import models
from sitroom.lexicon import CURATED_KEYS, Lexicon
from sitroom.ontology import ontology
from sitroom.rules import RULE_FILES, RuleError, RuleFile, load_yaml, rules

_IMPORTED = (
    sitroom.casualties,
    sitroom.coding,
    sitroom.events,
    sitroom.nlp_fast,
    sitroom.numbers,
    sitroom.relations,
    sitroom.time,
)


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_key_of_a_rule_file_is_read(name: str) -> None:
    assert _IMPORTED  # the stages above read their files at import
    assert rules(name).unread() == []


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(RuleError, match="duplicate key 'a'"):
        load_yaml("a: [x]\nb: [y]\na: [z]\n")
    with pytest.raises(RuleError, match="duplicate key 'k'"):
        load_yaml("outer:\n  k: 1\n  k: 2\n")


def test_duplicate_words_and_missing_keys_are_errors() -> None:
    f = RuleFile("t.yaml", {"words": ["a", "b", "a"], "table": {"x": 1}})
    with pytest.raises(RuleError, match="listed twice"):
        f.words("words")
    with pytest.raises(RuleError, match="no key"):
        f.words("nothing")
    assert f.table("table") == {"x": 1}
    assert RuleFile("u.yaml", {"a": [], "b": []}).unread() == ["a", "b"]


def test_lexicon_refuses_unknown_keys() -> None:
    with pytest.raises(RuleError, match="unknown keys"):
        Lexicon("", "stoplist: [be]\nclaim_phrases: [x]\n")


def test_every_curated_key_is_present_and_read() -> None:
    from importlib import resources

    text = (resources.files("sitroom") / "data" / "lexicon" / "curated.yaml").read_text()
    assert set(load_yaml(text)) == CURATED_KEYS


def test_ontology_matches_the_output_contract() -> None:
    o = ontology()
    assert o.type_names == models.EVENT_TYPES
    assert o.modes("ASSAULT") == models.ASSAULT_MODES
    assert set(o.actor_types) == set(models.ACTOR_TYPES)
    assert set(o.statuses) | set(o.retired_statuses) == set(models.EVENT_STATUSES)
    assert "threatened" not in o.statuses
    assert o.speech_act_types == {"THREATEN", "REQUEST", "ACCUSE", "REJECT", "SUPPORT"}
    assert o.state_actor_types == {"state", "government", "military", "police"}
    assert o.armed_actor_types == {"military", "police", "armed_group"}
    for name, t in o.event_types.items():
        assert t.colour.startswith("#"), name
        assert t.relation is None or t.relation in models.RELATION_TYPES


def test_ontology_ranks() -> None:
    o = ontology()
    assert o.date_rank("day") > o.date_rank("month") > o.date_rank("year") > o.date_rank("decade")
    assert o.date_rank("document") == -1
    assert o.location_rank("city") > o.location_rank("admin1") > o.location_rank("country")


def test_confusable_modes_are_pairs_of_known_modes() -> None:
    import copy
    from importlib import resources

    from sitroom.ontology import parse_ontology
    from sitroom.store.merging import COMPATIBLE_MODES

    pairs = ontology().confusable_modes
    assert frozenset({"air_strike", "shelling"}) in pairs
    assert all(len(p) == 2 for p in pairs)
    assert pairs == COMPATIBLE_MODES  # the store merges by the same pairs
    text = (resources.files("sitroom") / "ontology" / "plover.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text, name="plover.yaml")
    for bad in (["air_strike", "teleport"], ["air_strike"], ["shelling", "shelling"]):
        broken = copy.deepcopy(raw)
        broken["confusable_modes"].append(bad)
        with pytest.raises(RuleError, match="confusable_modes"):
            parse_ontology(broken)


def test_placed_with_source_names_known_types() -> None:
    import copy
    from importlib import resources

    from sitroom.ontology import parse_ontology

    assert {"ACCUSE", "SANCTION"} <= ontology().placed_with_source
    assert "ASSAULT" not in ontology().placed_with_source
    text = (resources.files("sitroom") / "ontology" / "plover.yaml").read_text(encoding="utf-8")
    broken = copy.deepcopy(load_yaml(text, name="plover.yaml"))
    broken["placed_with_source"].append("GOSSIP")
    with pytest.raises(RuleError, match="placed_with_source"):
        parse_ontology(broken)


def test_placed_at_seat_names_known_types_and_modes() -> None:
    import copy
    from importlib import resources

    from sitroom.ontology import parse_ontology

    assert {"REJECT", "SANCTION", "COERCE"} <= ontology().placed_at_seat
    assert not {"ASSAULT", "MOBILIZE", "CONSULT"} & ontology().placed_at_seat
    assert "arrest" in ontology().field_modes
    text = (resources.files("sitroom") / "ontology" / "plover.yaml").read_text(encoding="utf-8")
    raw = load_yaml(text, name="plover.yaml")
    for key, bad in (("types", "GOSSIP"), ("field_modes", "teleport")):
        broken = copy.deepcopy(raw)
        broken["placed_at_seat"][key].append(bad)
        with pytest.raises(RuleError, match="placed_at_seat"):
            parse_ontology(broken)
    broken = copy.deepcopy(raw)
    broken["placed_at_seat"] = ["REJECT"]
    with pytest.raises(RuleError, match="placed_at_seat"):
        parse_ontology(broken)


def test_web_colours_come_from_the_ontology() -> None:
    from sitroom.web.charts import ACTOR_TYPE_COLOURS, TYPE_COLOURS

    assert ontology().type_colours() == TYPE_COLOURS
    assert ontology().actor_type_colours() == ACTOR_TYPE_COLOURS


def test_every_lexicon_mode_is_a_mode_of_its_type_in_the_ontology() -> None:
    """Adding a mode is a data edit in plover.yaml: the lexicon may use no other."""
    import json
    from importlib import resources

    root = resources.files("sitroom") / "data" / "lexicon"
    found: set[tuple[str, str]] = set()

    def walk(x: object) -> None:
        if isinstance(x, dict):
            if x.get("type") and x.get("mode"):
                found.add((x["type"], x["mode"]))
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(load_yaml((root / "curated.yaml").read_text()))
    for line in (root / "verbs.jsonl").read_text().splitlines():
        walk(json.loads(line))
    unknown = {(t, m) for t, m in found if m not in ontology().modes(t)}
    assert not unknown
