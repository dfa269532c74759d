"""The network's counts stored as daily deltas and month rows (``network_counts``): the month boundaries, the rows
left after changes that cancel out, and what a back-dated change costs.

On the counts' tables alone (a SQLite database in memory; on PostgreSQL, a store without cooperatives): each history is written in batches, then compared with
the same changes written at once into empty tables — the rows a rebuild writes — and read back on every day around
its changes against the changes summed here."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select

from qualicoop_es.projections import count_months
from qualicoop_es.projections import network_counts as counts
from tests.projections.projection_helpers import services

TOTAL = (counts.ALL, counts.TOTAL, "")
ACTIVITY = (counts.ALL, counts.ACTIVITY, "syndic")


def bare_engine() -> Engine:
    """A database in memory with the counts' tables only."""
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        for table in counts.TABLES:
            table.create(conn)
    return engine


def write(engine: Engine, changes: counts.Changes) -> int:
    """``counts.write`` in a transaction of its own; the rows it inserted, updated or deleted."""
    with engine.begin() as conn:
        dbapi_connection: Any = conn.connection.dbapi_connection
        before = getattr(dbapi_connection, "total_changes", 0)  # SQLite's
        counts.write(conn, changes)
        return int(getattr(dbapi_connection, "total_changes", 0) - before)


def rows(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key))] for t in counts.TABLES}


def one(key: counts.Key, *days: tuple[date, int]) -> counts.Changes:
    return {key: dict(days)}


def merged(batches: Sequence[counts.Changes]) -> counts.Changes:
    found: counts.Changes = {}
    for batch in batches:
        counts.merge(found, batch)
    return found


def around(batches: Sequence[counts.Changes]) -> Iterator[date]:
    """Each changed day, the days before and after it, and its month's first and last days."""
    for batch in batches:
        for days in batch.values():
            for day in days:
                first = count_months.month_of(day)
                yield from (day - timedelta(days=1), day, day + timedelta(days=1), first,
                            count_months.next_month(first) - timedelta(days=1))  # fmt: skip


def assert_canonical(engine: Engine, batches: Sequence[counts.Changes], *, sample: int | None = None) -> None:
    """The rows are those of the batches written at once into empty tables, and every count (on ``sample`` days
    around the changes, all by default) their sum."""
    history = merged(batches)
    rebuilt = bare_engine()
    write(rebuilt, history)
    assert rows(engine) == rows(rebuilt)
    with engine.connect() as conn:
        days = sorted(set(around(batches)))
        for day in days if sample is None else random.Random(0).sample(days, min(sample, len(days))):
            expected = {key: sum(n for on, n in days.items() if on <= day) for key, days in history.items()}
            for scope in (counts.ALL, counts.SUBMITTED):
                found = {(scope, d, v): n for d, v, n in counts.counts_on(conn, day, scope)}
                assert found == {key: n for key, n in expected.items() if n and key[0] == scope}, day
            for key, n in expected.items():
                assert counts.count_on(conn, day, *key) == n, (day, key)


def written(engine: Engine, *batches: counts.Changes, sample: int | None = None) -> Engine:
    for batch in batches:
        write(engine, batch)
    assert_canonical(engine, batches, sample=sample)
    return engine


def test_the_month_of_a_day_and_the_next_month_across_a_year_s_end() -> None:
    assert count_months.month_of(date(2024, 2, 29)) == date(2024, 2, 1)
    assert count_months.next_month(date(2024, 12, 1)) == date(2025, 1, 1)
    assert count_months.next_month(date(2024, 1, 1)) == date(2024, 2, 1)


def test_a_change_on_the_first_of_a_month_counts_from_that_day_and_not_the_day_before() -> None:
    engine = written(bare_engine(), one(TOTAL, (date(2024, 3, 1), 1)), one(TOTAL, (date(2024, 4, 1), 2)))
    with engine.connect() as conn:
        assert [counts.count_on(conn, date(2024, m, d), *TOTAL) for m, d in ((2, 29), (3, 1), (3, 31), (4, 1))] == [
            0, 1, 1, 3]  # fmt: skip
    assert rows(engine)["proj_network_months"] == [(*TOTAL, date(2024, 3, 1), 1), (*TOTAL, date(2024, 4, 1), 3)]


def test_a_change_on_the_last_day_of_a_month_counts_in_the_next_months_without_rows() -> None:
    engine = written(bare_engine(), one(TOTAL, (date(2024, 12, 31), 1)), one(TOTAL, (date(2024, 2, 29), 1)))
    with engine.connect() as conn:
        assert counts.count_on(conn, date(2024, 2, 28), *TOTAL) == 0
        assert counts.count_on(conn, date(2024, 3, 1), *TOTAL) == 1  # March: no row of its own
        assert counts.count_on(conn, date(2024, 12, 30), *TOTAL) == 1
        assert counts.count_on(conn, date(2025, 6, 1), *TOTAL) == 2
    assert rows(engine)["proj_network_months"] == [(*TOTAL, date(2024, 2, 1), 1), (*TOTAL, date(2024, 12, 1), 2)]


