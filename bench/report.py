"""Benchmark of the annual reports (not a test): one streaming pass vs the floor of reading the same events.

    .venv/bin/python bench/report.py [--copies 4] [--coops 165] [--years 10] [--dir /tmp/qualicoop-bench-report]
                                     [--rounds 3] [--keep | --reuse]

The network: the demonstration network (``--coops``, over ``--years`` calendar years up to today, as ``qualicoop
demo --years``; generated in memory) copied ``--copies`` times under new cooperative ids (the same facts,
re-encoded by the library's mapper, inserted through the recorder's public ``insert_events``) into a SQLite file:
about 70 events per cooperative, so ``--coops 165 --copies 44`` gives ≈ 500,000 events over ten years (the size
issue 12 asks for).

Printed figures, each measured in a fresh process on the same store (peak memory: that process's max RSS; with
``--rounds N``, N times in alternating order, shown as min–max of the wall-clock and CPU seconds, ratios of the
best times; ``--keep`` leaves the store in ``--dir``, ``--reuse`` measures the one already there):
  floor      reading and decoding every cooperative event through the library (``select_notifications`` in pages,
             ``app.mapper.to_domain_event``), nothing else;
  one year   ``build_reports`` for the last complete year (with the year before, for year-on-year): target ≤ 1.5×;
  all years  every year of the log in one pass: target ≤ 2×.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qualicoop_es import demo
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from qualicoop_es.reports.build import Request, build_reports, first_year
from qualicoop_es.reports.replay import decoded

TODAY = date(2026, 11, 26)


def generate(path: Path, coops: int, copies: int, years: int) -> int:
    """The demo network in memory, then ``copies`` copies of its cooperatives' events into the SQLite file."""
    svc = build(Settings(database_url="memory://"), clock=lambda: TODAY)
    demo.load(svc, count=coops, seed=2022, today=TODAY, progress=False, years=years)
    source = svc.app
    events = [e for _, e in decoded(source, source.recorder.max_notification_id() or 0)]
    target = QualicoopApplication(Settings(database_url=f"sqlite:///{path}").event_store_env())
    written = 0
    for copy in range(copies):
        batch = [target.mapper.to_stored_event(dataclasses.replace(
            e, originator_id=uuid5(NAMESPACE_URL, f"bench/{copy}/{e.originator_id}"))) for e in events]  # fmt: skip
        for start in range(0, len(batch), 20_000):
            target.recorder.insert_events(batch[start : start + 20_000])
        written += len(batch)
        print(f"  copie {copy + 1}/{copies} : {written} événements", file=sys.stderr)
    target.close()
    svc.close()
    return written


def measure(kind: str, path: Path) -> dict[str, float]:
    """One measurement (run in a process of its own): seconds and peak resident memory (MiB)."""
    app = QualicoopApplication(Settings(database_url=f"sqlite:///{path}").event_store_env())
    first = first_year(app) or TODAY.year  # what the bench asks for, outside the measure (the report checks it again)
    request = Request(TODAY.year - 1 if kind == "one" else first, TODAY.year - 1)
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "floor":
        count = sum(1 for _ in decoded(app, app.recorder.max_notification_id() or 0))
    else:
        count = len(build_reports(app, None, request, today=TODAY))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak_mib(), "count": count}


def peak_mib() -> float:
    """This process's peak resident memory. Linux's ``VmHWM`` starts afresh at ``exec``; ``ru_maxrss`` does not
    (it would show the parent's size when it forked: the generated network, with no ``--reuse``)."""
    try:
        status = Path("/proc/self/status").read_text()
        return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_process(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--measure", kind, "--dir", str(path.parent)], check=True,
                         capture_output=True, text=True)  # fmt: skip
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coops", type=int, default=165)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--years", type=int, default=10, help="calendar years of history, today's included")
    parser.add_argument("--dir", default="/tmp/qualicoop-bench-report")
    parser.add_argument("--rounds", type=int, default=1, help="measure each figure this many times (min–max)")
    parser.add_argument("--reuse", action="store_true", help="measure the network already in --dir")
    parser.add_argument("--keep", action="store_true", help="leave the network in --dir")
    parser.add_argument("--measure", choices=["floor", "one", "all"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = Path(args.dir) / "events.sqlite3"
    if args.measure:
        print(json.dumps(measure(args.measure, path)))
        return
    if not (args.reuse and path.exists()):
        shutil.rmtree(args.dir, ignore_errors=True)
        Path(args.dir).mkdir(parents=True)
        started = time.perf_counter()
        events = generate(path, args.coops, args.copies, args.years)
        print(f"Réseau : {args.coops} coopératives × {args.copies} copies sur {args.years} ans, {events} événements "
              f"(généré en {time.perf_counter() - started:.0f} s)")  # fmt: skip
    report(rounds(path, args.rounds))
    if not (args.keep or args.reuse):
        shutil.rmtree(args.dir, ignore_errors=True)


def rounds(path: Path, count: int) -> dict[str, list[dict[str, float]]]:
    """Each figure ``count`` times, each round in another order (the machine's load moves meanwhile)."""
    kinds = ["floor", "one", "all"]
    got: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    for n in range(count):
        for kind in kinds if n % 2 == 0 else kinds[::-1]:
            got[kind].append(in_process(kind, path))
    return got


def report(got: dict[str, list[dict[str, float]]]) -> None:
    """Seconds (wall and CPU, min–max over the rounds), peak memory, and the ratios of the best times."""

    def span(kind: str, key: str) -> str:
        values = [g[key] for g in got[kind]]
        return f"{min(values):6.2f}–{max(values):<6.2f}"

    def best(kind: str, key: str) -> float:
        return min(g[key] for g in got[kind])

    print(f"  {'':26} {'s (réel)':>13}   {'s (CPU)':>13}   mémoire max")
    for kind, label, target in (("floor", "plancher (lire + décoder)", None), ("one", "une année", 1.5),
                                ("all", "toutes les années", 2.0)):  # fmt: skip
        line = f"  {label:<26} {span(kind, 'seconds')}   {span(kind, 'cpu')}   {best(kind, 'peak_mib'):6.0f} Mio"
        if target is not None:
            ratio, cpu = best(kind, "seconds") / best("floor", "seconds"), best(kind, "cpu") / best("floor", "cpu")
            line += f"   {ratio:.2f}× (CPU {cpu:.2f}×) le plancher (cible ≤ {target}×)"
            line += "" if ratio <= target else "  ← au-dessus"
        print(line)


if __name__ == "__main__":
    main()
