"""Every store fault answers 503 ``unavailable`` with Retry-After (never a 500), on PostgreSQL as on SQLite."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import Api, make_api
from tests.reliability.pg_faults import FaultyDatabase, faulty_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def database(postgres_url: str) -> Iterator[FaultyDatabase]:
    with faulty_database(postgres_url) as found:
        yield found


@pytest.fixture
def api(database: FaultyDatabase) -> Iterator[Api]:
    built = make_api(database_url=database.url)
    yield built
    built.app.extensions["qualicoop"].close()


def unavailable(response: object) -> None:
    status, body = response.status_code, response.get_json()  # type: ignore[attr-defined]
    assert (status, body["code"]) == (503, "unavailable"), (status, body)
    assert response.headers["Retry-After"].isdigit()  # type: ignore[attr-defined]


def test_a_read_only_database_answers_503_to_commands_and_still_serves_reads(
    api: Api, database: FaultyDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    coop = api.register(1)
    database.read_only()
    with caplog.at_level(logging.WARNING, logger="web.errors"):
        unavailable(api.post(f"/api/v1/cooperatives/{coop}/kit-request", {}))
    [line] = [r.getMessage() for r in caplog.records if r.name == "web.errors"]
    assert "read-only" in line and "\n" not in line
    unavailable(api.post("/api/v1/cooperatives", {"name": "Coop 2", "siren": "732829320", "legal_form": "SCP",
                                                  "departement": "35", "activities": ["locatif_social"]}))  # fmt: skip
    assert api.get(f"/api/v1/cooperatives/{coop}").status_code == 200
    database.read_only(False)
    assert api.post(f"/api/v1/cooperatives/{coop}/kit-request", {}).status_code == 200


def test_a_database_that_refuses_connections_answers_503_to_reads_and_commands(
    api: Api, database: FaultyDatabase
) -> None:
    coop = api.register(1)
    database.refuse_connections()
    unavailable(api.post(f"/api/v1/cooperatives/{coop}/kit-request", {}))
    unavailable(api.get(f"/api/v1/cooperatives/{coop}/timeline"))
    unavailable(api.get("/api/v1/cooperatives"))
    ready = api.client.get("/readyz")
    assert (ready.status_code, ready.get_json()["store"]) == (503, "unreachable")
    database.refuse_connections(False)
    assert api.post(f"/api/v1/cooperatives/{coop}/kit-request", {}).status_code == 200


def test_cut_connections_are_replaced_without_an_error(api: Api, database: FaultyDatabase) -> None:
    coop = api.register(1)
    database.cut()
    assert api.get(f"/api/v1/cooperatives/{coop}/timeline").status_code == 200
    database.cut()
    assert api.post(f"/api/v1/cooperatives/{coop}/kit-request", {}).status_code == 200
