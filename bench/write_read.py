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
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from qualicoop_es.access import Actor
from qualicoop_es.accounts.aggregate import Account
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import siren_with_key
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.config import Settings

TODAY = date(2026, 11, 26)
START = date(2022, 1, 10)
NUMBERS = (1, 2, 3, 5, 6, 9, 10, 11)  # 8 engagements, at least 2 per pillar
PREP_EVENTS = 5 + 3 * len(NUMBERS) + 2  # up to and including the validation
MEMBER = str(uuid5(NAMESPACE_URL, "https://bench.qualicoop.test/comite/1"))


def siren(i: int) -> str:
    body = f"{31_000_000 + i:08d}"
    return siren_with_key(body)


# -- one deterministic history: (command name, keyword arguments) ------------------------------------------------


def script(n_events: int) -> list[tuple[str, dict[str, Any]]]:
    """The commands after registration for a history of ``n_events`` events (n_events >= PREP_EVENTS)."""
    if n_events < PREP_EVENTS:
        raise SystemExit(f"--events must be at least {PREP_EVENTS}")
    ref, fed = "referent-bench", "federation-1"
    day = START
    steps: list[tuple[str, dict[str, Any]]] = [
        ("request_kit", {"actor": ref, "effective_on": day}),
        ("hold_first_meeting", {"actor": fed, "effective_on": day + timedelta(days=10), "summary": "Rencontre."}),
        ("update_identity", {"actor": ref, "effective_on": day + timedelta(days=11), "changes": {
            "homes_managed": 1200, "homes_delivered_per_year": 40, "members": 800, "staff": 25,
            "governance_bodies": "Conseil d'administration de 12 membres ; assemblée générale annuelle.",
            "contact": "Direction générale — référent Quali'Coop"}}),
        ("update_intent_note", {"actor": ref, "effective_on": day + timedelta(days=12), "changes": {
            "motivations": "Rendre lisible notre mission.", "ambitions": "Doubler l'offre en BRS.",
            "human_means": "Un référent à mi-temps.", "financial_means": "50 k€ par an.",
            "stakeholders": ["administrateurs", "salaries"]}}),
    ]  # fmt: skip
    day += timedelta(days=20)
    for k, number in enumerate(NUMBERS, start=1):
        steps += [
            ("change_dossier", {"actor": ref, "effective_on": day, "op": {
                "op": "choose_engagement", "number": number, "activities": ["accession_sociale"],
                "context": "Engagement retenu avec les administrateurs."}}),
            ("change_dossier", {"actor": ref, "effective_on": day, "op": {
                "op": "add_action", "number": number, "title": f"Action de l'engagement n°{number}",
                "description": "Programmer chaque année des opérations en PSLA dans les communes en zone tendue."}}),
            ("change_dossier", {"actor": ref, "effective_on": day, "op": {
                "op": "define_indicator", "number": number, "fields": {
                    "label": f"Logements PSLA lancés par an (n°{k})", "unit": "logements", "baseline": 20,
                    "target": 40, "target_date": date(2024, 6, 30)}}}),
        ]  # fmt: skip
    submitted = day + timedelta(days=30)
    validated = date(2022, 4, 12)
    steps.append(("submit_dossier", {"actor": ref, "effective_on": submitted}))
    judged = 1 + len(steps) - 1  # the version before the submission (registration is version 1)
    steps.append(("record_verdict", {"actor": MEMBER, "effective_on": validated, "kind": "validate",
                                     "session_reference": "CV-2022-04", "members_present": [MEMBER],
                                     "rationale": "Dossier pertinent.", "judged_version": judged}))  # fmt: skip
    k = 0
    while len(steps) + 1 < n_events:
        on = min(TODAY, validated + timedelta(days=1 + k // 4))
        if k % 40 == 39:
            steps.append(("readjust_objectives", {"actor": ref, "effective_on": on, "reason": "Point d'étape.",
                                                  "changes": [{"op": "revise_indicator", "indicator_id": "I1",
                                                               "changes": {"target": 40 + k % 7}}]}))  # fmt: skip
        elif k % 10 == 0:
            steps.append(("hold_checkpoint", {"actor": fed, "effective_on": on, "summary": "Point d'étape."}))
        else:
            steps.append(("measure_indicator", {"actor": ref, "effective_on": on,
                                                "indicator_id": f"I{1 + k % len(NUMBERS)}",
                                                "value": Decimal(20 + k % 20), "comment": "Tableau de bord."}))  # fmt: skip
        k += 1
    return steps


REGISTER: dict[str, Any] = {"actor": Actor.operator("federation-1"), "name": "Coop Habitat Bench", "legal_form": "SCIC", "departement": "44",
            "activities": ["accession_sociale"]}  # fmt: skip


def write_per_command(app: QualicoopApplication, i: int, steps: list[tuple[str, dict[str, Any]]]) -> UUID:
    coop_id = app.register_cooperative(siren=siren(i), effective_on=START, **REGISTER).aggregate_id
    for name, kwargs in steps:
        getattr(app, name)(coop_id, **kwargs)
    return coop_id


def build_whole_history(i: int, steps: list[tuple[str, dict[str, Any]]]) -> Cooperative:
    s = siren(i)
    coop = Cooperative(id=Cooperative.id_for_siren(s), siren=s, effective_on=START, **REGISTER)
    for name, kwargs in steps:
        extra = {"catalogue_version": 1} if name in ("change_dossier", "submit_dossier", "readjust_objectives") else {}
        getattr(coop, name)(today=TODAY, **kwargs, **extra)
    return coop


# -- raw floor ---------------------------------------------------------------------------------------------------------

DDL = ("CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, "
       "PRIMARY KEY (originator_id, originator_version))")  # fmt: skip
INSERT = "INSERT INTO stored_events VALUES (?,?,?,?)"


def raw_connection(path: str) -> sqlite3.Connection:
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(DDL)
    return con


def floor_rows(n_coops: int, n_events: int, state_len: int, topic: str) -> list[list[tuple[str, int, str, bytes]]]:
    state = (b'{"effective_on":{"_type_":"date","_data_":"2022-04-13"},"actor":"referent-bench",' * 64)[:state_len]
    return [[(UUID(int=c + 1).hex, v, topic, state) for v in range(1, n_events + 1)] for c in range(n_coops)]


def floor_write(path: str, rows: list[list[tuple[str, int, str, bytes]]], per_row: bool) -> float:
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


def app_at(path: str, snapshot_interval: int = 50) -> QualicoopApplication:
    env = Settings(database_url=f"sqlite:///{path}").event_store_env()
    app = QualicoopApplication(env, clock=lambda: TODAY, snapshot_interval=snapshot_interval)
    app.ensure_catalogue(actor=Actor.operator("federation-1"))
    member = Account.open(account_id=UUID(MEMBER), actor="federation-1", effective_on=START)
    member.grant(actor="federation-1", effective_on=START, role="committee")
    app.save(member)  # the committee member named present at the verdicts (checked by record_verdict)
    return app


def full_replay(app: QualicoopApplication, coop_id: UUID) -> Cooperative:
    aggregate = None
    for event in app.events.get(coop_id):
        aggregate = event.mutate(aggregate)
    assert aggregate is not None
    return aggregate


RESULTS: list[tuple[str, float, float | None, str]] = []


def report(label: str, ratio: float, target: float | None, detail: str) -> None:
    verdict = "" if target is None else ("PASS" if ratio <= target else "MISS")
    RESULTS.append((label, ratio, target, verdict))
    goal = "(no target)" if target is None else f"target <= {target:g}x"
    print(f"  {label:<58} {ratio:7.2f}x  {goal:<18} {verdict:<4}  {detail}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cooperatives", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100, help="events per cooperative")
    parser.add_argument("--long", type=int, default=2000, help="events of the long history (L and A)")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="50 cooperatives: a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.cooperatives, args.repeat = 50, 7
    n, e = args.cooperatives, args.events
    steps = script(e)
    workdir = tempfile.mkdtemp(prefix="qualicoop-bench-")
    print(f"Quali'Coop ES write/read benchmark — {n} cooperatives x {e} events, SQLite {sqlite3.sqlite_version}, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU")  # fmt: skip
    try:
        # W1: per command
        app = app_at(os.path.join(workdir, "w1.sqlite3"))
        ids: list[UUID] = []
        w1 = timed(lambda: ids.extend(write_per_command(app, i, steps) for i in range(n)))
        con = sqlite3.connect(os.path.join(workdir, "w1.sqlite3"))
        count, avg_state, topic = con.execute(
            "SELECT count(*), avg(length(state)), max(topic) FROM stored_events WHERE topic LIKE 'qualicoop.cooperative.%'"
        ).fetchone()
        con.close()
        assert count == n * e, (count, n * e)
        state_len = round(avg_state)
        rows = floor_rows(n, e, state_len, topic)
        f1 = floor_write(os.path.join(workdir, "f1.sqlite3"), rows, per_row=True)

        # W2: whole history, one save
        app2 = app_at(os.path.join(workdir, "w2.sqlite3"))
        domain_only = timed(lambda: [build_whole_history(i, steps).collect_events() for i in range(min(n, 200))])
        domain_only *= n / min(n, 200)
        w2 = timed(lambda: [app2.save(build_whole_history(i, steps)) for i in range(n)])
        f2 = floor_write(os.path.join(workdir, "f2.sqlite3"), rows, per_row=False)

        # R1, R2: read back
        r1 = timed(lambda: [app.cooperative(c) for c in ids])
        r2 = timed(lambda: [app.history(c) for c in ids])
        fr = floor_read(os.path.join(workdir, "f2.sqlite3"), [UUID(int=c + 1).hex for c in range(n)])

        # L and A: one long and one short history through the application (snapshots every 50)
        app3 = app_at(os.path.join(workdir, "long.sqlite3"))
        long_id = write_per_command(app3, 900_001, script(args.long))
        short_id = write_per_command(app3, 900_002, script(100))
        odd_long = write_per_command(app3, 900_003, script(args.long + 49))
        odd_short = write_per_command(app3, 900_004, script(149))
        t_long = median_time(lambda: app3.cooperative(long_id), args.repeat)
        t_short = median_time(lambda: app3.cooperative(short_id), args.repeat)
        t_odd_long = median_time(lambda: app3.cooperative(odd_long), args.repeat)
        t_odd_short = median_time(lambda: app3.cooperative(odd_short), args.repeat)
        events = app3.history(long_id)
        middle = events[len(events) // 2].effective_on
        t_replay = median_time(lambda: full_replay(app3, long_id), args.repeat)
        t_asof_today = median_time(lambda: app3.as_of(long_id, TODAY), args.repeat)
        t_asof_mid = median_time(lambda: app3.as_of(long_id, middle), args.repeat)
        t_replay_s = median_time(lambda: full_replay(app3, short_id), args.repeat)
        t_asof_s = median_time(lambda: app3.as_of(short_id, TODAY), args.repeat)

        total = n * e
        print(f"\nAverage stored state of a cooperative event: {state_len} bytes (floor rows use that size).\n")
        print("Writes")
        report(
            "W1 per command (1 txn per event) vs raw 1 txn per row",
            w1 / f1,
            6,
            f"app {w1:.2f}s ({1e6 * w1 / total:.0f} µs/event), floor {f1:.2f}s ({1e6 * f1 / total:.0f} µs/row)",
        )
        report("W2 whole history (1 save per coop) vs raw 1 txn per coop", w2 / f2, 6,
               f"app {w2:.2f}s ({1e6 * w2 / total:.0f} µs/event; of which ~{domain_only:.2f}s building the "
               f"aggregates in memory), floor {f2:.2f}s")  # fmt: skip
        report(
            "W2 without the in-memory domain work vs the same floor",
            max(w2 - domain_only, 0) / f2,
            None,
            f"{w2 - domain_only:.2f}s",
        )
        print("Reads")
        report(
            "R1 load every cooperative (snapshot) vs raw select of its rows",
            r1 / fr,
            None,
            f"app {r1:.2f}s ({1e3 * r1 / n:.2f} ms/coop), floor {fr:.2f}s",
        )
        report(
            "R2 full history decoded, every coop vs raw select of its rows",
            r2 / fr,
            None,
            f"app {r2:.2f}s ({1e3 * r2 / n:.2f} ms/coop)",
        )
        report(
            f"L  load a {args.long}-event history vs a 100-event one",
            t_long / t_short,
            1.5,
            f"{1e3 * t_long:.2f} ms vs {1e3 * t_short:.2f} ms",
        )
        report(f"L' load {args.long + 49} events vs 149 (49 events past the snapshot)", t_odd_long / t_odd_short, 1.5,
               f"{1e3 * t_odd_long:.2f} ms vs {1e3 * t_odd_short:.2f} ms")  # fmt: skip
        report(
            f"A  as_of(today) of {args.long} events vs one full replay",
            t_asof_today / t_replay,
            1.1,
            f"{1e3 * t_asof_today:.1f} ms vs {1e3 * t_replay:.1f} ms",
        )
        report(
            f"A  as_of({middle}) of {args.long} events vs one full replay",
            t_asof_mid / t_replay,
            1.1,
            f"{1e3 * t_asof_mid:.1f} ms vs {1e3 * t_replay:.1f} ms",
        )
        report(
            "A  as_of(today) of 100 events vs one full replay",
            t_asof_s / t_replay_s,
            1.1,
            f"{1e3 * t_asof_s:.2f} ms vs {1e3 * t_replay_s:.2f} ms",
        )
        missed = [label for label, _, _, verdict in RESULTS if verdict == "MISS"]
        print(f"\n{len(RESULTS) - len(missed) - sum(1 for r in RESULTS if r[2] is None)} PASS, {len(missed)} MISS"
              + (": " + "; ".join(missed) if missed else ""))  # fmt: skip
        for a in (app, app2, app3):
            a.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
