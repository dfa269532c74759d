"""Real servers under steady writes, on SQLite and on PostgreSQL: kill -9 of a server, repeated, then a restart;
two servers on one store. Nothing acknowledged is lost, nothing is stored twice, no aggregate has a gap in its
versions, and the read models equal a rebuild."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import requests

from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from tests.projections.projection_helpers import digest
from tests.support import ACTIVITIES, federation_token, siren, start_server

ROUNDS = 3


class Writers:
    """Clients registering cooperatives with fresh SIRENs; the SIRENs answered 201 are the acknowledged ones."""

    def __init__(self, base: str, token: str, first: int, clients: int = 3) -> None:
        self.base, self.token, self.next = base, token, first
        self.acknowledged: list[str] = []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(clients)]

    def _run(self) -> None:
        while not self.stop.is_set():
            with self.lock:
                number, self.next = self.next, self.next + 1
            body = {"name": f"Coop n°{number}", "siren": siren(number), "legal_form": "SCP", "departement": "35",
                    "activities": ACTIVITIES, "effective_on": "2022-01-10"}  # fmt: skip
            try:
                answer = requests.post(f"{self.base}/api/v1/cooperatives", json=body, timeout=10,
                                       headers={"Authorization": f"Bearer {self.token}"})  # fmt: skip
            except requests.RequestException:
                continue  # the server is gone: unknown outcome, not acknowledged
            if answer.status_code == 201:
                with self.lock:
                    self.acknowledged.append(siren(number))

    def __enter__(self) -> Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


def killed_under_writes(url: str, tmp: Path) -> None:
    token, acknowledged, first = federation_token(url), list[str](), 1
    for _ in range(ROUNDS):
        process, base = start_server(url, tmp / "server.log", "--threads", "4")
        with Writers(base, token, first) as writers:
            deadline = time.monotonic() + 20
            while len(writers.acknowledged) < 15 and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(process.pid, signal.SIGKILL)  # in the middle of the writes
            process.wait()
        acknowledged += writers.acknowledged
        first = writers.next
    assert len(acknowledged) >= ROUNDS * 10
    process, base = start_server(
        url, tmp / "server.log", "--threads", "4"
    )  # the restarted server catches up, then follows while idle
    deadline = time.monotonic() + 20
    while requests.get(f"{base}/readyz", timeout=10).json()["lag"] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert requests.get(f"{base}/readyz", timeout=10).json()["lag"] == 0
    process.terminate()
    process.wait(timeout=30)
    _check(url, acknowledged)


def _check(url: str, acknowledged: list[str]) -> None:
    svc = build(Settings(database_url=url))
    try:
        stored = Counter(svc.app.cooperative(c).siren for c in svc.app.cooperative_ids())
        assert [s for s in acknowledged if s not in stored] == []  # nothing acknowledged is lost
        assert [s for s, n in stored.items() if n > 1] == []  # nothing stored twice
        for coop_id in svc.app.cooperative_ids():
            versions = [e.originator_version for e in svc.app.recorder.select_events(coop_id)]
            assert versions == list(range(1, len(versions) + 1))
        assert svc.projector is not None
        assert all(s["lag"] == 0 and s["error"] is None for s in svc.projector.status())
        caught_up = digest(svc.engine)
        svc.projector.rebuild()
        assert digest(svc.engine) == caught_up
    finally:
        svc.close()


def test_kill_9_under_writes_on_sqlite_loses_nothing_acknowledged(tmp_path: Path) -> None:
    killed_under_writes(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)


@pytest.mark.postgres
def test_kill_9_under_writes_on_postgresql_loses_nothing_acknowledged(tmp_path: Path, postgres_url: str) -> None:
    killed_under_writes(postgres_url, tmp_path)


def two_servers_on_one_store(url: str, tmp: Path) -> None:
    """Two independent servers on one store, each under steady writes: every acknowledged command is stored
    once, and the read models both servers moved equal a rebuild."""
    token = federation_token(url)
    first, base_a = start_server(url, tmp / "a.log", "--threads", "4")
    second, base_b = start_server(url, tmp / "b.log", "--threads", "4")
    try:
        with Writers(base_a, token, 1) as a, Writers(base_b, token, 500_000) as b:
            deadline = time.monotonic() + 30
            while min(len(a.acknowledged), len(b.acknowledged)) < 20 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=30)
    assert min(len(a.acknowledged), len(b.acknowledged)) >= 20
    _check(url, a.acknowledged + b.acknowledged)


def test_two_servers_on_one_sqlite_store(tmp_path: Path) -> None:
    two_servers_on_one_store(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)


@pytest.mark.postgres
def test_two_servers_on_one_postgresql_store(tmp_path: Path, postgres_url: str) -> None:
    two_servers_on_one_store(postgres_url, tmp_path)
