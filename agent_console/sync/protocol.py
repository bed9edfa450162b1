"""The sync wire format: what a push and a pull page look like on a slow link.

A message is JSON compressed with zlib. Entities and their fields travel as one- or two-letter
codes (their position in ENTITIES, which is therefore append-only: a new column is added at
the end of its entity's list). A change carries only the fields it changed. Datetimes travel
as integer microseconds from a base the message gives, so a ticket's `updated_at` that equals
the mutation's own time costs one byte.

Values at rest, on the server and in the outbox, are in their canonical JSON form
(agent_console.wire.wire_value): datetimes and dates as ISO strings, UUIDs as strings.
"""

import json
import string
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from agent_console import hlc

MAX_BODY_BYTES = 5 * 1024 * 1024
MEDIA_TYPE = "application/x-agent-console-sync"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_CODE_DIGITS = string.digits + string.ascii_letters


@dataclass(frozen=True)
class EntitySpec:
    name: str
    code: str
    fields: tuple[str, ...]
    datetimes: frozenset[str]
    append_only: bool = False

    def field_code(self, field: str) -> str:
        return _CODE_DIGITS[self.fields.index(field)]

    def field_name(self, code: str) -> str:
        position = _CODE_DIGITS.find(code) if len(code) == 1 else -1
        if not 0 <= position < len(self.fields):
            raise WireError(f"{self.name}: unknown field code {code!r}")
        return self.fields[position]


def _spec(name: str, code: str, fields: str, datetimes: str = "", *, append_only: bool = False):
    return EntitySpec(name, code, tuple(fields.split()), frozenset(datetimes.split()), append_only)


ENTITIES: tuple[EntitySpec, ...] = (
    _spec("team", "g", "id code name skills"),
    _spec("agent", "a", "id name role team_id skills active"),
    _spec(
        "customer", "c",
        "id name phone email tier organization region created_at updated_at",
        "created_at updated_at",
    ),
    _spec(
        "device", "d",
        "id serial model product_line purchase_date warranty_end core_warranty_end customer_id"
        " created_at",
        "created_at",
    ),
    _spec(
        "ticket", "t",
        "id number subject description channel category priority impact status service_mode"
        " customer_id device_id team_id assignee_id due_at next_breach_at created_at updated_at"
        " first_response_at resolved_at closed_at second_fault_of",
        "due_at next_breach_at created_at updated_at first_response_at resolved_at closed_at",
    ),
    _spec(
        "ticket_event", "e",
        "id ticket_id kind field old_value new_value text author_id author at",
        "at", append_only=True,
    ),
    _spec(
        "checklist_entry", "k",
        "id ticket_id procedure step action required note before_step author_id author at",
        "at", append_only=True,
    ),
    _spec(
        "conflict", "x",
        "id ticket_id entity entity_id field kept_value kept_by kept_at lost_value lost_by"
        " lost_at at",
        "kept_at lost_at at", append_only=True,
    ),
    _spec("part", "p", "id number name kind price_cents core active"),
    _spec(
        "ticket_part", "q",
        "id ticket_id part_id quantity status covered requested_at due_at shipped_at"
        " delivered_at installed_at warranty_end returned_serial returned_at updated_at",
        "requested_at due_at shipped_at delivered_at installed_at returned_at updated_at",
    ),
    _spec(
        "appointment", "v",
        "id ticket_id engineer_id window_start window_end address bring status confirmed_via"
        " confirmed_at replaces_id reason arrived_at author created_at",
        "window_start window_end confirmed_at arrived_at created_at",
    ),
    _spec(
        "remote_session", "r", "id ticket_id tool minutes outcome author at", "at",
        append_only=True,
    ),
    _spec(
        "estimate", "m",
        "id ticket_id lines total_cents status decided_by decided_via decided_at author"
        " created_at",
        "decided_at created_at",
    ),
    _spec(
        "resolution", "s", "id ticket_id cause solution tools prevention author at", "at",
        append_only=True,
    ),
    _spec(
        "acceptance", "y", "id ticket_id accepted confirmed_by via reason author at", "at",
        append_only=True,
    ),
    _spec(
        "survey", "u",
        "id ticket_id speed resolution attitude recommend comment author at", "at",
        append_only=True,
    ),
    _spec(
        "follow_up", "f", "id ticket_id kind due_at done_at done_by outcome created_at",
        "due_at done_at created_at",
    ),
    _spec(
        "article_draft", "b",
        "id ticket_id article_id title text status author created_at reviewed_by reviewed_at"
        " review_note updated_at",
        "created_at reviewed_at updated_at",
    ),
)  # fmt: skip
BY_NAME = {spec.name: spec for spec in ENTITIES}
BY_CODE = {spec.code: spec for spec in ENTITIES}
TICKET_CHILDREN = (
    "ticket_event", "checklist_entry", "conflict", "ticket_part", "appointment",
    "remote_session", "estimate", "resolution", "acceptance", "survey", "follow_up",
)  # fmt: skip
SHARED = ("team", "agent", "part", "article_draft")  # what every member receives


