"""Service records: teams, agents, customers, devices, tickets and their timelines.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

VOCAB = sa.String(32)
TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "store_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.String(), nullable=False),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("code", sa.String(), nullable=False, unique=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("skills", sa.JSON(), nullable=False),
    )
    op.create_table(
        "agent",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False, unique=True),
        sa.Column("role", VOCAB, nullable=False),
        sa.Column("team_id", sa.Uuid(), sa.ForeignKey("team.id"), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_agent_team_id", "agent", ["team_id"])
    op.create_table(
        "customer",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=True),
        sa.Column("tier", VOCAB, nullable=False),
        sa.Column("organization", sa.String(), nullable=True),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
    )
    op.create_index("ix_customer_name", "customer", ["name"])
    op.create_index("ix_customer_phone", "customer", ["phone"])
    op.create_table(
        "device",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("serial", sa.String(), nullable=False, unique=True),
        sa.Column("model", sa.String(), nullable=False),
        sa.Column("product_line", VOCAB, nullable=False),
        sa.Column("purchase_date", sa.Date(), nullable=True),
        sa.Column("warranty_end", sa.Date(), nullable=True),
        sa.Column("core_warranty_end", sa.Date(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index("ix_device_customer_id", "device", ["customer_id"])
    op.create_table(
        "ticket",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("number", sa.String(), nullable=False, unique=True),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("channel", VOCAB, nullable=False),
        sa.Column("category", VOCAB, nullable=False),
        sa.Column("priority", VOCAB, nullable=False),
        sa.Column("impact", VOCAB, nullable=False),
        sa.Column("status", VOCAB, nullable=False),
        sa.Column("service_mode", VOCAB, nullable=False),
        sa.Column("customer_id", sa.Uuid(), sa.ForeignKey("customer.id"), nullable=False),
        sa.Column("device_id", sa.Uuid(), sa.ForeignKey("device.id"), nullable=True),
        sa.Column("team_id", sa.Uuid(), sa.ForeignKey("team.id"), nullable=True),
        sa.Column("assignee_id", sa.Uuid(), sa.ForeignKey("agent.id"), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("first_response_at", TIME, nullable=True),
        sa.Column("resolved_at", TIME, nullable=True),
        sa.Column("closed_at", TIME, nullable=True),
    )
    op.create_index("ix_ticket_customer", "ticket", ["customer_id", "created_at"])
    op.create_table(
        "ticket_event",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("ticket_id", sa.Uuid(), sa.ForeignKey("ticket.id"), nullable=False),
        sa.Column("kind", VOCAB, nullable=False),
        sa.Column("field", sa.String(), nullable=True),
        sa.Column("old_value", sa.String(), nullable=True),
        sa.Column("new_value", sa.String(), nullable=True),
        sa.Column("text", sa.String(), nullable=True),
        sa.Column("author_id", sa.Uuid(), sa.ForeignKey("agent.id"), nullable=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", TIME, nullable=False),
    )
    op.create_index("ix_ticket_event_ticket", "ticket_event", ["ticket_id", "at"])


def downgrade() -> None:
    for table in ("ticket_event", "ticket", "device", "customer", "agent", "team", "store_meta"):
        op.drop_table(table)
