"""The translation layer: every user-facing string is looked up here by key.

Catalogs are TOML files in ``locales/`` (one per language, same keys), and one more per
language in each area directory below it (``locales/service/en.toml``); a key lives in one
file only. Tables nest keys, so ``[status] new = "..."`` is the key ``status.new``.
Placeholders use ``str.format`` syntax.
"""

import os
import re
import tomllib
from collections.abc import Mapping
from enum import Enum
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
CATALOG_FILES = {"zh": "zh-CN.toml", "en": "en.toml"}
_LOCALES_DIR = Path(__file__).parent / "locales"

_language = "en"


def catalog_paths(language: str) -> list[Path]:
    name = CATALOG_FILES[language]
    return [_LOCALES_DIR / name, *sorted(_LOCALES_DIR.glob(f"*/{name}"))]


def _flatten(table: Mapping[str, object], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = str(value)
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in catalog_paths(language):
        with path.open("rb") as file:
            entries = _flatten(tomllib.load(file))
        repeated = merged.keys() & entries.keys()
        if repeated:
            raise ValueError(f"{path}: keys already defined elsewhere: {sorted(repeated)}")
        merged.update(entries)
    return merged


def detect_language(environ: Mapping[str, str] = os.environ) -> str:
    """The language of the user's locale: Chinese for any zh locale, English otherwise."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _language = language


def current_language() -> str:
    return _language


def t(key: str, /, **params: object) -> str:
    """The text for `key` in the current language, with `params` filled in."""
    return t_in(_language, key, **params)


def t_in(language: str, key: str, /, **params: object) -> str:
    """The text for `key` in `language`: for content written in its own language, such as an
    article drafted from a Chinese resolution record while the screen is in English."""
    text = catalog(language).get(key, catalog("en").get(key, key))
    return text.format(**params) if params else text


_CAMEL_BOUNDARY = re.compile(r"(?<!^)(?=[A-Z])")


def label_key(member: Enum) -> str:
    """Status.IN_PROGRESS -> "status.in_progress"."""
    vocabulary = _CAMEL_BOUNDARY.sub("_", type(member).__name__).lower()
    return f"{vocabulary}.{member.value}"


def label(member: Enum) -> str:
    """Display label of a vocabulary value, e.g. Status.IN_PROGRESS -> "处理中"."""
    return t(label_key(member))
