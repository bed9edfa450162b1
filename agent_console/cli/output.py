"""Printing results: stable JSON for scripts, readable lines for people."""

import dataclasses
import json
import sys
from datetime import datetime
from enum import Enum
from typing import Any

from agent_console.i18n import label, t
from agent_console.wire import wire_value


def jsonable(value: Any) -> Any:
    """Dataclasses, containers and column values as JSON types."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return wire_value(value)


def choice_help(field: str, vocabulary: type[Enum]) -> str:
    """Option help naming the field and the codes it accepts: "Channel: phone, web, ..."."""
    return f"{t(f'field.{field}')}: {', '.join(str(m.value) for m in vocabulary)}"


def emit_json(value: Any) -> None:
    json.dump(jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def local_time(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value else "-"


def shown(value: Any) -> str:
    """A field value as people read it: vocabulary labels translated, empty as '-'."""
    if value is None or value == "":
        return "-"
    if isinstance(value, Enum):
        return label(value)
    if isinstance(value, datetime):
        return local_time(value)
    return str(value)


def emit_fields(pairs: list[tuple[str, Any]]) -> None:
    """Aligned "label: value" lines; labels are translation keys under `field.`."""
    from rich.cells import cell_len

    labels = [t(f"field.{key}") for key, _ in pairs]
    width = max(cell_len(text) for text in labels)
    for text, (_, value) in zip(labels, pairs, strict=True):
        print(f"{text}{' ' * (width - cell_len(text))}  {shown(value)}")
