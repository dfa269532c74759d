"""The API's contract: credentials, error shape, concurrency, size limits, OpenAPI and docs."""

from __future__ import annotations

import threading
from uuid import UUID, uuid4

import pytest

from tests.e2e.conftest import Api
from tests.support import siren


def test_health_answers_without_credentials_and_carries_security_headers(api: Api) -> None:
    response = api.call("GET", "/api/v1/health")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_a_request_without_a_valid_token_gets_401_in_the_one_error_shape(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        response = api.call("GET", "/api/v1/catalogue", headers=headers)
        assert response.status_code == 401
        body = response.get_json()
        assert body["code"] == "unauthorized" and body["message"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_me_names_the_account_by_its_opaque_id(api: Api) -> None:
    me = api.ok(api.get("/api/v1/me"))
    assert me["account_id"] == api.accounts["federation"] and me["role"] == "federation"
    assert "@" not in me["account_id"]


def test_registering_returns_201_an_etag_and_a_location(api: Api) -> None:
    body = {"name": "Coop", "siren": siren(7), "legal_form": "SCIC", "departement": "2A",
            "activities": ["locatif_social"]}  # fmt: skip
    response = api.post("/api/v1/cooperatives", body)
    data = api.ok(response, 201)
    assert response.headers["ETag"] == '"1"' and response.headers["Location"].endswith(data["id"])
    coop = api.get(f"/api/v1/cooperatives/{data['id']}")
    status = api.ok(coop)["status"]
    assert (status["mention"], status["step"]) == ("none", "preparing") and coop.headers["ETag"] == '"1"'


def test_every_event_records_the_acting_account_id_never_the_email(api: Api) -> None:
    coop_id = api.register(3)
    events = api.app.extensions["qualicoop"].app.history(coop_id)
    assert events[0].actor == api.accounts["federation"]


def test_malformed_json_is_400_unknown_and_invalid_fields_are_422_per_field(api: Api) -> None:
    response = api.call("POST", "/api/v1/cooperatives", "federation", data="{not json",
                        headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.status_code == 400 and response.get_json()["code"] == "bad_request"
    body = {"name": "X", "siren": siren(8), "legal_form": "SARL", "departement": "35", "activities": [],
            "colour": "blue"}  # fmt: skip
    response = api.post("/api/v1/cooperatives", body)
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert {"legal_form", "activities", "colour"} <= set(errors)


def test_a_domain_validation_error_is_422_with_the_field(api: Api) -> None:
    body = {
        "name": "X",
        "siren": "123456789",
        "legal_form": "SCP",
        "departement": "35",
        "activities": ["locatif_social"],
    }
    response = api.post("/api/v1/cooperatives", body)
    assert response.status_code == 422 and response.get_json()["errors"] == {
        "siren": [response.get_json()["errors"]["siren"][0]]
    }


def test_unknown_ids_are_404_and_unknown_routes_too(api: Api) -> None:
    assert api.get(f"/api/v1/cooperatives/{uuid4()}").status_code == 404
    assert api.get("/api/v1/nowhere").get_json()["code"] == "not_found"
    assert api.call("PUT", "/api/v1/health").status_code == 405


def test_a_lifecycle_conflict_is_409_and_a_rule_violation_lists_every_failing_rule(api: Api) -> None:
    coop_id = api.register(4)
    api.add_account("referent", "cooperative", cooperative_id=coop_id)
    response = api.post(f"/api/v1/cooperatives/{coop_id}/submission", {}, as_="referent")
    assert response.status_code == 409
    body = response.get_json()
    assert body["code"] == "rule_violation"
    assert [f["rule"] for f in body["failures"]] == ["kit_requested", "first_meeting_held"]
    response = api.post(f"/api/v1/cooperatives/{coop_id}/checkpoints", {"summary": "x"})
    assert response.status_code == 409 and response.get_json()["code"] == "lifecycle"


def test_if_match_with_a_stale_version_is_412_and_the_right_one_succeeds(api: Api) -> None:
    coop_id = api.register(5)
    stale = api.post(f"/api/v1/cooperatives/{coop_id}/kit-request", {}, headers={"If-Match": '"7"'})
    assert stale.status_code == 412 and stale.get_json()["current_version"] == 1
    fresh = api.post(f"/api/v1/cooperatives/{coop_id}/kit-request", {}, headers={"If-Match": '"1"'})
    assert api.ok(fresh)["version"] == 2 and fresh.headers["ETag"] == '"2"'
    assert api.post(f"/api/v1/cooperatives/{coop_id}/first-meeting", {}, headers={"If-Match": "abc"}).status_code == 400


def test_two_racing_writes_on_the_same_version_never_both_succeed(api: Api) -> None:
    coop_id = api.register(6)
    api.ok(api.post(f"/api/v1/cooperatives/{coop_id}/kit-request", {}))
    barrier, statuses = threading.Barrier(2), []

    def checkpoint() -> None:
        client = api.app.test_client()
        barrier.wait()
        response = client.post(f"/api/v1/cooperatives/{coop_id}/first-meeting", json={"summary": "x"},
                               headers={"Authorization": f"Bearer {api.tokens['federation']}", "If-Match": '"2"'})  # fmt: skip
        statuses.append(response.status_code)

    threads = [threading.Thread(target=checkpoint) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses)[0] == 200 and sorted(statuses)[1] in (409, 412)


def test_an_oversized_body_is_413(api: Api) -> None:
    big = {"name": "x" * (2 * 1024 * 1024)}
    response = api.post("/api/v1/cooperatives", big)
    assert response.status_code == 413 and response.get_json()["code"] == "payload_too_large"


def test_the_openapi_document_and_the_local_docs_page_are_served(api: Api) -> None:
    spec = api.call("GET", "/api/v1/openapi.json").get_json()
    assert "/api/v1/cooperatives/{coop_id}/verdicts" in spec["paths"]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    page = api.call("GET", "/api/v1/docs")  # the explorer: see test_api_explorer
    assert page.status_code == 200 and b'data-spec-url="/api/v1/openapi.json"' in page.data
    assert b"cdn" not in page.data.lower()


def test_revoked_tokens_stop_working(api: Api) -> None:
    from qualicoop_es.accounts import accounts_of

    assert api.get("/api/v1/me", as_="auditor").status_code == 200
    accounts_of(api.app.extensions["qualicoop"]).revoke_token(api.tokens["auditor"])
    assert api.get("/api/v1/me", as_="auditor").status_code == 401


def test_the_catalogue_wording_is_set_by_the_federation_only(api: Api) -> None:
    body = {"title": "Engagement officiel n°7", "reason": "Libellé du kit 2026"}
    assert api.call("PATCH", "/api/v1/catalogue/engagements/7", "auditor", json=body).status_code == 403
    response = api.call(
        "PATCH", "/api/v1/catalogue/engagements/7", "federation", json=body, headers={"If-Match": '"1"'}
    )
    assert api.ok(response)["version"] == 2
    catalogue = api.ok(api.get("/api/v1/catalogue"))
    assert catalogue["engagements"][6]["title"] == "Engagement officiel n°7" and catalogue["engagements"][6]["official"]


def test_ids_in_responses_are_uuids(api: Api) -> None:
    assert UUID(str(api.register(9)))


def test_a_revalidated_read_is_a_304_while_the_version_is_unchanged(api: Api) -> None:
    coop_id = api.register(12)
    first = api.get(f"/api/v1/cooperatives/{coop_id}")
    again = api.get(f"/api/v1/cooperatives/{coop_id}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == '"1"'
    api.ok(api.post(f"/api/v1/cooperatives/{coop_id}/kit-request", {}))
    changed = api.get(f"/api/v1/cooperatives/{coop_id}", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.get_json()["status"]["step"] == "preparing"
    assert changed.get_json()["version"] == 2


def test_a_database_that_does_not_answer_is_a_503_in_the_error_shape(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventsourcing.persistence import OperationalError

    def down(*args: object, **kwargs: object) -> None:
        raise OperationalError("database is locked")

    coop_id = api.register(13)
    monkeypatch.setattr(api.app.extensions["qualicoop"].app, "cooperative", down)
    response = api.post(f"/api/v1/cooperatives/{coop_id}/kit-request", {})
    assert response.status_code == 503 and response.get_json()["code"] == "unavailable"
    assert response.headers["Retry-After"] == "1"


def test_an_unknown_query_parameter_is_refused_naming_it(api: Api) -> None:
    """A misspelt filter must not answer the unfiltered list as if it were the filtered one."""
    for url in ("/api/v1/cooperatives?mentoin=engagee", "/api/v1/network/figures?jour=2024-01-01",
                "/api/v1/reports/2024?base=effective"):  # fmt: skip
        response = api.get(url)
        assert response.status_code == 422, url
        assert list(response.get_json()["errors"]) == [url.split("?")[1].split("=")[0]]
