"""Fixtures of the projection tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qualicoop_es.bootstrap import Services
from tests.projections.projection_helpers import services


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    """The services (application, read models) on a SQLite file of the test's own, closed afterwards."""
    built = services(f"sqlite:///{tmp_path}/x.sqlite3")
    yield built
    built.close()
