"""Concurrent commands from many threads on one SQLite application: nothing lost, one winner per version."""

from __future__ import annotations

import threading
from pathlib import Path

from qualicoop_es.application import QualicoopApplication
from qualicoop_es.config import Settings
from qualicoop_es.errors import StaleVersion
from tests.support import STAFF, TODAY, in_threads, register


def new_app_at(path: Path) -> QualicoopApplication:
    app = QualicoopApplication(Settings(database_url=f"sqlite:///{path}").event_store_env(), clock=lambda: TODAY)
    app.ensure_catalogue(actor=STAFF)
    return app


def test_concurrent_commands_on_many_cooperatives_are_all_stored_once(tmp_path: Path) -> None:
    app = new_app_at(tmp_path / "gc.sqlite3")
    ids = [register(app, n) for n in range(1, 9)]
    barrier = threading.Barrier(len(ids))

    def work(coop_id: object) -> None:
        for k in range(5):
            barrier.wait(timeout=10)
            app.update_identity(coop_id, {"staff": 100 + k}, actor=STAFF, effective_on=TODAY)

    assert in_threads(work, [(i,) for i in ids]) == []
    notifications = app.recorder.select_notifications(0, 10_000)
    ids_seen = [n.id for n in notifications]
    assert ids_seen == sorted(set(ids_seen))
    for coop_id in ids:
        versions = [e.originator_version for e in app.events.get(coop_id)]
        assert versions == list(range(1, 9))  # registration, kit, first meeting, then 5 updates


def test_racing_commands_on_one_cooperative_keep_exactly_one_winner_per_version(tmp_path: Path) -> None:
    app = new_app_at(tmp_path / "gc.sqlite3")
    coop_id = register(app, 1)
    barrier = threading.Barrier(6)
    outcomes: list[str] = []
    version = app.cooperative(coop_id).version

    def racer(k: int) -> None:
        barrier.wait(timeout=10)
        try:
            app.update_identity(coop_id, {"staff": 200 + k}, actor=STAFF, effective_on=TODAY,
                                expected_version=version)  # fmt: skip
            outcomes.append("ok")
        except StaleVersion:
            outcomes.append("conflict")

    assert in_threads(racer, [(k,) for k in range(6)]) == []
    assert sorted(outcomes) == ["conflict"] * 5 + ["ok"]
    assert [e.originator_version for e in app.events.get(coop_id)] == list(range(1, version + 2))
