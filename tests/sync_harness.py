"""A real central server for tests: `agent-console serve` in a subprocess on a free port."""

import contextlib
import io
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from agent_console.cli import run
from tests.conftest import isolate_environment


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class RunningServer:
    url: str
    db: str
    process: subprocess.Popen


@contextmanager
def running_server(db: str) -> Iterator[RunningServer]:
    """Start `agent-console serve --db DB` and wait until it answers."""
    port = free_port()
    command = [sys.executable, "-m", "agent_console", "serve", "--db", db, "--port", str(port)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=os.environ.copy()
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield RunningServer(url, db, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if process.stdout:
            process.stdout.close()


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"server exited: {output}")
        try:
            httpx.get(f"{url}/v1/me", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


@contextmanager
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What conftest's isolated_settings does per test, for a whole module: a server or sync
    process started by a module fixture inherits it."""
    with pytest.MonkeyPatch.context() as patch:
        isolate_environment(patch, tmp_path_factory.mktemp("server-home"))
        yield


def add_member(db: Path | str, name: str, role: str, team: str) -> str:
    """`server add-agent`, in-process, as an admin runs it; the token is the last word printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = run(["server", "add-agent", name, "--role", role, "--team", team, "--db", str(db)])
    assert code == 0, out.getvalue()
    return out.getvalue().split()[-1]


def login(store_path: str, server: str, token: str) -> int:
    return run(["--db", store_path, "login", "--server", server, "--token", token])
