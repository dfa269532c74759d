"""Group commit: concurrent commands are stored by one call of the library's public ``save``, and the read models
catch up once per batch, before any command of it is answered."""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError
from eventsourcing.persistence import OperationalError as StoreOperationalError
from sqlalchemy import select

from qualicoop_es.bootstrap import Services
from qualicoop_es.errors import StaleVersion
from qualicoop_es.group_commit import GroupCommit, _Entry
from qualicoop_es.projections import timeline as timeline_module
from qualicoop_es.projections.base import Item
from qualicoop_es.projections.tables import positions
from tests.projections.projection_helpers import STAFF, random_history, rebuild_matches, services, siren
from tests.support import in_threads


def register(svc: Services, n: int) -> Any:
    return svc.app.register_cooperative(actor=STAFF, name=f"Coop {n}", siren=siren(n), legal_form="SCP",
                                        departement="35", activities=["locatif_social"],
                                        effective_on=date(2024, 1, 2)).aggregate_id  # fmt: skip


def stored_positions(svc: Services) -> dict[str, int]:
    with svc.engine.connect() as conn:
        return dict(conn.execute(select(positions.c.name, positions.c.position)).all())  # type: ignore[arg-type]


def group_commit(svc: Services) -> GroupCommit:
    return svc.app.group_commit


def test_an_answered_command_is_already_in_every_read_model(svc: Services) -> None:
    result = svc.app.register_cooperative(actor=STAFF, name="Coop", siren=siren(1), legal_form="SCP",
                                          departement="35", activities=["locatif_social"])  # fmt: skip
    assert stored_positions(svc) == {
        "cooperative_periods": result.notification_id,
        "timeline": result.notification_id,
        "integrity": result.notification_id,
    }
    assert group_commit(svc).commands >= 1


def test_concurrent_commands_are_grouped_and_nothing_is_lost_or_applied_twice(svc: Services) -> None:
    ids = [register(svc, n) for n in range(1, 9)]
    barrier = threading.Barrier(len(ids))
    gc = group_commit(svc)
    batches, commands = gc.batches, gc.commands

    def work(coop_id: Any) -> None:
        for k in range(15):
            barrier.wait(timeout=20)
            svc.app.update_identity(coop_id, {"staff": 100 + k}, actor=STAFF)

    assert in_threads(work, [(i,) for i in ids]) == []
    assert gc.commands - commands == 8 * 15
    assert gc.batches - batches < gc.commands - commands  # some batches held several commands
    for coop_id in ids:
        assert [e.originator_version for e in svc.app.repository.event_store.get(coop_id)] == list(range(1, 17))
    head = svc.app.recorder.max_notification_id()
    assert stored_positions(svc) == {"cooperative_periods": head, "timeline": head, "integrity": head}
    assert rebuild_matches(svc)


def test_a_conflict_in_a_batch_fails_only_its_own_command(svc: Services) -> None:
    """Two commands on the same version in one batch: the batch is rolled back and its entries written one by one,
    so the second gets its conflict and the commands of other cooperatives in the batch are stored."""
    first, other = register(svc, 1), register(svc, 2)
    app = svc.app
    gc = group_commit(svc)
    stale, fresh, bystander = app.cooperative(first), app.cooperative(first), app.cooperative(other)
    for coop, staff in ((stale, 1), (fresh, 2), (bystander, 3)):
        coop.update_identity(actor=STAFF.account_id, changes={"staff": staff}, effective_on=date(2024, 2, 1),
                             today=date(2024, 2, 1))  # fmt: skip
    with app.write_lock:  # queue three commands, then write them as one batch
        entries = [_Entry(coop.collect_events()) for coop in (fresh, stale, bystander)]
        gc._write(entries)
    assert entries[0].error is None and entries[2].error is None
    assert isinstance(entries[1].error, IntegrityError)
    assert app.cooperative(first).dossier["identity"]["staff"] == 2
    assert app.cooperative(other).dossier["identity"]["staff"] == 3
    with pytest.raises(StaleVersion):  # and through the application, the usual answer
        app.update_identity(first, {"staff": 4}, actor=STAFF, expected_version=1)


