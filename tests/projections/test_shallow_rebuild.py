"""A rebuild from shallow events (read straight from the stored JSON) writes exactly what full decoding writes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qualicoop_es.accounts.service import AccountService
from qualicoop_es.projections import timeline
from qualicoop_es.projections.tables import dumps_ordered
from tests.projections.projection_helpers import STAFF, digest, random_history, services


def _accounts(svc: Any) -> None:
    """Account events too: opened, granted (with and without cooperative ids), revoked, erased."""
    accounts = AccountService(svc.app, svc.engine)
    coop_id = next(iter(svc.app.cooperative_ids()))
    accounts.add("a@test.qualicoop.test", role="auditor", actor=STAFF)
    accounts.add("b@test.qualicoop.test", role="cooperative", actor=STAFF, cooperative_id=coop_id)
    accounts.grant("a@test.qualicoop.test", role="committee", actor=STAFF, affiliations=[coop_id])
    accounts.revoke("a@test.qualicoop.test", actor=STAFF, reason="départ")
    accounts.erase("b@test.qualicoop.test", actor=STAFF)


def test_the_shallow_rebuild_and_the_full_decode_rebuild_write_the_same_tables(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=31, coops=8)
        _accounts(svc)
        assert svc.projector is not None
        incremental = digest(svc.engine)
        svc.projector.rebuild(page_size=97, shallow=False)
        assert digest(svc.engine) == incremental
        svc.projector.rebuild(page_size=97)
        assert digest(svc.engine) == incremental
        svc.projector.rebuild(["cooperative_periods"], page_size=50_000)
        assert digest(svc.engine) == incremental
    finally:
        svc.close()


def test_shallow_events_have_the_decoded_events_attributes(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=32, coops=6)
        _accounts(svc)
        notifications = svc.app.recorder.select_notifications(0, 100_000)
        mapper = svc.app.mapper
        items = timeline.shallow_items(notifications, mapper.to_domain_event)
        shallow = 0
        for notification, item in zip(notifications, items, strict=True):
            decoded = mapper.to_domain_event(notification)
            attributes = dict(item.event.__dict__)
            if attributes.pop(timeline._STORED, None) is None:  # decoded by the mapper: a UUID in the state
                assert item.event.__dict__ == decoded.__dict__ and b'"uuid_hex"' in notification.state
                continue
            shallow += 1
            assert type(item.event) is type(decoded) and item.state is None
            assert list(attributes) == list(decoded.__dict__)
            for name, value in decoded.__dict__.items():  # top level: the same values and types
                if isinstance(value, (dict, list)):  # nested dates stay ISO text: the same JSON
                    assert json.loads(dumps_ordered(attributes[name])) == json.loads(dumps_ordered(value))
                else:
                    assert (type(attributes[name]), attributes[name]) == (type(value), value), name
            assert timeline.row_of(item) == timeline.row_of(item._replace(event=decoded, state=notification.state))
        assert shallow >= len(items) - 3  # only the account grants that carry cooperative ids are decoded
        kinds = {type(item.event).__name__ for item in items}
        assert {"IndicatorMeasured", "VerdictRecorded", "PersonalDataErased", "RoleRevoked"} <= kinds
    finally:
        svc.close()


def test_unexpected_stored_json_is_decoded_by_the_mapper(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=33, coops=1)
        notification = next(n for n in svc.app.recorder.select_notifications(0, 1000)
                            if n.topic.endswith("indicator_defined.v1"))  # fmt: skip
        shape = timeline._shape(notification.topic)
        assert shape is not None and timeline._shallow(shape, notification, False) is not None
        state = notification.state
        for odd in (state.replace(b'{"timestamp":', b'{ "timestamp":'),  # another layout
                    state.replace(b'"_type_":"decimal_str"', b'"_type_":"uuid_hex"'),  # a wrapper not unwrapped
                    state.replace(b',"number":', b',"class_version":2,"number":'),  # an upcast event
                    state.replace(b',"number":', b',"extra":1,"number":')):  # fmt: skip
            odd_notification = type(notification)(**{**notification.__dict__, "state": odd})
            assert timeline._shallow(shape, odd_notification, False) is None
        assert timeline._shape("qualicoop.nowhere.v1") is None
    finally:
        svc.close()
