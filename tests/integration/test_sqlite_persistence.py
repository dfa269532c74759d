"""Our SQLite persistence adapter: the pool keeps as many connections as asked. These tests fail if an upgrade of
eventsourcing changes the public names the adapter relies on (the datastore's constructor and attributes)."""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from eventsourcing.persistence import OperationalError
from eventsourcing.sqlite import SQLiteDatastore

from qualicoop_es.cli import main
from qualicoop_es.config import Settings
from qualicoop_es.errors import InvalidInput
from qualicoop_es.persistence import SQLiteFactory
from tests.support import STAFF, in_threads, register, services, sqlite_settings


def test_the_settings_pool_size_reaches_the_event_store_and_the_read_models(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.sqlite3'}", pool_size=12)
    from qualicoop_es import bootstrap

    built = bootstrap.build(settings)
    try:
        datastore = built.app.recorder.datastore  # type: ignore[attr-defined]
        assert isinstance(datastore, SQLiteDatastore)
        assert datastore.pool.pool_size == 12
        assert built.engine.pool.size() == 12  # type: ignore[attr-defined]
    finally:
        built.close()


def test_a_pool_size_that_is_not_a_positive_integer_is_refused() -> None:
    for bad in ("0", "-3", "dix", "500"):
        with pytest.raises(InvalidInput) as error:
            Settings.from_mapping({"QUALICOOP_POOL_SIZE": bad})
        assert error.value.field == "QUALICOOP_POOL_SIZE"
    assert Settings.from_mapping({"QUALICOOP_POOL_SIZE": "16"}).pool_size == 16
    with pytest.raises(OSError, match="SQLITE_POOL_SIZE"):
        SQLiteFactory({"SQLITE_DBNAME": ":memory:", "SQLITE_POOL_SIZE": "beaucoup"})


@pytest.mark.parametrize(("pool_size", "most"), [(10, 8), (5, None)])
def test_eight_threads_holding_connections_at_once_reuse_them_when_the_pool_is_large_enough(
    tmp_path: Path, pool_size: int, most: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight threads hold a connection at the same moment, then all give it back, 20 times over (bursts of
    requests on a server with 8 threads): a pool of 10 opens 8 once; the library's 5 closes 3 after every burst
    and opens them again, each re-reading the schema at its first statement."""
    with services(dataclasses.replace(sqlite_settings(tmp_path), pool_size=pool_size)) as app:
        coop_id = register(app, 1)
        datastore = app.recorder.datastore  # type: ignore[attr-defined]
        opened: list[int] = []
        connect = sqlite3.connect

        def counting_connect(*args: Any, **kwargs: Any) -> Any:  # every new SQLite connection, whoever opens it
            opened.append(1)
            return connect(*args, **kwargs)

        monkeypatch.setattr(sqlite3, "connect", counting_connect)
        barrier = threading.Barrier(8)

        def read() -> None:
            for _ in range(20):
                with datastore.get_connection(commit=False):
                    barrier.wait(timeout=10)  # all eight connections in use at once
                barrier.wait(timeout=10)  # then all eight back in the pool at once (a lull between bursts)
                assert app.recorder.select_events(coop_id, desc=True, limit=1)

        assert in_threads(read, [()] * 8) == []
        if most is not None:
            assert len(opened) <= most
        else:
            assert len(opened) > 8 * 2  # reopened round after round


def test_a_failing_read_is_the_librarys_persistence_error_and_the_store_goes_on(tmp_path: Path) -> None:
    with services(sqlite_settings(tmp_path)) as app:
        coop_id = register(app, 1)
        datastore = app.recorder.datastore  # type: ignore[attr-defined]
        before = app.cooperative(coop_id).version
        with pytest.raises(OperationalError), datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT * FROM no_such_table")
        app.update_identity(coop_id, {"staff": 12}, actor=STAFF)
        assert app.cooperative(coop_id).version == before + 1


def test_the_adapter_builds_the_librarys_own_datastore_from_public_names(tmp_path: Path) -> None:
    factory = SQLiteFactory({"SQLITE_DBNAME": str(tmp_path / "a.sqlite3"), "SQLITE_POOL_SIZE": "7",
                             "SQLITE_LOCK_TIMEOUT": "9"})  # fmt: skip
    try:
        assert type(factory.datastore) is SQLiteDatastore
        pool = factory.datastore.pool
        assert (pool.pool_size, pool.lock_timeout, pool.db_name) == (7, 9, str(tmp_path / "a.sqlite3"))
    finally:
        factory.datastore.close()


def test_the_command_line_names_the_setting_at_fault(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    bad_pool = runner.invoke(main, ["--database-url", url, "status"], env={"QUALICOOP_POOL_SIZE": "0"})
    assert bad_pool.exit_code == 2
    assert "QUALICOOP_POOL_SIZE" in bad_pool.output and "--database-url" not in bad_pool.output
    bad_url = runner.invoke(main, ["--database-url", "foo://x", "status"])
    assert bad_url.exit_code == 2 and "--database-url" in bad_url.output
