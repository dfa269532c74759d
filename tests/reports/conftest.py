"""A SQLite store with a random network (facts keyed late included), shared by the report tests of a module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qualicoop_es.bootstrap import Services
from tests.projections.projection_helpers import random_history, services


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, str]]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('reports')) / 'events.sqlite3'}"
    svc = services(url)
    random_history(svc.app, seed=21, coops=10, backdated=True)
    yield svc, url
    svc.close()
