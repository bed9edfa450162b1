"""Service execution and closure (issue #8): the parts catalogue and parts on tickets,
appointments, remote sessions, estimates, resolution records, the customer's acceptance or
dispute, surveys and follow-up calls; a ticket may be the second fault of an earlier one.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VOCAB = sa.String(32)


def _id() -> sa.Column:
    return sa.Column("id", sa.Uuid(), primary_key=True)


def _ticket() -> sa.Column:
    return sa.Column("ticket_id", sa.Uuid(), sa.ForeignKey("ticket.id"), nullable=False)


def _time(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _text(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("ticket") as batch:
        batch.add_column(sa.Column("second_fault_of", sa.Uuid(), nullable=True))
    op.create_table(
        "part",
        _id(),
        sa.Column("number", sa.String(), nullable=False, unique=True),
        _text("name"),
        sa.Column("kind", VOCAB, nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("core", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "ticket_part",
        _id(),
        _ticket(),
        sa.Column("part_id", sa.Uuid(), sa.ForeignKey("part.id"), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", VOCAB, nullable=False),
        sa.Column("covered", sa.Boolean(), nullable=False),
        _time("requested_at"),
        _time("due_at"),
        _time("shipped_at", nullable=True),
        _time("delivered_at", nullable=True),
        _time("installed_at", nullable=True),
        sa.Column("warranty_end", sa.Date(), nullable=True),
        _text("returned_serial", nullable=True),
        _time("returned_at", nullable=True),
        _time("updated_at"),
    )
    op.create_index("ix_ticket_part_ticket", "ticket_part", ["ticket_id", "requested_at"])
    op.create_table(
        "appointment",
        _id(),
        _ticket(),
        sa.Column("engineer_id", sa.Uuid(), sa.ForeignKey("agent.id"), nullable=False),
        _time("window_start"),
        _time("window_end"),
        _text("address"),
        _text("bring"),
        sa.Column("status", VOCAB, nullable=False),
        sa.Column("confirmed_via", VOCAB, nullable=True),
        _time("confirmed_at", nullable=True),
        sa.Column("replaces_id", sa.Uuid(), nullable=True),
        _text("reason", nullable=True),
        _time("arrived_at", nullable=True),
        _text("author"),
        _time("created_at"),
    )
    op.create_index("ix_appointment_ticket", "appointment", ["ticket_id", "created_at"])
    op.create_index("ix_appointment_engineer", "appointment", ["engineer_id", "window_start"])
    op.create_table(
        "remote_session",
        _id(),
        _ticket(),
        _text("tool"),
        sa.Column("minutes", sa.Integer(), nullable=False),
        _text("outcome"),
        _text("author"),
        _time("at"),
    )
    op.create_index("ix_remote_session_ticket", "remote_session", ["ticket_id", "at"])
    op.create_table(
        "estimate",
        _id(),
        _ticket(),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column("status", VOCAB, nullable=False),
        _text("decided_by", nullable=True),
        sa.Column("decided_via", VOCAB, nullable=True),
        _time("decided_at", nullable=True),
        _text("author"),
        _time("created_at"),
    )
    op.create_index("ix_estimate_ticket", "estimate", ["ticket_id", "created_at"])
    op.create_table(
        "resolution",
        _id(),
        _ticket(),
        _text("cause"),
        _text("solution"),
        _text("tools"),
        _text("prevention"),
        _text("author"),
        _time("at"),
    )
    op.create_index("ix_resolution_ticket", "resolution", ["ticket_id", "at"])
    op.create_table(
        "acceptance",
        _id(),
        _ticket(),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        _text("confirmed_by", nullable=True),
        sa.Column("via", VOCAB, nullable=True),
        _text("reason", nullable=True),
        _text("author"),
        _time("at"),
    )
    op.create_index("ix_acceptance_ticket", "acceptance", ["ticket_id", "at"])
    op.create_table(
        "survey",
        _id(),
        _ticket(),
        *(sa.Column(name, sa.Integer(), nullable=False)
          for name in ("speed", "resolution", "attitude", "recommend")),
        _text("comment", nullable=True),
        _text("author"),
        _time("at"),
    )  # fmt: skip
    op.create_index("ix_survey_at", "survey", ["at"])
    op.create_index("ix_survey_ticket", "survey", ["ticket_id"])
    op.create_table(
        "follow_up",
        _id(),
        _ticket(),
        sa.Column("kind", VOCAB, nullable=False),
        _time("due_at"),
        _time("done_at", nullable=True),
        _text("done_by", nullable=True),
        _text("outcome", nullable=True),
        _time("created_at"),
    )
    op.create_index(
        "ix_follow_up_pending", "follow_up", ["due_at"], sqlite_where=sa.text("done_at IS NULL")
    )
    op.create_index("ix_follow_up_ticket", "follow_up", ["ticket_id", "due_at"])


_TABLES = (
    "follow_up", "survey", "acceptance", "resolution", "estimate", "remote_session",
    "appointment", "ticket_part", "part",
)  # fmt: skip


def downgrade() -> None:
    for table in _TABLES:
        op.drop_table(table)  # dropping a table drops its indexes
    with op.batch_alter_table("ticket") as batch:
        batch.drop_column("second_fault_of")
