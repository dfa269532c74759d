"""``store``: the same tests on an SQLite file and on a fresh PostgreSQL schema (skipped when no server answers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualicoop_es.config import Settings
from tests.support import sqlite_settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    if request.param == "sqlite":
        return sqlite_settings(tmp_path)
    return Settings(database_url=request.getfixturevalue("postgres_url"))
