"""Opening stores: creation, upgrades from older schemas, refusal of what is not ours."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from agent_console.errors import NotAStore, StoreDirectoryMissing, StoreTooNew
from agent_console.store import migrate
from agent_console.store.engine import make_engine, open_store

# Alembic and SQLAlchemy cannot reflect expression indexes (the queue's closure-time ones);
# tests/test_queue.py compares those indexes' SQL instead.
ALEMBIC_SKIPS_EXPRESSION_INDEXES = pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression"
)
SQLALCHEMY_SKIPS_EXPRESSION_INDEXES = pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index"
)


@ALEMBIC_SKIPS_EXPRESSION_INDEXES
@SQLALCHEMY_SKIPS_EXPRESSION_INDEXES
def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    store.close()


@SQLALCHEMY_SKIPS_EXPRESSION_INDEXES
def test_a_store_from_the_first_revision_is_upgraded_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    with engine.begin() as connection:
        migrate.upgrade(connection, "0001")
        connection.execute(text(
            "INSERT INTO customer (id, name, phone, tier, created_at, updated_at) VALUES "
            "('0000000000000000000000000000000a', '陈静', '13700000000', 'vip', "
            "'2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000')"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO ticket (id, number, subject, description, channel, category, priority,"
            " impact, status, service_mode, customer_id, created_at, updated_at) VALUES "
            "('0000000000000000000000000000000b', 'T-000001', '打印机卡纸', '', 'phone',"
            " 'hardware', 'P3', 'individual', 'new', 'remote',"
            " '0000000000000000000000000000000a', '2025-01-02 00:00:00.000000',"
            " '2025-01-02 00:00:00.000000')"
        ))  # fmt: skip
        assert "outbox" not in inspect(connection).get_table_names()
    engine.dispose()

    store = open_store(path)
    with store.read() as session:
        assert migrate.current_revision(session.connection()) == migrate.head_revision()
        tables = inspect(session.connection()).get_table_names()
        indexes = {ix["name"] for ix in inspect(session.connection()).get_indexes("ticket")}
        subject, due = session.execute(text("SELECT subject, due_at FROM ticket")).one()
    assert "outbox" in tables
    assert {"ix_ticket_queue", "ix_ticket_assignee", "ix_ticket_team"} <= indexes
    assert (subject, due) == ("打印机卡纸", None)
    store.close()


def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_store(path).close()
    engine = make_engine(path)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew) as refused:
        open_store(path)
    assert refused.value.params["revision"] == "9999"
    assert "newer agent-console" in refused.value.message()
    assert path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("meeting notes\n" * 10)
    with pytest.raises(NotAStore) as refused:
        open_store(path)
    assert refused.value.params["reason"] == "not_sqlite"
    assert path.read_text() == "meeting notes\n" * 10


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    engine = make_engine(path)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE recipes (name TEXT)"))
    engine.dispose()
    with pytest.raises(NotAStore) as refused:
        open_store(path)
    assert refused.value.params["reason"] == "no_schema"


def test_a_store_in_a_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreDirectoryMissing):
        open_store(tmp_path / "nowhere" / "store.db")
    assert not (tmp_path / "nowhere").exists()


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from agent_console.store import actions
    from agent_console.store.engine import open_store
    from agent_console.store.identity import Actor
    from agent_console.vocab import Category, Channel

    store = open_store(Path(sys.argv[1]))
    actor = Actor(name="kill-test")
    customer = actions.create_customer(store, actor, name="Kill Test", phone="13000000000")
    ticket = actions.create_ticket(
        store, actor, subject="x", customer=customer, channel=Channel.PHONE,
        category=Category.HARDWARE,
    )
    number = 0
    while True:
        number += 1
        actions.add_note(store, actor, ticket.number, f"note {number}")
        print(number, flush=True)
    """
)


def test_killing_the_program_loses_no_committed_change(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    committed = 0
    for line in writer.stdout:
        committed = int(line)
        if committed >= 40:
            break
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()

    store = open_store(path)
    with store.read() as session:
        notes = session.execute(text("SELECT text FROM ticket_event WHERE kind = 'note'")).scalars()
        notes = list(notes)
        outbox_notes = session.execute(
            text("SELECT count(*) FROM outbox WHERE entity = 'ticket_event'")
        ).scalar_one()
    store.close()
    assert len(notes) >= committed, "every note reported as committed survives"
    assert notes == [f"note {n}" for n in range(1, len(notes) + 1)], "no gaps, no torn writes"
    assert outbox_notes == len(notes) + 1, "each note (and the creation) is in the outbox"


def test_two_programs_writing_at_once_both_succeed(tmp_path: Path) -> None:
    """Writers queue on the lock (BEGIN IMMEDIATE + busy timeout) instead of failing."""
    from concurrent.futures import ThreadPoolExecutor

    from agent_console.store import actions
    from agent_console.store.identity import Actor
    from agent_console.vocab import Category, Channel

    path = tmp_path / "shared.db"
    first = open_store(path)
    customer = actions.create_customer(first, Actor("a"), name="Shared", phone="13000000001")
    ticket = actions.create_ticket(
        first, Actor("a"), subject="x", customer=customer, channel=Channel.PHONE,
        category=Category.HARDWARE,
    )  # fmt: skip
    second = open_store(path)

    def write_notes(store, author: str) -> None:
        for number in range(60):
            actions.add_note(store, Actor(author), ticket.number, f"{author} {number}")

    with ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(write_notes, first, "a"), pool.submit(write_notes, second, "b")]:
            future.result()
    with first.read() as session:
        notes = session.execute(text("SELECT count(*) FROM ticket_event WHERE kind = 'note'"))
        mutation_ids = session.execute(text("SELECT mutation_id FROM outbox ORDER BY 1")).scalars()
        assert notes.scalar_one() == 120
        ids = list(mutation_ids)
    assert ids == list(range(1, len(ids) + 1))
    first.close()
    second.close()


def test_the_fast_path_knows_the_newest_migration() -> None:
    from agent_console.store.engine import SCHEMA_HEAD

    assert migrate.head_revision() == SCHEMA_HEAD
