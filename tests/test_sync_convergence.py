"""Three stores and a server: random offline work, syncs in any order over a link that loses
answers, repeats old requests, and clocks an hour apart. After everyone syncs twice, every
store agrees with the server on what it may see, every note exists once, every field holds
the write with the highest clock, and no value vanished without a trace."""

import contextlib
import itertools
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import select

from agent_console import workflow
from agent_console.errors import ServerUnreachable, UserError
from agent_console.server import schema
from agent_console.server.db import ServerDb
from agent_console.server.push import UNLOGGED_FIELDS
from agent_console.server.records import Member
from agent_console.store import actions, queries
from agent_console.store import sync as local
from agent_console.store.engine import Store
from agent_console.store.identity import Actor, resolve_actor
from agent_console.store.schema import Outbox, Ticket
from agent_console.sync import client as sync_client
from agent_console.vocab import (
    Category,
    Channel,
    ChecklistAction,
    Priority,
    Role,
    ServiceMode,
    Tier,
)
from agent_console.wire import wire_value
from tests.sync_world import FlakyTransport, WorldClock, add, new_store, serving

MEMBERS = (
    ("ana", Role.ENGINEER, "L2"),
    ("bo", Role.ENGINEER, "L3"),
    ("sue", Role.SUPERVISOR, "L2"),
)
FIELDS = {
    "priority": list(Priority),
    "category": list(Category),
    "service_mode": list(ServiceMode),
}


@dataclass
class Write:
    client_id: str
    mutation_id: int
    entity_id: str
    field: str
    value: object
    hlc: str
    knows: dict[str, int]  # what the writer had pulled: client id -> last mutation applied


@dataclass
class Client:
    name: str
    store: Store
    transport: FlakyTransport
    member: Member | None = None
    actor: Actor | None = None
    client_id: str = ""
    knows: dict[str, int] = field(default_factory=dict)
    last_mutation: int = 0


