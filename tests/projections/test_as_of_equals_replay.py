"""Every read on a date equals a replay of the log as of that date, on random histories with late-keyed and
back-dated facts: the list and its filters, the status, the deadlines and the network figures (SQLite, PostgreSQL).

The replay is the one definition of time (``Cooperative.fold`` through ``QualicoopApplication.as_of``); the reads
come from the ``cooperative_periods`` read model, which is fed in log order."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from qualicoop_es import presenters
from qualicoop_es.aggregates import standing as st
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.bootstrap import Services
from qualicoop_es.projections import queries as q
from qualicoop_es.projections.figures import Listed, deadlines_of, figures_of
from tests.projections.projection_helpers import TODAY, random_history, services

ALL = 10_000


def _replayed(svc: Services, day: date) -> list[Cooperative]:
    found = [svc.app.as_of(coop_id, day) for coop_id in svc.app.cooperative_ids()]
    return [coop for coop in found if coop is not None]


def _days(svc: Services, rng: random.Random) -> list[date]:
    """Random days, and the days around each cooperative's dates where its standing turns (expiry, due dates)."""
    days = {date(2022, 1, 1) + timedelta(days=rng.randrange((TODAY - date(2022, 1, 1)).days)) for _ in range(12)}
    for coop_id in svc.app.cooperative_ids():
        standing = svc.app.cooperative(coop_id).standing
        for turn in (standing["held_until"], standing["due"], standing["due_from"]):
            if turn is not None and turn < TODAY:
                days |= {turn, turn + timedelta(days=1)}
    return [*sorted(rng.sample(sorted(days), min(len(days), 24))), TODAY]


def _verdicts_per_year(svc: Services, day: date) -> dict[str, dict[str, int]]:
    per_year: dict[str, dict[str, int]] = {}
    for coop_id in svc.app.cooperative_ids():
        for event in svc.app.history(coop_id):
            if isinstance(event, Cooperative.VerdictRecorded) and event.effective_on <= day:
                kinds = per_year.setdefault(str(event.effective_on.year), {})
                kinds[event.kind.value] = kinds.get(event.kind.value, 0) + 1
    return per_year


def _ids(listing: dict[str, Any]) -> set[str]:
    return {item["id"] for item in listing["items"]}


def reads_equal_replays(svc: Services, seed: int) -> None:
    random_history(svc.app, seed=seed, coops=12, backdated=True)
    for coop_id in svc.app.cooperative_ids():  # the aggregate fed in log order is the business-order fold
        assert svc.app.cooperative(coop_id).state() == Cooperative.fold(svc.app.history(coop_id)).state()  # type: ignore[union-attr]
    for day in _days(svc, random.Random(seed)):
        coops = _replayed(svc, day)
        expected = {item["id"]: item for item in (presenters.list_item(c, day) for c in coops)}
        listing = q.list_cooperatives(svc.engine, day=day, per_page=500)
        assert {item["id"]: item for item in listing["items"]} == expected, day
        assert listing["total"] == len(expected)
        for mention in st.Mention:
            want = {i for i, item in expected.items() if item["status"]["mention"] == mention.value}
            assert _ids(q.list_cooperatives(svc.engine, day=day, mention=mention, per_page=500)) == want, (day, mention)
        for step in st.Step:
            want = {i for i, item in expected.items() if item["status"]["step"] == step.value}
            assert _ids(q.list_cooperatives(svc.engine, day=day, step=step, per_page=500)) == want, (day, step)
        for departement in {item["departement"] for item in expected.values()}:
            want = {i for i, item in expected.items() if item["departement"] == departement}
            assert _ids(q.list_cooperatives(svc.engine, day=day, departement=departement, per_page=500)) == want
        standings = [(str(c.id), c.dossier["identity"]["name"], c.standing_on(day)) for c in coops]
        assert q.deadlines(svc.engine, day=day, horizon_days=120) == deadlines_of(standings, day, 120), day
        listed = [Listed(c.standing_on(day).mention.value, c.standing_on(day).step.value, c.dossier["identity"]["departement"],
                         list(c.dossier["identity"]["activities"]), sorted(c.dossier["engagements"], key=int))
                  for c in coops]  # fmt: skip
        expected_figures = figures_of(listed, day, _verdicts_per_year(svc, day))
        assert q.network_figures(svc.engine, day=day) == expected_figures, day


@pytest.mark.parametrize("seed", [41, 42, 43])
def test_every_read_on_a_date_equals_a_replay_as_of_that_date_on_sqlite(tmp_path: Path, seed: int) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        reads_equal_replays(svc, seed)
    finally:
        svc.close()


@pytest.mark.postgres
def test_every_read_on_a_date_equals_a_replay_as_of_that_date_on_postgresql(postgres_url: str) -> None:
    svc = services(postgres_url)
    try:
        reads_equal_replays(svc, seed=44)
    finally:
        svc.close()
