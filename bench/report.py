"""Benchmark of the annual reports (not a test): one streaming pass vs the floor of reading the same events.

    .venv/bin/python bench/report.py [--copies 4] [--coops 165] [--dir /tmp/qualicoop-bench-report]

The network: the demonstration network (``--coops``, 2022 to today, generated in memory) copied ``--copies``
times under new cooperative ids (the same facts, re-encoded by the library's mapper, inserted through the
recorder's public ``insert_events``) into a SQLite file: about 72 events per cooperative, so ``--coops 165
--copies 42`` gives ≈ 500,000 events (the size issue 12 asks for; the demo spans five years, not ten).

Printed figures, each measured in a fresh process on the same store (peak memory: that process's max RSS):
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


def generate(path: Path, coops: int, copies: int) -> int:
    """The demo network in memory, then ``copies`` copies of its cooperatives' events into the SQLite file."""
    svc = build(Settings(database_url="memory://"), clock=lambda: TODAY)
    demo.load(svc, count=coops, seed=2022, today=TODAY, progress=False)
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
    started, cpu = time.perf_counter(), time.process_time()
    if kind == "floor":
        count = sum(1 for _ in decoded(app, app.recorder.max_notification_id() or 0))
    else:
        first = first_year(app) or TODAY.year
        request = Request(TODAY.year - 1 if kind == "one" else first, TODAY.year - 1)
        count = len(build_reports(app, None, request, today=TODAY))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "cpu": cpu, "peak_mib": peak, "count": count}


def in_process(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--measure", kind, "--dir", str(path.parent)], check=True,
                         capture_output=True, text=True)  # fmt: skip
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coops", type=int, default=165)
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--dir", default="/tmp/qualicoop-bench-report")
    parser.add_argument("--measure", choices=["floor", "one", "all"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = Path(args.dir) / "events.sqlite3"
    if args.measure:
        print(json.dumps(measure(args.measure, path)))
        return
    shutil.rmtree(args.dir, ignore_errors=True)
    Path(args.dir).mkdir(parents=True)
    started = time.perf_counter()
    events = generate(path, args.coops, args.copies)
    print(f"Réseau : {args.coops} coopératives × {args.copies} copies, {events} événements "
          f"(généré en {time.perf_counter() - started:.0f} s)")  # fmt: skip
    floor, one, every = (in_process(k, path) for k in ("floor", "one", "all"))
    print(f"  plancher (lire + décoder)  {floor['seconds']:7.2f} s   mémoire max {floor['peak_mib']:6.0f} Mio")
    for label, got, target in (("une année", one, 1.5), ("toutes les années", every, 2.0)):
        ratio = got["seconds"] / floor["seconds"]
        print(f"  {label:<26} {got['seconds']:7.2f} s   mémoire max {got['peak_mib']:6.0f} Mio   "
              f"{ratio:.2f}× le plancher (cible ≤ {target}×){'' if ratio <= target else '  ← au-dessus'}")  # fmt: skip
    shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
