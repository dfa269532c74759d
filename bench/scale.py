"""Scale benchmark on PostgreSQL (not a test): a generated network of ``--coops`` cooperatives (10,000 by default,
about 70 events each: ≈ 700,000; ``--coops 30000`` for ≈ 2 million) in a fresh schema, dropped afterwards.

    .venv/bin/python bench/scale.py [--coops 10000] [--workers 4] [--threads 8] [--clients 16] [--seconds 5]
                                    [--postgres postgresql://postgres@127.0.0.1:5432/test]

Printed, each against a floor measured in the same run:
  writes     commands/s of the multi-worker server (``serve --workers``) under ``--clients`` concurrent clients
             (each registers new cooperatives) vs the raw driver inserting event-sized rows, one transaction per
             row, from as many threads into a table of the same shape;
  follower   a new read-model follower catching up from zero (``Projector.catch_up``, every read model and the
             integrity ledger) vs reading and decoding the same events through the library;
  reads      p50 latency of one cooperative, its timeline, the list's first page (today and on a past day) and
             the dashboard's figures on the full network vs on a network of 100 cooperatives: target ≤ 1.5×
             (nothing a user opens may grow with the network).

The network: the demonstration network (``--base`` cooperatives, over ``--years``) generated in memory, copied
under new cooperative ids (the same facts, re-encoded by the library's mapper, inserted through the recorder's
public ``insert_events``) until ``--coops`` cooperatives.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import secrets
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qualicoop_es import bootstrap, demo  # noqa: E402
from qualicoop_es.access import Actor  # noqa: E402
from qualicoop_es.accounts import accounts_of  # noqa: E402
from qualicoop_es.application import QualicoopApplication  # noqa: E402
from qualicoop_es.config import Settings  # noqa: E402
from qualicoop_es.reports.replay import decoded  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_http", Path(__file__).with_name("http.py"))
assert _spec is not None and _spec.loader is not None
web_bench: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(web_bench)

TODAY = date(2026, 11, 26)


def base_events(base: int, years: int) -> list[Any]:
    svc = bootstrap.build(Settings(database_url="memory://"), clock=lambda: TODAY)
    try:
        demo.load(svc, count=base, seed=2022, today=TODAY, progress=False, years=years)
        return [e for _, e in decoded(svc.app, svc.app.recorder.max_notification_id() or 0)]
    finally:
        svc.close()


def generate(url: str, coops: int, base: int, years: int) -> tuple[int, list[UUID]]:
    """The network in the store: (events, the cooperatives' ids); its catalogue, no read model yet."""
    events = base_events(base, years)
    app = QualicoopApplication(Settings(database_url=url).event_store_env())
    app.ensure_catalogue()
    written, ids, copy = 0, list[UUID](), 0
    per_copy = len({e.originator_id for e in events})
    while len(ids) < coops:
        keep = {e.originator_id for e in events} if len(ids) + per_copy <= coops else \
            set(list(dict.fromkeys(e.originator_id for e in events))[: coops - len(ids)])  # fmt: skip
        batch = [app.mapper.to_stored_event(dataclasses.replace(
            e, originator_id=uuid5(NAMESPACE_URL, f"scale/{copy}/{e.originator_id}"))) for e in events
            if e.originator_id in keep]  # fmt: skip
        for start in range(0, len(batch), 20_000):
            app.recorder.insert_events(batch[start : start + 20_000])
        ids += [uuid5(NAMESPACE_URL, f"scale/{copy}/{oid}") for oid in dict.fromkeys(e.originator_id for e in events)
                if oid in keep]  # fmt: skip
        written, copy = written + len(batch), copy + 1
        print(f"  {len(ids)} coopératives, {written} événements", file=sys.stderr)
    app.close()
    return written, ids


def follower(url: str) -> tuple[float, float]:
    """(floor seconds, catch-up seconds): reading and decoding the log, then a follower filling every read model."""
    app = QualicoopApplication(Settings(database_url=url).event_store_env())
    began = time.perf_counter()
    head = app.recorder.max_notification_id() or 0
    start = 0
    while start < head:
        page = app.recorder.select_notifications(start, 2000, stop=head, inclusive_of_start=False)
        for notification in page:
            app.mapper.to_domain_event(notification)
        start = page[-1].id if page else head
    floor = time.perf_counter() - began
    app.close()
    began = time.perf_counter()
    bootstrap.build(Settings(database_url=url)).close()  # creates the read models, catches up from zero
    return floor, time.perf_counter() - began


def token(url: str) -> str:
    svc = bootstrap.build(Settings(database_url=url))
    try:
        people = accounts_of(svc)
        people.add("bench@bench.test", role="federation", actor=Actor.operator("bench"), display_name="bench")
        return str(people.create_token("bench@bench.test", label="bench")[0])
    finally:
        svc.close()


def raw_inserts(url: str, clients: int, seconds: float) -> float:
    """The driver's floor: event-sized rows, one transaction each, from ``clients`` threads: rows/s."""
    import psycopg

    base, schema = url.split("?schema=")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE TABLE "{schema}".raw_floor (originator_id uuid, originator_version bigint, '
                     "topic text, state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))")  # fmt: skip
    counts = [0] * clients
    stop_at = time.perf_counter() + seconds
    state = secrets.token_bytes(600)

    def insert(i: int) -> None:
        with psycopg.connect(base, autocommit=True) as conn:
            while time.perf_counter() < stop_at:
                conn.execute(f'INSERT INTO "{schema}".raw_floor VALUES (%s, 1, %s, %s)',
                             (uuid5(NAMESPACE_URL, f"{i}/{counts[i]}"), "raw", state))  # fmt: skip
                counts[i] += 1

    threads = [threading.Thread(target=insert, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / seconds


def writes(port: int, bearer: str, clients: int, seconds: float) -> dict[str, float]:
    """New cooperatives registered by ``clients`` concurrent clients (one command each)."""
    import json

    def make(i: int, n: int) -> tuple[str, str, bytes]:
        number = 90_000_000 + i * 100_000 + n
        body = {"name": f"Coop banc {i}-{n}", "siren": web_bench.siren(number), "legal_form": "SCP",
                "departement": "35", "activities": ["locatif_social"], "effective_on": "2024-01-08"}  # fmt: skip
        return "POST", "/api/v1/cooperatives", json.dumps(body).encode()

    return dict(web_bench.drive(port, bearer, make, clients, seconds, 201))


def reads(port: int, bearer: str, coops: list[UUID], rounds: int = 60) -> dict[str, float]:
    """p50 latency (ms) of what a user opens, on cooperatives spread over the network."""
    paths = {
        "une coopérative": lambda c: f"/api/v1/cooperatives/{c}",
        "son historique": lambda c: f"/api/v1/cooperatives/{c}/timeline",
        "liste, 1re page": lambda c: "/api/v1/cooperatives?page=1&per_page=50",
        "liste, date passée": lambda c: f"/api/v1/cooperatives?page=1&per_page=50&on={TODAY.year - 1}-06-30",
        "tableau de bord": lambda c: "/api/v1/network/figures",
    }
    step = max(len(coops) // rounds, 1)
    chosen = coops[::step][:rounds]
    found = {}
    for name, path in paths.items():
        runs = [web_bench.drive(port, bearer, lambda i, n, c=c, p=path: ("GET", p(c), None), 1, 0.05, 200)
                for c in chosen]  # fmt: skip
        found[name] = statistics.median(r["p50_ms"] for r in runs)
    return found


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coops", type=int, default=10_000)
    parser.add_argument("--base", type=int, default=165, help="cooperatives of the demo network copied")
    parser.add_argument("--years", type=int, default=5, help="calendar years of the demo's histories")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    return parser.parse_args()


def small_network(args: argparse.Namespace, tmp: str) -> dict[str, float]:
    """The reads on 100 cooperatives (their own schema), the reference of the ratio."""
    with web_bench.store(args.postgres, tmp) as url:
        _, ids = generate(url, 100, min(args.base, 100), args.years)
        bootstrap.build(Settings(database_url=url)).close()
        bearer = token(url)
        with web_bench.server(url, tmp, args.threads, args.workers) as (port, _):
            return reads(port, bearer, ids)


def full_network(args: argparse.Namespace, tmp: str) -> dict[str, Any]:
    with web_bench.store(args.postgres, tmp) as url:
        began = time.perf_counter()
        events, ids = generate(url, args.coops, args.base, args.years)
        print(f"Réseau : {len(ids)} coopératives, {events} événements (généré en {time.perf_counter() - began:.0f} s)")
        floor, catch_up = follower(url)
        bearer = token(url)
        with web_bench.server(url, tmp, args.threads, args.workers) as (port, _):
            found: dict[str, Any] = {"reads": reads(port, bearer, ids)}
            found["writes"] = writes(port, bearer, args.clients, args.seconds)
        found["raw"] = raw_inserts(url, args.clients, args.seconds)
        found["follower"] = (floor, catch_up)
        return found


def report(args: argparse.Namespace, small: dict[str, float], full: dict[str, Any]) -> None:
    w, raw = full["writes"], full["raw"]
    print(f"écritures : {w['rps']:.0f} commandes/s ({w['errors']} erreurs, p99 {w['p99_ms']:.0f} ms), "
          f"{args.workers} processus × {args.threads} fils, {args.clients} clients ; plancher du pilote "
          f"{raw:.0f} insertions/s → {w['rps'] / raw:.2f}× le plancher")  # fmt: skip
    floor, catch_up = full["follower"]
    print(f"suivi depuis zéro : {catch_up:.1f} s ; plancher (lire + décoder) {floor:.1f} s → {catch_up / floor:.2f}×")
    print(f"{'lecture (p50)':<20}{'100 coop.':>12}{f'{args.coops} coop.':>14}{'rapport':>10}  cible ≤ 1.5×")
    for name, reference in small.items():
        big = full["reads"][name]
        ratio = big / reference
        print(f"{name:<20}{reference:>10.1f}ms{big:>12.1f}ms{ratio:>9.2f}×  {'ok' if ratio <= 1.5 else 'MANQUÉ'}")


def main() -> None:
    args = arguments()
    with tempfile.TemporaryDirectory(prefix="qualicoop-scale-") as tmp:
        small = small_network(args, tmp)
        full = full_network(args, tmp)
    report(args, small, full)


if __name__ == "__main__":
    main()
