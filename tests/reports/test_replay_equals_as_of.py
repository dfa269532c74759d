"""The report's one pass gives, for every cooperative and every year, the state ``app.as_of`` replays.

The pass keeps a state only while facts may still change it and reduces it then (``reduce``): here the reduction
keeps the whole state, so that every state at 31 December — including those folded again because a fact keyed
late reopened a year already closed — is compared with ``app.as_of``.
"""

from __future__ import annotations

import copy
from datetime import date
from functools import partial
from typing import Any

import pytest

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import QualicoopError
from qualicoop_es.reports import states
from qualicoop_es.reports.replay import replay
from qualicoop_es.reports.scopes import Scope
from qualicoop_es.reports.yearend import closing
from tests.projections.projection_helpers import random_history
from tests.support import ACTIVITIES, REFERENT, STAFF, register

YEARS = range(2021, 2027)


def facts_keyed_late_in_closed_years(app: QualicoopApplication) -> int:
    """Cooperatives preparing over three years, some of whose facts are keyed after facts dated a year later (the
    report's pass has closed that year when they come); how many of those late facts were recorded."""
    late = 0
    for n in range(4):
        cid = register(app, 9100 + n, on=date(2021, 3, 1 + n))
        app.update_identity(cid, {"departement": "44"}, actor=REFERENT, effective_on=date(2023, 2, 1))
        app.choose_engagement(cid, 2, actor=REFERENT, activities=ACTIVITIES[:1], effective_on=date(2023, 3, 1))
        keyed = [partial(app.update_identity, cid, {"name": f"Renommée {n}", "departement": "29"}, actor=REFERENT,
                         effective_on=date(2021, 9, 1 + n)),
                 partial(app.choose_engagement, cid, 1, actor=REFERENT, activities=ACTIVITIES,
                         effective_on=date(2022, 5, 2)),
                 partial(app.hold_checkpoint, cid, actor=STAFF, summary="Point rattrapé",
                         effective_on=date(2021, 12, 31))]  # fmt: skip
        for command in keyed:
            try:
                command()
                late += 1
            except QualicoopError:
                pass
    return late


def whole(state: Any, day: date) -> Any:
    """A state at a cut-off, all of it (copied: the pass goes on changing a live state after reducing it)."""
    return None if state is None else (copy.deepcopy(state.state()), state.version, state.standing_on(day))


@pytest.mark.parametrize("open_limit", [states.OPEN_LIMIT, 1])
def test_each_state_at_31_december_from_the_one_pass_is_the_as_of_replay_even_with_facts_keyed_late(
    app: QualicoopApplication, monkeypatch: pytest.MonkeyPatch, open_limit: int
) -> None:
    monkeypatch.setattr(states, "OPEN_LIMIT", open_limit)
    random_history(app, seed=11, coops=12, backdated=True)
    assert facts_keyed_late_in_closed_years(app) > 0
    scopes = [Scope(y) for y in YEARS]
    passed = replay(app, scopes, reduce=whole)
    coops = list(app.cooperative_ids())
    assert len(coops) == 16 and passed.events_read > 300
    assert passed.states.reopened > 0  # facts keyed late, dated in a year the pass had already closed
    for i, scope in enumerate(scopes):
        got = passed.states.at(i)
        for cid in coops:
            assert got.get(cid) == whole(app.as_of(cid, scope.day), scope.day), (scope.year, cid)


def test_the_figures_the_report_keeps_are_those_of_the_as_of_replay(app: QualicoopApplication) -> None:
    random_history(app, seed=11, coops=12, backdated=True)
    facts_keyed_late_in_closed_years(app)
    scopes = [Scope(y) for y in YEARS]
    passed = replay(app, scopes)
    for i, scope in enumerate(scopes):
        got = passed.states.at(i)
        for cid in app.cooperative_ids():
            state = app.as_of(cid, scope.day)
            assert got.get(cid) == (None if state is None else closing(state, scope.day)), (scope.year, cid)


def test_the_state_as_recorded_by_a_time_is_the_as_of_replay_on_the_recorded_basis(app: QualicoopApplication) -> None:
    random_history(app, seed=3, coops=8, backdated=True)
    log = app.recorder.select_notifications(1, 100_000)
    middle = app.mapper.to_domain_event(log[len(log) // 2]).timestamp
    scopes = [Scope(2026, "recorded", recorded_by=middle), Scope(2024, "effective", recorded_by=middle)]
    passed = replay(app, scopes, reduce=whole)
    for cid in app.cooperative_ids():
        recorded = app.as_of(cid, middle, basis="recorded")
        assert passed.states.at(0).get(cid) == whole(recorded, date(2026, 12, 31))
        events = [e for e in app.history(cid) if e.timestamp <= middle and e.effective_on <= date(2024, 12, 31)]
        assert passed.states.at(1).get(cid) == whole(Cooperative.fold(events), date(2024, 12, 31))


def test_scopes_counting_positions_fold_again_the_facts_up_to_their_position(app: QualicoopApplication) -> None:
    random_history(app, seed=5, coops=8, backdated=True)
    facts_keyed_late_in_closed_years(app)
    log = app.recorder.select_notifications(1, 100_000)
    early, late = log[len(log) // 3], log[2 * len(log) // 3]
    recorded_by = app.mapper.to_domain_event(early).timestamp
    scopes = [Scope(y, "effective", recorded_by, late.id) for y in YEARS]
    passed = replay(app, scopes, reduce=whole)
    for cid in app.cooperative_ids():
        kept = [e for e, n in zip(app.history(cid), _positions(app, cid), strict=True)
                if e.timestamp <= recorded_by or n <= late.id]  # fmt: skip
        for i, scope in enumerate(scopes):
            state = Cooperative.fold(e for e in kept if e.effective_on <= scope.day)
            assert passed.states.at(i).get(cid) == whole(state, scope.day), (scope.year, cid)


def _positions(app: QualicoopApplication, cid: Any) -> list[int]:
    return [n.id for n in app.recorder.select_notifications(1, 100_000) if n.originator_id == cid]
