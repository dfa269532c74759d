"""Exactly once, always consistent: crashes roll back rows and position together, failures stay contained."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, func, select

from qualicoop_es.bootstrap import Services
from qualicoop_es.projections import timeline as timeline_module
from qualicoop_es.projections.base import Item
from qualicoop_es.projections.runner import Projector
from qualicoop_es.projections.tables import positions
from qualicoop_es.projections.timeline import TimelineProjection, events_table
from tests.projections.projection_helpers import STAFF, random_history, rebuild_matches, services
from tests.support import in_threads


def register(svc: Services, n: int) -> None:
    svc.app.register_cooperative(actor=STAFF, name=f"Coop {n}", siren=["000000018", "000000026", "000000034"][n],
                                 legal_form="SCP", departement="35", activities=["locatif_social"],
                                 effective_on=date(2024, 1, 2))  # fmt: skip


def lagging(svc: Services) -> Projector:
    """Unhook the projector so events pile up, as if written by another process."""
    assert svc.projector is not None
    svc.app.after_save.clear()
    return svc.projector


def counts(svc: Services) -> tuple[int, dict[str, int]]:
    with svc.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(events_table)).scalar_one()
        found = dict(conn.execute(select(positions.c.name, positions.c.position)).all())  # type: ignore[arg-type]
    return rows, found


class CrashingTimeline(TimelineProjection):
    """Writes its rows, then crashes before the transaction commits."""

    def process(self, conn: Connection, items: Sequence[Item]) -> None:
        super().process(conn, items)
        raise RuntimeError("crash after writing")


def test_a_crash_mid_batch_leaves_rows_and_position_unchanged(svc: Services) -> None:
    register(svc, 0)
    projector = lagging(svc)
    before = counts(svc)
    register(svc, 1)
    crashing = Projector(svc.app, svc.engine, [CrashingTimeline()])
    crashing.catch_up()
    assert counts(svc) == before
    assert projector.catch_up() == 1
    rows, found = counts(svc)
    assert rows == found["timeline"] == found["cooperative_periods"] == projector.head()


def test_a_failing_handler_stops_its_projection_at_that_event_and_resumes_after_the_fix(
    svc: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    projector = lagging(svc)
    register(svc, 0)
    register(svc, 1)
    register(svc, 2)
    broken = 3  # 1: catalogue, 2–4: three registrations
    original = timeline_module.row_of

    def row_of(item: Item) -> dict[str, object]:
        if item.notification_id == broken:
            raise ValueError("handler bug")
        return original(item)

    monkeypatch.setattr(timeline_module, "row_of", row_of)
    with caplog.at_level(logging.ERROR, logger="qualicoop_es.projections"):
        projector.catch_up()
    status = {s["name"]: s for s in projector.status()}
    assert status["timeline"]["position"] == broken - 1
    assert f"notification {broken}" in status["timeline"]["error"] and "handler bug" in status["timeline"]["error"]
    assert f"notification {broken}" in caplog.text
    assert (
        status["cooperative_periods"]["position"] == projector.head() and status["cooperative_periods"]["error"] is None
    )
    assert counts(svc)[0] == broken - 1
    monkeypatch.setattr(timeline_module, "row_of", original)
    projector.catch_up()
    with svc.engine.connect() as conn:
        ids = conn.execute(select(events_table.c.notification_id).order_by(events_table.c.notification_id)).scalars()
        assert list(ids) == list(range(1, projector.head() + 1))
    assert all(s["error"] is None and s["lag"] == 0 for s in projector.status())


def test_two_projectors_on_one_database_never_apply_an_event_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shared.sqlite3"
    first, second = services(url), services(url)
    try:
        lagging(first)
        lagging(second)
        random_history(first.app, seed=7, coops=4)
        projectors = [Projector(s.app, s.engine, list(s.projector.projections.values()), page_size=7)  # type: ignore[union-attr]
                      for s in (first, second) for _ in range(2)]  # fmt: skip
        barrier = threading.Barrier(len(projectors))

        def run(projector: Projector) -> None:
            barrier.wait()
            projector.catch_up()

        assert in_threads(run, [(p,) for p in projectors]) == []
        assert all(s["error"] is None and s["lag"] == 0 for s in projectors[0].status())
        assert rebuild_matches(first)
    finally:
        first.close()
        second.close()
