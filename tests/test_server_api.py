"""The sync server's HTTP API, spoken raw against a real `agent-console serve`: who may call
it, what a bad body costs, and that retries and idle checks are cheap and harmless."""

import contextlib
import hashlib
import io
import sqlite3
import time
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from agent_console.cli import run
from agent_console.ids import new_id
from agent_console.store import actions, queries
from agent_console.store.engine import open_store
from agent_console.store.identity import resolve_actor
from agent_console.store.schema import Ticket
from agent_console.sync import client as sync_client
from agent_console.sync import protocol
from agent_console.sync.protocol import Mutation
from agent_console.vocab import Category, Channel
from tests.sync_harness import add_member, isolated_environment, login, running_server

ENDPOINTS = [("GET", "/v1/me"), ("POST", "/v1/push"), ("GET", "/v1/pull")]
LIMIT = protocol.MAX_BODY_BYTES


@dataclass(frozen=True)
class L3Ticket:
    id: str
    number: str
    subject: str
    priority: str


@dataclass(frozen=True)
class Server:
    url: str
    db: Path
    tokens: dict[str, str]
    ticket: L3Ticket  # made by tia (engineer, L3) in her store and synced


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("server")
    db = folder / "server.db"
    with isolated_environment(tmp_path_factory):
        tokens = {
            name: add_member(db, name, role, team)
            for name, role, team in [
                ("sam", "supervisor", "HQ"),
                ("lee", "engineer", "L2"),
                ("tia", "engineer", "L3"),
                ("rex", "engineer", "L2"),
            ]
        }
        with running_server(str(db)) as running:
            ticket = _l3_ticket(folder / "tia.db", running.url, tokens["tia"])
            yield Server(running.url, db, tokens, ticket)


def _l3_ticket(store_path: Path, url: str, token: str) -> L3Ticket:
    """An L3 engineer opens a ticket for her team the way the app does, and syncs it up."""
    with contextlib.redirect_stdout(io.StringIO()):
        assert login(str(store_path), url, token) == 0
    store = open_store(store_path)
    try:
        actor = resolve_actor(store, None)
        with store.read() as session:
            team = queries.find_team(session, "L3")
        customer = actions.create_customer(store, actor, name="Mei Lin", phone="13900001111")
        ticket = actions.create_ticket(
            store, actor, subject="Server room UPS beeps", customer=customer,
            channel=Channel.PHONE, category=Category.HARDWARE, team=team,
        )  # fmt: skip
        report = sync_client.sync(store)
        assert report.pending == 0 and not report.refused
        with store.read() as session:  # its number as the server kept it
            synced = session.get(Ticket, ticket.id)
            assert synced is not None
            number = synced.number
    finally:
        store.close()
    return L3Ticket(str(ticket.id), number, ticket.subject, ticket.priority.value)


# --- helpers -----------------------------------------------------------------------------------


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _stamp(client: str, counter: int = 0) -> str:
    return f"{int(time.time() * 1000):013d}-{counter:04x}-{client}"


def _customer(mutation_id: int, client: str, author: str, name: str = "Ada Park") -> Mutation:
    customer_id = str(new_id())
    now = "2026-11-20T02:00:00.250000+00:00"
    fields = {
        "id": customer_id, "name": name, "phone": "13100001234", "email": None,
        "tier": "standard", "organization": None, "region": None, "created_at": now,
        "updated_at": now,
    }  # fmt: skip
    return Mutation(mutation_id, "customer", customer_id, "insert", _stamp(client), fields,
                    author, 0)  # fmt: skip


def _note(mutation_id: int, client: str, author: str, ticket_id: str, text: str) -> Mutation:
    event_id = str(new_id())
    fields = {
        "id": event_id, "ticket_id": ticket_id, "kind": "note", "field": None,
        "old_value": None, "new_value": None, "text": text, "author_id": None,
        "author": author, "at": "2026-11-20T02:00:01.000001+00:00",
    }  # fmt: skip
    return Mutation(mutation_id, "ticket_event", event_id, "insert", _stamp(client), fields,
                    author, 0)  # fmt: skip


def _push(server: Server, member: str, client: str, mutations: list[Mutation]) -> httpx.Response:
    return httpx.post(
        f"{server.url}/v1/push",
        content=protocol.encode_push(client, mutations),
        headers=_auth(server.tokens[member]),
    )


def _acknowledged(response: httpx.Response) -> protocol.PushResult:
    assert response.headers["content-type"].startswith(protocol.MEDIA_TYPE), response.text
    return protocol.decode_push_result(response.content)


