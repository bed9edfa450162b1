"""Checklist progress on tickets: append-only records of the procedure steps (issue #6).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checklist_entry",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("ticket_id", sa.Uuid(), sa.ForeignKey("ticket.id"), nullable=False),
        sa.Column("procedure", sa.String(), nullable=False),
        sa.Column("step", sa.String(), nullable=True),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("required", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("before_step", sa.String(), nullable=True),
        sa.Column("author_id", sa.Uuid(), sa.ForeignKey("agent.id"), nullable=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_checklist_entry_ticket", "checklist_entry", ["ticket_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_checklist_entry_ticket", table_name="checklist_entry")
    op.drop_table("checklist_entry")