class WireError(ValueError):
    """A message that cannot be read; the text says what is wrong with it."""


class TooLarge(WireError):
    pass


def compress(message: Any) -> bytes:
    return zlib.compress(json.dumps(message, separators=(",", ":")).encode(), 9)


def decompress(body: bytes, limit: int = MAX_BODY_BYTES) -> Any:
    """The message in `body`; refuses more than `limit` bytes unpacked (a zip bomb)."""
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise WireError(f"body is not zlib data: {error}") from None
    if len(raw) > limit or inflater.unconsumed_tail:
        raise TooLarge(f"body unpacks to more than {limit} bytes")
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WireError(f"body is not JSON: {error}") from None


def to_micros(iso: str) -> int:
    delta = datetime.fromisoformat(iso) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int) -> str:
    return (_EPOCH + timedelta(microseconds=micros)).isoformat()


def pack_fields(spec: EntitySpec, fields: dict[str, Any], base_us: int) -> dict[str, Any]:
    packed = {}
    for name, value in fields.items():
        is_time = name in spec.datetimes and value is not None
        packed[spec.field_code(name)] = to_micros(value) - base_us if is_time else value
    return packed


def unpack_fields(spec: EntitySpec, packed: Any, base_us: int) -> dict[str, Any]:
    if not isinstance(packed, dict):
        raise WireError(f"{spec.name}: fields must be an object")
    fields = {}
    for code, value in packed.items():
        name = spec.field_name(code) if isinstance(code, str) else spec.field_name("")
        if name in spec.datetimes and value is not None:
            if not isinstance(value, int):
                raise WireError(f"{spec.name}.{name}: a time must be an integer")
            try:
                fields[name] = from_micros(base_us + value)
            except OverflowError:
                raise WireError(f"{spec.name}.{name}: time out of range") from None
        else:
            fields[name] = value
    return fields


def spec_of(code: Any) -> EntitySpec:
    spec = BY_CODE.get(code) if isinstance(code, str) else None
    if spec is None:
        raise WireError(f"unknown entity code {code!r}")
    return spec


# --- push ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutation:
    """One outbox row as the server receives it."""

    mutation_id: int
    entity: str
    entity_id: str
    op: str  # "insert" or "update"
    hlc: str
    fields: dict[str, Any]
    author: str
    seen: int  # the server position the client had fully pulled when it made the change


_OPS = {"insert": "i", "update": "u"}
_OP_NAMES = {code: name for name, code in _OPS.items()}


def encode_push(client_id: str, mutations: list[Mutation]) -> bytes:
    """One batch of consecutive mutations of one client."""
    authors: list[str] = []
    rows = []
    last_wall = 0
    for mutation in mutations:
        stamp = hlc.Timestamp.decode(mutation.hlc)
        spec = BY_NAME[mutation.entity]
        if mutation.author not in authors:
            authors.append(mutation.author)
        rows.append([
            spec.code, mutation.entity_id, _OPS[mutation.op], stamp.wall_ms - last_wall,
            stamp.counter, pack_fields(spec, mutation.fields, stamp.wall_ms * 1000),
            authors.index(mutation.author), mutation.seen,
        ])  # fmt: skip
        last_wall = stamp.wall_ms
    first = mutations[0].mutation_id if mutations else 0
    return compress({"c": client_id, "f": first, "a": authors, "m": rows})


@dataclass(frozen=True)
class PushBatch:
    client_id: str
    mutations: list[Mutation]


