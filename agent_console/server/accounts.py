"""Server accounts and their tokens.

A token is `<member id>.<secret>`. The server keeps only the SHA-256 of the secret and
compares it in constant time; the member id only says which hash to compare with.
"""

import hashlib
import hmac
import secrets
from datetime import datetime

import sqlalchemy as sa

from agent_console.errors import MemberExists, MemberNotFound
from agent_console.server import records, schema
from agent_console.server.db import ServerDb
from agent_console.server.records import Member
from agent_console.vocab import Role


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def add_member(db: ServerDb, name: str, role: Role, team_code: str, now: datetime) -> str:
    """Create an account (and its team, if new) and return its token, shown only this once.

    The member is also an agent and the team a team in every store that syncs, so tickets can
    be assigned to them."""
    member_id = records.new_record_id()
    secret = secrets.token_urlsafe(32)
    with db.write() as connection:
        table = schema.member
        if connection.execute(sa.select(table.c.id).where(table.c.name == name)).first():
            raise MemberExists(name=name)
        positions = records.Positions(connection, db.locks_rows)
        team_id = _team(connection, positions, team_code, now)
        agent_id = records.new_record_id()
        agent = {"name": name, "role": role.value, "team_id": team_id, "skills": [], "active": True}
        records.create(connection, positions, "agent", agent_id, now=now, fields=agent)
        records.claim(connection, "agent", "name", name, agent_id)
        connection.execute(
            sa.insert(table).values(
                id=member_id,
                name=name,
                role=role.value,
                team_id=team_id,
                agent_id=agent_id,
                token_hash=_digest(secret),
                created_at=now,
            )
        )
        positions.finish()
    return f"{member_id}.{secret}"


def _team(connection: sa.Connection, positions: records.Positions, code: str, now: datetime):
    team_id = records.new_record_id()
    holder = records.claim(connection, "team", "code", code, team_id)
    if holder == team_id:
        team = {"code": code, "name": code, "skills": []}
        records.create(connection, positions, "team", team_id, now=now, fields=team)
    return holder


def revoke(db: ServerDb, name: str, now: datetime) -> None:
    table = schema.member
    with db.write() as connection:
        done = connection.execute(
            sa.update(table).where(table.c.name == name).values(revoked_at=now)
        )
        if done.rowcount == 0:
            raise MemberNotFound(name=name)


def authenticate(db: ServerDb, token: str) -> Member | None:
    """The member a token belongs to, or None for an unknown, wrong or revoked token."""
    member_id, _, secret = token.partition(".")
    if not secret:
        return None
    table = schema.member
    with db.read() as connection:
        row = connection.execute(sa.select(table).where(table.c.id == member_id)).first()
    expected = row.token_hash if row is not None else _digest("")
    matches = hmac.compare_digest(_digest(secret), expected)
    if row is None or not matches or row.revoked_at is not None:
        return None
    return Member(row.id, row.name, Role(row.role), row.team_id, row.agent_id)
