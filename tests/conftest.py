"""Shared fixtures: one pipeline for the whole session (models load once), and ../shared."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest

# Tests never read or write the developer's own actor file (see `sitroom actors add`).
os.environ["SITROOM_ACTORS"] = str(Path(tempfile.mkdtemp(prefix="sitroom-test-")) / "actors.yaml")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"needs ../shared (not found at {SHARED})")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from sitroom.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def annotator(pipeline):
    return pipeline.annotator


@pytest.fixture(scope="session")
def analyze(pipeline):
    """Analyze a text written for a test; the default publication date is a Wednesday."""
    from sitroom.ingest import read_text

    def run(text: str, published: dt.date | None = dt.date(2023, 3, 15)):
        return pipeline.analyze(read_text(text, published=published))

    return run


@pytest.fixture(scope="session")
def geocoder(pipeline):
    """The shipped pipeline's geocoder (``tests/test_places.py`` builds its own, on a small
    gazetteer, under the same name)."""
    return pipeline.geocoder


@pytest.fixture(scope="session")
def places_of(annotator, geocoder):
    """The places of a text written for a test (further arguments go to ``resolve``)."""

    def run(text, *args, **options):
        return geocoder.resolve(annotator.annotate(text), *args, **options)

    return run


_MODEL_FIXTURES = {"pipeline", "annotator", "analyze"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that load the spaCy model (through the fixtures above) carry the ``model`` marker:
    ``-m 'not model'`` runs the fast, model-free unit tests (hand-built docs: tests/support)."""
    for item in items:
        if _MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)
