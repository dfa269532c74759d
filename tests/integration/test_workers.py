"""``qualicoop serve --workers N``: gunicorn's pre-fork server, each worker with its own application, all reading and
writing the same store: what one stores, every other reads at once; SIGTERM stops them all gracefully."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of
from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from tests.support import ACTIVITIES, siren

SERVE = "import sys; from web.serve import run; run(sys.argv[1:])"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _token(url: str) -> str:
    svc = build(Settings(database_url=url))
    try:
        svc.app.ensure_catalogue()
        people = accounts_of(svc)
        people.add("federation@exemple.fr", role="federation", actor=Actor.operator("test"))
        token, _ = people.create_token("federation@exemple.fr")
        return token
    finally:
        svc.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[Any], str, str]]:
    url, port = f"sqlite:///{tmp_path / 'store.sqlite3'}", _free_port()
    token = _token(url)
    env = {**os.environ, "QUALICOOP_DATABASE_URL": url, "QUALICOOP_SECRET_KEY": "test-only-secret"}
    process = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--workers", "2", "--threads", "2",
                                "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        yield process, base, token
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def _wait(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.get(f"{base}/api/v1/integrity", timeout=10)
            return
        except requests.RequestException:  # not listening yet, or a worker still booting
            time.sleep(0.2)
    raise AssertionError("le serveur n'a pas répondu en 60 s")


def _workers(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children]


def test_two_workers_share_the_store_and_stop_gracefully(server: tuple[subprocess.Popen[Any], str, str]) -> None:
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
