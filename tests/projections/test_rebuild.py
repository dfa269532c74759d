"""A rebuild from zero yields exactly what incremental processing yielded, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualicoop_es import presenters
from qualicoop_es.accounts.service import AccountService
from qualicoop_es.bootstrap import Services
from qualicoop_es.projections import queries as q
from tests.projections.projection_helpers import STAFF, TODAY, digest, random_history, services


def rebuild_equals_incremental(svc: Services, seed: int, coops: int) -> None:
    random_history(svc.app, seed=seed, coops=coops)
    assert svc.projector is not None
    incremental = digest(svc.engine)
    statuses = {s["name"]: s for s in svc.projector.status()}
    assert all(s["lag"] == 0 and s["error"] is None for s in statuses.values())
    for coop_id in svc.app.cooperative_ids():  # the read model agrees with the aggregate itself
        replayed = svc.app.as_of(coop_id, TODAY)
        assert replayed is not None
        assert q.cooperative_status(svc.engine, coop_id, day=TODAY) == presenters.list_item(replayed, TODAY)
        assert replayed.state() == svc.app.cooperative(coop_id).state()
    progress: list[int] = []
    read = svc.projector.rebuild(progress=progress.append, page_size=100)
    assert read == sum(progress) == svc.projector.head()
    assert digest(svc.engine) == incremental
    svc.projector.rebuild(["timeline"])
    assert digest(svc.engine) == incremental


@pytest.mark.parametrize("seed", [11, 12])
def test_rebuild_equals_incremental_on_sqlite(tmp_path: Path, seed: int) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        rebuild_equals_incremental(svc, seed, coops=10)
    finally:
        svc.close()


@pytest.mark.postgres
def test_rebuild_equals_incremental_on_postgresql(postgres_url: str) -> None:
    svc = services(postgres_url)
    try:
        rebuild_equals_incremental(svc, seed=13, coops=8)
    finally:
        svc.close()


def test_a_rebuild_with_account_events_in_small_or_large_pages_equals_incremental(tmp_path: Path) -> None:
    """Account events too (opened, granted with and without cooperative ids, revoked, erased): events whose
    stored state holds UUIDs, decoded by the mapper like every other."""
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=31, coops=8)
        accounts = AccountService(svc.app, svc.engine)
        coop_id = next(iter(svc.app.cooperative_ids()))
        accounts.add("a@test.qualicoop.test", role="auditor", actor=STAFF)
        accounts.add("b@test.qualicoop.test", role="cooperative", actor=STAFF, cooperative_id=coop_id)
        accounts.grant("a@test.qualicoop.test", role="committee", actor=STAFF, affiliations=[coop_id])
        accounts.revoke("a@test.qualicoop.test", actor=STAFF, reason="départ")
        accounts.erase("b@test.qualicoop.test", actor=STAFF)
        assert svc.projector is not None
        incremental = digest(svc.engine)
        svc.projector.rebuild(page_size=97)
        assert digest(svc.engine) == incremental
        svc.projector.rebuild(["cooperative_periods"], page_size=50_000)
        assert digest(svc.engine) == incremental
    finally:
        svc.close()
