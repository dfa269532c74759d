"""The JSON report is the same bytes whenever it is made from the same events: again, after a rebuild of the read
models, on PostgreSQL; a fact recorded late changes the report by business date, not the report as recorded."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from qualicoop_es.bootstrap import Services, build
from qualicoop_es.config import Settings
from qualicoop_es.reports import Request
from qualicoop_es.reports.build import assemble, build_reports, scopes_for
from qualicoop_es.reports.compare import compare
from qualicoop_es.reports.render import canonical
from qualicoop_es.reports.replay import replay
from tests.support import STAFF, TODAY, siren

YEARS = Request(2022, 2026)


def report_bytes(svc: Services, request: Request = YEARS) -> bytes:
    return canonical(build_reports(svc.app, svc.engine, request, today=TODAY))


def test_the_json_is_byte_identical_when_made_again_and_after_the_read_models_are_rebuilt(
    store: tuple[Services, str],
) -> None:
    svc, _ = store
    first = report_bytes(svc)
    assert first == report_bytes(svc)
    assert svc.projector is not None
    svc.projector.rebuild()
    assert report_bytes(svc) == first
    document = json.loads(first)
    assert [r["year"] for r in document["reports"]] == [2022, 2023, 2024, 2025, 2026]
    provenance = document["reports"][-1]["provenance"]
    assert provenance["chain"]["position"] == provenance["last_event"]["position"] > 0
    assert len(provenance["chain"]["digest"]) == 64 and provenance["generated_at"] is None


def test_one_year_alone_is_the_same_report_as_that_year_within_a_period(store: tuple[Services, str]) -> None:
    svc, _ = store
    alone = json.loads(report_bytes(svc, Request(2024, 2024)))
    within = json.loads(report_bytes(svc))["reports"][2]
    assert alone == within


def test_postgresql_gives_the_same_bytes_as_sqlite_for_the_same_events(
    store: tuple[Services, str], postgres_url: str
) -> None:
    svc, _ = store
    copy = build(Settings(database_url=postgres_url), clock=lambda: TODAY)
    try:  # the same stored events, byte for byte, through the recorders' public API
        copy.app.recorder.insert_events(svc.app.recorder.select_notifications(1, 1_000_000))
        assert copy.projector is not None
        copy.projector.catch_up()
        assert report_bytes(copy) == report_bytes(svc)
    finally:
        copy.close()


def test_a_correction_recorded_late_changes_the_report_by_business_date_but_not_the_report_as_published(
    store: tuple[Services, str],
) -> None:
    svc, _ = store
    request = Request(2023, 2023)
    before = key_figures(build_reports(svc.app, svc.engine, request, today=TODAY)[0])
    published_on = datetime.now(UTC)
    svc.app.register_cooperative(actor=STAFF, name="Coop saisie en retard", siren=siren(4242), legal_form="SCP",
                                 departement="29", activities=["locatif_social"], effective_on=date(2023, 5, 2))  # fmt: skip
    corrected = key_figures(build_reports(svc.app, svc.engine, request, today=TODAY)[0])
    passed = replay(svc.app, scopes_for(request, recorded_by=published_on))
    as_published = key_figures(assemble(passed, svc.engine, request)[0])
    assert corrected["registered"] == before["registered"] + 1 and as_published == before
    assert corrected["registered_in_year"] == before["registered_in_year"] + 1
    explained = compare(svc.app, svc.engine, request, published_on, today=TODAY)
    assert explained["late_facts"] == 1
    [step] = explained["changes"]
    assert step["fact"]["cooperative"] == "Coop saisie en retard" and step["fact"]["effective_on"] == "2023-05-02"
    changed = {(f["table"], f["row"], f["column"]): (f["before"], f["after"]) for f in step["figures"]}
    assert changed[("key_figures", "registered", "value")] == (before["registered"], before["registered"] + 1)
    assert changed[("departements", "29", "cooperatives")][1] >= 1
    assert explained["figures"] == step["figures"]


def key_figures(report: dict[str, Any]) -> dict[str, int]:
    return {row["code"]: row["value"] for row in report["tables"][0]["rows"]}
