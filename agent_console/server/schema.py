"""The server's tables. Records of every entity share one table: the server merges fields and
hands out changes; it does not query tickets the way a workstation does.

`record.seq` is the position of a record's latest change. Positions come from the `counter`
row, which a writing transaction locks first and holds until it commits, so positions become
visible in order: a pull that has read position N never misses a change numbered below N
that commits later (PostgreSQL would otherwise allow that with a plain sequence).
"""

import sqlalchemy as sa

SCHEMA_VERSION = 1
metadata = sa.MetaData()

_ID = sa.String(36)

member = sa.Table(
    "member",
    metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("team_id", _ID, nullable=True),
    sa.Column("agent_id", _ID, nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)

client = sa.Table(
    "client",
    metadata,
    sa.Column("client_id", _ID, primary_key=True),
    sa.Column("member_id", _ID, nullable=False),
    sa.Column("last_mutation_id", sa.BigInteger, nullable=False),
)

record = sa.Table(
    "record",
    metadata,
    sa.Column("id", _ID, primary_key=True),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),  # field -> canonical value
    sa.Column("clocks", sa.JSON, nullable=False),  # field -> [hlc, position, author]
    sa.Column("seq", sa.BigInteger, nullable=False),
    sa.Column("created_seq", sa.BigInteger, nullable=False),
    sa.Column("created_by", sa.String(200), nullable=True),  # the member who inserted it
    # Denormalized from data, for the scope of a pull:
    sa.Column("ticket_id", _ID, nullable=True),
    sa.Column("team_id", _ID, nullable=True),
    sa.Column("assignee_id", _ID, nullable=True),
    sa.Column("customer_id", _ID, nullable=True),
    sa.Column("device_id", _ID, nullable=True),
    sa.Index("ix_record_seq", "seq"),
    sa.Index("ix_record_team", "entity", "team_id"),
    sa.Index("ix_record_assignee", "entity", "assignee_id"),
    sa.Index("ix_record_ticket", "ticket_id"),
)

# Unique values (ticket numbers, serials, team codes, agent names) and who holds them.
claim = sa.Table(
    "claim",
    metadata,
    sa.Column("entity", sa.String(32), primary_key=True),
    sa.Column("field", sa.String(32), primary_key=True),
    sa.Column("value", sa.String(200), primary_key=True),
    sa.Column("record_id", _ID, nullable=False),
)

counter = sa.Table(
    "counter",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("text", sa.String(100), nullable=True),
)

# Mutations set aside: refused (outside the member's scope or role) or impossible to apply.
rejected = sa.Table(
    "rejected",
    metadata,
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # "refused" or "conflict"
    sa.Column("member", sa.String(200), nullable=False),
    sa.Column("client_id", _ID, nullable=False),
    sa.Column("mutation_id", sa.BigInteger, nullable=False),
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("entity_id", _ID, nullable=False),
    sa.Column("reason", sa.String(500), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)
