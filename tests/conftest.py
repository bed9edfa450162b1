import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import psycopg
import psycopg.sql
import pytest

from agent_console.cli import run
from agent_console.i18n import set_language
from agent_console.store.engine import Store, open_store

DEMO_NOW = "2026-11-20T10:00:00+08:00"


class FixedClock:
    """A clock that moves only by `step` per reading (1 s keeps events ordered; 0 freezes it)."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=1)) -> None:
        self.current = start
        self.step = step

    def __call__(self) -> datetime:
        self.current += self.step
        return self.current


def isolate_environment(patch: pytest.MonkeyPatch, home: Path) -> None:
    """Point config, data, state and cache at `home`, and clear our settings and locale."""
    patch.setenv("AGENT_CONSOLE_CONFIG", str(home / "config.toml"))
    patch.setenv("XDG_DATA_HOME", str(home / "data"))
    patch.setenv("XDG_STATE_HOME", str(home / "state"))
    patch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    for name in ("DB", "LANG", "AGENT", "KB", "CACHE", "AUTO_ASSIGN", "KEYMAP"):
        patch.delenv(f"AGENT_CONSOLE_{name}", raising=False)
    patch.setenv("LANG", "C.UTF-8")
    patch.delenv("LC_ALL", raising=False)
    patch.delenv("LC_MESSAGES", raising=False)


@pytest.fixture(autouse=True)
def isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """No test reads the developer's config, environment or data directory."""
    isolate_environment(monkeypatch, tmp_path_factory.mktemp("home"))
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 2, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock) -> Iterator[Store]:
    opened = open_store(tmp_path / "store.db", clock=clock)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo store, generated once per test session."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    code = run(["--db", str(path), "demo", "--tickets", "400", "--seed", "7", "--now", DEMO_NOW,
                "--quiet"])  # fmt: skip
    assert code == 0
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo store that a test may change."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


class Cli:
    """Runs the command line in-process and captures what it prints."""

    def __init__(self, capsys: pytest.CaptureFixture[str], db: Path) -> None:
        self.capsys = capsys
        self.db = db

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = run(["--db", str(self.db), *args])
        captured = self.capsys.readouterr()
        return code, captured.out, captured.err

    def json(self, *args: str) -> object:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], demo_db: Path) -> Cli:
    return Cli(capsys, demo_db)


@pytest.fixture
def empty_cli(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Cli:
    return Cli(capsys, tmp_path / "empty.db")


@pytest.fixture
def make_cli(capsys: pytest.CaptureFixture[str]) -> Callable[[Path], Cli]:
    return lambda db: Cli(capsys, db)


POSTGRES_ENV = "AGENT_CONSOLE_TEST_POSTGRES"


def _postgres_unavailable(reason: str) -> NoReturn:
    """Skip locally, but fail under CI (where `.ci/run` starts PostgreSQL): never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required under CI: {reason}", pytrace=False)
    pytest.skip(
        f"no PostgreSQL reachable: set {POSTGRES_ENV} (scripts/postgres.sh starts one) [{reason}]"
    )


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The URL of a PostgreSQL server the tests may create databases on (from the environment)."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        _postgres_unavailable(f"{POSTGRES_ENV} is not set")
    if urlsplit(url).scheme not in {"postgresql", "postgres"}:
        _postgres_unavailable(f"{POSTGRES_ENV} is not a postgresql:// URL: {url!r}")
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as error:
        _postgres_unavailable(f"cannot connect to {url}: {error}")
    return url


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """The URL of a fresh, empty database of its own, dropped after the test."""
    name = f"agent_console_test_{uuid.uuid4().hex[:12]}"
    ident = psycopg.sql.Identifier(name)
    with psycopg.connect(postgres_server_url, autocommit=True, connect_timeout=3) as conn:
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(ident))
    try:
        yield urlunsplit(urlsplit(postgres_server_url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(postgres_server_url, autocommit=True, connect_timeout=3) as conn:
            conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))


@pytest.fixture
def beijing_time() -> Iterator[None]:
    """The machine's zone set to the helpdesk's: the store judges days (warranty, an
    engineer's day, the trends' days) by the local calendar."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()
