"""Reads "on a past date" against the same reads for today, on the demo network and on a 5,000-cooperative one.

Usage:
    python bench/as_of.py                          # the 165-cooperative demo, then 5,000 cooperatives
    python bench/as_of.py --sizes 165              # the demo only (about 30 s)

How a read on a date is answered: the ``cooperative_periods`` read model keeps each cooperative's listed state with
the interval of days it held; a read on day D selects the rows whose interval contains D (one indexed query), and
derives what depends on D itself (expiry, overdue) from the row. Today is the same query with D = today.

The network is the demo generator's (``qualicoop demo``) for 165 cooperatives; the larger one copies those
histories under new ids (``dataclasses.replace`` of the decoded events, saved through the application) until it
has the number asked, then the read models catch up once. Each figure is the median of interleaved rounds, printed
as a ratio to the same read for today (measured in the same run); the replay of the same list (``as_of`` for every
cooperative) is printed for comparison on the demo.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from uuid import NAMESPACE_URL, uuid5

from qualicoop_es import bootstrap, demo, presenters
from qualicoop_es.config import Settings
from qualicoop_es.projections import queries as q

TODAY = date(2026, 11, 26)
PAST = (date(2023, 6, 30), date(2025, 12, 31))
DEMO = 165


def _network(path: Path, size: int) -> bootstrap.Services:
    svc = bootstrap.build(Settings(database_url=f"sqlite:///{path}"), clock=lambda: TODAY)
    demo.load(svc, count=DEMO, seed=2022, today=TODAY, progress=False)
    if size > DEMO:
        _copies(svc, size)
    return svc


def _copies(svc: bootstrap.Services, size: int) -> None:
    """Copy the demo's histories under new ids until ``size`` cooperatives; the read models catch up once."""
    assert svc.projector is not None
    svc.app.after_save.remove(svc.projector.after_save)
    originals = list(svc.app.cooperative_ids())
    for n in range(size - DEMO):
        events = svc.app.history(originals[n % DEMO])
        copy_id = uuid5(NAMESPACE_URL, f"bench-as-of/{n}")
        svc.app.save(*(dataclasses.replace(e, originator_id=copy_id) for e in events))
    svc.app.after_save.append(svc.projector.after_save)
    svc.projector.catch_up()


def _median(read: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _reads(svc: bootstrap.Services, day: date) -> dict[str, Callable[[], Any]]:
    engine = svc.engine
    return {
        "list, first page": lambda: q.list_cooperatives(engine, day=day),
        "list, mention=engagee": lambda: q.list_cooperatives(engine, day=day, mention="engagee"),
        "network figures": lambda: q.network_figures(engine, day=day),
        "deadlines (90 days)": lambda: q.deadlines(engine, day=day),
    }


def measure(svc: bootstrap.Services, size: int, rounds: int) -> None:
    print(f"\n{size} cooperatives ({svc.projector.head() if svc.projector else '?'} events)")
    today = _reads(svc, TODAY)
    for past in PAST:
        then = _reads(svc, past)
        for name in today:
            now_s, then_s = [], []
            for _ in range(3):  # interleaved rounds: the machine's noise hits both alike
                now_s.append(_median(today[name], rounds))
                then_s.append(_median(then[name], rounds))
            now, before = statistics.median(now_s), statistics.median(then_s)
            print(f"  {name:<24} on {past}: {before * 1000:7.2f} ms vs today {now * 1000:7.2f} ms "
                  f"-> {before / now:4.2f}x today")  # fmt: skip
    if size <= DEMO:
        ids = list(svc.app.cooperative_ids())
        replay = _median(lambda: [svc.app.as_of(i, PAST[0]) for i in ids], 3)
        listed = _median(lambda: q.list_cooperatives(svc.engine, day=PAST[0], per_page=500), rounds)
        print(f"  whole list on {PAST[0]}: read model {listed * 1000:.1f} ms vs replaying every cooperative "
              f"{replay * 1000:.0f} ms -> {replay / listed:.0f}x faster")  # fmt: skip
        one = ids[0]
        item = presenters.list_item(svc.app.as_of(one, PAST[0]), PAST[0])  # type: ignore[arg-type]
        assert q.cooperative_status(svc.engine, one, day=PAST[0]) == item, "read model and replay disagree"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="165,5000", help="network sizes (comma-separated)")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            svc = _network(Path(tmp) / "bench.sqlite3", size)
            print(f"(network of {size} built in {time.perf_counter() - started:.0f} s)")
            try:
                measure(svc, size, args.rounds)
            finally:
                svc.close()


if __name__ == "__main__":
    main()
