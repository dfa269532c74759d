"""HTTP benchmark: the real server (waitress, several threads) in a subprocess, driven by concurrent clients.

Measured in the same run: a trivial endpoint of the same server (GET /api/v1/health) as the floor, then reading a
cooperative, reading its timeline, and recording a command (a checkpoint). Prints requests/second, p50/p99
latency, and each throughput as a ratio to the floor. Targets: reads ≥ 0.5× the floor, commands ≥ 0.25×.

    .venv/bin/python bench/http.py [--clients 8] [--seconds 2] [--rounds 3] [--cooperatives 16] [--threads 8]
                                   [--workers 1] [--postgres postgresql://127.0.0.1:5432/test]
"""

from __future__ import annotations

import os
import sys

# This file is named like the standard library's ``http``: drop its folder from the path before importing it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402
from uuid import UUID  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualicoop_es import bootstrap  # noqa: E402
from qualicoop_es.access import Actor  # noqa: E402
from qualicoop_es.accounts import accounts_of  # noqa: E402
from qualicoop_es.aggregates.values import siren_with_key  # noqa: E402
from qualicoop_es.application import QualicoopApplication  # noqa: E402
from qualicoop_es.config import Settings  # noqa: E402

START = date(2024, 1, 8)
IDENTITY = {"homes_managed": 900, "homes_delivered_per_year": 30, "members": 500, "staff": 20,
            "governance_bodies": "Conseil d'administration", "contact": "referent"}  # fmt: skip
INTENT = {"motivations": "m", "ambitions": "a", "human_means": "h", "financial_means": "f",
          "stakeholders": ["administrateurs", "salaries"]}  # fmt: skip


def siren(n: int) -> str:
    return siren_with_key(f"{n:08d}")


def engaged_cooperative(app: QualicoopApplication, n: int, actor: str, member: str) -> UUID:
    """A cooperative with a complete dossier (8 engagements), submitted and validated: ~40 events."""
    acts = ["locatif_social"]
    coop = app.register_cooperative(actor=Actor.operator(actor), name=f"Coop bench {n}", siren=siren(n), legal_form="SCP",
                                    departement="35", activities=acts, effective_on=START).aggregate_id  # fmt: skip
    app.request_kit(coop, actor=Actor.operator(actor), effective_on=START)
    app.hold_first_meeting(coop, actor=Actor.operator(actor), effective_on=START)
    app.update_identity(coop, IDENTITY, actor=Actor.operator(actor), effective_on=START)
    app.update_intent_note(coop, INTENT, actor=Actor.operator(actor), effective_on=START)
    for number in (1, 2, 5, 6, 9, 10, 3, 7):
        app.choose_engagement(
            coop, number, actor=Actor.operator(actor), activities=acts, context="c", effective_on=START
        )
        app.add_action(coop, number, actor=Actor.operator(actor), title=f"Action {number}", effective_on=START)
        app.define_indicator(coop, number, actor=Actor.operator(actor), effective_on=START, fields={
            "label": "Logements", "unit": "u", "target": "10", "target_date": date(2026, 1, 1)})  # fmt: skip
    day = START + timedelta(days=30)
    app.submit_dossier(coop, actor=Actor.operator(actor), effective_on=day)
    judged = app.cooperative(coop).version - 1
    app.record_verdict(coop, actor=Actor.operator(member), kind="validate", session_reference="Comité", members_present=[member],
                       rationale="ok", judged_version=judged, effective_on=day + timedelta(days=10))  # fmt: skip
    return coop


def prepare(url: str, count: int) -> tuple[str, list[UUID]]:
    """A federation token and ``count`` engaged cooperatives."""
    services = bootstrap.build(Settings(database_url=url))
    try:
        services.app.ensure_catalogue()
        accounts = accounts_of(services)
        view = accounts.add("bench@bench.test", role="federation", actor=Actor.operator("bench"), display_name="bench")
        member = accounts.add("comite@bench.test", role="committee", actor=Actor.operator("bench"), display_name="Comité (bench)",
                              effective_on=START).account_id  # fmt: skip
        coops = [engaged_cooperative(services.app, n, view.account_id, member) for n in range(1, count + 1)]
        token, _ = accounts.create_token(view.email, label="bench")
        return token, coops
    finally:
        services.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


Request = Callable[[int, int], tuple[str, str, bytes | None]]