def test_deltas_that_cancel_out_leave_no_row_and_a_month_without_deltas_no_month_row() -> None:
    batches = [one(TOTAL, (date(2024, 1, 10), 1), (date(2024, 5, 3), 1), (date(2024, 5, 20), 1)),
               one(TOTAL, (date(2024, 5, 3), -1))]  # fmt: skip
    engine = written(bare_engine(), *batches)
    assert rows(engine)["proj_network_months"] == [(*TOTAL, date(2024, 1, 1), 1), (*TOTAL, date(2024, 5, 1), 2)]
    batches.append(one(TOTAL, (date(2024, 5, 20), -1)))  # May's last delta gone: its row too
    write(engine, batches[-1])
    assert_canonical(engine, batches)
    assert rows(engine)["proj_network_months"] == [(*TOTAL, date(2024, 1, 1), 1)]
    assert rows(engine)["proj_network_deltas"] == [(*TOTAL, date(2024, 1, 10), 1)]
    batches += [one(TOTAL, (date(2024, 7, 4), 1)), one(TOTAL, (date(2024, 2, 1), 1), (date(2024, 7, 4), -1))]
    for batch in batches[-2:]:  # July not the first month changed: its delta added to, its row checked
        write(engine, batch)
    assert_canonical(engine, batches)
    assert rows(engine)["proj_network_months"] == [(*TOTAL, date(2024, 1, 1), 1), (*TOTAL, date(2024, 2, 1), 2)]


def test_changes_in_months_without_a_row_are_new_rows_and_the_others_added_to_by_the_database() -> None:
    months = {date(2024, 3, 1): 5, date(2024, 6, 1): 7}
    plan = count_months.planned(4, months, {date(2024, 3, 9): -1, date(2024, 5, 2): 2, date(2024, 6, 2): 1})
    assert plan.deltas_added == [(date(2024, 3, 9), -1), (date(2024, 6, 2), 1)]
    assert (plan.deltas_inserted, plan.months_inserted) == ([(date(2024, 5, 2), 2)], [(date(2024, 5, 1), 6)])
    assert plan.months_moved == [(date(2024, 3, 1), date(2024, 5, 1), -1), (date(2024, 5, 1), date(2024, 6, 1), 1),
                                 (date(2024, 6, 1), count_months.OPEN, 2)]  # fmt: skip
    assert plan.months_checked == [date(2024, 3, 1), date(2024, 6, 1)]
    assert not plan.may_vanish  # a row before March


def test_a_value_whose_changes_all_cancel_out_is_no_longer_listed() -> None:
    batches = [one(ACTIVITY, (date(2024, 1, 10), 1), (date(2024, 3, 5), -1)), one(TOTAL, (date(2024, 1, 10), 1))]
    engine = written(bare_engine(), *batches)
    batches.append(one(ACTIVITY, (date(2024, 1, 10), -1), (date(2024, 3, 5), 1)))
    write(engine, batches[-1])
    assert_canonical(engine, batches)
    assert rows(engine)["proj_network_keys"] == [TOTAL]
    with engine.connect() as conn:
        assert counts.counts_on(conn, date(2024, 2, 1), counts.ALL) == [(counts.TOTAL, "", 1)]


def test_a_change_before_the_first_row_of_a_value_moves_every_month_row_after_it() -> None:
    engine = written(bare_engine(), one(TOTAL, (date(2024, 6, 15), 1), (date(2024, 9, 2), 1)),
                     one(TOTAL, (date(2023, 11, 30), 2), (date(2024, 6, 20), -1)))  # fmt: skip
    assert rows(engine)["proj_network_months"] == [
        (*TOTAL, date(2023, 11, 1), 2), (*TOTAL, date(2024, 6, 1), 2), (*TOTAL, date(2024, 9, 1), 3)]  # fmt: skip


def random_batches(seed: int) -> list[counts.Changes]:
    """Ten batches of changes of three values on a few days, month boundaries among them."""
    rng = random.Random(seed)
    days = [date(2023, 1, 1) + timedelta(days=rng.randrange(800)) for _ in range(12)]
    days += [date(2023, m, 1) for m in (3, 4)] + [date(2023, 3, 31), date(2024, 2, 29)]  # the boundaries
    batches = []
    for _ in range(10):
        batch: counts.Changes = {}
        for key in (TOTAL, ACTIVITY, (counts.SUBMITTED, counts.STEP, "left")):
            for day in rng.sample(days, rng.randrange(4)):
                batch.setdefault(key, {})[day] = rng.choice((-2, -1, 1, 1, 2))
        batches.append(batch)
    return batches


@pytest.mark.parametrize("seed", range(4))
def test_random_batches_of_changes_leave_the_rows_of_one_write_and_their_sums(seed: int) -> None:
    engine, batches = bare_engine(), random_batches(seed)
    for n, batch in enumerate(batches):
        write(engine, batch)
        assert_canonical(engine, batches[: n + 1])


@pytest.mark.postgres
def test_random_batches_of_changes_on_postgresql_leave_the_rows_of_one_write(postgres_url: str) -> None:
    svc = services(postgres_url)  # no cooperative: the counts' tables are empty
    try:
        batches = random_batches(7)
        for n, batch in enumerate(batches):
            write(svc.engine, batch)
            assert_canonical(svc.engine, batches[: n + 1], sample=30)
    finally:
        svc.close()


def test_a_back_dated_change_writes_rows_per_month_after_it_not_per_day() -> None:
    """A change before three years of history: on one change per day of those years, or one per month, the same
    rows written — its delta, its month, and the 36 month rows after it (the day rows would be 1,096)."""
    start = date(2022, 1, 1)
    daily = one(TOTAL, *((start + timedelta(days=n), 1) for n in range(1096)))
    monthly = one(TOTAL, *((date(2022 + n // 12, n % 12 + 1, 10), 1) for n in range(36)))
    late = one(TOTAL, (date(2021, 12, 15), 1))
    mid = one(TOTAL, (date(2023, 6, 10), 1))  # on a day with a delta: added to it
    costs = []
    for history in (daily, monthly):
        engine = written(bare_engine(), history, sample=60)
        costs.append((write(engine, late), write(engine, mid)))
        assert_canonical(engine, [history, late, mid], sample=60)
    assert costs[0] == costs[1] == (1 + 1 + 36, 1 + 19)
