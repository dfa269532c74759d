"""What the read models take from eventsourcing, through its public API only: fails on an upgrade that changes it.

The projections' runner reads the log with ``recorder.select_notifications`` (after an id, a limit, exclusive of
the start) and ``recorder.max_notification_id``, keeps a notification's ``id`` and ``topic``, and decodes each
notification once with ``mapper.to_domain_event``. The timeline then writes an event's own dataclass fields as
JSON and its ``timestamp`` as ISO text; the periods read its business dates and decimals as such.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import Notification

from qualicoop_es.access import Actor
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import VerdictKind
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.bootstrap import Services, build
from qualicoop_es.config import Settings
from tests.support import REFERENT, TODAY, engaged


@pytest.fixture
def svc(tmp_path: Path) -> Iterator[Services]:
    services = build(Settings(database_url=f"sqlite:///{tmp_path}/x.sqlite3"), clock=lambda: TODAY)
    services.app.ensure_catalogue(actor=Actor.operator("staff-1"))
    yield services
    services.close()


def test_notifications_decode_through_the_mapper_to_our_events_with_their_dates_and_decimals(svc: Services) -> None:
    app = svc.app
    coop_id = engaged(app)
    result = app.measure_indicator(coop_id, "I1", "42.75", actor=REFERENT, comment="Relevé",
                                   effective_on=date(2022, 5, 2))  # fmt: skip
    head = app.recorder.max_notification_id()
    assert head == result.notification_id

    notifications = app.recorder.select_notifications(0, head, inclusive_of_start=False)
    assert [n.id for n in notifications] == list(range(1, head + 1))
    assert [n.id for n in app.recorder.select_notifications(3, 2, inclusive_of_start=False)] == [4, 5]
    assert {"id", "topic", "originator_id", "originator_version", "state"} <= {
        f.name for f in dataclasses.fields(Notification)
    }

    _check_the_measurement(app, notifications[-1], coop_id, result.version)
    validated = next(app.mapper.to_domain_event(n) for n in notifications
                     if n.topic == Cooperative.VerdictRecorded.TOPIC)  # fmt: skip
    assert type(validated) is Cooperative.VerdictRecorded
    assert (validated.kind, validated.effective_on, type(validated.valid_until)) == (
        VerdictKind.VALIDATE,
        date(2022, 4, 1),
        date,
    )


def _check_the_measurement(app: QualicoopApplication, measured: Notification, coop_id: UUID, version: int) -> None:
    """The notification of a measurement, and the event the mapper decodes from it: our class, our types."""
    assert isinstance(measured, Notification)
    assert (measured.originator_id, measured.originator_version, measured.topic) == (
        coop_id,
        version,
        Cooperative.IndicatorMeasured.TOPIC,
    )
    event = app.mapper.to_domain_event(measured)
    assert type(event) is Cooperative.IndicatorMeasured
    assert (event.originator_id, event.originator_version) == (coop_id, version)
    assert type(event.originator_id) is UUID
    assert (type(event.value), event.value, type(event.effective_on), event.effective_on) == (
        Decimal,
        Decimal("42.75"),
        date,
        date(2022, 5, 2),
    )
    assert type(event.timestamp) is datetime and event.timestamp.utcoffset() is not None
    assert datetime.fromisoformat(event.timestamp.isoformat()) == event.timestamp
    assert event == app.history(coop_id)[-1]  # the same event the repository replays

    own = [f.name for f in dataclasses.fields(event)]
    assert own[:2] == ["originator_id", "originator_version"] and own[-3:] == ["indicator_id", "value", "comment"]
