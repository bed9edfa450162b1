"""`server add-agent`, `login` and `sync` from the command line, against a real server: what
an admin and the engineers type, and what they see."""

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import DEMO_NOW, Cli
from tests.sync_harness import add_member, free_port, isolated_environment, running_server


@dataclass(frozen=True)
class Server:
    url: str
    db: Path
    tokens: dict[str, str]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("server") / "server.db"
    with isolated_environment(tmp_path_factory):
        tokens = {
            name: add_member(db, name, "engineer", team)
            for name, team in [("alice", "L2"), ("bob", "L2"), ("carol", "L3")]
        }
        with running_server(str(db)) as running:
            yield Server(running.url, db, tokens)


@pytest.fixture
def store_of(
    make_cli: Callable[[Path], Cli], tmp_path: Path, server: Server
) -> Callable[[str], Cli]:
    """A fresh store on disk, linked to the server as the named member."""

    def linked(member: str) -> Cli:
        cli = make_cli(tmp_path / f"{member}.db")
        code, out, err = cli("login", "--server", server.url, "--token", server.tokens[member])
        assert code == 0, err
        assert out.startswith(f"Linked to {server.url} as {member}.")
        return cli

    return linked


def _one_line_error(code: int, out: str, err: str, *fragments: str) -> None:
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


def _dump(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return "\n".join(connection.iterdump())


# --- accounts and login ------------------------------------------------------------------------


def test_add_agent_prints_a_token_to_log_in_with(
    server: Server, make_cli: Callable[[Path], Cli], tmp_path: Path
) -> None:
    admin = make_cli(tmp_path / "admin.db")
    code, out, err = admin("server", "add-agent", "dan", "--role", "engineer", "--team", "L2",
                           "--db", str(server.db))  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0].startswith("Account dan (engineer, team L2) created")
    token = out.split()[-1]
    member_id, _, secret = token.partition(".")
    assert len(member_id) == 36 and len(secret) >= 32

    engineer = make_cli(tmp_path / "dan.db")
    code, out, err = engineer("login", "--server", server.url + "/", "--token", token)

    assert code == 0, err
    assert out.splitlines()[0] == f"Linked to {server.url} as dan."
    assert out.splitlines()[1].startswith("Synced: 0 changes up,")
    shown = engineer.json("sync")
    assert shown["pending"] == 0


def test_add_agent_refuses_a_name_taken(server: Server, make_cli: Callable[[Path], Cli],
                                        tmp_path: Path) -> None:  # fmt: skip
    admin = make_cli(tmp_path / "admin.db")
    code, out, err = admin("server", "add-agent", "alice", "--role", "engineer", "--team", "L3",
                           "--db", str(server.db))  # fmt: skip
    _one_line_error(code, out, err, "alice")


def test_login_with_a_wrong_token_names_the_server(
    server: Server, make_cli: Callable[[Path], Cli], tmp_path: Path
) -> None:
    cli = make_cli(tmp_path / "store.db")
    member_id = server.tokens["alice"].split(".")[0]

    code, out, err = cli("login", "--server", server.url, "--token", f"{member_id}.not-it")

    _one_line_error(code, out, err, server.url, "refused the token")
    _one_line_error(*cli("sync"), "not linked to a server")  # and the store is not linked


def test_login_to_a_server_nobody_runs(make_cli: Callable[[Path], Cli], tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    cli = make_cli(tmp_path / "store.db")

    code, out, err = cli("login", "--server", url, "--token", "0.secret")

    _one_line_error(code, out, err, f"cannot reach server {url}")


def test_sync_before_login_says_how_to_log_in(make_cli: Callable[[Path], Cli],
                                               tmp_path: Path) -> None:  # fmt: skip
    code, out, err = make_cli(tmp_path / "store.db")("sync")
    _one_line_error(code, out, err, "not linked to a server", "agent-console login")


def test_a_store_with_teams_of_its_own_cannot_log_in(
    server: Server, make_cli: Callable[[Path], Cli], tmp_path: Path
) -> None:
    demo = make_cli(tmp_path / "demo.db")
    code, _, err = demo("demo", "--tickets", "20", "--seed", "7", "--now", DEMO_NOW, "--quiet")
    assert code == 0, err
    assert demo("ticket", "list", "--json")[0] == 0  # opened once, as any use would
    before = _dump(demo.db)

    code, out, err = demo("login", "--server", server.url, "--token", server.tokens["carol"])

    _one_line_error(code, out, err, "has teams of its own", str(demo.db))
    assert _dump(demo.db) == before
    _one_line_error(*demo("sync"), "not linked to a server")


# --- sync --------------------------------------------------------------------------------------


def test_sync_json_counts_what_went_up_and_down(store_of: Callable[[str], Cli]) -> None:
    alice = store_of("alice")
    code, _, err = alice("customer", "new", "--name", "Olu Ade", "--phone", "13600003333")
    assert code == 0, err

    report = alice.json("sync")

    assert (report["pushed"], report["pulled"], report["pending"]) == (1, 0, 0)
    assert report["refused"] == [] and report["conflicts"] == 0
    assert alice.json("sync")["pushed"] == 0  # nothing sent twice


def test_a_ticket_reaches_its_team_and_nobody_else(store_of: Callable[[str], Cli]) -> None:
    alice, bob, carol = store_of("alice"), store_of("bob"), store_of("carol")
    assert alice("customer", "new", "--name", "Grace Ho", "--phone", "13700002222")[0] == 0
    code, out, err = alice("ticket", "new", "--subject", "Dock drops USB after sleep",
                           "--customer", "13700002222", "--team", "L2", "--json")  # fmt: skip
    assert code == 0, err
    number = json.loads(out)["number"]
    assert alice("ticket", "note", number, "Swapped the dock cable; still drops")[0] == 0
    code, out, err = alice("sync")
    assert code == 0, err
    # the customer, the ticket, its "created" event, the note, and the note's touch of the ticket
    assert out.startswith("Synced: 5 changes up, ")
    [synced] = [
        row for row in alice.json("ticket", "list", "--status", "all")
        if row["subject"] == "Dock drops USB after sleep"
    ]  # fmt: skip
    number = synced["number"]  # the server may have renumbered it

    report = bob.json("sync")
    assert report["pulled_by_entity"] == {"customer": 1, "ticket": 1, "ticket_event": 2}
    code, out, err = bob("ticket", "show", number)
    assert code == 0, err
    assert out.startswith(f"{number}  Dock drops USB after sleep")
    assert "Grace Ho 13700002222" in out
    assert "Swapped the dock cable; still drops" in out
    assert "alice" in out

    report = carol.json("sync")
    assert report["pulled"] == 0
    _one_line_error(*carol("ticket", "show", number), number)
    _one_line_error(*carol("customer", "show", "13700002222"), "13700002222")
