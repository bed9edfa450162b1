"""Queue first paint, paging and memory at scale (issue #3), as ratios within one run.

Measured under a pseudo-terminal from process start until the first ticket number is drawn:
- the workstation on a 1,000,000-ticket store vs the same on a 1,000-ticket store;
- the workstation on 1,000,000 tickets vs a bare Textual app showing a one-row DataTable;
- resident memory (VmRSS) at first paint, 1M vs 1k.
In-process with Textual's Pilot: cursor move and page down at 1M, and opening a ticket with
200 timeline events. Pilot's own key handling and idle wait cost tens of milliseconds, so each
is also measured on a bare app doing the same (a 50-row DataTable; pushing a screen with a
200-line RichLog): the figure to read is the difference, and the ratio.

    python bench/tui_paint.py --small SMALL.db --large LARGE.db [--runs 5]

Make the stores with `agent-console --db F demo --tickets N --seed 1`.
"""

import argparse
import asyncio
import os
import pty
import re
import select
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, RichLog

FIRST_ROW = re.compile(rb"T-\d{6}")
BARE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import DataTable

    class Bare(App):
        def compose(self):
            yield DataTable()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("number", "subject")
            table.add_row("T-000001", "bare")

    Bare().run()
    """
)


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def time_to_first_row(command: list[str], timeout: float = 60) -> tuple[float, int]:
    """Seconds from spawn to the first ticket number on screen, and RSS (kB) at that moment."""
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=child, stdout=child, stderr=child, env=env,
                               close_fds=True)  # fmt: skip
    os.close(child)
    seen = b""
    try:
        while time.perf_counter() - started < timeout:
            ready, _, _ = select.select([main], [], [], 0.05)
            if ready:
                seen += os.read(main, 65536)
                if FIRST_ROW.search(seen):
                    elapsed = time.perf_counter() - started
                    return elapsed, _rss_kb(process.pid)
        raise TimeoutError(command)
    finally:
        process.kill()
        process.wait()
        os.close(main)


def median_run(command: list[str], runs: int) -> tuple[float, int]:
    samples = [time_to_first_row(command) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


async def interaction_times(db: Path) -> dict[str, float]:
    """Milliseconds for a cursor move, a page down, and opening a long ticket, at this store."""
    from agent_console.app import AgentConsoleApp
    from agent_console.config import load_settings
    from agent_console.screens.ticket import TicketScreen
    from agent_console.store.engine import open_store
    from agent_console.store.identity import resolve_actor

    store = open_store(db)
    actor = resolve_actor(store, None)
    app = AgentConsoleApp(store, load_settings(db=db), actor)

    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        await pilot.press("5")
        await _settle(pilot)
        moves = [await _timed(pilot, "j") for _ in range(20)]
        pages = [await _timed(pilot, "pagedown") for _ in range(10)]
        long_ticket = _ticket_with_events(store, 200)
        started = time.perf_counter()
        app.push_screen(TicketScreen(store, actor, long_ticket))
        await _settle(pilot)
        opening = (time.perf_counter() - started) * 1000
    store.close()
    return {
        "cursor_move_ms": statistics.median(moves),
        "page_down_ms": statistics.median(pages),
        "open_200_events_ms": opening,
    }


def _ticket_with_events(store, count: int) -> str:
    """A ticket with `count` timeline events (notes are added to the newest ticket if needed)."""
    from agent_console.store import actions, queries
    from agent_console.store.identity import Actor

    with store.read() as session:
        number = queries.list_tickets(session, limit=1)[0].number
        have = len(queries.ticket_detail(session, number, store.now().date()).events)
    for index in range(count - have):
        actions.add_note(store, Actor("bench"), number, f"bench note {index}")
    return number


class _BareTable(App):
    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("number", "subject")
        for index in range(50):
            table.add_row(f"T-{index:06d}", "subject " * 4)


class _BareTimeline(Screen):
    def compose(self) -> ComposeResult:
        yield RichLog(wrap=True)

    def on_mount(self) -> None:
        self.query_one(RichLog).write("\n".join(f"event {i} " * 6 for i in range(200)))


async def _settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _timed(pilot, *keys: str) -> float:
    started = time.perf_counter()
    await pilot.press(*keys)
    await _settle(pilot)
    return (time.perf_counter() - started) * 1000


async def bare_times() -> dict[str, float]:
    app = _BareTable()
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(pilot)
        moves = [await _timed(pilot, "down") for _ in range(20)]
        pages = [await _timed(pilot, "pagedown") for _ in range(10)]
        started = time.perf_counter()
        app.push_screen(_BareTimeline())
        await _settle(pilot)
        opening = (time.perf_counter() - started) * 1000
    return {
        "cursor_move_ms": statistics.median(moves),
        "page_down_ms": statistics.median(pages),
        "open_200_events_ms": opening,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=Path, required=True)
    parser.add_argument("--large", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    console = [sys.executable, "-m", "agent_console", "--lang", "en", "--db"]
    with tempfile.TemporaryDirectory() as work:
        bare = Path(work) / "bare.py"
        bare.write_text(BARE_APP)
        bare_s, bare_rss = median_run([sys.executable, str(bare)], args.runs)
    small_s, small_rss = median_run([*console, str(args.small)], args.runs)
    large_s, large_rss = median_run([*console, str(args.large)], args.runs)
    interactions = asyncio.run(interaction_times(args.large))
    baselines = asyncio.run(bare_times())
    print(f"bare one-row DataTable app: {bare_s * 1000:.0f} ms, {bare_rss / 1024:.0f} MB")
    print(f"workstation, small store:   {small_s * 1000:.0f} ms, {small_rss / 1024:.0f} MB")
    print(f"workstation, large store:   {large_s * 1000:.0f} ms, {large_rss / 1024:.0f} MB")
    print(f"large / small first paint:  {large_s / small_s:.2f}x (goal <= 1.2x)")
    print(f"large / bare first paint:   {large_s / bare_s:.2f}x (goal <= 2.5x)")
    print(f"RSS large - small:          {(large_rss - small_rss) / 1024:.1f} MB (goal <= 30 MB)")
    for name, value in interactions.items():
        bare_ms = baselines[name]
        print(f"{name}: {value:.1f} ms; bare app {bare_ms:.1f} ms; difference "
              f"{value - bare_ms:.1f} ms; ratio {value / bare_ms:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