class SyncWorld(RuleBasedStateMachine):
    make_db: Callable[[], ServerDb]

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="sync-world-"))
        self.db = self.make_db()
        self.clock = WorldClock()
        self.server_clock = self.clock.skewed(timedelta(0))
        self._serving = serving(self.db, self.server_clock)
        self.url = self._serving.__enter__()
        self.clients: list[Client] = []
        self.writes: list[Write] = []
        self.notes: list[str] = []
        self.inserts: dict[str, tuple[str, int]] = {}  # row id -> (client id, mutation id)
        self.counter = itertools.count(1)

    def teardown(self) -> None:
        try:
            self._final_check()
        finally:
            for client in self.clients:
                client.store.close()
                client.transport.close()
            self._serving.__exit__(None, None, None)
            self.db.close()

    @initialize(skews=st.lists(st.integers(-3600, 3600), min_size=3, max_size=3))
    def start(self, skews: list[int]) -> None:
        for (name, role, team), skew in zip(MEMBERS, skews, strict=True):
            token = add(self.db, name, role, team, self.server_clock())
            store = new_store(
                self.folder / f"{name}.db", self.clock.skewed(timedelta(seconds=skew))
            )
            local.save_link(store, self.url, token, name)
            client = Client(name, store, FlakyTransport(), client_id=local.client_id(store))
            self.clients.append(client)
        assert len({client.client_id for client in self.clients}) == 3, "one identity each"
        supervisor = self.clients[2]
        self._sync(supervisor)
        supervisor.actor = resolve_actor(supervisor.store, "sue")
        with supervisor.store.read() as session:
            teams = {code: queries.find_team(session, code) for code in ("L2", "L3")}
        customer = actions.create_customer(
            supervisor.store, supervisor.actor, name="客户", phone="13800000000", tier=Tier.VIP
        )
        for team in ("L2", "L3", "L2", "L3"):
            actions.create_ticket(
                supervisor.store, supervisor.actor, subject=f"蓝屏 {team}", customer=customer,
                channel=Channel.PHONE, category=Category.HARDWARE, team=teams[team],
            )  # fmt: skip
        self._collect(supervisor)
        self._sync(supervisor)
        for client in self.clients:
            self._sync(client)
            client.actor = resolve_actor(client.store, client.name)

    # --- offline work ---------------------------------------------------------------------

    def _ticket(self, client: Client, index: int) -> str | None:
        with client.store.read() as session:
            numbers = sorted(session.exec(select(Ticket.number)))
        return numbers[index % len(numbers)] if numbers else None

    @rule(who=st.integers(0, 2), ticket=st.integers(0, 3), data=st.data())
    def edit_field(self, who: int, ticket: int, data: st.DataObject) -> None:
        client = self.clients[who]
        number = self._ticket(client, ticket)
        if number is None:
            return
        name = data.draw(st.sampled_from(sorted(FIELDS)))
        value = data.draw(st.sampled_from(FIELDS[name]))
        self._act(client, lambda: actions.update_ticket(
            client.store, client.actor, number, actions.TicketChanges(**{name: value})
        ))  # fmt: skip

    @rule(who=st.integers(0, 2), ticket=st.integers(0, 3), choice=st.integers(0, 5))
    def change_status(self, who: int, ticket: int, choice: int) -> None:
        client = self.clients[who]
        number = self._ticket(client, ticket)
        if number is None:
            return
        with client.store.read() as session:
            status = session.exec(select(Ticket.status).where(Ticket.number == number)).one()
        allowed = workflow.allowed_next(status)
        if allowed:
            new = allowed[choice % len(allowed)]
            self._act(client, lambda: actions.update_ticket(
                client.store, client.actor, number, actions.TicketChanges(status=new),
                reason="test",
            ))  # fmt: skip

    @rule(who=st.integers(0, 2), ticket=st.integers(0, 3))
    def add_note(self, who: int, ticket: int) -> None:
        client = self.clients[who]
        number = self._ticket(client, ticket)
        if number is None:
            return
        text = f"note {next(self.counter)} by {client.name}"
        if self._act(client, lambda: actions.add_note(client.store, client.actor, number, text)):
            self.notes.append(text)

    @rule(who=st.integers(0, 2), ticket=st.integers(0, 3))
    def checklist_step(self, who: int, ticket: int) -> None:
        client = self.clients[who]
        number = self._ticket(client, ticket)
        if number is None:
            return

        def step() -> None:
            try:
                progress = actions.record_step(
                    client.store, client.actor, number, "reboot", ChecklistAction.NOTE,
                    note=f"step {next(self.counter)}",
                )  # fmt: skip
            except UserError:
                actions.choose_procedure(client.store, client.actor, number, "blue-screen")
                return
            assert progress is not None

        self._act(client, step)

    @rule(who=st.integers(0, 2), ticket=st.integers(0, 3), team=st.sampled_from(["L2", "L3"]))
    def move_ticket(self, who: int, ticket: int, team: str) -> None:
        client = self.clients[who]
        number = self._ticket(client, ticket)
        if number is None:
            return
        with client.store.read() as session:
            target = queries.find_team(session, team)
        self._act(client, lambda: actions.update_ticket(
            client.store, client.actor, number, actions.TicketChanges(team=target)
        ))  # fmt: skip

    # --- the link ---------------------------------------------------------------------------

    @rule(who=st.integers(0, 2))
    def sync(self, who: int) -> None:
        self._sync(self.clients[who])

    @rule(who=st.integers(0, 2))
    def sync_losing_an_answer(self, who: int) -> None:
        client = self.clients[who]
        client.transport.lose_next_answer = True
        with contextlib.suppress(ServerUnreachable):
            self._sync(client)
        client.transport.lose_next_answer = False

    @precondition(lambda self: any(client.transport.pushes for client in self.clients))
    @rule(who=st.integers(0, 2), back=st.integers(1, 5))
    def repeat_an_old_push(self, who: int, back: int) -> None:
        """A duplicated or late request arrives again, after newer ones."""
        client = self.clients[who]
        if not client.transport.pushes:
            return
        body = client.transport.pushes[-min(back, len(client.transport.pushes))]
        link = local.link(client.store)
        assert link is not None
        response = httpx.post(
            f"{self.url}/v1/push", content=body,
            headers={"Authorization": f"Bearer {link.token}"},
        )  # fmt: skip
        assert response.status_code in {200, 403}, response.text

    @invariant()
    def no_store_is_stuck(self) -> None:
        for client in self.clients:
            with client.store.read() as session:
                first = session.exec(
                    select(Outbox.mutation_id).order_by(Outbox.mutation_id)
                ).first()
            assert first is None or first > 0

    # --- helpers ----------------------------------------------------------------------------

    def _act(self, client: Client, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserError:
            return False
        self._collect(client)
        return True

    def _collect(self, client: Client) -> None:
        """Remember every field write the client made, with what it had seen then."""
        with client.store.read() as session:
            rows = session.exec(
                select(Outbox).where(Outbox.mutation_id > client.last_mutation)
            ).all()
        for row in rows:
            client.last_mutation = max(client.last_mutation, row.mutation_id or 0)
            if row.op == "insert":
                self.inserts[str(row.entity_id)] = (client.client_id, row.mutation_id or 0)
            if row.entity != "ticket":
                continue
            for name, value in row.fields.items():
                self.writes.append(Write(
                    client.client_id, row.mutation_id or 0, str(row.entity_id), name, value,
                    row.hlc, dict(client.knows),
                ))  # fmt: skip

    def _sync(self, client: Client) -> None:
        sync_client.sync(client.store, transport=client.transport)
        client.knows = self._applied()

    def _applied(self) -> dict[str, int]:
        table = schema.client
        with self.db.read() as connection:
            rows = connection.execute(sa.select(table.c.client_id, table.c.last_mutation_id))
            return dict(rows.all())

    # --- the final check ---------------------------------------------------------------------

    def _final_check(self) -> None:
        if len(self.clients) < 3:
            return
        for _ in range(2):
            for client in self.clients:
                self._sync(client)
        server = self._server_records()
        refused = self._refused()
        for client in self.clients:
            self._store_equals_server_in_scope(client, server, refused)
        self._every_note_once(server)
        self._highest_clock_wins(server, refused)
        self._overwritten_values_logged(server, refused)

    def _server_records(self) -> dict[str, tuple[str, dict]]:
        table = schema.record
        with self.db.read() as connection:
            rows = connection.execute(sa.select(table.c.id, table.c.entity, table.c.data))
            return {row.id: (row.entity, dict(row.data)) for row in rows}

    def _refused(self) -> set[tuple[str, int]]:
        table = schema.rejected
        with self.db.read() as connection:
            rows = connection.execute(sa.select(table.c.client_id, table.c.mutation_id))
            return {(client_id, mutation_id) for client_id, mutation_id in rows}

    def _member(self, client: Client) -> Member:
        table = schema.member
        with self.db.read() as connection:
            row = connection.execute(sa.select(table).where(table.c.name == client.name)).one()
        return Member(row.id, row.name, Role(row.role), row.team_id, row.agent_id)

    def _store_equals_server_in_scope(self, client: Client, server: dict, refused: set) -> None:
        member = self._member(client)
        tickets = {id_ for id_, (entity, data) in server.items()
                   if entity == "ticket" and member.has_ticket(data)}  # fmt: skip
        customers = {server[id_][1]["customer_id"] for id_ in tickets}
        in_scope = {
            id_ for id_, (entity, data) in server.items()
            if id_ in tickets or id_ in customers or data.get("ticket_id") in tickets
            or entity in {"team", "agent"}
        }  # fmt: skip
        mine = _store_records(client.store)
        for id_ in in_scope:
            entity, data = server[id_]
            assert id_ in mine, f"{client.name} lacks {entity} {id_}"
            differs = {
                name: (mine[id_][1].get(name), value)
                for name, value in data.items()
                if mine[id_][1].get(name) != value
            }
            assert not differs, f"{client.name}: {entity} {id_} differs (store, server): {differs}"
        for id_, (entity, data) in mine.items():
            # A row the server refused (its ticket had left the writer's scope) stays local.
            if data.get("ticket_id") in tickets and self.inserts.get(id_) not in refused:
                assert id_ in server, f"{client.name}'s {entity} {id_} never reached the server"

    def _every_note_once(self, server: dict) -> None:
        texts = [data.get("text") for entity, data in server.values() if entity == "ticket_event"
                 and data.get("kind") == "note"]  # fmt: skip
        for note in self.notes:
            assert texts.count(note) <= 1, f"{note} twice"
        for client in self.clients:
            stored = [data.get("text") for entity, data in _store_records(client.store).values()
                      if entity == "ticket_event" and data.get("kind") == "note"]  # fmt: skip
            assert len(stored) == len(set(stored)), f"{client.name} holds a note twice"

    def _accepted(self, refused: set) -> list[Write]:
        return [w for w in self.writes if (w.client_id, w.mutation_id) not in refused]

    def _highest_clock_wins(self, server: dict, refused: set) -> None:
        latest: dict[tuple[str, str], Write] = {}
        for write in self._accepted(refused):
            key = (write.entity_id, write.field)
            if key not in latest or write.hlc > latest[key].hlc:
                latest[key] = write
        for (entity_id, name), write in latest.items():
            assert server[entity_id][1][name] == write.value, f"{name} of {entity_id}"

    def _overwritten_values_logged(self, server: dict, refused: set) -> None:
        logged: dict[tuple[str, str], set] = {}
        for entity, data in server.values():
            if entity == "conflict":
                logged.setdefault((data["entity_id"], data["field"]), set()).update(
                    {data["lost_value"], data["kept_value"]}
                )
        accepted = self._accepted(refused)
        for write in accepted:
            if write.field in UNLOGGED_FIELDS or write.field == "id":
                continue
            final = server[write.entity_id][1][write.field]
            if _text(write.value) == _text(final):
                continue
            # A later write that had seen this one, or that set the same value, takes over
            # its place: overwriting that one is what the log must show.
            taken_over = any(
                other.entity_id == write.entity_id and other.field == write.field
                and other.hlc > write.hlc
                and (other.client_id == write.client_id or other.value == write.value
                     or other.knows.get(write.client_id, 0) >= write.mutation_id)
                for other in accepted
            )  # fmt: skip
            if not taken_over:
                assert _text(write.value) in logged.get((write.entity_id, write.field), set()), (
                    f"{write.field}={write.value} of {write.entity_id} vanished"
                )


def _text(value: object) -> object:
    return value if value is None or isinstance(value, str) else str(value)


def _store_records(store: Store) -> dict[str, tuple[str, dict]]:
    """Every synced row of a store in the server's canonical form."""
    found = {}
    with store.read() as session:
        for entity, model in local.TABLES.items():
            table = model.__table__
            for row in session.execute(sa.select(table)).mappings():
                data = {name: wire_value(value) for name, value in row.items()}
                found[str(row["id"])] = (entity, data)
    return found


def _run(make_db: Callable[[], ServerDb], examples: int) -> None:
    class World(SyncWorld):
        pass

    World.make_db = staticmethod(make_db)
    run_state_machine_as_test(
        World,
        settings=settings(
            max_examples=examples, stateful_step_count=25, deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )  # fmt: skip


def test_stores_converge_on_sqlite(tmp_path: Path) -> None:
    databases = (str(tmp_path / f"server-{n}.db") for n in itertools.count())
    from agent_console.server.db import open_server_db

    _run(lambda: open_server_db(next(databases)), examples=20)


def test_stores_converge_on_postgresql(postgres_url: str) -> None:
    from agent_console.server.db import open_server_db

    def fresh() -> ServerDb:
        db = open_server_db(postgres_url)
        with db.write() as connection:
            for table in reversed(schema.metadata.sorted_tables):
                connection.execute(table.delete())
        db.close()
        return open_server_db(postgres_url)

    _run(fresh, examples=10)


pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")
