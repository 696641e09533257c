"""The pipeline's output over fixed inputs is the checked-in golden file, byte for byte.

It loads the spaCy model (the session's ``pipeline``, so the ``model`` marker); the analysis
itself takes a few seconds.

Inputs: the bundled example article and the sentences of ``tests/data/golden/inputs.jsonl``
(written for this test). A refactor must leave the file as it is; when a change of output is
intended, regenerate the file and review its diff::

    python scripts/golden_output.py --update
    git diff tests/data/golden/output.jsonl
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "golden_output.py"


@pytest.fixture(scope="module")
def golden() -> ModuleType:
    spec = importlib.util.spec_from_file_location("golden_output", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("golden_output", module)
    spec.loader.exec_module(module)
    return module


def test_output_is_the_golden_file(golden: ModuleType, pipeline) -> None:
    expected = golden.GOLDEN_FILE.read_text(encoding="utf-8").splitlines()
    actual = golden.golden_lines(pipeline, golden.documents(golden.GOLDEN_SETS))
    assert [json.loads(line)["id"] for line in actual] == [
        json.loads(line)["id"] for line in expected
    ], "the golden inputs changed: run `python scripts/golden_output.py --update`"
    if actual != expected:
        pytest.fail(
            "output differs from tests/data/golden/output.jsonl (if intended: "
            "`python scripts/golden_output.py --update` and review the diff)\n"
            + golden.golden_diff(expected, actual),
            pytrace=False,
        )


def test_golden_inputs_cover_the_example_and_the_written_sentences(golden: ModuleType) -> None:
    items = golden.documents(golden.GOLDEN_SETS)
    sets = [name for name, _ in items]
    assert sets[0] == "example" and sets.count("sentences") >= 5
    assert all(doc.published is not None for _, doc in items)


def test_a_changed_analysis_is_shown_in_the_diff(golden: ModuleType) -> None:
    """The comparison itself can fail: one changed count is reported with its document."""
    (line,) = [
        x
        for x in golden.GOLDEN_FILE.read_text(encoding="utf-8").splitlines()
        if json.loads(x)["id"] == "market-attack"
    ]
    record = json.loads(line)
    record["analysis"]["events"][0]["killed"] += 1
    changed = json.dumps(record, sort_keys=True, ensure_ascii=False)
    diff = golden.golden_diff([line], [changed])
    assert "--- golden sentences/market-attack" in diff
    assert '\n-   "killed": 4,\n+   "killed": 5,\n' in diff
    assert golden.golden_diff([line], [line]) == ""
