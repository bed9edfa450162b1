"""Settings: command-line flags > AGENT_CONSOLE_* environment > config file > defaults.

The config file is TOML at ``<user config dir>/agent-console/config.toml`` (or the path in
AGENT_CONSOLE_CONFIG). Example::

    db = "~/work/service.db"
    lang = "zh"
    agent = "王芳"

    [keymap]
    "queue.filter" = "ctrl+f"

Each setting may also come from AGENT_CONSOLE_<SETTING> (the name in any case), the keymap as
JSON. Keymaps from several places are merged binding by binding. Nothing heavy is imported
here (no pydantic): the settings are read before the TUI's first paint.
"""

import hashlib
import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_args

from platformdirs import user_cache_path, user_config_path, user_data_path

from agent_console.content import bundled_kb_dir
from agent_console.errors import ConfigInvalid

APP_NAME = "agent-console"
ENV_PREFIX = "AGENT_CONSOLE_"
Language = Literal["zh", "en"]
YES_WORDS = ("true", "1", "yes", "on")
NO_WORDS = ("false", "0", "no", "off")


def config_file_path() -> Path:
    override = os.environ.get(f"{ENV_PREFIX}CONFIG")
    return Path(override).expanduser() if override else user_config_path(APP_NAME) / "config.toml"


def default_store_path() -> Path:
    return user_data_path(APP_NAME) / "agent-console.db"


@dataclass(frozen=True)
class Settings:
    db: Path | None = None
    """The local store; defaults to the user data directory."""
    lang: Language | None = None
    """UI language; defaults to the locale."""
    agent: str | None = None
    """Who is at the keyboard: an agent's name in the store, recorded on every change."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, e.g. {"queue.filter": "f"}."""
    kb: Path | None = None
    """Service content (calendars, policies, articles); defaults to the shipped kb/."""
    cache: Path | None = None
    """Where derived data (the knowledge-base index) is kept; defaults to the user cache."""
    auto_assign: bool = False
    """At intake, give the ticket to the suggested team's least-loaded agent."""

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


def load_settings(**flags: Any) -> Settings:
    """Settings with the given command-line flags on top; flags left as None do not count."""
    given = {name: value for name, value in flags.items() if value is not None}
    merged = _layered(_from_file(), _from_environment(), given)
    names = [item.name for item in fields(Settings)]
    return Settings(**{name: CHECKS[name](name, merged[name]) for name in names if name in merged})


def _from_file() -> dict[str, Any]:
    path = config_file_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigInvalid(source=str(path), detail=str(error)) from None


def _from_environment() -> dict[str, Any]:
    environment = {name.upper(): value for name, value in os.environ.items()}
    found = {
        item.name: environment[variable]
        for item in fields(Settings)
        if (variable := f"{ENV_PREFIX}{item.name.upper()}") in environment
    }
    if "keymap" in found:
        try:
            found["keymap"] = json.loads(found["keymap"])
        except json.JSONDecodeError as error:
            raise ConfigInvalid(source="keymap", detail=f"Invalid JSON: {error}") from None
    return found


def _layered(*layers: dict[str, Any]) -> dict[str, Any]:
    """Later layers win; tables (the keymap) are merged key by key."""
    merged: dict[str, Any] = {}
    for layer in layers:
        for name, value in layer.items():
            below = merged.get(name)
            both_tables = isinstance(below, dict) and isinstance(value, dict)
            merged[name] = {**below, **value} if both_tables else value
    return merged


def _path(name: str, value: Any) -> Path:
    if not isinstance(value, str | os.PathLike):
        raise ConfigInvalid(source=name, detail="Input should be a valid path")
    return Path(value).expanduser()


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigInvalid(source=name, detail="Input should be a valid string")
    return value


def _language(name: str, value: Any) -> Language:
    if value not in get_args(Language):
        choices = " or ".join(repr(choice) for choice in get_args(Language))
        raise ConfigInvalid(source=name, detail=f"Input should be {choices}")
    return value


def _keymap(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigInvalid(source=name, detail="Input should be a valid dictionary")
    return {binding: _text(f"{name}.{binding}", keys) for binding, keys in value.items()}


def _boolean(name: str, value: Any) -> bool:
    if isinstance(value, str) and value.lower() in YES_WORDS + NO_WORDS:
        value = value.lower() in YES_WORDS
    if not isinstance(value, bool):
        raise ConfigInvalid(source=name, detail="Input should be a valid boolean")
    return value


CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "db": _path,
    "lang": _language,
    "agent": _text,
    "keymap": _keymap,
    "kb": _path,
    "cache": _path,
    "auto_assign": _boolean,
}
"""How each setting is checked and converted, whichever source it came from."""
