"""The audit over HTTP: how a mention was granted (typed, named), the signed bundle, the public key."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from qualicoop_es.integrity import bundle_check
from tests.e2e.conftest import Api, make_api
from tests.support import ACCOUNTS_SINCE, STAFF, fill_dossier, register, submit
from web.api.responses.audit import MentionAuditOut


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Api, UUID, UUID]]:
    api = make_api()
    app = api.app.extensions["qualicoop"].app
    own, other = register(app, 1), api.register(2)
    api.add_account("referent", "cooperative", cooperative_id=own)
    member = api.add_account("member", "committee", effective_on=ACCOUNTS_SINCE)
    fill_dossier(app, own)
    version = submit(app, own)
    app.record_verdict(own, actor=STAFF, kind="validate", session_reference="CV-2022-04", members_present=[member],
                       rationale="Dossier solide", judged_version=version, effective_on=date(2022, 4, 1))  # fmt: skip
    yield api, own, other
    api.app.extensions["qualicoop"].close()


def test_the_audit_names_the_verdict_its_members_and_each_events_chain_digest(
    world: tuple[Api, UUID, UUID],
) -> None:
    api, own, _ = world
    body = api.ok(api.get(f"/api/v1/cooperatives/{own}/audit", as_="referent"))
    assert MentionAuditOut().dump(body) == body  # typed: the schema declares every field
    assert body["mention_number"] == 1 and body["validity"]["granted_label"] == "Quali'Coop Engagée !"
    verdict = body["facts"][-1]
    assert verdict["stage"] == "grant" and verdict["stage_label"] == "octroi de la mention"
    assert verdict["verdict"]["members_present"] == [{"id": api.accounts["member"], "name": "member"}]
    assert (
        verdict["verdict"]["session_reference"] == "CV-2022-04" and verdict["verdict"]["rationale"] == "Dossier solide"
    )
    assert all(len(f["chain_digest"]) == 64 and f["position"] > 0 for f in body["facts"])


def test_bad_input_gets_a_json_error_naming_the_field(world: tuple[Api, UUID, UUID]) -> None:
    api, own, other = world
    for query in ("?mention=2", "?mention=0", "?mention=x"):
        response = api.get(f"/api/v1/cooperatives/{own}/audit{query}")
        assert response.status_code == 422, query
        assert list(response.get_json()["errors"]) == ["mention"]
    none = api.get(f"/api/v1/cooperatives/{other}/audit")
    assert none.status_code == 404 and "Aucune mention" in none.get_json()["message"]
    assert api.get(f"/api/v1/cooperatives/{other}/audit", as_="referent").status_code == 403


def test_the_bundle_is_a_signed_zip_that_checks_against_the_published_key(world: tuple[Api, UUID, UUID]) -> None:
    api, own, _ = world
    key = api.call("GET", "/api/v1/integrity/key")  # public: no token
    assert key.status_code == 200 and key.get_json()["algorithm"] == "Ed25519"
    response = api.get(f"/api/v1/cooperatives/{own}/audit/bundle", as_="auditor")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    report = bundle_check.check(response.data, key.get_json()["public_key"])
    assert report.ok, report.problems
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert "events.jsonl" in archive.namelist()
    assert api.get(f"/api/v1/cooperatives/{own}/audit/bundle", as_="referent").status_code == 200


def test_the_openapi_document_describes_the_audit_and_the_zip(world: tuple[Api, UUID, UUID]) -> None:
    api, _, _ = world
    paths: dict[str, Any] = api.ok(api.get("/api/v1/openapi.json"))["paths"]
    zipped = paths["/api/v1/cooperatives/{coop_id}/audit/bundle"]["get"]["responses"]["200"]["content"]
    assert zipped == {"application/zip": {"schema": {"type": "string", "format": "binary"}}}
    audit = paths["/api/v1/cooperatives/{coop_id}/audit"]["get"]
    assert audit["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("MentionAuditOut")
    assert "mention" in {p["name"] for p in audit["parameters"]}
