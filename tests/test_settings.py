"""sitroom.settings: one object read from SITROOM_* variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.settings import Settings, get_settings, reload_settings


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SITROOM_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SITROOM_DB", "postgresql://db/sitroom")
    monkeypatch.setenv("SITROOM_TIME_BUDGET", "2.5")
    monkeypatch.setenv("SITROOM_MAX_CHARS", "5000")
    settings = Settings()
    assert settings.cache_dir == tmp_path
    assert settings.db == "postgresql://db/sitroom"
    assert settings.time_budget == 2.5
    assert settings.max_chars == 5000


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SITROOM_CACHE_DIR", "SITROOM_DB", "SITROOM_TIME_BUDGET", "SITROOM_MAX_CHARS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.db == "sitroom.db"
    assert settings.max_chars == 1_000_000  # spaCy's nlp.max_length
    assert settings.max_bytes == 20 * 1024 * 1024
    assert settings.time_budget > 0
    assert settings.cache_dir.name  # the platform's user cache dir


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_TIME_BUDGET", "-1")
    with pytest.raises(ValueError):
        Settings()


def test_get_settings_is_cached_until_reloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    first = reload_settings()
    assert get_settings() is first
    monkeypatch.setenv("SITROOM_MAX_CHARS", "1234")
    assert get_settings().max_chars == first.max_chars
    try:
        assert reload_settings().max_chars == 1234
    finally:
        monkeypatch.delenv("SITROOM_MAX_CHARS")
        reload_settings()
