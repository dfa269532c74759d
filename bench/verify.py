"""Benchmark of the hash chain (not a test): ``verify`` against the raw-driver floor, and the ledger's cost.

    .venv/bin/python bench/verify.py [--coops 2000] [--dir /tmp/qualicoop-bench-verify] [--postgres URL|none]

The network is generated as in bench/rebuild.py (each cooperative's history on the aggregate, ~100 events, saved
once per cooperative), then only the integrity ledger is built (``Projector.rebuild(["integrity"])``).

Printed figures, measured in the same run on the same store:
  floor    reading every stored row with the raw driver (sqlite3 / psycopg, pages of 10,000 by position) and
           chaining them with hashlib and the documented layout (docs/integrity.md), nothing else;
  verify   ``qualicoop_es.integrity.verify.verify``: the same rows read through the recorder's public
           ``select_notifications``, the ledger read beside them, every digest recomputed and compared;
           target ≤ 1.5× the floor on SQLite;
  ledger   a command (an indicator measured) answered after its read models caught up, with and without the
           integrity ledger among them (median of alternating commands); target ≤ 1.15×.
PostgreSQL is measured in a fresh schema of ``--postgres`` (default: the local test database) when it answers.
"""

from __future__ import annotations

import argparse
import hashlib
import secrets
import shutil
import sqlite3
import statistics
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from rebuild import TODAY, generate  # the same generated network as the rebuild benchmark

from qualicoop_es.bootstrap import Services, build
from qualicoop_es.config import Settings
from qualicoop_es.integrity.ledger import NAME
from qualicoop_es.integrity.verify import verify
from qualicoop_es.projections.runner import Projector

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
PAGE = 10_000
HEAD = struct.Struct(">32sQQIII")


def chain_rows(rows: list[tuple[Any, ...]], digest: bytes, as_bytes: Callable[[Any], bytes]) -> bytes:
    for nid, oid, version, topic, state in rows:
        o, t = as_bytes(oid), topic.encode()
        digest = hashlib.sha256(HEAD.pack(digest, nid, version, len(o), len(t), len(state)) + o + t + state).digest()
    return digest


def sqlite_floor(path: Path) -> tuple[float, str]:
    started, after, digest = time.perf_counter(), 0, bytes(32)
    db = sqlite3.connect(path)
    sql = ("SELECT rowid, originator_id, originator_version, topic, state FROM stored_events WHERE rowid > ? "
           "ORDER BY rowid LIMIT ?")  # fmt: skip
    while rows := db.execute(sql, (after, PAGE)).fetchall():
        digest, after = chain_rows(rows, digest, bytes.fromhex), rows[-1][0]
    db.close()
    return time.perf_counter() - started, digest.hex()


def uuid_bytes(value: UUID) -> bytes:
    return value.bytes


def postgres_floor(url: str, schema: str) -> tuple[float, str]:
    import psycopg

    started, after, digest = time.perf_counter(), 0, bytes(32)
    with psycopg.connect(url) as db:
        sql = (f'SELECT notification_id, originator_id, originator_version, topic, state FROM "{schema}".'
               "qualicoop_events WHERE notification_id > %s ORDER BY notification_id LIMIT %s")  # fmt: skip
        while rows := db.execute(sql, (after, PAGE)).fetchall():
            digest, after = chain_rows(rows, digest, uuid_bytes), rows[-1][0]
    return time.perf_counter() - started, digest.hex()


def detach(svc: Services) -> None:
    svc.app.after_save.clear()


def network(settings: Settings, coops: int) -> tuple[Services, int, float]:
    svc = build(settings, clock=lambda: TODAY)
    detach(svc)
    svc.app.ensure_catalogue(actor="staff")
    events = generate(svc, coops)
    assert svc.projector is not None
    started = time.perf_counter()
    svc.projector.rebuild([NAME])
    return svc, events, time.perf_counter() - started


def library_read(svc: Services) -> float:
    """Reading every notification through the library's public select_notifications (pages of 10,000), nothing
    else: what verify cannot go below on the public path."""
    started, after = time.perf_counter(), 0
    while page := svc.app.recorder.select_notifications(after, PAGE, inclusive_of_start=False):
        after = page[-1].id
    return time.perf_counter() - started


