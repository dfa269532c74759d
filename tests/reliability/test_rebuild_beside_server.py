"""``qualicoop projections rebuild`` run beside a serving server, on SQLite and on PostgreSQL: every read the server
answers meanwhile is a 200 with the whole timeline and the whole list (no missing table, no half-filled one)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from tests.projections.projection_helpers import random_history, services
from tests.support import federation_token, start_server

REBUILD = "import sys; from web.serve import run; run(sys.argv[1:])"


def reads_survive_a_rebuild(url: str, tmp: Path) -> None:
    svc = services(url)
    try:
        random_history(svc.app, seed=61, coops=12)
        coop = next(iter(svc.app.cooperative_ids()))
    finally:
        svc.close()
    token = federation_token(url)
    headers = {"Authorization": f"Bearer {token}"}
    process, base = start_server(url, tmp / "server.log", "--threads", "4")
    paths = (f"{base}/api/v1/cooperatives/{coop}/timeline?start=2000-01-01",  # a filter: read from the read model
             f"{base}/api/v1/cooperatives?per_page=100")  # fmt: skip
    try:
        expected = [len(requests.get(p, headers=headers, timeout=30).json()["items"]) for p in paths]
        wrong, reads, done = list[str](), [0], threading.Event()

        def read() -> None:
            while not done.is_set():
                for path, count in zip(paths, expected, strict=True):
                    answer = requests.get(path, headers=headers, timeout=30)
                    reads[0] += 1
                    if answer.status_code != 200 or len(answer.json()["items"]) != count:
                        wrong.append(f"{answer.status_code} {answer.text[:200]}")

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        env = {**os.environ, "QUALICOOP_DATABASE_URL": url}
        rebuilt = subprocess.run([sys.executable, "-c", REBUILD, "projections", "rebuild"], env=env,
                                 capture_output=True, text=True, timeout=300)  # fmt: skip
        done.set()
        reader.join(timeout=60)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert reads[0] > 0 and wrong == []
    assert "lectures jamais interrompues" in rebuilt.stdout


def test_reads_survive_a_rebuild_on_sqlite(tmp_path: Path) -> None:
    reads_survive_a_rebuild(f"sqlite:///{tmp_path / 'store.sqlite3'}", tmp_path)


@pytest.mark.postgres
def test_reads_survive_a_rebuild_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    reads_survive_a_rebuild(postgres_url, tmp_path)