def decode_push(body: bytes) -> PushBatch:
    message = decompress(body)
    try:
        client_id, first, authors, rows = message["c"], message["f"], message["a"], message["m"]
    except (KeyError, TypeError):
        raise WireError("a push needs c, f, a and m") from None
    if not isinstance(client_id, str) or not isinstance(first, int) or not isinstance(rows, list):
        raise WireError("a push needs a client id, a first mutation number and a list")
    mutations = []
    wall = 0
    for offset, row in enumerate(rows):
        try:
            code, entity_id, op, wall_delta, counter, packed, author, seen = row
            wall += int(wall_delta)
            if wall < 0 or not 0 <= int(counter) <= 0xFFFF or int(seen) < 0:
                raise WireError("clock or position out of range")
            spec = spec_of(code)
            mutations.append(
                Mutation(
                    mutation_id=first + offset,
                    entity=spec.name,
                    entity_id=str(entity_id),
                    op=_OP_NAMES[op],
                    hlc=hlc.Timestamp(wall, int(counter), client_id).encode(),
                    fields=unpack_fields(spec, packed, wall * 1000),
                    author=str(authors[author]),
                    seen=int(seen),
                )
            )
        except WireError as error:
            raise WireError(f"mutation {first + offset}: {error}") from None
        except (KeyError, IndexError, TypeError, ValueError, OverflowError):
            raise WireError(f"mutation {first + offset} is malformed") from None
    return PushBatch(client_id, mutations)


@dataclass(frozen=True)
class PushResult:
    acknowledged: int  # every mutation up to this id has landed (or been set aside)
    refused: list[int]  # mutation ids outside the member's scope or role
    conflicts: int


# --- pull ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A record's fields as the server holds them now."""

    entity: str
    entity_id: str
    fields: dict[str, Any]


def _pack_changes(changes: Iterable[Change], base_us: int) -> list[list[Any]]:
    return [
        [BY_NAME[c.entity].code, c.entity_id, pack_fields(BY_NAME[c.entity], c.fields, base_us)]
        for c in changes
    ]


def _unpack_changes(rows: Any, base_us: int) -> list[Change]:
    if not isinstance(rows, list):
        raise WireError("changes must be a list")
    changes = []
    for row in rows:
        try:
            code, entity_id, packed = row
        except (TypeError, ValueError):
            raise WireError("a change is [entity, id, fields]") from None
        spec = spec_of(code)
        changes.append(Change(spec.name, str(entity_id), unpack_fields(spec, packed, base_us)))
    return changes


def encode_push_result(result: PushResult) -> bytes:
    return compress({
        "a": result.acknowledged, "r": result.refused, "x": result.conflicts,
    })  # fmt: skip


def decode_push_result(body: bytes) -> PushResult:
    message = decompress(body)
    try:
        return PushResult(
            acknowledged=int(message["a"]),
            refused=[int(mutation_id) for mutation_id in message["r"]],
            conflicts=int(message["x"]),
        )
    except (KeyError, TypeError, ValueError):
        raise WireError("a push answer needs a, r and x") from None


@dataclass(frozen=True)
class Page:
    cursor: int  # the position after this page
    more: bool  # another page follows at once
    clock: str | None  # the highest clock among these changes, for the client's own clock
    changes: list[Change]


def _first_time(changes: list[Change]) -> int:
    """Times in a page travel as offsets from its first time, which keeps them short."""
    for change in changes:
        for name in BY_NAME[change.entity].datetimes:
            value = change.fields.get(name)
            if value is not None:
                return to_micros(value)
    return 0


def encode_page(page: Page) -> bytes:
    base_us = _first_time(page.changes)
    return compress({
        "h": page.cursor, "k": int(page.more), "t": page.clock, "b": base_us,
        "r": _pack_changes(page.changes, base_us),
    })  # fmt: skip


def decode_page(body: bytes) -> Page:
    message = decompress(body)
    try:
        base = int(message["b"])
        return Page(
            cursor=int(message["h"]),
            more=bool(message["k"]),
            clock=message["t"],
            changes=_unpack_changes(message["r"], base),
        )
    except (KeyError, TypeError, ValueError):
        raise WireError("a page needs h, k, t, b and r") from None
