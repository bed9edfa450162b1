"""One line per timeline event, for people (translated) or for scripts (codes)."""

from datetime import datetime
from enum import StrEnum
from typing import Protocol

from agent_console.i18n import label, t
from agent_console.vocab import (
    Category,
    ConfirmedVia,
    EstimateStatus,
    FollowUpKind,
    PartStatus,
    Priority,
    ServiceMode,
    Status,
)

_VOCABULARY_FIELDS: dict[str, type[StrEnum]] = {
    "status": Status,
    "priority": Priority,
    "category": Category,
    "service_mode": ServiceMode,
}


def _value(field: str, value: str | None, translate: bool) -> str:
    if value is None:
        return "-"
    vocabulary = _VOCABULARY_FIELDS.get(field)
    return label(vocabulary(value)) if translate and vocabulary else value


# Service events (issue #8): the vocabulary of their new value, or a translation prefix.
_SERVICE_VALUES: dict[str, type[StrEnum] | str | None] = {
    "part": PartStatus,
    "estimate": EstimateStatus,
    "appointment": None,
    "confirmed": ConfirmedVia,
    "remote_session": None,
    "resolution": None,
    "acceptance": ConfirmedVia,
    "dispute": None,
    "evaluation": "service",
    "survey": "service",
    "follow_up": FollowUpKind,
    "second_fault": None,
    "fee_reduction": None,
    "article_draft": None,
}


def _service_value(field: str, value: str | None) -> str:
    kind = _SERVICE_VALUES[field]
    if value is None:
        return "-"
    if field == "appointment":
        return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(kind, str):
        return t(f"{kind}.{value}")
    try:
        return label(kind(value)) if kind is not None else value
    except ValueError:  # a code this version does not know (a newer client's): shown as is
        return value


def _describe_service(field: str, old: str | None, new: str | None, text: str | None) -> str:
    key = field
    if field == "part" and new == "returned":
        key = "part_returned"
    elif field == "appointment" and old is not None:
        key = "appointment_moved"
    old_shown = _service_value(field, old) if field == "appointment" else old or "-"
    return t(f"timeline.{key}", old=old_shown, new=_service_value(field, new), text=text or "-")


def describe(
    field: str | None, old: str | None, new: str | None, text: str | None, *, translate: bool
) -> str:
    """The note or call itself, "field: old -> new" (with the note given for the change), a
    checklist record: "blue-screen/reboot done" (with its note or reason), or a service step
    in its own words ("part BAT-01: delivered")."""
    if field is None:
        return text or new or ""
    if translate and field in _SERVICE_VALUES:
        return _describe_service(field, old, new, text)
    if field == "checklist":
        action = t(f"checklist_action.{new}") if translate else new
        line = t("timeline.checklist", where=old, action=action) if translate else f"{old} {new}"
        return f"{line} ({text})" if text else line
    name = t(f"field.{field}") if translate else field
    change = f"{name}: {_value(field, old, translate)} -> {_value(field, new, translate)}"
    return f"{change} ({text})" if text else change


class ConflictRecord(Protocol):
    field: str
    kept_value: str | None
    kept_by: str
    lost_value: str | None
    lost_by: str


def describe_conflict(conflict: ConflictRecord, *, translate: bool) -> str:
    """A concurrent edit as the conflict log shows it: "Priority: P1 (sue) kept, P2 (ana) lost"."""
    field = conflict.field
    kept = _value(field, conflict.kept_value, translate)
    lost = _value(field, conflict.lost_value, translate)
    if not translate:
        return f"{field}: {kept} ({conflict.kept_by}) kept, {lost} ({conflict.lost_by}) lost"
    return t("timeline.conflict", field=t(f"field.{field}"), kept=kept, kept_by=conflict.kept_by,
             lost=lost, lost_by=conflict.lost_by)  # fmt: skip
