"""The timeline's rows read from the stored JSON are exactly the rows encoded from the decoded events."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from qualicoop_es.projections import timeline
from qualicoop_es.projections.base import Item
from tests.projections.projection_helpers import random_history, services


def test_rows_from_the_stored_json_equal_rows_from_the_decoded_events(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=21, coops=6)
        assert svc.projector is not None and timeline.stores_plain_json(svc.app.mapper)
        items = svc.projector._page(0, 100_000)
        assert len(items) == svc.projector.head()
        kinds = set()
        for item in items:
            assert item.state is not None
            spec = timeline._spec(type(item.event))
            assert timeline._stored(spec, item.event, item.state) is not None  # the fast path serves every event
            assert timeline.row_of(item) == timeline.row_of(item._replace(state=None))
            kinds.add(type(item.event).__name__)
        assert {"Created", "IndicatorDefined", "IndicatorMeasured", "VerdictRecorded"} <= kinds  # dates, decimals
    finally:
        svc.close()


def test_anything_unexpected_in_the_stored_json_falls_back_to_encoding_the_event(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        random_history(svc.app, seed=22, coops=1)
        assert svc.projector is not None
        items = [item for item in svc.projector._page(0, 1000) if item.topic.endswith("indicator_defined.v1")]
        item = items[0]
        assert item.state is not None and b'"_type_":"decimal_str"' in item.state
        expected = timeline.row_of(item._replace(state=None))
        spec = timeline._spec(type(item.event))
        odd_states = [
            item.state.replace(b'{"timestamp":', b'{ "timestamp":'),  # another layout
            item.state.replace(b'"_type_":"decimal_str"', b'"_type_":"uuid_hex"'),  # a wrapper not unwrapped here
        ]
        for state in odd_states:
            assert timeline._stored(spec, item.event, state) is None
            assert (
                timeline.row_of(Item(item.notification_id, item.topic, item.event, item.originator, state)) == expected
            )
        event = item.event
        del event.__dict__["number"]  # the decoded event lacks one of its class's fields (as after a change)
        assert timeline._stored(spec, event, item.state) is None
    finally:
        svc.close()


def test_the_stored_json_is_read_only_when_neither_compressed_nor_encrypted(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        mapper = svc.app.mapper
        assert timeline.stores_plain_json(mapper)
        for changed in ({"cipher": object()}, {"compressor": object()}, {"transcoder": object()}):
            fields = {"cipher": None, "compressor": None, "transcoder": mapper.transcoder, **changed}
            assert not timeline.stores_plain_json(SimpleNamespace(**fields))
    finally:
        svc.close()
