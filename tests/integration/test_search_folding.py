"""The cooperative list's search ignores accents, case and the kind of apostrophe, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from qualicoop_es import bootstrap
from qualicoop_es.config import Settings
from qualicoop_es.projections import queries
from qualicoop_es.projections.folding import fold
from tests.support import STAFF, TODAY, register

NAMES = ("Abri Coopératif", "Les Castors de l’Ouest", "ŒUVRE D'ÉTÉ")


def test_fold_drops_accents_case_ligatures_and_curly_apostrophes() -> None:
    assert fold("  Coopérative  de l’Œuvre ") == "cooperative de l'oeuvre"
    assert fold("ÉTÉ À L‘ÎLE") == "ete a l'ile"


def _found(database_url: str) -> dict[str, list[str]]:
    services = bootstrap.build(Settings(database_url=database_url, secret_key="k"), clock=lambda: TODAY)
    try:
        services.app.ensure_catalogue(actor=STAFF)
        for n, name in enumerate(NAMES, start=1):
            coop = register(services.app, n)
            services.app.update_identity(coop, {"name": name}, actor=STAFF, effective_on=TODAY)
        searches = ("cooperatif", "COOPÉRATIF", "castors de l'ouest", "castors de l’ouest", "oeuvre d’ete", "zzz")
        return {term: [i["name"] for i in queries.list_cooperatives(services.engine, day=TODAY, search=term)["items"]]
                for term in searches}  # fmt: skip
    finally:
        services.close()


EXPECTED = {"cooperatif": ["Abri Coopératif"], "COOPÉRATIF": ["Abri Coopératif"],
            "castors de l'ouest": ["Les Castors de l’Ouest"], "castors de l’ouest": ["Les Castors de l’Ouest"],
            "oeuvre d’ete": ["ŒUVRE D'ÉTÉ"], "zzz": []}  # fmt: skip


def test_the_search_finds_names_however_they_are_typed_on_sqlite(tmp_path: object) -> None:
    assert _found("memory://") == EXPECTED
    assert _found(f"sqlite:///{tmp_path}/qc.sqlite3") == EXPECTED


@pytest.mark.postgres
def test_the_search_finds_names_however_they_are_typed_on_postgresql(postgres_url: str) -> None:
    assert _found(postgres_url) == EXPECTED
