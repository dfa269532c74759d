"""Concurrent writers on one cooperative, on a SQLite file and on PostgreSQL: no lost write, no double version.

The race is made deterministic without sleeping: the applications' clock is read by each command after the
cooperative is loaded and before it is saved, so a clock that waits on a barrier lets every writer load the
same version before any of them saves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

from qualicoop_es.application import QualicoopApplication
from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from qualicoop_es.errors import StaleVersion
from tests.support import STAFF, TODAY, engaged


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        return Settings(database_url=f"sqlite:///{tmp_path / 'events.sqlite3'}")
    return Settings(database_url=request.getfixturevalue("postgres_url"))


class RaceClock:
    """Today's date; while armed, every call first waits for all the writers to arrive."""

    def __init__(self) -> None:
        self.barrier: threading.Barrier | None = None

    def arm(self, parties: int) -> None:
        self.barrier = threading.Barrier(parties, timeout=20)

    def __call__(self) -> date:
        if self.barrier is not None:
            self.barrier.wait()
        return TODAY


@pytest.fixture
def open_app(settings: Settings) -> Iterator[Callable[[RaceClock], QualicoopApplication]]:
    opened = []

    def open_(clock: RaceClock) -> QualicoopApplication:
        services = build(settings, clock=clock)
        opened.append(services)
        return services.app

    yield open_
    for services in opened:
        services.close()


def race(writers: list[tuple[QualicoopApplication, str]], coop_id: UUID) -> tuple[list[str], list[StaleVersion]]:
    """Each writer records a checkpoint named ``summary``; returns the winners' summaries and the conflicts."""

    def write(app: QualicoopApplication, summary: str) -> str | StaleVersion:
        try:
            app.hold_checkpoint(coop_id, actor=STAFF, summary=summary, effective_on=date(2022, 6, 1))
        except StaleVersion as conflict:
            return conflict
        return summary

    with ThreadPoolExecutor(len(writers)) as pool:
        outcomes = list(pool.map(lambda w: write(*w), writers))
    return [o for o in outcomes if isinstance(o, str)], [o for o in outcomes if isinstance(o, StaleVersion)]


def assert_nothing_lost_nothing_doubled(app: QualicoopApplication, coop_id: UUID, start: int, won: list[str]) -> None:
    events = app.history(coop_id)
    assert [e.originator_version for e in events] == list(range(1, start + len(won) + 1))
    assert sorted(e.summary for e in events[start:]) == sorted(won)
    assert app.cooperative(coop_id).checkpoints == len(won)


def test_two_instances_writing_the_same_version_one_wins_the_other_gets_a_stale_version(
    open_app: Callable[[RaceClock], QualicoopApplication],
) -> None:
    clock = RaceClock()  # shared by both instances
    first, second = open_app(clock), open_app(clock)
    first.ensure_catalogue(actor=STAFF)
    coop_id = engaged(first)
    assert second.cooperative(coop_id).version == 31
    clock.arm(2)
    won, conflicts = race([(first, "par l'instance A"), (second, "par l'instance B")], coop_id)
    clock.barrier = None
    assert (len(won), len(conflicts)) == (1, 1)
    assert conflicts[0].code == "stale_version"
    assert_nothing_lost_nothing_doubled(first, coop_id, 31, won)
    assert_nothing_lost_nothing_doubled(second, coop_id, 31, won)


def test_threads_racing_on_one_instance_leave_one_winner_and_n_minus_1_conflicts(
    open_app: Callable[[RaceClock], QualicoopApplication],
) -> None:
    clock = RaceClock()
    app = open_app(clock)
    app.ensure_catalogue(actor=STAFF)
    coop_id = engaged(app)
    threads = 6
    clock.arm(threads)
    won, conflicts = race([(app, f"thread {n}") for n in range(threads)], coop_id)
    clock.barrier = None
    assert (len(won), len(conflicts)) == (1, threads - 1)
    assert_nothing_lost_nothing_doubled(app, coop_id, 31, won)


def test_writers_that_retry_after_a_conflict_all_get_their_event_stored_once(
    open_app: Callable[[RaceClock], QualicoopApplication],
) -> None:
    first, second = open_app(RaceClock()), open_app(RaceClock())
    first.ensure_catalogue(actor=STAFF)
    coop_id = engaged(first)

    def write_with_retry(app: QualicoopApplication, summary: str) -> int:
        for attempt in range(50):
            try:
                app.hold_checkpoint(coop_id, actor=STAFF, summary=summary, effective_on=date(2022, 6, 1))
                return attempt
            except StaleVersion:
                continue
        raise AssertionError(f"{summary} never got through")

    jobs = [(first if n % 2 else second, f"écriture {n}") for n in range(12)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda job: write_with_retry(*job), jobs))
    assert_nothing_lost_nothing_doubled(second, coop_id, 31, [summary for _, summary in jobs])
