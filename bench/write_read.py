"""Write and read cooperatives' histories through the application, against a raw ``sqlite3`` floor.

Usage:
    python bench/write_read.py                    # 1,000 cooperatives x 100 events (a few minutes)
    python bench/write_read.py --quick            # 50 cooperatives: a smoke run
    python bench/write_read.py --cooperatives 200 --events 100 --long 2000

What is measured, on a fresh temporary SQLite file (the event store only: no read models):

W1  "per command": every event is one use case of ``QualicoopApplication`` (load the cooperative, run the
    command, save), i.e. ONE transaction per event, as in production.
    Floor: the same number of rows, of the same average size as the real stored events, inserted with the
    raw ``sqlite3`` driver in ONE transaction per row (WAL, autocommit + explicit BEGIN/COMMIT, like the
    library's recorder).
W2  "whole history": each cooperative's history is built on the aggregate in memory, then ``app.save(coop)``
    once: ONE transaction per cooperative. Floor: raw inserts, ONE transaction per cooperative's rows.
R1  load every cooperative (``app.cooperative(id)``: snapshot + events after it) against the floor of
    selecting that cooperative's rows with the raw driver (informative, no target).
R2  read every cooperative's full history decoded (``app.history(id)``) against the same raw select.
L   load cost against history length: a 2,000-event history against a 100-event one (snapshots every 50).
A   ``app.as_of(id, day)`` against replaying the whole history once (``events.get`` + fold, no snapshot).

Targets (SQLite): W1 and W2 <= 6x their floor; L <= 1.5x; A <= 1.0x (a 10 % tolerance is allowed for timing
noise). Each figure is printed with PASS/MISS; the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from histories import TODAY, Steps, app_at, build_whole_history, full_replay, script, write_per_command

# -- raw floor ---------------------------------------------------------------------------------------------------------

DDL = ("CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, "
       "PRIMARY KEY (originator_id, originator_version))")  # fmt: skip
INSERT = "INSERT INTO stored_events VALUES (?,?,?,?)"
Rows = list[list[tuple[str, int, str, bytes]]]


def raw_connection(path: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(DDL)
    return con


def floor_rows(n_coops: int, n_events: int, state_len: int, topic: str) -> Rows:
    state = (b'{"effective_on":{"_type_":"date","_data_":"2022-04-13"},"actor":"referent-bench",' * 64)[:state_len]
    return [[(UUID(int=c + 1).hex, v, topic, state) for v in range(1, n_events + 1)] for c in range(n_coops)]


def floor_write(path: str, rows: Rows, per_row: bool) -> float:
    con = raw_connection(path)
    t0 = time.perf_counter()
    for coop_rows in rows:
        if per_row:
            for row in coop_rows:
                con.execute("BEGIN")
                con.execute(INSERT, row)
                con.execute("COMMIT")
        else:
            con.execute("BEGIN")
            con.executemany(INSERT, coop_rows)
            con.execute("COMMIT")
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


def floor_read(path: str, ids: list[str]) -> float:
    con = sqlite3.connect(path, isolation_level=None)
    t0 = time.perf_counter()
    for oid in ids:
        con.execute("SELECT * FROM stored_events WHERE originator_id=? ORDER BY originator_version", (oid,)).fetchall()
    elapsed = time.perf_counter() - t0
    con.close()
    return elapsed


# -- helpers -----------------------------------------------------------------------------------------------------------


def timed(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up
    return statistics.median(timed(fn) for _ in range(repeat))


RESULTS: list[tuple[str, float, float | None, str]] = []


def report(label: str, ratio: float, target: float | None, detail: str) -> None:
    verdict = "" if target is None else ("PASS" if ratio <= target else "MISS")
    RESULTS.append((label, ratio, target, verdict))
    goal = "(no target)" if target is None else f"target <= {target:g}x"
    print(f"  {label:<58} {ratio:7.2f}x  {goal:<18} {verdict:<4}  {detail}")


# -- the measures ------------------------------------------------------------------------------------------------------


class Run(NamedTuple):
    workdir: str
    n: int
    e: int
    steps: Steps
    args: argparse.Namespace

    def path(self, name: str) -> str:
        return os.path.join(self.workdir, name)


def measure_writes(run: Run) -> tuple[list[UUID], Any]:
    """W1 (one use case per event) and W2 (one save per history), each against its raw floor."""
    n, e, steps = run.n, run.e, run.steps
    app = app_at(run.path("w1.sqlite3"))
    ids: list[UUID] = []
    w1 = timed(lambda: ids.extend(write_per_command(app, i, steps) for i in range(n)))
    con = sqlite3.connect(run.path("w1.sqlite3"))
    count, avg_state, topic = con.execute(
        "SELECT count(*), avg(length(state)), max(topic) FROM stored_events WHERE topic LIKE 'qualicoop.cooperative.%'"
    ).fetchone()
    con.close()
    assert count == n * e, (count, n * e)
    rows = floor_rows(n, e, round(avg_state), topic)
    f1 = floor_write(run.path("f1.sqlite3"), rows, per_row=True)
    app2 = app_at(run.path("w2.sqlite3"))
    sample = min(n, 200)
    domain_only = timed(lambda: [build_whole_history(i, steps).collect_events() for i in range(sample)]) * n / sample
    w2 = timed(lambda: [app2.save(build_whole_history(i, steps)) for i in range(n)])
    f2 = floor_write(run.path("f2.sqlite3"), rows, per_row=False)
    app2.close()
    total = n * e
    print(f"\nAverage stored state of a cooperative event: {round(avg_state)} bytes (floor rows use that size).\n")
    print("Writes")
    report("W1 per command (1 txn per event) vs raw 1 txn per row", w1 / f1, 6,
           f"app {w1:.2f}s ({1e6 * w1 / total:.0f} µs/event), floor {f1:.2f}s ({1e6 * f1 / total:.0f} µs/row)")  # fmt: skip
    report("W2 whole history (1 save per coop) vs raw 1 txn per coop", w2 / f2, 6,
           f"app {w2:.2f}s ({1e6 * w2 / total:.0f} µs/event; of which ~{domain_only:.2f}s building the "
           f"aggregates in memory), floor {f2:.2f}s")  # fmt: skip
    report("W2 without the in-memory domain work vs the same floor", max(w2 - domain_only, 0) / f2, None,
           f"{w2 - domain_only:.2f}s")  # fmt: skip
    return ids, app


def measure_reads(run: Run, app: Any, ids: list[UUID]) -> None:
    """R1 (load every cooperative) and R2 (every full history decoded) against the raw select of their rows."""
    r1 = timed(lambda: [app.cooperative(c) for c in ids])
    r2 = timed(lambda: [app.history(c) for c in ids])
    fr = floor_read(run.path("f2.sqlite3"), [UUID(int=c + 1).hex for c in range(run.n)])
    print("Reads")
    report("R1 load every cooperative (snapshot) vs raw select of its rows", r1 / fr, None,
           f"app {r1:.2f}s ({1e3 * r1 / run.n:.2f} ms/coop), floor {fr:.2f}s")  # fmt: skip
    report("R2 full history decoded, every coop vs raw select of its rows", r2 / fr, None,
           f"app {r2:.2f}s ({1e3 * r2 / run.n:.2f} ms/coop)")  # fmt: skip


def measure_long(run: Run) -> None:
    """L (loads independent of the history's length) and A (as of a day against one full replay)."""
    long, repeat = run.args.long, run.args.repeat
    app = app_at(run.path("long.sqlite3"))
    ids = {size: write_per_command(app, 900_001 + k, script(size))
           for k, size in enumerate((long, 100, long + 49, 149))}  # fmt: skip

    def load(size: int) -> float:
        return median_time(lambda: app.cooperative(ids[size]), repeat)

    for (a, b), label in (((long, 100), f"L  load a {long}-event history vs a 100-event one"),
                          ((long + 49, 149), f"L' load {long + 49} events vs 149 (49 events past the snapshot)")):  # fmt: skip
        t_a, t_b = load(a), load(b)
        report(label, t_a / t_b, 1.5, f"{1e3 * t_a:.2f} ms vs {1e3 * t_b:.2f} ms")
    events = app.history(ids[long])
    middle = events[len(events) // 2].effective_on
    for size, day, label in ((long, TODAY, f"A  as_of(today) of {long} events"),
                             (long, middle, f"A  as_of({middle}) of {long} events"),
                             (100, TODAY, "A  as_of(today) of 100 events")):  # fmt: skip
        t_replay = median_time(lambda s=size: full_replay(app, ids[s]), repeat)
        t_asof = median_time(lambda s=size, d=day: app.as_of(ids[s], d), repeat)
        report(f"{label} vs one full replay", t_asof / t_replay, 1.1,
               f"{1e3 * t_asof:.2f} ms vs {1e3 * t_replay:.2f} ms")  # fmt: skip
    app.close()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cooperatives", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100, help="events per cooperative")
    parser.add_argument("--long", type=int, default=2000, help="events of the long history (L and A)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="50 cooperatives: a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.cooperatives, args.repeat = 50, 7
    return args


def main() -> None:
    args = arguments()
    run = Run(tempfile.mkdtemp(prefix="qualicoop-bench-"), args.cooperatives, args.events, script(args.events), args)
    print(f"Quali'Coop ES write/read benchmark — {run.n} cooperatives x {run.e} events, SQLite "
          f"{sqlite3.sqlite_version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU")  # fmt: skip
    try:
        ids, app = measure_writes(run)
        measure_reads(run, app, ids)
        app.close()
        measure_long(run)
        missed = [label for label, _, _, verdict in RESULTS if verdict == "MISS"]
        passed = sum(1 for r in RESULTS if r[3] == "PASS")
        print(f"\n{passed} PASS, {len(missed)} MISS" + (": " + "; ".join(missed) if missed else ""))
    finally:
        shutil.rmtree(run.workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
