"""The network's counts (``network_counts``) give the dashboard figures the period rows give, on every day.

The oracle is the former computation, kept here: every cooperative's period row on the day, counted in Python, and
the verdicts counted from the timeline. Histories with late-keyed and back-dated facts, expiries, leaving and
submissions (the demonstration network, random stories), on SQLite and PostgreSQL, incrementally, after a rebuild
(in place and online) and after a store from before the counts is upgraded."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, extract, func, inspect, select, text

from qualicoop_es import demo
from qualicoop_es.aggregates import standing as st
from qualicoop_es.bootstrap import Services
from qualicoop_es.cli import main
from qualicoop_es.projections import network_counts as counts
from qualicoop_es.projections import queries as q
from qualicoop_es.projections.figures import Listed, figures_of
from qualicoop_es.projections.periods import periods_table as periods
from qualicoop_es.projections.status_rows import on_day
from qualicoop_es.projections.timeline import events_table as ev
from qualicoop_es.projections.visibility import once_submitted
from tests.projections.projection_helpers import TODAY, digest, random_history, services


def oracle_figures(engine: Engine, *, day: date, submitted_only: bool = False) -> dict[str, Any]:
    """The figures as computed before the counts: every period row on ``day`` loaded and counted."""
    year = extract("year", ev.c.effective_on)
    verdicts = (select(year.label("year"), ev.c.detail, func.count().label("n"))
                .where(ev.c.kind == "verdict_recorded", ev.c.effective_on <= day)
                .group_by(year, ev.c.detail))  # fmt: skip
    p = periods.c
    seen = [once_submitted(p.cooperative_id)] if submitted_only else []
    with engine.connect() as conn:
        joined, registered = on_day(conn, day)
        rows = conn.execute(select(p.mention, p.held_until, p.step, p.departement, p.activities, p.engagement_numbers)
                            .select_from(joined).where(registered, *seen)).all()  # fmt: skip
        verdict_rows = conn.execute(verdicts).all()
    listed = [Listed(st.mention_on(st.Mention(r.mention), r.held_until, day).value, r.step, r.departement,
                     json.loads(r.activities), r.engagement_numbers.split(",") if r.engagement_numbers else [])
              for r in rows]  # fmt: skip
    per_year: dict[str, dict[str, int]] = {}
    for row in verdict_rows:
        per_year.setdefault(str(int(row.year)), {})[row.detail] = row.n
    return figures_of(listed, day, per_year)


def turning_days(engine: Engine, rng: random.Random, sample: int = 160) -> list[date]:
    """Days where the counts may turn — every period's bounds, every expiry (the day before, of and after) — a
    sample of them, random days, and today."""
    with engine.connect() as conn:
        bounds = conn.execute(select(periods.c.valid_from, periods.c.valid_to, periods.c.held_until)).all()
    days: set[date] = set()
    for start, end, held_until in bounds:
        days |= {start, start - timedelta(days=1)}
        if end.year < 9999:
            days |= {end, end - timedelta(days=1)}
        if held_until is not None and held_until.year < 9999:
            days |= {held_until, held_until + timedelta(days=1)}
    chosen = rng.sample(sorted(days), min(len(days), sample))
    chosen += [date(2019, 1, 1) + timedelta(days=rng.randrange(3000)) for _ in range(10)]
    return sorted({*chosen, TODAY})


def assert_counts_equal_the_oracle(svc: Services, seed: int, sample: int = 160) -> None:
    for day in turning_days(svc.engine, random.Random(seed), sample):
        for submitted_only in (False, True):
            expected = oracle_figures(svc.engine, day=day, submitted_only=submitted_only)
            assert q.network_figures(svc.engine, day=day, submitted_only=submitted_only) == expected, (
                day,
                submitted_only,
            )


def stored_counts(engine: Engine) -> list[tuple[Any, ...]]:
    """The rows of the counts' tables (deltas, months, keys), each with its table's name."""
    with engine.connect() as conn:
        return [(table.name, *r) for table in counts.TABLES[:3]
                for r in conn.execute(select(table).order_by(*table.primary_key))]  # fmt: skip


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demonstration network (its own facts: expiries, leaving, closings, late-keyed facts) in a SQLite file."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    svc = services(f"sqlite:///{path}")
    try:
        demo.load(svc, count=24, seed=7, today=TODAY, progress=False)
    finally:
        svc.close()
    return path


def test_the_demo_network_counts_equal_the_period_rows_counted_on_every_turning_day(demo_store: Path) -> None:
    svc = services(f"sqlite:///{demo_store}")
    try:
        assert_counts_equal_the_oracle(svc, seed=1, sample=400)
    finally:
        svc.close()


def test_the_demo_network_counts_are_the_same_rows_after_an_online_rebuild(demo_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(demo_store.read_bytes())
    url = f"sqlite:///{copy}"
    svc = services(url)
    try:
        before = digest(svc.engine)
    finally:
        svc.close()
    rebuilt = CliRunner().invoke(main, ["--database-url", url, "projections", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    again = services(url)
    try:
        assert digest(again.engine) == before
        assert_counts_equal_the_oracle(again, seed=2, sample=60)
    finally:
        again.close()


@pytest.mark.parametrize("seed", [41, 42, 43])
def test_counts_of_random_histories_with_back_dated_facts_equal_the_oracle_and_a_rebuild(
    tmp_path: Path, seed: int
) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=seed, coops=12, backdated=True)
        assert_counts_equal_the_oracle(svc, seed)
        incremental = stored_counts(svc.engine)
        assert incremental  # the canonical rows: one per day a count changes, one per month with such days
        assert svc.projector is not None
        svc.projector.rebuild()
        assert stored_counts(svc.engine) == incremental
    finally:
        svc.close()


def test_a_store_from_before_the_counts_fills_them_at_start(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.sqlite3"
    svc = services(url)
    try:
        random_history(svc.app, seed=45, coops=6, backdated=True)
        expected = stored_counts(svc.engine)
        with svc.engine.begin() as conn:  # the read models of the previous version: no counts' tables
            for table in counts.TABLES:
                conn.execute(text(f"DROP TABLE {table.name}"))
    finally:
        svc.close()
    again = services(url)
    try:
        assert stored_counts(again.engine) == expected
        assert_counts_equal_the_oracle(again, seed=45, sample=40)
    finally:
        again.close()


#: The counts' table of the previous version: the absolute count from each day it changed.
OLD_COUNTS = ("CREATE TABLE proj_network_counts (scope INTEGER NOT NULL, dimension VARCHAR(16) NOT NULL, "
              "value VARCHAR(64) NOT NULL, day DATE NOT NULL, n INTEGER NOT NULL, "
              "PRIMARY KEY (scope, dimension, value, day))")  # fmt: skip


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_store_with_the_counts_per_day_of_the_previous_version_drops_them_and_fills_the_new_ones_at_start(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path}/x.sqlite3" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    svc = services(url)
    try:
        random_history(svc.app, seed=46, coops=5, backdated=True)
        expected = stored_counts(svc.engine)
        with svc.engine.begin() as conn:  # the previous version's tables: the counts per day, the keys, submitted
            for table in counts.TABLES[:2]:
                conn.execute(text(f"DROP TABLE {table.name}"))
            conn.execute(text(OLD_COUNTS))
            conn.execute(text("INSERT INTO proj_network_counts VALUES (0, 'total', '', '2024-01-08', 1)"))
    finally:
        svc.close()
    again = services(url)
    try:
        assert "proj_network_counts" not in inspect(again.engine).get_table_names()
        assert stored_counts(again.engine) == expected
        assert_counts_equal_the_oracle(again, seed=46, sample=30)
    finally:
        again.close()


@pytest.mark.postgres
def test_counts_equal_the_oracle_and_a_rebuild_on_postgresql(postgres_url: str) -> None:
    svc = services(postgres_url)
    try:
        random_history(svc.app, seed=44, coops=10, backdated=True)
        assert_counts_equal_the_oracle(svc, seed=44, sample=80)
        incremental = stored_counts(svc.engine)
        assert svc.projector is not None
        svc.projector.rebuild()
        assert stored_counts(svc.engine) == incremental
    finally:
        svc.close()


def segments(days: dict[date, int]) -> list[tuple[date, date, int]]:
    """The intervals [from, to) of constant, non-zero change of a value's changes (day → change)."""
    points = sorted((day, change) for day, change in days.items() if change)
    found, running = [], 0
    for i, (day, change) in enumerate(points):
        running += change
        if running:
            found.append((day, points[i + 1][0] if i + 1 < len(points) else counts.OPEN, running))
    return found


