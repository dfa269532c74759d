"""The SQLite event store, through the composition root: lifecycle, reload, snapshots, unique SIREN."""

from __future__ import annotations

from pathlib import Path

from qualicoop_es.config import Settings
from tests.support import duplicate_siren_is_refused, lifecycle_survives_a_reload, services, sqlite_settings


def test_a_full_lifecycle_to_a_second_renewal_is_reloaded_by_a_second_instance_from_a_snapshot(
    tmp_path: Path,
) -> None:
    lifecycle_survives_a_reload(sqlite_settings(tmp_path))


def test_registering_a_siren_already_stored_by_another_instance_is_refused(tmp_path: Path) -> None:
    duplicate_siren_is_refused(sqlite_settings(tmp_path))


def test_the_database_url_names_the_sqlite_file_that_holds_the_events(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'sub' / 'store.sqlite3'}")
    with services(settings) as app:
        assert app.catalogue().version == 1
    assert (tmp_path / "sub" / "store.sqlite3").stat().st_size > 0
