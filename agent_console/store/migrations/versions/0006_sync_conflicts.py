"""Sync with the central server (issue #7): the conflict log, and what each change had seen.

`outbox.seen` is the server position the store had fully pulled when the change was made; the
server tells a concurrent edit (one that had not seen the value it replaces) from a plain
later edit by it. `conflict` holds every value a concurrent edit overwrote, as the server
reports it; rows are inserted, never updated or deleted.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("seen", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "conflict",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("ticket_id", sa.Uuid(), nullable=True),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(), nullable=False),
        sa.Column("kept_value", sa.String(), nullable=True),
        sa.Column("kept_by", sa.String(), nullable=False),
        sa.Column("kept_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lost_value", sa.String(), nullable=True),
        sa.Column("lost_by", sa.String(), nullable=False),
        sa.Column("lost_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_conflict_ticket", "conflict", ["ticket_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_conflict_ticket", table_name="conflict")
    op.drop_table("conflict")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("seen")