def test_a_granted_mention_counts_as_expired_from_the_day_after_it_ends() -> None:
    changes: counts.Changes = {}
    row = (date(2024, 1, 1), counts.OPEN, "engagee", date(2024, 6, 30), "implementing", "44", '["a"]', "1,2")
    counts.add(changes, counts.ALL, [row], 1)
    assert segments(changes[(counts.ALL, "mention", "engagee")]) == [(date(2024, 1, 1), date(2024, 7, 1), 1)]
    assert segments(changes[(counts.ALL, "mention", "expired")]) == [(date(2024, 7, 1), counts.OPEN, 1)]
    left = (date(2024, 1, 1), date(2024, 3, 1), "none", None, "left", "44", "[]", "1,2")
    counts.add(changes, counts.ALL, [left], 1)
    assert segments(changes[(counts.ALL, "engagement", "1")]) == [(date(2024, 1, 1), counts.OPEN, 1)]


def list_filters(engine: Engine) -> list[dict[str, Any]]:
    """No filter, each value of each counted dimension (and values no cooperative has), and combinations the counts
    cannot answer (two filters, a search)."""
    with engine.connect() as conn:
        departements = sorted(conn.execute(select(periods.c.departement).distinct()).scalars())
    found: list[dict[str, Any]] = [{}, {"departement": " 35 "}, {"departement": "  "}, {"activity": "inconnue"}]
    found += [{"mention": m.value} for m in st.Mention] + [{"step": s.value} for s in st.Step]
    found += [{"departement": d.lower()} for d in departements[:6]]
    found += [{"activity": a} for a in ("locatif_social", "accession_sociale", "syndic")]
    found += [{"mention": "engagee", "departement": departements[0]}, {"search": "coop"}, {"search": "  "}]
    return found


