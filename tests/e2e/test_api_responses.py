"""Every read body is typed: the OpenAPI document describes it, and its schema declares every field it carries.

Over a demonstration network (every step and mention of the approach), each read dumped through its response
schema gives back the very same body: nothing the API answers is missing from the schema, nothing is reshaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from marshmallow import Schema

from qualicoop_es import demo
from tests.e2e.conftest import Api, make_api
from tests.support import TODAY
from web.api import responses as r


@pytest.fixture(scope="module")
def network() -> Iterator[tuple[Api, list[dict[str, Any]]]]:
    api = make_api()
    services = api.app.extensions["qualicoop"]
    demo.load(services, count=20, seed=2022, today=TODAY, progress=False)
    items = api.ok(api.get("/api/v1/cooperatives?per_page=500"))["items"]
    yield api, items
    services.close()


def same_through(schema: type[Schema], body: Any) -> None:
    assert schema().dump(body) == body


def test_network_reads_are_their_schemas_dump(network: tuple[Api, list[dict[str, Any]]]) -> None:
    api, items = network
    assert {i["status"]["step"] for i in items} >= {"preparing", "submitted", "implementing", "bilan_review"}
    for day in ("", "?on=2023-06-01"):
        same_through(r.CooperativePageOut, api.ok(api.get(f"/api/v1/cooperatives{day}")))
        same_through(r.DeadlinesOut, api.ok(api.get(f"/api/v1/deadlines{day}")))
        same_through(r.FiguresOut, api.ok(api.get(f"/api/v1/network/figures{day}")))
    same_through(r.AuditPageOut, api.ok(api.get("/api/v1/audit/events?per_page=500")))
    same_through(r.CatalogueOut, api.ok(api.get("/api/v1/catalogue")))
    same_through(r.EventKindsOut, api.ok(api.get("/api/v1/event-kinds")))
    same_through(r.MeOut, api.ok(api.get("/api/v1/me")))
    same_through(r.RoleHistoryOut, api.ok(api.get(f"/api/v1/accounts/{api.accounts['auditor']}/roles")))


def test_each_cooperatives_reads_are_their_schemas_dump(network: tuple[Api, list[dict[str, Any]]]) -> None:
    api, items = network
    judged = 0
    for item in items:
        base = f"/api/v1/cooperatives/{item['id']}"
        coop = api.ok(api.get(base))
        same_through(r.CooperativeOut, coop)
        judged += coop["pending_judgement"] is not None or coop["status"]["last_verdict"] is not None
        past = api.get(f"{base}?on=2024-06-01")  # replayed as of that day (404 before the registration)
        if past.status_code != 404:
            assert set(api.ok(past)) == set(coop)
            same_through(r.CooperativeOut, past.get_json())
        same_through(r.DossierOut, api.ok(api.get(f"{base}/dossier?version={max(1, coop['version'] // 2)}")))
        same_through(r.DiffOut, api.ok(api.get(f"{base}/dossier/diff?from=1&to={coop['version']}")))
        same_through(r.ChecklistOut, api.ok(api.get(f"{base}/checklist")))
        same_through(r.TimelineOut, api.ok(api.get(f"{base}/timeline")))
    assert judged > 5


def test_the_openapi_document_types_every_read_body(network: tuple[Api, list[dict[str, Any]]]) -> None:
    api, _ = network
    spec = api.ok(api.call("GET", "/api/v1/openapi.json"))
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        if "get" not in operations or path == "/api/v1/docs":
            continue
        content = operations["get"]["responses"]["200"]["content"]
        if "application/zip" in content:  # the audit bundle: a file, described as binary
            assert path.endswith("/audit/bundle") and content["application/zip"]["schema"]["format"] == "binary"
            continue
        body = content["application/json"]["schema"]
        described = schemas[body["$ref"].rsplit("/", 1)[1]]
        assert described.get("properties"), path
    status = schemas["StatusOut"]["properties"]
    assert status["mention"]["enum"][:3] == ["none", "engagee", "confirmee"] and "$ref" in str(status["last_verdict"])
    assert set(schemas["PerStep"]["properties"]) >= {"preparing", "implementing", "closed"}
    assert "actor_name" in schemas["EventOut"]["required"]


def test_the_deadlines_come_a_page_of_each_list_at_a_time_with_both_counted(
    network: tuple[Api, list[dict[str, Any]]],
) -> None:
    """The API never answers a list that grows with the network: each list is cut into pages, counted whole."""
    api, _ = network
    day = "on=2024-06-01&horizon_days=720"
    whole = api.ok(api.get(f"/api/v1/deadlines?{day}&per_page=500"))
    assert whole["overdue_count"] == len(whole["overdue"]) and whole["upcoming_count"] == len(whole["upcoming"])
    assert whole["upcoming_count"] >= 3, whole  # enough to cut into pages
    default = api.ok(api.get(f"/api/v1/deadlines?{day}"))
    assert (default["page"], default["per_page"]) == (1, 50) and default["upcoming"] == whole["upcoming"][:50]
    for page in (1, 2, 3):
        cut = api.ok(api.get(f"/api/v1/deadlines?{day}&per_page=2&page={page}"))
        assert cut["upcoming"] == whole["upcoming"][(page - 1) * 2 : page * 2], page
        assert cut["overdue"] == whole["overdue"][(page - 1) * 2 : page * 2], page
        assert (cut["overdue_count"], cut["upcoming_count"]) == (whole["overdue_count"], whole["upcoming_count"])
        same_through(r.DeadlinesOut, cut)
    beyond = api.ok(api.get(f"/api/v1/deadlines?{day}&per_page=2&page=999"))
    assert beyond["overdue"] == beyond["upcoming"] == [] and beyond["upcoming_count"] == whole["upcoming_count"]
    for bad, field in (("per_page=0", "per_page"), ("per_page=501", "per_page"), ("page=zéro", "page")):
        response = api.get(f"/api/v1/deadlines?{bad}")
        assert response.status_code == 422 and field in response.get_json()["errors"], (bad, response.get_json())
