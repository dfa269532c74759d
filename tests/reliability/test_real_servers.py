"""Real servers under steady writes, on SQLite and on PostgreSQL: kill -9 of a server, repeated, then a restart;
two servers on one store. Nothing acknowledged is lost, nothing is stored twice, no aggregate has a gap in its
versions, and the read models equal a rebuild."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import requests

from tests.reliability.writers import Writers, check_store
from tests.support import federation_token, start_server

ROUNDS = 3


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
    check_store(url, acknowledged)


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
    check_store(url, a.acknowledged + b.acknowledged)


def test_two_servers_on_one_sqlite_store(tmp_path: Path) -> None:
    two_servers_on_one_store(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)


@pytest.mark.postgres
def test_two_servers_on_one_postgresql_store(tmp_path: Path, postgres_url: str) -> None:
    two_servers_on_one_store(postgres_url, tmp_path)