def _pull_everything(server: Server, member: str = "sam") -> tuple[list[protocol.Change], int]:
    """Every change a member can see from the start, and the position after them."""
    changes: list[protocol.Change] = []
    after = 0
    while True:
        response = httpx.get(
            f"{server.url}/v1/pull", params={"since": 0, "after": after},
            headers=_auth(server.tokens[member]),
        )  # fmt: skip
        if response.status_code == 304:
            return changes, after
        assert response.status_code == 200, response.text
        page = protocol.decode_page(response.content)
        changes += page.changes
        after = page.cursor
        if not page.more:
            return changes, after


def _record(server: Server, record_id: str) -> dict[str, Any]:
    """A record's fields as a supervisor pulls them."""
    fields: dict[str, Any] = {}
    for change in _pull_everything(server)[0]:
        if change.entity_id == record_id:
            fields.update(change.fields)
    return fields


def _query(server: Server, sql: str, *params: Any) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(server.db)) as connection:
        return connection.execute(sql, params).fetchall()


def _detail(response: httpx.Response) -> Any:
    assert response.headers["content-type"].startswith("application/json"), response.text
    return response.json()["detail"]


def _request(server: Server, method: str, path: str, headers: dict[str, str]) -> httpx.Response:
    body = protocol.encode_push(str(uuid.uuid4()), []) if method == "POST" else None
    return httpx.request(method, f"{server.url}{path}", content=body, headers=headers)


# --- 401 ---------------------------------------------------------------------------------------


def _credentials(server: Server, kind: str) -> dict[str, str]:
    member_id = server.tokens["lee"].split(".")[0]
    return {
        "none": {},
        "garbage": {"Authorization": "Bearer garbage"},
        "not-bearer": {"Authorization": f"Basic {server.tokens['lee']}"},
        "wrong-secret": {"Authorization": f"Bearer {member_id}.{'A' * 43}"},
        "no-secret": {"Authorization": f"Bearer {member_id}."},
    }[kind]


@pytest.mark.parametrize(("method", "path"), ENDPOINTS)
@pytest.mark.parametrize("kind", ["none", "garbage", "not-bearer", "wrong-secret", "no-secret"])
def test_a_request_without_a_valid_token_is_401(
    server: Server, kind: str, method: str, path: str
) -> None:
    response = _request(server, method, path, _credentials(server, kind))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert _detail(response) == "no valid token"


def test_the_same_requests_with_the_token_pass(server: Server) -> None:
    """The 401s above are about the token, not about the requests."""
    for method, path in ENDPOINTS:
        response = _request(server, method, path, _auth(server.tokens["lee"]))
        assert response.status_code in {200, 304}, (path, response.text)
    me = httpx.get(f"{server.url}/v1/me", headers=_auth(server.tokens["lee"])).json()
    assert me["name"] == "lee" and me["role"] == "engineer" and me["team_id"]


def test_a_revoked_token_is_refused_at_once(server: Server, capsys) -> None:
    token = _auth(server.tokens["rex"])
    assert httpx.get(f"{server.url}/v1/me", headers=token).status_code == 200
    assert run(["server", "revoke", "rex", "--db", str(server.db)]) == 0
    assert "rex" in capsys.readouterr().out
    for method, path in ENDPOINTS:
        response = _request(server, method, path, token)
        assert response.status_code == 401, path


def test_tokens_are_stored_hashed(server: Server) -> None:
    member_id, secret = server.tokens["lee"].split(".")
    stored = b"".join(path.read_bytes() for path in server.db.parent.glob("server.db*"))
    assert member_id.encode() in stored  # the right files, written through
    assert secret.encode() not in stored
    [(token_hash,)] = _query(server, "SELECT token_hash FROM member WHERE name = 'lee'")
    assert token_hash == hashlib.sha256(secret.encode()).hexdigest()


# --- 403 ---------------------------------------------------------------------------------------


