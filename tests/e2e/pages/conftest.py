"""The French pages through Flask's test client: a world of cooperatives in every step, one client per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.world import World, build_world
from tests.support import plain_client
from web import create_app


@pytest.fixture
def world() -> Iterator[World]:
    built = build_world()
    yield built
    built.services.close()


@pytest.fixture
def client(world: World) -> Any:
    return plain_client(create_app(services=world.services))