def drive(port: int, token: str, make: Request, clients: int, seconds: float, expect: int) -> dict[str, float]:
    """``clients`` threads, each with a keep-alive connection, for ``seconds``; returns rps and latencies."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    stop_at = time.perf_counter() + seconds
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        n = 0
        while time.perf_counter() < stop_at:
            method, path, body = make(i, n)
            began = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()  # reconnect on the next request
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            latencies[i].append(time.perf_counter() - began)
            if status != expect:
                errors[i] += 1
            n += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    flat = sorted(x for per in latencies for x in per) or [float("nan")]
    return {"requests": len(flat), "errors": sum(errors), "rps": len(flat) / elapsed,
            "p50_ms": statistics.median(flat) * 1000, "p99_ms": flat[int(len(flat) * 0.99) - 1] * 1000}  # fmt: skip


def median_run(runs: list[dict[str, float]]) -> dict[str, float]:
    """The round with the median throughput; requests and errors summed over all rounds."""
    middle = sorted(runs, key=lambda r: r["rps"])[len(runs) // 2]
    return {**middle, "requests": sum(r["requests"] for r in runs), "errors": sum(r["errors"] for r in runs)}


@contextmanager
def store(postgres: str | None, tmp: str) -> Iterator[str]:
    """The database URL to run on: a SQLite file in ``tmp``, or a fresh schema of ``postgres`` (dropped after)."""
    if not postgres:
        yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    import psycopg

    parts = urlsplit(postgres)
    schema = f"qc_bench_{secrets.token_hex(4)}"
    with psycopg.connect(urlunsplit(parts._replace(query="")), autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield urlunsplit(parts._replace(query=f"schema={schema}"))
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


Scenario = tuple[str, Request, int]
TARGETS = {"GET cooperative": 0.5, "GET timeline": 0.5, "POST checkpoint": 0.25}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=2.0, help="per scenario and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cooperatives", type=int, default=16)
    parser.add_argument("--threads", type=int, default=8, help="threads per server process")
    parser.add_argument("--workers", type=int, default=1, help="server processes (beyond 1: gunicorn)")
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL database to run on, in a fresh schema "
                        "dropped afterwards (default: a temporary SQLite file)")  # fmt: skip
    return parser.parse_args()


def scenarios(reads: list[UUID], writes: list[UUID]) -> list[Scenario]:
    """The floor, then two reads and a command, each on the cooperatives in turn."""
    c, w = reads, writes
    return [
        ("floor: GET /api/v1/health", lambda i, n: ("GET", "/api/v1/health", None), 200),
        ("GET cooperative", lambda i, n: ("GET", f"/api/v1/cooperatives/{c[(i + n) % len(c)]}", None), 200),
        ("GET timeline", lambda i, n: ("GET", f"/api/v1/cooperatives/{c[(i + n) % len(c)]}/timeline", None), 200),
        ("POST checkpoint", lambda i, n: ("POST", f"/api/v1/cooperatives/{w[i % len(w)]}/checkpoints",
                                          json.dumps({"summary": f"Point {n}"}).encode()), 200),
    ]  # fmt: skip


@contextmanager
def server(url: str, tmp: str, threads: int, workers: int = 1, port: int | None = None) -> Iterator[tuple[int, int]]:
    """The real server (waitress, or gunicorn with ``workers`` > 1) on ``port`` (default: a free one), in a
    subprocess: yields its port and pid once it answers."""
    port = port or free_port()
    env = {**os.environ, "QUALICOOP_SECRET_KEY": "bench-only"}
    # The server's output goes to a file: a pipe nobody reads fills up and then blocks the server.
    with open(Path(tmp) / "server.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", "from web.serve import run; run()", "--database-url", url, "serve",
             "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads), "--workers", str(workers)],
            cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        try:
            wait_until_up(port, time.monotonic() + 60)
            yield port, process.pid
        finally:
            process.terminate()
            process.wait(timeout=10)


def measure(args: argparse.Namespace) -> list[tuple[str, dict[str, float]]]:
    """Every scenario's median round, the rounds interleaved: a load change on the machine hits every scenario."""
    with tempfile.TemporaryDirectory(prefix="qualicoop-bench-") as tmp, store(args.postgres, tmp) as url:
        # The reads use the first ``--cooperatives``, the checkpoints one more per client: thousands of benchmark
        # checkpoints would otherwise grow the timelines read in the next rounds far past a cooperative's real size.
        token, coops = prepare(url, args.cooperatives + args.clients)
        plan = scenarios(coops[: args.cooperatives], coops[args.cooperatives :])
        runs: dict[str, list[dict[str, float]]] = {name: [] for name, _, _ in plan}
        with server(url, tmp, args.threads, args.workers) as (port, _):
            for _ in range(args.rounds):
                for name, make, expect in plan:
                    runs[name].append(drive(port, token, make, args.clients, args.seconds, expect))
        return [(name, median_run(runs[name])) for name, _, _ in plan]


def report(args: argparse.Namespace, results: list[tuple[str, dict[str, float]]]) -> bool:
    """Print the figures against the floor; whether every target is met without errors."""
    floor = results[0][1]["rps"]
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{args.clients} clients, {args.rounds} interleaved rounds × {args.seconds:g} s per scenario (median round), "
          f"{args.workers} process(es) × {args.threads} threads, {backend}, {args.cooperatives} engaged cooperatives")  # fmt: skip
    print(f"{'scenario':<28}{'req':>7}{'err':>5}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'× floor':>9}  target")
    ok = True
    for name, r in results:
        ratio = r["rps"] / floor
        target = TARGETS.get(name)
        verdict = "" if target is None else (f"≥ {target}  " + ("ok" if ratio >= target else "MISSED"))
        ok = ok and (target is None or ratio >= target) and r["errors"] == 0
        print(f"{name:<28}{r['requests']:>7}{r['errors']:>5}{r['rps']:>9.0f}{r['p50_ms']:>9.2f}{r['p99_ms']:>9.2f}"
              f"{ratio:>9.2f}  {verdict}")  # fmt: skip
    return ok


def main() -> int:
    args = arguments()
    return 0 if report(args, measure(args)) else 1


if __name__ == "__main__":
    sys.exit(main())
