"""Benchmark of the read models (not a test): rebuild against the decoding floor, catch-up, read-your-writes.

    .venv/bin/python bench/rebuild.py [--coops 2000] [--dir /tmp/qualicoop-bench]

The network is generated on aggregates in memory (each cooperative's whole history, ~100 events, through the
aggregate's own commands and guards) and saved once per cooperative: going through the application one
command at a time would take far longer for 200,000 events and measure the write side, not the read side.

Printed figures, all measured in the same run on the same SQLite file:
  floor    reading the whole log through the library (select_notifications, pages of 5000) and decoding every
           event with app.mapper.to_domain_event, doing nothing else;
  rebuild  `Projector.rebuild()` of every projection (drop, replay in batches of 20000), on the library's
           public path only: the same read, every event decoded once by app.mapper.to_domain_event and shared by
           the projections; target ≤ 2.5× floor;
  catch-up events/second when the read models catch up with a backlog, and for a single command (the path of
           writes made by another process, or of a lagging read model);
  read-your-writes the median cost of a command's catch-up on a small network and on the large one; and, on
           SQLite, what applying the read models inside the command's own transaction (the group commit's way,
           ``qualicoop_es/group_commit.py``) adds to a command: the same command with and without them.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from qualicoop_es.access import Actor
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import ACTIVITIES
from qualicoop_es.bootstrap import Services, build
from qualicoop_es.config import Settings

TODAY = date(2026, 11, 26)
IDENTITY = {"homes_managed": 1200, "homes_delivered_per_year": 40, "members": 800, "staff": 25,
            "governance_bodies": "Conseil d'administration", "contact": "referent"}  # fmt: skip
INTENT = {"motivations": "Raison d'être", "ambitions": "Loger plus", "human_means": "Un référent",
          "financial_means": "20 000 €", "stakeholders": ["administrateurs", "salaries"]}  # fmt: skip


def siren(n: int) -> str:
    body = f"{n:08d}"
    for key in range(10):
        candidate = body + str(key)
        total = sum((d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d
                    for i, d in enumerate(int(c) for c in reversed(candidate)))  # fmt: skip
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def history(rng: random.Random, n: int) -> Cooperative:
    """One cooperative's history on the aggregate: preparation, validation, ~60 implementation events, bilans."""
    day = date(2022, 1, 3) + timedelta(days=rng.randrange(200))
    kw: dict[str, Any] = {"actor": "staff", "today": TODAY}
    activities = sorted(rng.sample(sorted(ACTIVITIES), 2))
    coop = Cooperative(id=Cooperative.id_for_siren(siren(n)), actor="staff", effective_on=day, siren=siren(n),
                       name=f"Coop {n}", legal_form="SCP", departement=rng.choice(["35", "44", "69", "974"]),
                       activities=activities)  # fmt: skip
    prepare(coop, day, activities, kw)
    day += timedelta(days=30)
    coop.submit_dossier(effective_on=day, catalogue_version=1, **kw)
    coop.record_verdict(effective_on=day, kind="validate", judged_version=coop.submission["version"], **VERDICT, **kw)  # type: ignore[index]
    for i in range(55):
        day += timedelta(days=rng.randint(0, 1))
        if i % 10 == 0:
            coop.hold_checkpoint(effective_on=day, summary="Point", **kw)
        else:
            coop.measure_indicator(effective_on=day, indicator_id=f"I{1 + i % 10}", value=f"{i}.5", **kw)
    day = max(day, coop.standing["due_from"] or day) + timedelta(days=rng.randint(0, 80))  # within the bilan's window
    coop.submit_bilan(effective_on=day, summary="Bilan", **kw)
    coop.record_verdict(effective_on=day, kind="confirm", judged_version=coop.bilan["version"], **VERDICT, **kw)  # type: ignore[index]
    return coop


VERDICT: dict[str, Any] = {"session_reference": "Comité", "members_present": ["m-1"], "rationale": "Motivé"}


def prepare(coop: Cooperative, day: date, activities: list[str], kw: dict[str, Any]) -> None:
    """The preparation: kit, first meeting, identity, intent note, and a dossier of ten engagements."""
    coop.request_kit(effective_on=day, **kw)
    coop.hold_first_meeting(effective_on=day, summary="", **kw)
    coop.update_identity(effective_on=day, changes=IDENTITY, **kw)
    coop.update_intent_note(effective_on=day, changes=INTENT, **kw)
    for index, number in enumerate([1, 2, 3, 5, 6, 7, 9, 10, 11, 12]):
        covered = activities if index == 0 else activities[:1]
        coop.change_dossier(
            {"op": "choose_engagement", "number": number, "activities": covered}, effective_on=day, **kw
        )
        for a in range(2):
            coop.change_dossier({"op": "add_action", "number": number, "title": f"Action {a}"}, effective_on=day, **kw)
        coop.change_dossier({"op": "define_indicator", "number": number, "fields": {
            "label": "Taux", "unit": "%", "target": "100", "target_date": date(2027, 1, 1)}}, effective_on=day, **kw)  # fmt: skip


def generate(svc: Services, coops: int, first: int = 1) -> int:
    rng = random.Random(first)
    for n in range(first, first + coops):
        svc.app.save(history(rng, n))
    return svc.app.recorder.max_notification_id() or 0


def floor(svc: Services, page: int = 5000) -> float:
    started, after = time.perf_counter(), 0
    to_event = svc.app.mapper.to_domain_event
    while True:
        notifications = svc.app.recorder.select_notifications(after, page, inclusive_of_start=False)
        for n in notifications:
            to_event(n)
        if len(notifications) < page:
            return time.perf_counter() - started
        after = notifications[-1].id


def detach(svc: Services) -> None:
    """Events saved from now on pile up for the read models, as if written by another process."""
    svc.app.after_save.clear()


