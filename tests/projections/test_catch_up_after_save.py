"""The catch-up after each command: every projection in one transaction, a failing one still isolated."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from qualicoop_es.bootstrap import Services
from qualicoop_es.projections import timeline as timeline_module
from qualicoop_es.projections.base import Item
from qualicoop_es.projections.timeline import events_table
from tests.projections.projection_helpers import STAFF, rebuild_matches, services

SIRENS = ["000000018", "000000026", "000000034"]


def register(svc: Services, n: int) -> int:
    return svc.app.register_cooperative(actor=STAFF, name=f"Coop {n}", siren=SIRENS[n], legal_form="SCP",
                                        departement="35", activities=["locatif_social"],
                                        effective_on=date(2024, 1, 2)).notification_id  # fmt: skip


def test_each_command_is_in_every_read_model_when_it_returns(svc: Services) -> None:
    assert svc.projector is not None
    for n in range(3):
        written = register(svc, n)
        assert all(s["position"] == written and s["error"] is None for s in svc.projector.status())
        with svc.engine.connect() as conn:
            assert conn.execute(select(func.max(events_table.c.notification_id))).scalar_one() == written
    assert svc.projector.catch_up(until=written) == 0  # known to be included: nothing read


def test_a_failing_handler_after_a_command_holds_back_only_its_own_projection(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert svc.projector is not None
    register(svc, 0)
    original = timeline_module.row_of

    def row_of(item: Item) -> dict[str, object]:
        raise ValueError("handler bug")

    monkeypatch.setattr(timeline_module, "row_of", row_of)
    stuck = svc.projector.head()
    written = register(svc, 1)  # the command itself succeeds
    status = {s["name"]: s for s in svc.projector.status()}
    assert status["cooperative_periods"]["position"] == written and status["cooperative_periods"]["error"] is None
    assert status["timeline"]["position"] == stuck and "handler bug" in status["timeline"]["error"]
    monkeypatch.setattr(timeline_module, "row_of", original)
    written = register(svc, 2)
    assert all(s["position"] == written and s["error"] is None for s in svc.projector.status())


@pytest.mark.postgres
def test_a_write_refused_by_postgresql_at_commit_holds_back_only_its_own_projection(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the read models' writes are sent with the COMMIT (``tables.deferring_writes``): a row the
    database refuses fails there, after every handler ran, and is still pinned on its own projection and event."""
    svc = services(postgres_url)
    try:
        assert svc.projector is not None
        register(svc, 0)
        original = timeline_module.row_of
        monkeypatch.setattr(timeline_module, "row_of", lambda item: (1, *original(item)[1:]))  # a taken key
        stuck = svc.projector.head()
        written = register(svc, 1)  # the command itself succeeds
        status = {s["name"]: s for s in svc.projector.status()}
        assert {name: status[name]["position"] for name in status} == {
            "cooperative_periods": written, "integrity": written, "timeline": stuck}  # fmt: skip
        assert (
            f"notification {written}" in status["timeline"]["error"]
            and "UniqueViolation" in status["timeline"]["error"]
        )
        monkeypatch.setattr(timeline_module, "row_of", original)
        written = register(svc, 2)
        assert all(s["position"] == written and s["error"] is None for s in svc.projector.status())
        assert rebuild_matches(svc)
    finally:
        svc.close()
