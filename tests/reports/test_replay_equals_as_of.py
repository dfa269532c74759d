"""The report's one pass gives, for every cooperative and every year, the state ``app.as_of`` replays."""

from __future__ import annotations

from datetime import date

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.reports.replay import replay
from qualicoop_es.reports.scopes import Scope
from tests.projections.projection_helpers import random_history

YEARS = range(2021, 2027)


def _same(app: QualicoopApplication, got: object, expected: object, day: date) -> bool:
    if expected is None or got is None:
        return got is expected
    return (got.state(), got.version, got.standing_on(day)) == (  # type: ignore[attr-defined]
        expected.state(), expected.version, expected.standing_on(day))  # type: ignore[attr-defined]  # fmt: skip


def test_each_state_at_31_december_from_the_one_pass_is_the_as_of_replay_even_with_facts_keyed_late(
    app: QualicoopApplication,
) -> None:
    random_history(app, seed=11, coops=12, backdated=True)
    scopes = [Scope(y) for y in YEARS]
    passed = replay(app, scopes)
    coops = list(app.cooperative_ids())
    assert len(coops) == 12 and passed.events_read > 300
    for i, scope in enumerate(scopes):
        states = passed.states.at(i)
        for cid in coops:
            assert _same(app, states.get(cid), app.as_of(cid, scope.day), scope.day), (scope.year, cid)


def test_the_state_as_recorded_by_a_time_is_the_as_of_replay_on_the_recorded_basis(app: QualicoopApplication) -> None:
    random_history(app, seed=3, coops=8, backdated=True)
    log = app.recorder.select_notifications(1, 100_000)
    middle = app.mapper.to_domain_event(log[len(log) // 2]).timestamp
    scopes = [Scope(2026, "recorded", recorded_by=middle), Scope(2024, "effective", recorded_by=middle)]
    passed = replay(app, scopes)
    for cid in app.cooperative_ids():
        recorded = app.as_of(cid, middle, basis="recorded")
        assert _same(app, passed.states.at(0).get(cid), recorded, date(2026, 12, 31))
        events = [e for e in app.history(cid) if e.timestamp <= middle and e.effective_on <= date(2024, 12, 31)]
        assert _same(app, passed.states.at(1).get(cid), Cooperative.fold(events), date(2024, 12, 31))
