"""When each ticket's next service clock runs out, so the breach sweep reads only those.

`due_at` stays on the soonest running clock even after it breached (the queue shows how late
a ticket is); `next_breach_at` moves on to the next clock that has not breached yet, so a
ticket is visited once per breach. Existing tickets start from their due time: the first
sweep sets them right.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

PENDING = "next_breach_at IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("next_breach_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE ticket SET next_breach_at = due_at")
    op.create_index(
        "ix_ticket_next_breach", "ticket", ["next_breach_at"], sqlite_where=sa.text(PENDING)
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_next_breach", table_name="ticket")
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("next_breach_at")
