"""Partial indexes that serve every queue view and sort by keyset, at any store size.

The open-ticket indexes hold only open tickets, so they stay small as history grows; the
closed ones key on the closure time, so "recently closed" is a range. A query uses a partial
index only when its WHERE repeats the index's condition literally (agent_console.store.schema
builds the same text from the vocabulary). Open is "not resolved or closed": a NOT IN that no
other index can use, so SQLite picks these even in a store without statistics.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OPEN = "status NOT IN ('resolved', 'closed')"
CLOSED = "status IN ('resolved', 'closed')"
CLOSURE = "coalesce(closed_at, resolved_at)"

INDEXES: dict[str, tuple[list[str], str]] = {
    "ix_ticket_open_priority": (["priority", "created_at", "id"], OPEN),
    "ix_ticket_open_created": (["created_at", "id"], OPEN),
    "ix_ticket_open_due": (["due_at", "created_at", "id"], OPEN),
    "ix_ticket_open_assignee_priority": (["assignee_id", "priority", "created_at", "id"], OPEN),
    "ix_ticket_open_assignee_created": (["assignee_id", "created_at", "id"], OPEN),
    "ix_ticket_open_assignee_due": (["assignee_id", "due_at", "created_at", "id"], OPEN),
    "ix_ticket_open_team_priority": (["team_id", "priority", "created_at", "id"], OPEN),
    "ix_ticket_open_team_created": (["team_id", "created_at", "id"], OPEN),
    "ix_ticket_open_team_due": (["team_id", "due_at", "created_at", "id"], OPEN),
    "ix_ticket_closed_at": ([CLOSURE, "id"], CLOSED),
    "ix_ticket_closed_priority": (["priority", CLOSURE, "id"], CLOSED),
}


def _column(name: str) -> str | sa.TextClause:
    return sa.text(name) if "(" in name else name


def upgrade() -> None:
    for name, (columns, where) in INDEXES.items():
        op.create_index(name, "ticket", [_column(c) for c in columns], sqlite_where=sa.text(where))


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="ticket")