def command_costs(svc: Services, commands: int = 50) -> list[float]:
    """Time the after-save catch-up of single commands (a checkpoint each) on the network as it is."""
    assert svc.projector is not None
    costs = []
    coop_ids = list(svc.app.cooperative_ids())[:commands]
    detach(svc)
    for coop_id in coop_ids:
        result = svc.app.hold_checkpoint(coop_id, actor=Actor.operator("staff"), summary="Point", effective_on=TODAY)
        started = time.perf_counter()
        svc.projector.catch_up(until=result.notification_id)
        costs.append(time.perf_counter() - started)
    return costs


def in_transaction_costs(svc: Services, commands: int = 50) -> tuple[float, float]:
    """Median time of a command (a checkpoint) with the read models caught up before it answers, and of the
    same command with no read model at all, alternating on the same cooperatives."""
    assert svc.projector is not None
    svc.projector.catch_up()
    coop_ids = list(svc.app.cooperative_ids())[:commands]
    timed: dict[bool, list[float]] = {True: [], False: []}
    for coop_id in coop_ids:
        for attached in (True, False):
            svc.app.after_save[:] = [svc.projector.after_save] if attached else []
            started = time.perf_counter()
            svc.app.hold_checkpoint(coop_id, actor=Actor.operator("staff"), summary="Point", effective_on=TODAY)
            timed[attached].append(time.perf_counter() - started)
            if not attached:
                svc.projector.catch_up()  # the next command with read models finds them at the head again
    detach(svc)
    return statistics.median(timed[True]) * 1000, statistics.median(timed[False]) * 1000


def fresh(directory: Path, name: str) -> Services:
    path = directory / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    svc = build(Settings(database_url=f"sqlite:///{path}"), clock=lambda: TODAY)
    detach(svc)  # generation only; the projections are measured below
    svc.app.ensure_catalogue(actor=Actor.operator("staff"))
    return svc


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--coops", type=int, default=2000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/qualicoop-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    parser.add_argument("--reuse", action="store_true", help="reuse the large network of a kept earlier run")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    return args


def small_network(directory: Path) -> tuple[list[float], int]:
    """The single-command catch-up costs on a small network (20 cooperatives), and its number of events."""
    small = fresh(directory, "small.sqlite3")
    generate(small, 20)
    assert small.projector is not None
    small.projector.catch_up()
    costs = command_costs(small, 20)
    events = small.projector.head()
    small.close()
    return costs, events


def large_network(args: argparse.Namespace) -> tuple[Services, int]:
    """The large network (generated, or reused with ``--reuse``) and its number of events."""
    large = args.dir / "large.sqlite3"
    started = time.perf_counter()
    if args.reuse and large.exists():
        svc = build(Settings(database_url=f"sqlite:///{large}"), clock=lambda: TODAY)
        detach(svc)
        events = svc.app.recorder.max_notification_id() or 0
        args.coops = sum(1 for _ in svc.app.cooperative_ids())
    else:
        svc = fresh(args.dir, "large.sqlite3")
        events = generate(svc, args.coops)
    print(f"network: {args.coops} cooperatives, {events} events (generated in {time.perf_counter() - started:.1f} s)")
    return svc, events


def rebuild_figures(svc: Services, events: int) -> None:
    """The rebuild against the floor: floors measured around two rebuilds, the lowest one as the base."""
    assert svc.projector is not None
    floors = [floor(svc) for _ in range(2)]
    rebuilds = []
    for _ in range(2):  # into empty read models, then over full ones (dropping them is part of the cost)
        started = time.perf_counter()
        svc.projector.rebuild()
        rebuilds.append(time.perf_counter() - started)
        floors.append(floor(svc))
    base = min(floors)
    print(f"floor (read + decode every event): {base:.2f} s ({events / base:,.0f} events/s; runs {floors})")
    for label, rebuild in zip(("into empty read models", "over full read models"), rebuilds, strict=True):
        print(
            f"rebuild of every projection, {label}: {rebuild:.2f} s ({events / rebuild:,.0f} events/s), "
            f"ratio to the floor {rebuild / base:.2f} (target ≤ 2.50)"
        )


def catch_up_figures(svc: Services, events: int, small_costs: list[float], small_events: int) -> None:
    """A backlog's catch-up, the single command's catch-up (small and large network), in-transaction costs."""
    assert svc.projector is not None
    backlog = generate(svc, 50, first=10_000_000 + events) - events
    started = time.perf_counter()
    svc.projector.catch_up()
    elapsed = time.perf_counter() - started
    print(f"incremental catch-up of a backlog: {backlog} events in {elapsed:.2f} s ({backlog / elapsed:,.0f} events/s)")
    large_costs = command_costs(svc, 50)
    median_small, median_large = statistics.median(small_costs) * 1000, statistics.median(large_costs) * 1000
    print(f"single command catch-up (read-your-writes), median: {median_small:.2f} ms on {small_events} events, "
          f"{median_large:.2f} ms on {svc.projector.head()} events "
          f"({1000 / median_large:,.0f} events/s for one-event commands; growth ×{median_large / median_small:.2f})")  # fmt: skip
    with_models, without = in_transaction_costs(svc, 50)
    print(f"a command with the read models applied in its own transaction: {with_models:.2f} ms, without any read "
          f"model {without:.2f} ms (median; ×{with_models / without:.2f})")  # fmt: skip


def main() -> None:
    args = arguments()
    small_costs, small_events = small_network(args.dir)
    svc, events = large_network(args)
    rebuild_figures(svc, events)
    catch_up_figures(svc, events, small_costs, small_events)
    svc.close()
    if not args.keep:
        shutil.rmtree(args.dir, ignore_errors=True)


if __name__ == "__main__":
    main()
