"""``qualicoop serve --workers N``: gunicorn's pre-fork server, each worker with its own application, all reading and
writing the same store: what one stores, every other reads at once; SIGTERM stops them all gracefully."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.support import ACTIVITIES, federation_token, siren, start_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, str]]:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    token = federation_token(url)
    process, base = start_server(url, tmp_path / "server.log", "--workers", "2", "--threads", "2")
    try:
        yield process, base, token
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def _workers(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children]


def test_two_workers_share_the_store_and_stop_gracefully(server: tuple[subprocess.Popen[bytes], str, str]) -> None:
    process, base, token = server
    deadline = time.monotonic() + 30
    while len(_workers(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_workers(process.pid)) == 2
    auth = {"Authorization": f"Bearer {token}"}
    body = {"name": "Coop des deux processus", "siren": siren(1), "legal_form": "SCP", "departement": "35",
            "activities": ACTIVITIES, "effective_on": "2022-01-10"}  # fmt: skip
    created = requests.post(f"{base}/api/v1/cooperatives", json=body, headers=auth, timeout=30)
    assert created.status_code == 201, created.text
    coop = created.json()["id"]
    with requests.Session() as session:  # new connections: the requests spread over both workers
        answers = [session.get(f"{base}/api/v1/cooperatives/{coop}", headers={**auth, "Connection": "close"},
                               timeout=30).status_code for _ in range(20)]  # fmt: skip
    assert answers == [200] * 20
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=40) == 0
