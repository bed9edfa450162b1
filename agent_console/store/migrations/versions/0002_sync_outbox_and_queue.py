"""Sync outbox, the ticket due time, and the indexes that serve the queue views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

QUEUE_INDEXES = {
    "ix_ticket_queue": ["status", "priority", "due_at"],
    "ix_ticket_assignee": ["assignee_id", "status"],
    "ix_ticket_team": ["team_id", "status"],
    "ix_ticket_device": ["device_id"],
}


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("mutation_id", sa.Integer(), primary_key=True),
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("hlc", sa.String(), nullable=False),
        sa.Column("entity", sa.String(), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
    for name, columns in QUEUE_INDEXES.items():
        op.create_index(name, "ticket", columns)


def downgrade() -> None:
    for name in QUEUE_INDEXES:
        op.drop_index(name, table_name="ticket")
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("due_at")
    op.drop_table("outbox")
