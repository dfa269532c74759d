"""``qualicoop report``: every format from the same events, and bad input as one French line with exit code 2."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qualicoop_es.bootstrap import Services
from qualicoop_es.cli import main
from qualicoop_es.errors import InvalidInput
from qualicoop_es.reports.build import Request, check, first_year, registered_by_year
from tests.support import new_app, register


def run(url: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--database-url", url, "report", *args])


def test_the_json_written_twice_is_the_same_file_and_a_fixed_generation_time_enters_it(
    store: tuple[Services, str], tmp_path: Path
) -> None:
    _, url = store
    for name in ("a.json", "b.json"):
        assert run(url, "--year", "2024", "--out", str(tmp_path / name)).exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    fixed = run(url, "--year", "2024", "--generated-at", "2025-01-15T10:00:00", "--out", str(tmp_path / "c.json"))
    assert fixed.exit_code == 0
    assert json.loads((tmp_path / "c.json").read_text())["provenance"]["generated_at"] == "2025-01-15T10:00:00+00:00"


def test_csv_xlsx_html_and_pdf_carry_the_tables_the_charts_and_the_provenance(
    store: tuple[Services, str], tmp_path: Path
) -> None:
    _, url = store
    for fmt in ("csv", "xlsx", "html", "pdf"):
        result = run(url, "--year", "2023-2024", "--format", fmt, "--out", str(tmp_path / f"r.{fmt}"),
                     "--generated-at", "2025-01-15T10:00:00")  # fmt: skip
        assert result.exit_code == 0, result.output
    names = zipfile.ZipFile(tmp_path / "r.csv").namelist()
    assert "2024/provenance.csv" in names and "2023/mentions.csv" in names and "2024/regions.csv" in names
    from openpyxl import load_workbook

    sheets = load_workbook(tmp_path / "r.xlsx").sheetnames
    assert "2024 Provenance" in sheets and "2024 Chiffres clés" in sheets and "2023 Régions" in sheets
    page = (tmp_path / "r.html").read_text()
    assert page.count("<svg") >= 10 and "Chaîne d'intégrité" in page
    assert "Rapport annuel du réseau Quali&#39;Coop — 2024" in page
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    again = run(url, "--year", "2023-2024", "--format", "xlsx", "--out", str(tmp_path / "s.xlsx"),
                "--generated-at", "2025-01-15T10:00:00")  # fmt: skip
    assert again.exit_code == 0 and (tmp_path / "s.xlsx").read_bytes() == (tmp_path / "r.xlsx").read_bytes()


def test_one_table_as_csv(store: tuple[Services, str]) -> None:
    _, url = store
    result = run(url, "--year", "2024", "--format", "csv", "--table", "mentions")
    assert result.exit_code == 0
    assert result.output.lstrip("\ufeff").splitlines()[0] == "Année;Code;Mention;Coopératives 2024;Coopératives 2023"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "1990"], "précède le premier événement"),
        (["--year", "2999"], "n'est pas encore commencée"),
        (["--year", "deux-mille"], "année attendue"),
        (["--year", "2024", "--basis", "hier"], "base inconnue"),
        (["--year", "2024", "--format", "docx"], "format inconnu"),
        (["--year", "2024", "--out", "/nulle/part/rapport.json"], "impossible d'écrire"),
        (["--year", "2024", "--format", "csv", "--table", "inconnu"], "tableau inconnu"),
        (["--year", "2024", "--as-recorded-on", "hier"], "AAAA-MM-JJ"),
    ],
)
def test_bad_input_is_one_french_line_and_exit_code_2(
    store: tuple[Services, str], args: list[str], message: str
) -> None:
    _, url = store
    result = run(url, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_the_first_year_is_that_of_the_earliest_registration_even_one_recorded_later() -> None:
    """A cooperative registered later with an earlier date (a late-keyed registration) moves the first year back:
    the check answers from the first registration recorded when it can, else from all of them."""
    app = new_app()
    assert registered_by_year(app, 2030) is None
    register(app, 1, on=date(2023, 5, 2))
    register(app, 2, on=date(2021, 3, 1))  # recorded after, dated before
    assert first_year(app) == 2021
    assert [registered_by_year(app, y) for y in (2020, 2021, 2022, 2023)] == [2021, 2021, 2021, 2023]
    check(app, Request(2021, 2021), today=date(2024, 1, 1))
    with pytest.raises(InvalidInput, match=r"l'année 2020 précède le premier événement du journal \(2021\)"):
        check(app, Request(2020, 2020), today=date(2024, 1, 1))
