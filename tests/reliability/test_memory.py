"""A serving process's memory stays bounded under a long mix of commands and reads (issue 15, point 1).

Every command makes a new version, hence new keys in the read cache for bodies (timelines) that grow with the
history: bounded by entries only, the cache held hundreds of MiB. Measured on the process's resident memory
(``/proc/self/status``), after a warm-up, with a generous margin: the unbounded cache grew far beyond it.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from flask.testing import FlaskClient

from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of
from qualicoop_es.config import MIB, Settings
from qualicoop_es.errors import InvalidInput
from tests.support import TODAY, engaged
from web import create_app
from web.api.cache import VersionedCache

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")

CACHE_BYTES = 4 * MIB
#: Growth allowed after the warm-up: the cache's bound plus what the histories themselves add (a few MiB of
#: aggregates and read-model pages) and the allocator's slack. Measured: +2.5 MiB; the entry-bounded cache +100 MiB.
MARGIN = CACHE_BYTES + 24 * MIB


def rss() -> int:
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def step(client: FlaskClient, headers: dict[str, str], coops: list[UUID], n: int) -> int:
    """One command or one read, in turn over the cooperatives; returns the HTTP status."""
    coop = coops[(n // 2) % len(coops)]  # its command, then a read of it
    if n % 2 == 0:
        body: Any = {"summary": f"Point d'étape n°{n} : " + "avancement des actions engagées. " * 4}
        return client.post(f"/api/v1/cooperatives/{coop}/checkpoints", json=body, headers=headers).status_code
    path = f"/api/v1/cooperatives/{coop}" + ("/timeline" if n % 4 == 1 else "")
    return client.get(path, headers=headers).status_code


def test_memory_stays_bounded_over_thousands_of_commands_and_reads(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'events.sqlite3'}", secret_key="test-only",
                        read_cache_bytes=CACHE_BYTES)  # fmt: skip
    app = create_app(settings, clock=lambda: TODAY)
    services = app.extensions["qualicoop"]
    try:
        coops = [engaged(services.app, n) for n in range(1, 9)]
        view = accounts_of(services).add("soak@test.qualicoop.test", role="federation", actor=Actor.operator("t"))
        token, _ = accounts_of(services).create_token(view.email)
        headers, client = {"Authorization": f"Bearer {token}"}, app.test_client()
        statuses = [step(client, headers, coops, n) for n in range(400)]  # warm-up: pools, caches, code paths
        before = rss()
        statuses += [step(client, headers, coops, n) for n in range(400, 2400)]
        grown = rss() - before
        assert set(statuses) == {200}
        assert app.extensions["qualicoop_read_cache"].size <= CACHE_BYTES
        assert grown < MARGIN, f"resident memory grew by {grown / MIB:.1f} MiB over 2,000 requests"
    finally:
        services.close()


def test_the_read_cache_keeps_within_its_bytes_dropping_the_least_recently_used() -> None:
    cache = VersionedCache(max_bytes=100 * 1024)
    for n in range(50):
        cache.put(("timeline", n), b"x" * 9000)
        cache.get(("timeline", 0))  # read often: kept
    assert cache.size <= 100 * 1024
    assert cache.get(("timeline", 0)) is not None and cache.get(("timeline", 1)) is None
    cache.put(("huge", 1), b"x" * 20 * 1024)  # over an eighth of the bound: not kept, nothing flushed
    assert cache.get(("huge", 1)) is None and cache.get(("timeline", 49)) is not None


def test_the_cache_bounds_are_settings_with_defaults() -> None:
    assert Settings.from_mapping({}).read_cache_bytes == 32 * MIB
    mapping = {
        "QUALICOOP_DATABASE_URL": "memory://",
        "QUALICOOP_READ_CACHE_MIB": "8",
        "QUALICOOP_AGGREGATE_CACHE_SIZE": "40",
    }
    settings = Settings.from_mapping(mapping)
    assert settings.read_cache_bytes == 8 * MIB
    assert settings.event_store_env()["AGGREGATE_CACHE_MAXSIZE"] == "40"
    with pytest.raises(InvalidInput):
        Settings.from_mapping({"QUALICOOP_READ_CACHE_MIB": "-1"})
