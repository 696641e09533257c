"""The per-country fuzzy-name indexes kept on disk beside the gazetteer index."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from sitroom.places import fuzzy
from sitroom.places.fuzzy import FuzzyNames


class FakeGazetteer:
    """Just what FuzzyNames reads to build a country's keys: the index path and the names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.asked: list[str] = []

    def names_in_country(self, country: str) -> list[tuple[str, int]]:
        self.asked.append(country)
        return [("kandahar", 1), ("kandahar district", 2), ("kabul", 3), ("herat", 4)]


def test_a_countrys_index_is_built_once_and_loaded_after(tmp_path: Path) -> None:
    gazetteer = FakeGazetteer(tmp_path / "gazetteer-123.sqlite")
    first = FuzzyNames(gazetteer)  # type: ignore[arg-type]
    keys, ids, index = first._country_keys("AFG")
    assert (tmp_path / "gazetteer-123.fuzzy" / "AFG.pickle").is_file()
    assert gazetteer.asked == ["AFG"]
    # A new process (a new FuzzyNames) loads it instead of asking the gazetteer again.
    second = FuzzyNames(gazetteer)  # type: ignore[arg-type]
    again = second._country_keys("AFG")
    assert gazetteer.asked == ["AFG"]
    assert again[0] == keys and again[1] == ids
    assert again[2].candidates("kandahr") == index.candidates("kandahr")


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gazetteer = FakeGazetteer(tmp_path / "gazetteer-123.sqlite")
    folder = tmp_path / "gazetteer-123.fuzzy"
    folder.mkdir()
    (folder / "AFG.pickle").write_bytes(b"not a pickle")
    warnings: list[str] = []
    # the module's own logger (other tests may configure the "sitroom" loggers' handlers)
    monkeypatch.setattr(fuzzy.log, "warning", lambda msg, *args: warnings.append(msg % args))
    keys, _, _ = FuzzyNames(gazetteer)._country_keys("AFG")  # type: ignore[arg-type]
    assert "kabul" in keys and gazetteer.asked == ["AFG"]
    assert any("unreadable" in w for w in warnings)
    # Rewritten whole: the next process loads it.
    FuzzyNames(gazetteer)._country_keys("AFG")  # type: ignore[arg-type]
    assert gazetteer.asked == ["AFG"]


def test_an_odd_country_code_is_never_a_file_name(tmp_path: Path) -> None:
    gazetteer = FakeGazetteer(tmp_path / "gazetteer-123.sqlite")
    FuzzyNames(gazetteer)._country_keys("../x")  # type: ignore[arg-type]
    assert not (tmp_path / "gazetteer-123.fuzzy").exists()


def test_an_index_pickled_by_other_code_is_rebuilt(tmp_path: Path) -> None:
    gazetteer = FakeGazetteer(tmp_path / "gazetteer-123.sqlite")
    FuzzyNames(gazetteer)._country_keys("AFG")  # type: ignore[arg-type]
    file = tmp_path / "gazetteer-123.fuzzy" / "AFG.pickle"
    _, found = pickle.loads(file.read_bytes())
    file.write_bytes(pickle.dumps(("another version", found)))
    FuzzyNames(gazetteer)._country_keys("AFG")  # type: ignore[arg-type]
    assert gazetteer.asked == ["AFG", "AFG"]
