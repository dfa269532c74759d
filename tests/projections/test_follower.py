"""A serving process follows the log: events written without catching up (another process that died, a backend
that committed after its client was gone) reach the read models within moments, with nothing else written; a
store fault pauses the follow and it starts again."""

from __future__ import annotations

import threading
import time
from typing import Any
from unittest.mock import patch

import pytest

from qualicoop_es.bootstrap import Services
from qualicoop_es.projections.follower import follow_forever, start_following
from qualicoop_es.projections.runner import Projector
from tests.projections.projection_helpers import services
from tests.support import register


def behind_then_followed(svc: Services) -> None:
    assert svc.projector is not None
    svc.app.after_save.remove(svc.projector.after_save)  # as if the writer died before its catch-up
    stop = start_following(svc.projector, poll=0.05)
    try:
        for n in range(1, 4):
            register(svc.app, n)
        head, deadline = svc.projector.head(), time.monotonic() + 20
        while time.monotonic() < deadline and any(s["lag"] for s in svc.projector.status()):
            time.sleep(0.05)
        assert {s["position"] for s in svc.projector.status()} == {head}
    finally:
        stop.set()


def test_a_serving_process_on_sqlite_follows_writes_it_did_not_make(tmp_path: Any) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        behind_then_followed(svc)
    finally:
        svc.close()


@pytest.mark.postgres
def test_a_serving_process_on_postgresql_follows_writes_it_did_not_make(postgres_url: str) -> None:
    svc = services(postgres_url)
    try:
        behind_then_followed(svc)
    finally:
        svc.close()


def test_a_store_fault_pauses_the_follow_and_it_starts_again(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[int] = []
    stop = threading.Event()

    def follow(_: Projector, stopped: threading.Event, poll_interval: float) -> None:
        calls.append(1)
        if len(calls) < 3:
            raise ConnectionError("connexion perdue")
        stop.set()

    with patch.object(Projector, "follow", autospec=True, side_effect=follow), \
            patch("qualicoop_es.projections.follower.MAX_PAUSE", 0.01):  # fmt: skip
        follow_forever(Projector.__new__(Projector), stop, poll=0.01)
    assert len(calls) == 3
    assert sum("Suivi du journal interrompu" in r.getMessage() for r in caplog.records) == 2


def test_a_follower_thread_and_concurrent_commands_never_wait_for_each_other(tmp_path: Any) -> None:
    """The follower takes the locks in a command's order (the application's write lock, then the runner's): with
    both the other way round, a command catching up inside the write lock and the follower holding the runner's
    lock waited for each other for ever (SQLite)."""
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    assert svc.projector is not None
    stop = start_following(svc.projector, poll=0.001)
    failures: list[BaseException] = []

    def write(first: int) -> None:
        try:
            for n in range(first, first + 15):
                register(svc.app, n)
        except BaseException as error:
            failures.append(error)

    writers = [threading.Thread(target=write, args=(100 * i,), daemon=True) for i in range(1, 5)]
    try:
        for thread in writers:
            thread.start()
        deadline = time.monotonic() + 40
        for thread in writers:
            thread.join(timeout=max(deadline - time.monotonic(), 0))
        assert not any(thread.is_alive() for thread in writers), "a command waited for ever"
        assert failures == []
        assert {s["lag"] for s in svc.projector.status()} == {0}
    finally:
        stop.set()
        if not any(thread.is_alive() for thread in writers):  # else stuck threads hold the store: left to exit
            svc.close()
