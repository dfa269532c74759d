"""ETags are the version in quotes (``web.api.etags``): the forms of If-Match and If-None-Match, and why the
adapter exists — flask-smorest's own ETag support hashes data, so it cannot answer ``"<version>"``."""

from __future__ import annotations

import re
import warnings
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask_smorest import Api as SmorestApi
from flask_smorest import Blueprint

from tests.e2e.conftest import Api


@pytest.fixture
def coop(api: Api) -> UUID:
    coop_id = api.register(21)
    api.ok(api.post(f"/api/v1/cooperatives/{coop_id}/kit-request", {}))  # version 2
    return coop_id


def meeting(api: Api, coop_id: UUID, if_match: str) -> Any:
    return api.post(f"/api/v1/cooperatives/{coop_id}/first-meeting", {}, headers={"If-Match": if_match})


@pytest.mark.parametrize("if_match", ['"2"', 'W/"2"', "2", "*"])
def test_if_match_takes_the_version_quoted_weak_or_bare_and_star_skips_the_check(api: Api, coop: UUID,
                                                                                  if_match: str) -> None:  # fmt: skip
    response = meeting(api, coop, if_match)
    assert api.ok(response)["version"] == 3 and response.headers["ETag"] == '"3"'


@pytest.mark.parametrize("if_match", ['"abc"', '"1", "2"', '"²"', '"1234567890"', "", '""'])
def test_if_match_naming_no_single_version_is_a_400(api: Api, coop: UUID, if_match: str) -> None:
    response = meeting(api, coop, if_match)
    assert response.status_code == 400 and response.get_json()["code"] == "bad_request"
    assert api.ok(api.get(f"/api/v1/cooperatives/{coop}"))["version"] == 2  # nothing was written


def test_a_stale_if_match_is_a_412_naming_the_current_version_and_if_match_stays_optional(api: Api, coop: UUID) -> None:
    stale = meeting(api, coop, '"1"')
    assert stale.status_code == 412 and stale.get_json()["current_version"] == 2 and "ETag" not in stale.headers
    without = api.post(f"/api/v1/cooperatives/{coop}/first-meeting", {})
    assert without.status_code == 200 and without.headers["ETag"] == '"3"'


@pytest.mark.parametrize("if_none_match", ['"2"', 'W/"2"', '"1", "2"', "*"])
def test_if_none_match_naming_the_latest_version_is_a_304(api: Api, coop: UUID, if_none_match: str) -> None:
    response = api.get(f"/api/v1/cooperatives/{coop}", headers={"If-None-Match": if_none_match})
    assert response.status_code == 304 and response.headers["ETag"] == '"2"' and response.data == b""


def test_if_none_match_naming_an_older_version_gets_the_body(api: Api, coop: UUID) -> None:
    response = api.get(f"/api/v1/cooperatives/{coop}", headers={"If-None-Match": '"1"'})
    assert api.ok(response)["version"] == 2 and response.headers["ETag"] == '"2"'


def test_the_catalogue_answers_its_version_as_etag(api: Api) -> None:
    assert api.get("/api/v1/catalogue").headers["ETag"] == '"1"'


def test_flask_smorest_etags_are_still_hashes_so_the_adapter_is_still_needed() -> None:
    """Fails on the upgrade that lets flask-smorest answer an ETag of our own: then use ``Blueprint.etag``."""
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    blp = Blueprint("probe", __name__)

    @blp.route("/read")
    @blp.etag
    @blp.response(200)
    def read() -> dict[str, int]:
        blp.set_etag(7)
        return {"version": 7}

    @blp.route("/write", methods=["PATCH"])
    @blp.etag
    @blp.response(200)
    def write() -> dict[str, int]:
        blp.check_etag(7)
        return {"version": 8}

    SmorestApi(app).register_blueprint(blp)
    client = app.test_client()
    tag = client.get("/read").headers["ETag"]
    assert tag != '"7"' and re.fullmatch(r'"[0-9a-f]{40}"', tag)  # a SHA-1 of the data, never the value given
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert client.patch("/write").status_code == 428  # If-Match made mandatory: ours is optional
        assert client.patch("/write", headers={"If-Match": '"7"'}).status_code == 412  # the version is no ETag there