def test_an_engineer_cannot_change_another_teams_ticket(server: Server) -> None:
    ticket = server.ticket
    client = str(uuid.uuid4())
    hijack = Mutation(1, "ticket", ticket.id, "update", _stamp(client),
                      {"subject": "hijacked", "priority": "P1"}, "lee", 0)  # fmt: skip
    note = _note(2, client, "lee", ticket.id, "lee was here")

    response = _push(server, "lee", client, [hijack, note])

    assert response.status_code == 403
    result = _acknowledged(response)
    assert result.refused == [1, 2]
    assert result.acknowledged == 2  # set aside, so the client moves on
    on_server = _record(server, ticket.id)
    assert (on_server["subject"], on_server["priority"]) == (ticket.subject, ticket.priority)
    assert _record(server, note.entity_id) == {}
    rejected = _query(
        server,
        "SELECT kind, member, mutation_id, entity, entity_id, reason FROM rejected"
        " WHERE client_id = ? ORDER BY mutation_id",
        client,
    )
    assert [row[:5] for row in rejected] == [
        ("refused", "lee", 1, "ticket", ticket.id),
        ("refused", "lee", 2, "ticket_event", note.entity_id),
    ]
    assert all(ticket.number in row[5] for row in rejected)

    following = _push(server, "lee", client, [_customer(3, client, "lee")])
    assert following.status_code == 200, following.text
    assert _acknowledged(following) == protocol.PushResult(3, [], 0)


def test_a_client_store_belongs_to_the_member_who_first_pushed_from_it(server: Server) -> None:
    client = str(uuid.uuid4())
    assert _push(server, "tia", client, [_customer(1, client, "tia")]).status_code == 200
    theirs = _customer(2, client, "lee", name="Not Lee's")

    response = _push(server, "lee", client, [theirs])

    assert response.status_code == 403
    assert "another account" in _detail(response)
    assert _record(server, theirs.entity_id) == {}


# --- 413 ---------------------------------------------------------------------------------------


def _chunks(size: int) -> Iterator[bytes]:
    piece = b"x" * 65536
    for _ in range(size // len(piece)):
        yield piece
    yield b"x" * (size % len(piece))


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_body_over_5_mb_is_413(server: Server, declared: bool) -> None:
    size = LIMIT + 1
    content: Any = b"x" * size if declared else _chunks(size)
    response = httpx.post(
        f"{server.url}/v1/push", content=content, headers=_auth(server.tokens["lee"])
    )
    assert response.status_code == 413
    assert str(LIMIT) in _detail(response)


def test_a_small_body_that_unpacks_past_5_mb_is_413(server: Server) -> None:
    bomb = zlib.compress(b" " * (LIMIT + 1024), 9)
    assert len(bomb) < 10_000
    response = httpx.post(
        f"{server.url}/v1/push", content=bomb, headers=_auth(server.tokens["lee"])
    )
    assert response.status_code == 413
    assert "unpacks to more than" in _detail(response)


# --- 422 ---------------------------------------------------------------------------------------

_CLIENT = "0f0e0d0c-0b0a-4908-8706-050403020100"
CREATED_AT = protocol.BY_NAME["customer"].field_code("created_at")


def _raw_push(*rows: list[Any], client: str = _CLIENT) -> bytes:
    return protocol.compress({"c": client, "f": 1, "a": ["lee"], "m": list(rows)})


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"hello, server", "body is not zlib data"),
        (zlib.compress(b"<xml>not json</xml>"), "body is not JSON"),
        (protocol.compress({"c": _CLIENT, "f": 1}), "a push needs c, f, a and m"),
        (protocol.compress(["c", "f", "a", "m"]), "a push needs c, f, a and m"),
        (_raw_push(["Z", str(new_id()), "i", 0, 0, {}, 0, 0]), "unknown entity code 'Z'"),
        (_raw_push(["c", str(new_id()), "i", 0, 0, {"~": 1}, 0, 0]), "unknown field code"),
        (_raw_push(["c", "not-a-uuid", "i", 1_795_000_000_000, 0, {}, 0, 0]), "bad id"),
        (_raw_push(["c", str(new_id()), "i", 1_795_000_000_000, 0, {}, 0, 0], client="me"),
         "bad id"),
    ],
    ids=["not-zlib", "not-json", "missing-keys", "not-an-object", "unknown-entity",
         "unknown-field", "bad-record-id", "bad-client-id"],
)  # fmt: skip
def test_an_unreadable_push_is_422_naming_the_problem(
    server: Server, body: bytes, problem: str
) -> None:
    response = httpx.post(
        f"{server.url}/v1/push", content=body, headers=_auth(server.tokens["lee"])
    )
    assert response.status_code == 422
    assert problem in _detail(response)


@pytest.mark.parametrize(
    ("params", "name"),
    [({"since": "abc"}, "since"), ({"limit": 0}, "limit"), ({"limit": 5001}, "limit"),
     ({"after": -1}, "after")],
)  # fmt: skip
def test_bad_pull_parameters_are_422_naming_the_parameter(
    server: Server, params: dict[str, Any], name: str
) -> None:
    response = httpx.get(
        f"{server.url}/v1/pull", params=params, headers=_auth(server.tokens["lee"])
    )
    assert response.status_code == 422
    [problem] = _detail(response)
    assert problem["loc"] == ["query", name]
    assert problem["msg"]


