"""Reading one cooperative's past: as of a business date, as of a recorded time, at a version."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from qualicoop_es.aggregates.values import Phase, VerdictKind
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput, NotFound
from tests.support import REFERENT, STAFF

App = QualicoopApplication


def test_as_of_a_business_date_replays_only_what_had_taken_effect(app: App, engaged_coop: UUID) -> None:
    assert app.as_of(engaged_coop, date(2022, 1, 9)) is None
    registered = app.as_of(engaged_coop, date(2022, 1, 10))
    assert registered is not None
    assert (registered.phase, registered.kit_requested_on, registered.dossier["engagements"]) == (
        Phase.PREPARING,
        date(2022, 1, 10),
        {},
    )
    preparing = app.as_of(engaged_coop, date(2022, 2, 15))
    assert preparing is not None and (preparing.phase, len(preparing.dossier["engagements"])) == (Phase.PREPARING, 8)
    submitted = app.as_of(engaged_coop, datetime(2022, 3, 31, 12, 0))
    assert submitted is not None and (submitted.phase, submitted.version) == (Phase.SUBMITTED, 30)
    assert app.as_of(engaged_coop, date(2022, 4, 1)).phase == Phase.ENGAGED  # type: ignore[union-attr]


def test_as_of_a_business_date_ignores_a_fact_keyed_in_later_but_dated_earlier(app: App, engaged_coop: UUID) -> None:
    app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point", effective_on=date(2022, 10, 3))
    app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point rattrapé", effective_on=date(2022, 6, 1))
    on_july = app.as_of(engaged_coop, date(2022, 7, 1))
    assert on_july is not None
    assert (on_july.checkpoints, on_july.last_checkpoint_on) == (1, date(2022, 6, 1))
    assert app.as_of(engaged_coop, date(2022, 12, 31)).checkpoints == 2  # type: ignore[union-attr]


def test_as_of_a_recorded_time_returns_the_version_stored_by_then(app: App, engaged_coop: UUID) -> None:
    events = app.history(engaged_coop)
    assert app.as_of(engaged_coop, events[0].timestamp - timedelta(microseconds=1), basis="recorded") is None
    for event in (events[0], events[14], events[-1]):
        expected = max(e.originator_version for e in events if e.timestamp <= event.timestamp)
        state = app.as_of(engaged_coop, event.timestamp, basis="recorded")
        assert state is not None and state.version == expected
    recorded_today = events[-1].timestamp.astimezone(UTC).date()
    assert app.as_of(engaged_coop, recorded_today, basis="recorded").version == 31  # type: ignore[union-attr]


def test_as_of_refuses_an_unknown_basis_and_an_unknown_cooperative(app: App, engaged_coop: UUID) -> None:
    with pytest.raises(InvalidInput) as caught:
        app.as_of(engaged_coop, date(2023, 1, 1), basis="wall-clock")
    assert caught.value.field == "basis"
    with pytest.raises(NotFound):
        app.as_of(UUID(int=7), date(2023, 1, 1))


def test_a_cooperative_can_be_read_at_any_past_version(app: App, engaged_coop: UUID) -> None:
    at_submission = app.cooperative(engaged_coop, 30)
    assert (at_submission.version, at_submission.phase) == (30, Phase.SUBMITTED)
    first = app.cooperative(engaged_coop, 1)
    assert (first.version, first.phase, first.kit_requested_on) == (1, Phase.PREPARING, None)
    with pytest.raises(NotFound, match="Version inconnue : 40"):
        app.cooperative(engaged_coop, 40)


def test_the_history_is_every_event_in_version_order_with_business_date_and_author(
    app: App, engaged_coop: UUID
) -> None:
    events = app.history(engaged_coop)
    assert [e.originator_version for e in events] == list(range(1, 32))
    assert [type(e).__name__ for e in events[:3]] == ["Created", "KitRequested", "FirstMeetingHeld"]
    assert (events[-1].kind, events[-1].effective_on, events[-1].actor) == (
        VerdictKind.VALIDATE,
        date(2022, 4, 1),
        STAFF.account_id,
    )
    assert events[4].actor == REFERENT.account_id
