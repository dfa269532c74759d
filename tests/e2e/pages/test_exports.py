"""Exports and print: the list (with its filters) and a history as CSV and XLSX, a fiche as PDF in about two A4
pages — each under the rules of the page it exports."""

from __future__ import annotations

import io
from typing import Any

import pytest

from qualicoop_es.exports import csv_bytes, safe_cell, xlsx_bytes
from tests.browser.world import World
from tests.e2e.pages.support import sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv(response: Any) -> list[list[str]]:
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text[1:].splitlines()]


def test_cells_a_spreadsheet_would_read_as_formulas_are_written_as_text() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+33", "-2", "@SOMME", "\tx", "Coop", -2, None)] == [
        "'=1+1", "'+33", "'-2", "'@SOMME", "'\tx", "Coop", -2, ""]  # fmt: skip
    assert csv_bytes([['=HYPERLINK("http://x")', 3]]).decode("utf-8") == '\ufeff"\'=HYPERLINK(""http://x"")";3\r\n'


def test_a_workbook_keeps_formulas_as_text_too() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx_bytes("Essai", [["Nom"], ["=1+1"]]))).active
    assert sheet["A2"].value == "'=1+1" and sheet["A2"].data_type == "s" and sheet.title == "Essai"


def test_the_list_exports_with_its_filters_as_csv_and_xlsx(client: Any) -> None:
    from openpyxl import load_workbook

    sign_in(client, "federation")
    page = client.get("/cooperatives?etape=submitted").text
    assert 'href="/cooperatives/export.csv?etape=submitted"' in page
    rows = _csv(client.get("/cooperatives/export.csv?etape=submitted"))
    assert rows[0][:3] == ["Coopérative", "SIREN", "Forme juridique"]
    assert [r[0] for r in rows[1:]] == ["Les Castors de l'Ouest"]
    assert len(_csv(client.get("/cooperatives/export.csv"))) == 7  # headings and the 6 cooperatives
    response = client.get("/cooperatives/export.xlsx?q=cooperatif")
    assert response.mimetype == XLSX and "attachment" in response.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["Coopérative", "Abri Coopératif"]


def test_a_referent_exports_its_own_history_and_nothing_else(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    rows = _csv(client.get(f"/cooperatives/{world.preparing}/historique.csv"))
    assert rows[0][0] == "Date d'effet" and rows[1][2] == "Inscription" and rows[1][0] == "10 janvier 2022"
    assert client.get(f"/cooperatives/{world.submitted}/historique.csv").status_code == 403
    assert client.get(f"/cooperatives/{world.submitted}/fiche.pdf").status_code == 403
    assert client.get("/cooperatives/export.csv").status_code == 403
    assert client.get(f"/cooperatives/{world.preparing}/historique.json").status_code == 404


def test_the_committee_exports_only_what_it_may_read(client: Any, world: World) -> None:
    sign_in(client, "committee")
    names = [r[0] for r in _csv(client.get("/cooperatives/export.csv"))[1:]]
    assert "Coop Habitat Breton" not in names and "Les Castors de l'Ouest" in names  # never submitted: not seen
    assert client.get(f"/cooperatives/{world.preparing}/historique.xlsx").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client: Any, world: World) -> None:
    assert client.get(f"/cooperatives/{world.confirmed}/fiche.pdf").status_code == 302
    assert client.get("/cooperatives/export.csv").status_code == 302


def test_a_fiche_prints_as_a_pdf_of_about_two_a4_pages(client: Any, world: World) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    from web.pages.views_exports import STYLESHEET

    sign_in(client, "auditor")
    response = client.get(f"/cooperatives/{world.confirmed}/fiche.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and 'filename="fiche-toit-partage.pdf"' in response.headers[
        "Content-Disposition"]  # fmt: skip
    html = client.get(f"/cooperatives/{world.confirmed}").text
    printed = weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(filename=str(STYLESHEET))])
    assert len(printed.pages) <= 3


def test_the_print_stylesheet_leaves_out_navigation_and_forms() -> None:
    from web.pages.views_exports import STYLESHEET

    css = STYLESHEET.read_text(encoding="utf-8")
    rules = css[css.index("@media print") :]
    assert "header.site" in rules and "form" in rules and "display: none" in rules and "@page { size: A4" in css