@pytest.mark.parametrize(
    "body",
    [
        zlib.compress(b'{"c":"%s","f":1,"a":["x"],"m":[["c","%s","i",1e400,0,{},0,0]]}'
                      % (_CLIENT.encode(), str(new_id()).encode())),
        _raw_push(["c", str(new_id()), "i", 10**18, 0, {CREATED_AT: 5}, 0, 0]),
        _raw_push(["c", str(new_id()), "i", 1_795_000_000_000, 0, {CREATED_AT: 10**20}, 0, 0]),
    ],
    ids=["infinite-clock", "clock-out-of-range", "time-out-of-range"],
)  # fmt: skip
def test_numbers_out_of_range_are_422_not_500(server: Server, body: bytes) -> None:
    response = httpx.post(
        f"{server.url}/v1/push", content=body, headers=_auth(server.tokens["lee"])
    )
    assert response.status_code == 422


# --- 409, retries ------------------------------------------------------------------------------


def test_a_batch_after_a_missing_mutation_is_409_naming_the_one_expected(server: Server) -> None:
    client = str(uuid.uuid4())
    late = _customer(3, client, "lee")

    response = _push(server, "lee", client, [late])

    assert response.status_code == 409
    assert response.json()["expected"] == 1
    assert _record(server, late.entity_id) == {}


def test_the_same_push_twice_applies_once(server: Server) -> None:
    client = str(uuid.uuid4())
    text = f"Replaced the battery pack {uuid.uuid4()}"
    batch = [
        _note(1, client, "tia", server.ticket.id, text),
        _customer(2, client, "tia", name="Ruth Ong"),
    ]
    first = _push(server, "tia", client, batch)
    assert first.status_code == 200, first.text
    assert _acknowledged(first) == protocol.PushResult(2, [], 0)
    _, head = _pull_everything(server)

    again = _push(server, "tia", client, batch)  # the first answer was lost

    assert again.status_code == 200, again.text
    assert _acknowledged(again) == protocol.PushResult(2, [], 0)
    idle = httpx.get(
        f"{server.url}/v1/pull", params={"since": head, "after": head},
        headers=_auth(server.tokens["sam"]),
    )  # fmt: skip
    assert idle.status_code == 304  # the retry wrote nothing at all
    changes, _ = _pull_everything(server)
    notes = [c for c in changes if c.entity == "ticket_event" and c.fields.get("text") == text]
    assert len(notes) == 1

    # a retry that carries one new change as well: only that one lands
    extra = _customer(3, client, "tia", name="Ivo Berg")
    third = _push(server, "tia", client, [*batch, extra])
    assert _acknowledged(third) == protocol.PushResult(3, [], 0)
    assert _record(server, extra.entity_id)["name"] == "Ivo Berg"
    assert len(_query(server, "SELECT 1 FROM record WHERE id = ?", batch[0].entity_id)) == 1


# --- conditional pull --------------------------------------------------------------------------


def _wire_size(response: httpx.Response) -> int:
    """Bytes on the wire, roughly: request line, headers and body, then the same back."""
    request = response.request
    target = request.url.raw_path.decode()
    sent = len(f"{request.method} {target} HTTP/1.1\r\n") + 2 + len(request.content)
    sent += sum(len(name) + len(value) + 4 for name, value in request.headers.raw)
    received = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n") + 2
    received += sum(len(name) + len(value) + 4 for name, value in response.headers.raw)
    return sent + received + len(response.content)


def test_an_idle_pull_is_a_304_under_1_kb(server: Server) -> None:
    _, head = _pull_everything(server)
    client = str(uuid.uuid4())
    with sync_client.connect(server.url, server.tokens["sam"], client) as http:  # as sync does
        params = {"since": head, "after": head, "limit": sync_client.PULL_PAGE}

        idle = http.get("/v1/pull", params=params)

        assert idle.status_code == 304
        assert idle.content == b""
        assert _wire_size(idle) < 1024

        other = str(uuid.uuid4())
        change = _customer(1, other, "tia", name="Noor Haddad")
        assert _push(server, "tia", other, [change]).status_code == 200
        busy = http.get("/v1/pull", params=params)
        assert busy.status_code == 200
        page = protocol.decode_page(busy.content)
        assert page.cursor > head
        assert [c.fields["name"] for c in page.changes if c.entity_id == change.entity_id] == [
            "Noor Haddad"
        ]
