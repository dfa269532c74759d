"""``GET /api/v1/reports/{year}`` and the page « Rapports annuels »: who may read them, the formats, bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.world import World, build_world
from tests.e2e.conftest import Api, make_api
from tests.e2e.pages.support import sign_in
from tests.support import plain_client
from web import create_app
from web.api.reports import ReportOut


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    built = make_api()
    built.register(1)
    built.register(2)
    yield built
    built.app.extensions["qualicoop"].close()


def test_the_json_report_is_typed_canonical_and_read_by_the_federation_and_the_auditor(api: Api) -> None:
    first = api.get("/api/v1/reports/2022", as_="auditor")
    assert first.status_code == 200 and first.mimetype == "application/json"
    body = json.loads(first.data)
    assert ReportOut().dump(body) == body and not ReportOut().validate(body)
    assert api.get("/api/v1/reports/2022").data == first.data  # the same bytes again
    assert body["provenance"]["parameters"] == {"year": 2022, "basis": "effective", "as_recorded_on": None}
    assert api.get("/api/v1/reports/2022", as_="committee").status_code == 403


@pytest.mark.parametrize(("fmt", "mimetype"), [("csv", "application/zip"), ("pdf", "application/pdf"),
                                               ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                                               ("html", "text/html")])  # fmt: skip
def test_other_formats_are_files_to_download(api: Api, fmt: str, mimetype: str) -> None:
    response = api.get(f"/api/v1/reports/2022?format={fmt}&basis=recorded")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert f'filename="rapport-qualicoop-2022.{fmt}"' in response.headers["Content-Disposition"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("2022?basis=hier", "basis"), ("2022?format=docx", "format"), ("2019", "year"), ("2031", "year"),
     ("deux", "year"), ("2022?as_recorded_on=hier", "as_recorded_on")],
)  # fmt: skip
def test_bad_input_is_a_422_naming_the_field(api: Api, query: str, field: str) -> None:
    response = api.get(f"/api/v1/reports/{query}")
    assert response.status_code == 422, response.data
    assert field in response.get_json()["errors"]


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    built = build_world()
    yield built
    built.services.close()


@pytest.fixture
def client(world: World) -> Any:
    return plain_client(create_app(services=world.services))


@pytest.mark.parametrize("role", ["federation", "auditor"])
def test_the_page_shows_the_figures_charts_and_downloads_and_is_in_the_navigation(client: Any, role: str) -> None:
    sign_in(client, role)
    page = client.get("/rapports?annee=2023").text
    assert "Rapports annuels" in client.get("/tableau-de-bord").text
    assert "Rapport annuel du réseau Quali'Coop — 2023" in page and "<svg" in page and "Chiffres clés" in page
    assert "/rapports/2023.pdf" in page and "Coopératives par mention au 31 décembre" in page
    download = client.get("/rapports/2023.xlsx")
    assert download.status_code == 200 and download.data[:2] == b"PK"


@pytest.mark.parametrize("role", ["committee", "cooperative"])
def test_the_page_is_refused_to_the_committee_and_the_referents(client: Any, role: str) -> None:
    sign_in(client, role)
    assert client.get("/rapports").status_code == 403
    assert "Rapports annuels" not in client.get("/catalogue").text


def test_a_year_out_of_range_on_the_page_is_a_french_message(client: Any) -> None:
    sign_in(client, "federation")
    response = client.get("/rapports?annee=1990")
    assert response.status_code == 422 and "précède le premier événement" in response.text
