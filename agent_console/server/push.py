"""Applying a client's batch of mutations: in order, once each, in one transaction.

Fields merge last-writer-wins by hybrid clock. A write that had not seen the value it
replaces (the value is newer than what the client had pulled, and someone else's) is a
concurrent edit: the value that loses, whichever it is, goes into the conflict log. Rows of
append-only entities are inserted once and never changed.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from agent_console import hlc
from agent_console.numbering import format_number
from agent_console.server import records, schema
from agent_console.server.db import ServerDb
from agent_console.server.records import Member, Stored
from agent_console.sync.protocol import (
    BY_NAME,
    TICKET_CHILDREN,
    Mutation,
    PushBatch,
    PushResult,
)
from agent_console.vocab import REVIEWER_ROLES, DraftStatus, Role
from agent_console.wire import wire_value

# Derived or bookkeeping fields: they follow the edits that are logged.
UNLOGGED_FIELDS = frozenset({"updated_at", "due_at", "next_breach_at"})
# Unique fields: a clash with another record can never apply, except a ticket number,
# which the server replaces with a free one.
_UNIQUE = {
    "ticket": "number", "device": "serial", "team": "code", "agent": "name", "part": "number",
    "article_draft": "article_id",
}  # fmt: skip
_ADMIN_ONLY = frozenset({"team", "agent", "part"})
_SERVER_ONLY = frozenset({"conflict"})
_REVIEWER_FIELDS = ("reviewed_by", "reviewed_at", "review_note")


class ClientOfAnotherMember(Exception):
    """The batch names a client store that another account registered."""


class Gap(Exception):
    """The batch starts after a mutation the server has not received."""

    def __init__(self, expected: int) -> None:
        super().__init__(f"expected mutation {expected}")
        self.expected = expected


class _SetAside(Exception):
    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason


@dataclass
class _Merge:
    connection: sa.Connection
    positions: records.Positions
    member: Member
    now: datetime
    conflicts: int = 0

    def apply(self, mutation: Mutation) -> None:
        spec = BY_NAME[mutation.entity]
        entity_id = records.as_uuid(mutation.entity_id)
        stored = records.load(self.connection, entity_id)
        if stored is not None and stored.entity != mutation.entity:
            raise _SetAside("conflict", f"{entity_id} is a {stored.entity}")
        self._check_permission(mutation, stored)
        if spec.append_only:
            if stored is not None:
                return  # already here: the same row from a retried or duplicated request
            if mutation.op != "insert":
                raise _SetAside("conflict", f"{mutation.entity} rows are never changed")
        if stored is None:
            if mutation.op != "insert":
                raise _SetAside("conflict", f"no {mutation.entity} {entity_id}")
            stored = records.new(mutation.entity, entity_id, self.member.name)
        clock = _clamped(mutation.hlc, self.now)
        position = self.positions.take()
        for name, value in mutation.fields.items():
            self._merge_field(stored, mutation, name, value, clock=clock, position=position)
        if stored.is_new:
            self._claim_unique(stored, mutation)
        if stored.changed:
            records.save(self.connection, stored, position)

    def _check_permission(self, mutation: Mutation, stored: Stored | None) -> None:
        if mutation.entity in _SERVER_ONLY:
            raise _SetAside("refused", f"only the server writes {mutation.entity} rows")
        if mutation.entity in _ADMIN_ONLY and self.member.role is not Role.ADMIN:
            raise _SetAside("refused", f"only an admin changes {mutation.entity} rows")
        if mutation.entity == "article_draft" and self.member.role not in REVIEWER_ROLES:
            _check_draft_edit(mutation, stored)
        ticket: Stored | None = None
        if mutation.entity == "ticket":
            ticket = stored
        elif mutation.entity in TICKET_CHILDREN:
            ticket_id = (stored.data if stored else mutation.fields).get("ticket_id")
            ticket = records.load(self.connection, str(ticket_id)) if ticket_id else None
            if ticket is None:
                raise _SetAside("conflict", f"no ticket {ticket_id}")
        if ticket is not None and not self._may_write(ticket):
            number = ticket.data.get("number", ticket.id)
            raise _SetAside("refused", f"ticket {number} is outside {self.member.name}'s scope")

    def _may_write(self, ticket: Stored) -> bool:
        return self.member.has_ticket(ticket.data) or ticket.created_by == self.member.name

    def _merge_field(
        self, stored: Stored, mutation: Mutation, name: str, value: Any, *, clock: str,
        position: int,
    ) -> None:  # fmt: skip
        current = stored.clocks.get(name)
        if current is None:
            records.set_field(
                stored, name, value, clock=clock, position=position, author=mutation.author
            )
            return
        current_clock, current_position, current_author = current
        old = stored.data.get(name)
        others = records.node_of(current_clock) != records.node_of(clock)
        if clock > current_clock:
            concurrent = others and current_position > mutation.seen
            if concurrent and old != value and name not in UNLOGGED_FIELDS:
                self._log(stored, name, (value, mutation.author, clock), (old, current_author,
                          current_clock))  # fmt: skip
            records.set_field(
                stored, name, value, clock=clock, position=position, author=mutation.author
            )
            return
        # The client holds a value that lost: the next pull brings it the one that won.
        records.resend(stored, name, position)
        if others and old != value and name not in UNLOGGED_FIELDS:
            self._log(stored, name, (old, current_author, current_clock), (value, mutation.author,
                      clock))  # fmt: skip

    def _claim_unique(self, stored: Stored, mutation: Mutation) -> None:
        unique = _UNIQUE.get(stored.entity)
        value = stored.data.get(unique) if unique else None
        if unique is None or value is None:
            return
        holder = records.claim(self.connection, stored.entity, unique, str(value), stored.id)
        if holder == stored.id:
            return
        if stored.entity != "ticket":
            raise _SetAside("conflict", f"{stored.entity} {unique} {value} is taken")
        number = format_number(records.next_ticket_number(self.connection))
        records.claim(self.connection, "ticket", "number", number, stored.id)
        clock = records.server_clock(self.connection, self.now)
        records.set_field(
            stored,
            "number",
            number,
            clock=clock,
            position=self.positions.last,
            author=records.SERVER_NODE,
        )

    def _log(self, stored: Stored, name: str, kept: tuple, lost: tuple) -> None:
        """A conflict record: the value kept and the one lost, with who wrote each and when."""
        (kept_value, kept_by, kept_clock), (lost_value, lost_by, lost_clock) = kept, lost
        fields = {
            "ticket_id": stored.id if stored.entity == "ticket" else None,
            "entity": stored.entity, "entity_id": stored.id, "field": name,
            "kept_value": _text(kept_value), "kept_by": kept_by, "kept_at": _time(kept_clock),
            "lost_value": _text(lost_value), "lost_by": lost_by, "lost_at": _time(lost_clock),
            "at": wire_value(self.now),
        }  # fmt: skip
        records.create(
            self.connection, self.positions, "conflict", records.new_record_id(), now=self.now,
            fields=fields,
        )  # fmt: skip
        self.conflicts += 1


def _check_draft_edit(mutation: Mutation, stored: Stored | None) -> None:
    """Anyone drafts an article and edits it while it waits; only a reviewer decides on it."""
    decides = mutation.fields.get("status", DraftStatus.DRAFT.value) != DraftStatus.DRAFT.value
    reviews = any(mutation.fields.get(name) is not None for name in _REVIEWER_FIELDS)
    reviewed = stored is not None and stored.data.get("status") != DraftStatus.DRAFT.value
    if decides or reviews or reviewed:
        raise _SetAside("refused", "only a supervisor or an admin reviews article drafts")


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _time(clock: str) -> str:
    return wire_value(datetime.fromtimestamp(hlc.Timestamp.decode(clock).wall_ms / 1000, UTC))


def _clamped(clock: str, now: datetime) -> str:
    """A client clock far ahead of the server's is taken as the latest allowed time."""
    stamp = hlc.Timestamp.decode(clock)
    limit = int(now.timestamp() * 1000) + hlc.MAX_DRIFT_MS
    if stamp.wall_ms <= limit:
        return clock
    return hlc.Timestamp(limit, 0, stamp.node).encode()