def test_a_failing_projection_leaves_the_events_stored_and_is_isolated(
    svc: Services, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    coop_id = register(svc, 1)
    original = timeline_module.row_of

    def row_of(item: Item) -> dict[str, object]:
        if item.event.originator_id == coop_id and item.event.originator_version == 2:
            raise ValueError("handler bug")
        return original(item)

    monkeypatch.setattr(timeline_module, "row_of", row_of)
    with caplog.at_level(logging.ERROR, logger="qualicoop_es.projections"):
        result = svc.app.update_identity(coop_id, {"staff": 7}, actor=STAFF)
    assert svc.app.cooperative(coop_id).version == 2  # the command's events are stored
    assert svc.projector is not None
    status = {s["name"]: s for s in svc.projector.status()}
    assert status["cooperative_periods"]["position"] == result.notification_id
    assert status["timeline"]["position"] == result.notification_id - 1
    assert "handler bug" in status["timeline"]["error"]
    monkeypatch.setattr(timeline_module, "row_of", original)
    svc.app.update_identity(coop_id, {"staff": 8}, actor=STAFF)  # the next command catches the timeline up
    assert all(s["error"] is None and s["lag"] == 0 for s in svc.projector.status())


def test_a_random_history_through_the_group_commit_matches_a_rebuild(svc: Services) -> None:
    random_history(svc.app, seed=11, coops=6)
    assert rebuild_matches(svc)


def test_a_save_that_fails_stores_nothing_and_is_the_stores_unavailable_error(
    svc: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lock timeout (another process holding the database): the command gets the library's ``OperationalError``
    (the API's 503), nothing of it is stored, and the next command goes through."""
    coop_id = register(svc, 1)
    head, version = svc.app.recorder.max_notification_id(), svc.app.cooperative(coop_id).version
    original = svc.app.recorder.insert_events

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise StoreOperationalError("database is locked")

    monkeypatch.setattr(svc.app.recorder, "insert_events", locked)
    with pytest.raises(StoreOperationalError, match="database is locked"):
        svc.app.update_identity(coop_id, {"staff": 5}, actor=STAFF)
    assert svc.app.recorder.max_notification_id() == head
    monkeypatch.setattr(svc.app.recorder, "insert_events", original)
    assert svc.app.cooperative(coop_id).version == version
    assert stored_positions(svc) == {"cooperative_periods": head, "timeline": head, "integrity": head}
    svc.app.update_identity(coop_id, {"staff": 6}, actor=STAFF)
    assert svc.app.cooperative(coop_id).version == version + 1
    assert stored_positions(svc) == {"cooperative_periods": head + 1, "timeline": head + 1, "integrity": head + 1}


def test_two_instances_on_one_file_writing_at_once_leave_the_read_models_at_the_head_and_equal_to_a_rebuild(
    tmp_path: Path,
) -> None:
    """Two applications on one SQLite file (two server processes), four threads each, every thread on its own
    cooperative: each instance applies its batches in its own transactions, after the other's, never twice."""
    url = f"sqlite:///{tmp_path}/shared.sqlite3"
    first, second = services(url), services(url)
    try:
        writers = [(svc, register(svc, n)) for n, svc in enumerate([first, second] * 4, start=1)]
        barrier = threading.Barrier(len(writers))

        def work(svc: Services, coop_id: Any) -> None:
            barrier.wait(timeout=20)
            for k in range(10):
                svc.app.update_identity(coop_id, {"staff": 10 + k}, actor=STAFF)

        assert in_threads(work, writers) == []
        head = first.app.recorder.max_notification_id()
        assert stored_positions(first) == {"cooperative_periods": head, "timeline": head, "integrity": head}
        for _, coop_id in writers:
            assert first.app.cooperative(coop_id).version == 11
        assert rebuild_matches(first)
    finally:
        first.close()
        second.close()