def test_the_lists_total_is_the_number_of_cooperatives_it_lists_on_every_turning_day(demo_store: Path) -> None:
    """The list's total comes from the network's counts when one counted filter (or none) is asked: it is the
    number of cooperatives the same list shows, on any day, for the committee's sight and the federation's."""
    svc = services(f"sqlite:///{demo_store}")
    try:
        filters = list_filters(svc.engine)
        for day in turning_days(svc.engine, random.Random(3), sample=25):
            for submitted_only in (False, True):
                for asked in filters:
                    listed = q.list_cooperatives(svc.engine, day=day, per_page=500, submitted_only=submitted_only,
                                                 **asked)  # fmt: skip
                    assert listed["total"] == len(listed["items"]), (day, submitted_only, asked)
                    paged = q.list_cooperatives(svc.engine, day=day, per_page=5, page=2,
                                                submitted_only=submitted_only, **asked)  # fmt: skip
                    assert paged["total"] == listed["total"]
                    assert paged["items"] == listed["items"][5:10]
    finally:
        svc.close()


def test_the_journal_counts_its_events_up_to_a_limit_and_says_when_there_are_more(
    demo_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The journal's total never reads the whole log: exact up to ``COUNT_LIMIT`` matching events, flagged beyond."""
    svc = services(f"sqlite:///{demo_store}")
    try:
        with svc.engine.connect() as conn:
            events = conn.execute(select(func.count()).select_from(ev)).scalar_one()
        monkeypatch.setattr(q, "COUNT_LIMIT", events + 10)
        exact = q.audit_events(svc.engine, per_page=5, page=3)
        assert (exact["total"], exact["total_exact"]) == (events, True)
        monkeypatch.setattr(q, "COUNT_LIMIT", events - 1)
        capped = q.audit_events(svc.engine, per_page=5, page=3)
        assert (capped["total"], capped["total_exact"]) == (events - 1, False)
        assert capped["items"] == exact["items"]  # the page itself is the same
        monkeypatch.setattr(q, "COUNT_LIMIT", events)
        assert q.audit_events(svc.engine, per_page=5)["total_exact"] is True
    finally:
        svc.close()


@pytest.mark.postgres
def test_a_rebuild_on_postgresql_leaves_the_planner_statistics_of_its_tables(postgres_url: str) -> None:
    """Fresh tables have no column statistics (``pg_stats``) until analysed: the planner would guess, and a look-up
    by cooperative went along the list's index by name. A rebuild analyses what it wrote."""
    svc = services(postgres_url)
    try:
        random_history(svc.app, seed=46, coops=3)
        assert svc.projector is not None
        svc.projector.rebuild()
        with svc.engine.connect() as conn:
            found = dict(conn.execute(text("SELECT tablename, count(*) FROM pg_stats WHERE tablename IN "
                                           "('proj_cooperative_periods', 'proj_events') AND schemaname = "
                                           "current_schema() GROUP BY tablename")).all())  # fmt: skip
        assert set(found) == {"proj_cooperative_periods", "proj_events"}, found
    finally:
        svc.close()


def oracle_latest_verdicts(engine: Engine, day: date, limit: int) -> list[dict[str, Any]]:
    """The latest verdicts as computed before: every submitted cooperative listed on ``day``, their last verdicts
    sorted newest first."""
    rows = []
    for item in q.list_cooperatives(engine, day=day, per_page=500, submitted_only=True)["items"]:
        verdict = item["status"]["last_verdict"]
        if verdict:
            rows.append({"cooperative_id": item["id"], "name": item["name"], "kind": verdict["kind"],
                         "label": verdict["label"], "on": verdict["on"],
                         "session": verdict.get("session_reference") or ""})  # fmt: skip
    rows.sort(key=lambda r: r["on"], reverse=True)
    return rows[:limit]


def test_the_latest_verdicts_are_each_cooperatives_last_one_newest_first_on_every_turning_day(demo_store: Path) -> None:
    """Read from the newest verdicts back (not from a list of the first 500 cooperatives): the same answer as every
    cooperative's last verdict, on any day and for any length."""
    svc = services(f"sqlite:///{demo_store}")
    try:
        for day in turning_days(svc.engine, random.Random(5), sample=60):
            for limit in (1, 3, 8, 30):
                assert q.latest_verdicts(svc.engine, day=day, limit=limit) == oracle_latest_verdicts(
                    svc.engine, day, limit), (day, limit)  # fmt: skip
    finally:
        svc.close()


def test_the_dashboards_deadlines_are_the_first_of_each_list_with_every_one_counted(demo_store: Path) -> None:
    """The dashboard reads the full rows of the deadlines it shows only: the same first items and the same counts as
    the whole lists, on any day, for both sights."""
    svc = services(f"sqlite:///{demo_store}")
    try:
        for day in turning_days(svc.engine, random.Random(6), sample=60):
            for submitted_only in (False, True):
                every = q.deadlines(svc.engine, day=day, horizon_days=90, submitted_only=submitted_only)
                assert (every["overdue_count"], every["upcoming_count"]) == (len(every["overdue"]),
                                                                             len(every["upcoming"]))  # fmt: skip
                for shown, page in ((1, 1), (5, 1), (2, 2), (3, 4)):
                    first = q.deadlines(svc.engine, day=day, horizon_days=90, submitted_only=submitted_only,
                                        per_page=shown, page=page)  # fmt: skip
                    cut = slice((page - 1) * shown, page * shown)
                    assert first == {**every, "overdue": every["overdue"][cut], "upcoming": every["upcoming"][cut],
                                     "page": page, "per_page": shown}, (day, submitted_only, shown)  # fmt: skip
    finally:
        svc.close()


def test_the_committees_queue_is_the_longest_waiting_first_on_any_day(demo_store: Path) -> None:
    """Dossiers and bilans awaiting a verdict, the earliest deposit first (then by name), a page at a time: the
    same order as every one of them sorted by its deposit date, on days that bring changes."""
    svc = services(f"sqlite:///{demo_store}")
    try:
        checked = 0
        for day in [TODAY, *turning_days(svc.engine, random.Random(8), sample=20)]:
            for step in (st.Step.SUBMITTED.value, st.Step.BILAN_REVIEW.value):
                every = q.list_cooperatives(svc.engine, day=day, step=step, per_page=500)["items"]
                deposits = sorted(every, key=lambda c: (c["status"]["pending_judgement"]["submitted_on"], c["name"],
                                                        c["id"]))  # fmt: skip
                queue = [item for page in (1, 2, 3) for item in q.list_cooperatives(
                    svc.engine, day=day, step=step, per_page=2, page=page, longest_waiting=True)["items"]]  # fmt: skip
                assert queue == deposits[:6], (day, step)
                checked += len(queue) > 1
        assert checked >= 5  # enough days with several dossiers waiting to tell an order
    finally:
        svc.close()
