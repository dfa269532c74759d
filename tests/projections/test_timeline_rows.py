"""The timeline's rows are built from the decoded events, and hold what they always held.

The released fixture (tests/fixtures/events-v1.sqlite3, fixed stored events and timestamps) gives fixed rows:
``RELEASED_ROWS`` is the digest of their (notification id, business date, recorded_at, data) as the earlier code
wrote them (it read ``data`` and ``recorded_at`` from the stored JSON); building them from the decoded events must
write the very same text.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select

from qualicoop_es.bootstrap import build
from qualicoop_es.config import Settings
from qualicoop_es.projections.timeline import events_table as ev
from tests.support import TODAY

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "events-v1.sqlite3"
RELEASED_ROWS = "0e1b813931d85c8f8696d29279ec44563d0c6a317854ebfd1fa8bfe99fd84f5d"


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        query = select(ev.c.notification_id, ev.c.effective_on, ev.c.recorded_at, ev.c.data)
        return [tuple(r) for r in conn.execute(query.order_by(ev.c.notification_id))]


def test_the_released_events_timeline_rows_are_the_ones_written_before_incrementally_and_on_a_rebuild(
    tmp_path: Path,
) -> None:
    store = tmp_path / "events-v1.sqlite3"
    shutil.copyfile(FIXTURE, store)
    svc = build(Settings(database_url=f"sqlite:///{store}"), clock=lambda: TODAY)
    try:
        assert svc.projector is not None
        rows = _rows(svc.engine)  # filled at start, by the incremental path
        assert len(rows) == 95
        assert hashlib.sha256(repr(rows).encode()).hexdigest() == RELEASED_ROWS
        measured = next(r for r in rows if r[0] == 48)  # a decimal and a business date
        assert measured == (48, date(2023, 3, 1), "2026-11-26T06:36:33.659055+00:00",
                            '{"indicator_id":"I1","value":"42.75","comment":"Premier relevé"}')  # fmt: skip
        svc.projector.rebuild(["timeline"], page_size=7)
        assert _rows(svc.engine) == rows
    finally:
        svc.close()
