"""Articles drafted from resolution records (issue #5): reviewed by a supervisor, then
searchable by everyone. Tickets by update time, for the reports and the dashboard (issue #9).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_draft",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("ticket_id", sa.Uuid(), nullable=False),
        sa.Column("article_id", sa.String(), nullable=False, unique=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_note", sa.String(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_article_draft_ticket_id", "article_draft", ["ticket_id"])
    op.create_index("ix_article_draft_status", "article_draft", ["status", "created_at"])
    op.create_index("ix_ticket_updated", "ticket", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_ticket_updated", "ticket")
    op.drop_table("article_draft")