def apply_push(db: ServerDb, member: Member, batch: PushBatch, now: datetime) -> PushResult:
    """Apply the mutations the server has not seen; one transaction for the whole batch."""
    client_id = records.as_uuid(batch.client_id)
    with db.write() as connection:
        positions = records.Positions(connection, db.locks_rows)
        last = _last_mutation(connection, member, client_id)
        fresh = [mutation for mutation in batch.mutations if mutation.mutation_id > last]
        if fresh and fresh[0].mutation_id != last + 1:
            raise Gap(expected=last + 1)
        merge = _Merge(connection, positions, member, now)
        refused = []
        for mutation in fresh:
            try:
                with connection.begin_nested():
                    merge.apply(mutation)
            except _SetAside as set_aside:
                _record_rejection(connection, member, client_id, mutation, set_aside, now=now)
                if set_aside.kind == "refused":
                    refused.append(mutation.mutation_id)
                else:
                    merge.conflicts += 1
        acknowledged = fresh[-1].mutation_id if fresh else last
        table = schema.client
        connection.execute(
            sa.update(table)
            .where(table.c.client_id == client_id)
            .values(last_mutation_id=acknowledged)
        )
        positions.finish()
    return PushResult(acknowledged, refused, merge.conflicts)


def _last_mutation(connection: sa.Connection, member: Member, client_id: str) -> int:
    table = schema.client
    row = connection.execute(
        sa.select(table.c.member_id, table.c.last_mutation_id).where(table.c.client_id == client_id)
    ).first()
    if row is None:
        connection.execute(
            sa.insert(table).values(client_id=client_id, member_id=member.id, last_mutation_id=0)
        )
        return 0
    if row.member_id != member.id:
        raise ClientOfAnotherMember
    return row.last_mutation_id


def _record_rejection(
    connection: sa.Connection, member: Member, client_id: str, mutation: Mutation,
    set_aside: _SetAside, *, now: datetime,
) -> None:  # fmt: skip
    connection.execute(
        sa.insert(schema.rejected).values(
            kind=set_aside.kind,
            member=member.name,
            client_id=client_id,
            mutation_id=mutation.mutation_id,
            entity=mutation.entity,
            entity_id=mutation.entity_id[:36],
            reason=set_aside.reason[:500],
            at=now,
        )
    )