def compare(label: str, svc: Services, events: int, floor: Callable[[], tuple[float, str]], target: str) -> None:
    floors, verifies, reads = [], [], []
    for _ in range(3):
        reads.append(library_read(svc))
        took, head = floor()
        floors.append(took)
        outcome = verify(svc.app.recorder, svc.engine)
        assert outcome.ok and outcome.head_digest == head, (outcome, head)
        verifies.append(outcome.seconds)
    base, ours = min(floors), min(verifies)
    print(f"{label}: floor (raw driver + hashlib) {base:.2f} s ({events / base:,.0f} events/s); verify {ours:.2f} s "
          f"({events / ours:,.0f} events/s); ratio {ours / base:.2f} (target {target}); the library's "
          f"select_notifications alone {min(reads):.2f} s ({min(reads) / base:.2f}× the floor; verify is "
          f"{ours / min(reads):.2f}× it)")  # fmt: skip


def ledger_cost(svc: Services, commands: int = 60) -> tuple[float, float]:
    """Median time of a command whose read models catch up before it answers, with and without the ledger."""
    assert svc.projector is not None
    plain = Projector(svc.app, svc.engine)  # the default read models, without the ledger
    svc.projector.catch_up()
    coop_ids = list(svc.app.cooperative_ids())
    timed: dict[bool, list[float]] = {True: [], False: []}
    for i in range(commands):
        for ledger in (True, False) if i % 2 else (False, True):
            svc.app.after_save[:] = [(svc.projector if ledger else plain).after_save]
            started = time.perf_counter()
            svc.app.measure_indicator(coop_ids[i % len(coop_ids)], "I1", f"{i}.5", actor="staff", effective_on=TODAY)
            timed[ledger].append(time.perf_counter() - started)
            svc.projector.catch_up()  # the ledger at the head again before the next command
    detach(svc)
    return statistics.median(timed[True]) * 1000, statistics.median(timed[False]) * 1000


def report_ledger(label: str, svc: Services) -> None:
    with_ledger, without = ledger_cost(svc)
    print(f"{label}: a command with the integrity ledger among its read models {with_ledger:.2f} ms, without "
          f"{without:.2f} ms (median; ×{with_ledger / without:.2f}, target ≤ 1.15)")  # fmt: skip


def postgres_schema(url: str) -> str | None:
    """A fresh schema in the database at ``url``, or None when no server answers."""
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=2, autocommit=True) as admin:
            schema = f"qc_bench_{secrets.token_hex(4)}"
            admin.execute(f'CREATE SCHEMA "{schema}"')
            return schema
    except Exception as error:
        print(f"PostgreSQL: not measured ({type(error).__name__}: {error})")
        return None


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def run_sqlite(directory: Path, coops: int) -> None:
    path = directory / "verify.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    svc, events, ledger = network(Settings(database_url=f"sqlite:///{path}"), coops)
    print(f"SQLite network: {coops} cooperatives, {events} events (generated in {time.perf_counter() - started:.1f} s; "
          f"ledger built from the log in {ledger:.2f} s)")  # fmt: skip
    compare("SQLite verify", svc, events, lambda: sqlite_floor(path), "≤ 1.50")
    report_ledger("SQLite ledger", svc)
    svc.close()


def run_postgres(url: str, coops: int) -> None:
    schema = postgres_schema(url)
    if schema is None:
        return
    try:
        started = time.perf_counter()
        svc, events, ledger = network(Settings(database_url=f"{url}?schema={schema}"), coops)
        print(f"PostgreSQL network: {coops} cooperatives, {events} events (generated in "
              f"{time.perf_counter() - started:.1f} s; ledger built in {ledger:.2f} s)")  # fmt: skip
        compare("PostgreSQL verify", svc, events, lambda: postgres_floor(url, schema), "reported")
        report_ledger("PostgreSQL ledger", svc)
        svc.close()
    finally:
        drop_schema(url, schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coops", type=int, default=2000, help="~100 events each")
    parser.add_argument("--pg-coops", type=int, default=None, help="PostgreSQL network (default: --coops)")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/qualicoop-bench-verify"))
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="a database URL, or 'none'")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    try:
        run_sqlite(args.dir, args.coops)
    finally:
        shutil.rmtree(args.dir, ignore_errors=True)
    if args.postgres != "none":
        run_postgres(args.postgres, args.pg_coops or args.coops)


if __name__ == "__main__":
    main()
