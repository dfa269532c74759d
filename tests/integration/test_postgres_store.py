"""The PostgreSQL event store, through the composition root, in a fresh schema per test."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import psycopg
import pytest

from qualicoop_es.config import Settings
from tests.support import duplicate_siren_is_refused, lifecycle_survives_a_reload, services

pytestmark = pytest.mark.postgres


def test_a_full_lifecycle_to_a_second_renewal_is_reloaded_by_a_second_instance_from_a_snapshot(
    postgres_url: str,
) -> None:
    lifecycle_survives_a_reload(Settings(database_url=postgres_url))


def test_registering_a_siren_already_stored_by_another_instance_is_refused(postgres_url: str) -> None:
    duplicate_siren_is_refused(Settings(database_url=postgres_url))


def test_the_tables_are_created_in_the_schema_named_by_the_url(postgres_url: str) -> None:
    schema = parse_qs(urlsplit(postgres_url).query)["schema"][0]
    with services(Settings(database_url=postgres_url)) as app:
        assert app.catalogue().version == 1
    with psycopg.connect(postgres_url.split("?")[0], connect_timeout=2) as connection:
        rows = connection.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                                  "ORDER BY table_name", (schema,)).fetchall()  # fmt: skip
    assert {"qualicoop_events", "qualicoop_snapshots"} <= {r[0] for r in rows}
