"""Quality floors on the development set (`sitroom eval`); slow, needs ../shared.

The floors sit a little under the figures in docs/benchmarks.md, so that a change that makes
extraction worse fails here and has to be explained there.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.shared]

FLOORS = {
    "date_stated": 0.975,
    "country": 0.96,
    "admin1": 0.89,
    "coords_50km": 0.73,
    "event_type": 0.855,
    "perpetrator_p": 0.85,
    "perpetrator_r": 0.65,
    "killed": 0.86,
    "wounded": 0.90,
}


def test_dev_set_floors(shared_dir) -> None:
    from sitroom.evaluate import evaluate

    report = evaluate(shared_dir / "data" / "dev" / "gold.jsonl").as_dict()["gtd+acled"]
    low = {k: report[k]["score"] for k, floor in FLOORS.items() if report[k]["score"] < floor}
    assert not low, f"below the floor: {low}"
