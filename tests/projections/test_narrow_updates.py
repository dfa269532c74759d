"""The mention_status projection's narrow UPDATEs leave exactly the rows of its full path (load, apply, rewrite),
and the runner's use of the notifications a command just recorded leaves exactly the rows of reading the log."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from eventsourcing.persistence import Notification

from qualicoop_es.projections.base import Item
from qualicoop_es.projections.mention_status import MentionStatusProjection
from tests.projections.projection_helpers import digest, random_history, services


@pytest.mark.parametrize("seed", [21, 22])
def test_narrow_updates_equal_the_full_path(tmp_path: Path, seed: int) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        assert svc.projector is not None
        projection = svc.projector.projections["mention_status"]
        assert isinstance(projection, MentionStatusProjection) and projection.narrow
        random_history(svc.app, seed=seed, coops=8)  # incremental: one command's events at a time, narrow when it can
        incremental = digest(svc.engine)
        for page_size in (1, 7):  # pages of one event: every checkpoint, measurement… goes the narrow way
            svc.projector.rebuild(["mention_status"], page_size=page_size)
            assert digest(svc.engine) == incremental
        projection.narrow = False
        for page_size in (1, 7, 20000):
            svc.projector.rebuild(["mention_status"], page_size=page_size)
            assert digest(svc.engine) == incremental
    finally:
        svc.close()


def test_narrow_update_of_a_missing_row_fails_as_the_full_path(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        assert svc.projector is not None
        random_history(svc.app, seed=23, coops=2)
        page = svc.projector._page(0, 100000)
        narrow = [item for item in page if type(item.event).__name__ == "CheckpointHeld"][:1]
        assert narrow
        for flag in (True, False):
            projection = MentionStatusProjection(narrow=flag)
            with svc.engine.connect() as conn:
                conn.execute(projection.tables[0].delete())
                with pytest.raises((LookupError, KeyError)):
                    projection.process(conn, narrow)
                conn.rollback()
    finally:
        svc.close()


def test_recent_notifications_equal_reading_the_log(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        projector = svc.projector
        assert projector is not None
        from_recent: list[int] = []
        items, page = projector._items, projector._page

        def counting(notifications: Sequence[Notification]) -> list[Item]:
            from_recent.append(len(notifications))
            return items(notifications)

        projector._items = counting  # type: ignore[method-assign]
        read_back: list[int] = []
        projector._page = lambda after, limit: read_back.append(after) or page(after, limit)  # type: ignore[method-assign]
        random_history(svc.app, seed=24, coops=6)
        assert from_recent and not read_back  # every command went the fast way, none read its events back
        incremental = digest(svc.engine)
        projector._items, projector._page = items, page  # type: ignore[method-assign]
        projector.rebuild(page_size=50)  # from the log
        assert digest(svc.engine) == incremental
    finally:
        svc.close()
