"""Settings: command-line flags > AGENT_CONSOLE_* environment > config file > defaults.

The config file is TOML at ``<user config dir>/agent-console/config.toml`` (or the path in
AGENT_CONSOLE_CONFIG). Example::

    db = "~/work/service.db"
    lang = "zh"
    agent = "王芳"

    [keymap]
    queue.filter = "ctrl+f"
"""

import hashlib
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_cache_path, user_config_path, user_data_path
from pydantic import ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from agent_console.content import bundled_kb_dir
from agent_console.errors import ConfigInvalid

APP_NAME = "agent-console"
ENV_PREFIX = "AGENT_CONSOLE_"


def config_file_path() -> Path:
    override = os.environ.get(f"{ENV_PREFIX}CONFIG")
    return Path(override).expanduser() if override else user_config_path(APP_NAME) / "config.toml"


def default_store_path() -> Path:
    return user_data_path(APP_NAME) / "agent-console.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    db: Path | None = None
    """The local store; defaults to the user data directory."""
    lang: Literal["zh", "en"] | None = None
    """UI language; defaults to the locale."""
    agent: str | None = None
    """Who is at the keyboard: an agent's name in the store, recorded on every change."""
    keymap: dict[str, str] = {}
    """Binding id -> keys, e.g. {"queue.filter": "f"}."""
    kb: Path | None = None
    """Service content (calendars, policies, articles); defaults to the shipped kb/."""
    cache: Path | None = None
    """Where derived data (the knowledge-base index) is kept; defaults to the user cache."""
    auto_assign: bool = False
    """At intake, give the ticket to the suggested team's least-loaded agent."""

    @field_validator("db", "kb", "cache")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @property
    def store_path(self) -> Path:
        return self.db if self.db is not None else default_store_path()

    @property
    def kb_dir(self) -> Path:
        return self.kb if self.kb is not None else bundled_kb_dir()

    @property
    def knowledge_index_cache(self) -> Path:
        """The search index of the articles, one file per knowledge-base folder."""
        folder = self.cache if self.cache is not None else user_cache_path(APP_NAME)
        articles = str((self.kb_dir / "articles").resolve())
        return folder / f"knowledge-{hashlib.sha256(articles.encode()).hexdigest()[:16]}.index"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file_path())
        return (init_settings, env_settings, toml)


def load_settings(**flags: Any) -> Settings:
    """Settings with the given command-line flags on top; flags left as None do not count."""
    given = {name: value for name, value in flags.items() if value is not None}
    try:
        return Settings(**given)
    except tomllib.TOMLDecodeError as error:
        raise ConfigInvalid(source=str(config_file_path()), detail=str(error)) from None
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"])
        raise ConfigInvalid(source=field, detail=first["msg"]) from None
