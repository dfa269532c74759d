"""Eight processes running ``qualicoop init`` at once on a fresh PostgreSQL schema all succeed (issue 15, point 4):
the schema is created under an advisory lock, one process at a time (``bootstrap.schema_lock``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.postgres
PROCESSES = 8
ROOT = Path(__file__).resolve().parents[2]


def test_eight_processes_initialising_a_fresh_database_at_once_all_succeed(postgres_url: str, tmp_path: Path) -> None:
    command = [sys.executable, "-c", "from web.serve import run; run()", "--database-url", postgres_url, "init"]
    env = {"PATH": "/usr/bin:/bin", "QUALICOOP_SIGNING_KEY_FILE": str(tmp_path / "signing_key.pem"),
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    processes = [subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                 for _ in range(PROCESSES)]  # fmt: skip
    outputs = [(process.wait(timeout=120), process.stdout.read().decode()) for process in processes]  # type: ignore[union-attr]
    assert [code for code, _ in outputs] == [0] * PROCESSES, [text for code, text in outputs if code]
    with psycopg.connect(postgres_url.split("?")[0], connect_timeout=2) as conn:
        schema = postgres_url.rsplit("schema=", 1)[1]
        count = conn.execute(f'SELECT count(*) FROM "{schema}".qualicoop_events').fetchone()
    assert count == (1,)  # one catalogue, established once
