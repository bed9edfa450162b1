"""Demo generation speed: `agent-console demo` against the floor of writing the same rows.

Goals (issue #2): 100,000 tickets in under 30 s and 1,000,000 in under 5 min on a 2-core
machine. The baseline is a bare sqlite3 bulk insert of the same number of ticket and event
rows (constant values, same schema, same pragmas), measured in the same run, so the ratio
says what generating realistic data costs on top of storing it.

    python bench/demo_generation.py [--tickets 100000 1000000] [--keep DIR]
"""

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agent_console.demo.generate import COLUMNS
from agent_console.store.bulk import insert_sql
from agent_console.store.engine import open_store

NOW = "2026-11-20T10:00:00+08:00"
GOALS_SECONDS = {100_000: 30, 1_000_000: 300}


def run_demo(path: Path, tickets: int) -> tuple[float, int]:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "agent_console", "--db", str(path), "demo", "--tickets",
         str(tickets), "--seed", "1", "--now", NOW, "--quiet", "--force"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    with sqlite3.connect(path) as connection:
        events = connection.execute("SELECT count(*) FROM ticket_event").fetchone()[0]
    connection.close()
    return elapsed, events


def constant_row(table: str, values: dict[str, str]) -> tuple[str | None, ...]:
    """A row of `table` in the demo's column order; columns not given are NULL."""
    return tuple(values.get(column) for column in COLUMNS[table])


def run_baseline(path: Path, tickets: int, events: int) -> float:
    """Insert constant rows of the same shape and count, as fast as sqlite3 allows."""
    started = time.perf_counter()
    open_store(path).close()
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode = OFF", "synchronous = OFF", "locking_mode = EXCLUSIVE"):
        connection.execute(f"PRAGMA {pragma}")
    customer = "c" * 32
    connection.execute("BEGIN")
    stamp = "2026-01-01 00:00:00.000000"
    connection.execute(insert_sql("customer"), constant_row("customer", {
        "id": customer, "name": "x", "phone": "1", "tier": "standard", "created_at": stamp,
        "updated_at": stamp,
    }))  # fmt: skip
    ticket = {
        "subject": "subject", "description": "description", "channel": "phone",
        "category": "hardware", "priority": "P3", "impact": "individual", "status": "closed",
        "service_mode": "remote", "customer_id": customer, "created_at": stamp,
        "updated_at": stamp, "first_response_at": stamp, "resolved_at": stamp, "closed_at": stamp,
    }  # fmt: skip
    connection.executemany(
        insert_sql("ticket"),
        (
            constant_row("ticket", {**ticket, "id": f"{i:032x}", "number": f"T-{i:07d}"})
            for i in range(tickets)
        ),
    )
    per_ticket = max(1, events // tickets)
    event = {"kind": "note", "text": "text", "author": "system", "at": stamp}
    connection.executemany(
        insert_sql("ticket_event"),
        (
            constant_row("ticket_event", {
                **event, "id": f"{i:032x}", "ticket_id": f"{i // per_ticket % tickets:032x}",
            })
            for i in range(events)
        ),
    )  # fmt: skip
    connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="keep the generated demo stores in this folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-demo-"))
    results = []
    try:
        for tickets in args.tickets:
            demo_path = work / f"demo-{tickets}.db"
            demo_seconds, events = run_demo(demo_path, tickets)
            baseline_seconds = run_baseline(work / f"baseline-{tickets}.db", tickets, events)
            (work / f"baseline-{tickets}.db").unlink()
            size_mb = demo_path.stat().st_size / 1e6
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.move(demo_path, args.keep / demo_path.name)
            else:
                demo_path.unlink()
            goal = GOALS_SECONDS.get(tickets)
            results.append({
                "tickets": tickets, "events": events, "demo_s": round(demo_seconds, 1),
                "baseline_s": round(baseline_seconds, 1),
                "ratio": round(demo_seconds / baseline_seconds, 2),
                "goal_s": goal, "met": goal is None or demo_seconds < goal,
                "store_mb": round(size_mb),
            })  # fmt: skip
            print(json.dumps(results[-1]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n| tickets | events | demo | baseline (bare insert) | ratio | goal | store |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        goal = f"< {r['goal_s']} s {'met' if r['met'] else 'MISSED'}" if r["goal_s"] else "-"
        print(f"| {r['tickets']:,} | {r['events']:,} | {r['demo_s']} s | {r['baseline_s']} s "
              f"| {r['ratio']}x | {goal} | {r['store_mb']} MB |")  # fmt: skip


if __name__ == "__main__":
    main()
