"""``qualicoop projections rebuild`` beside a serving process: reads keep answering complete data throughout, the
commands stored meanwhile are in the switched read models, and the result equals a rebuild in place."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from uuid import UUID

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from qualicoop_es.bootstrap import Services
from qualicoop_es.cli import main
from qualicoop_es.projections.online import rebuild_online, shadow_settings
from qualicoop_es.projections.timeline import events_table
from tests.projections.projection_helpers import digest, random_history, services
from tests.support import register


class Reader(threading.Thread):
    """Counts one cooperative's timeline rows again and again; any error or a count short of the truth is kept."""

    def __init__(self, svc: Services, coop_id: UUID, expected: int) -> None:
        super().__init__(daemon=True)
        self.svc, self.coop_id, self.expected = svc, coop_id, expected
        self.stop, self.reads, self.wrong = threading.Event(), 0, list[str]()

    def run(self) -> None:
        query = select(func.count()).select_from(events_table).where(events_table.c.cooperative_id == str(self.coop_id))
        while not self.stop.is_set():
            try:
                with self.svc.engine.connect() as conn:
                    found = conn.execute(query).scalar_one()
            except Exception as error:  # a missing table, a lock: what the rebuild must never cause
                self.wrong.append(f"{type(error).__name__}: {error}")
                continue
            self.reads += 1
            time.sleep(0.002)
            if found != self.expected:
                self.wrong.append(f"{found} lignes au lieu de {self.expected}")


def online_rebuild_keeps_reads_whole(svc: Services) -> None:
    random_history(svc.app, seed=41, coops=15)
    watched = next(iter(svc.app.cooperative_ids()))
    with svc.engine.connect() as conn:
        expected = conn.execute(select(func.count()).select_from(events_table)
                                .where(events_table.c.cooperative_id == str(watched))).scalar_one()  # fmt: skip
    reader = Reader(svc, watched, expected)
    written: list[UUID] = []

    def progress(_: int) -> None:  # commands stored while the shadow is replayed
        written.append(register(svc.app, 900 + len(written)))

    reader.start()
    try:
        rebuild_online(svc, progress=progress)
    finally:
        reader.stop.set()
        reader.join()
    assert reader.reads > 0 and reader.wrong == []
    assert written  # the commands made during the rebuild are in the switched read models
    with svc.engine.connect() as conn:
        for coop_id in written:
            rows = conn.execute(select(func.count()).select_from(events_table)
                                .where(events_table.c.cooperative_id == str(coop_id))).scalar_one()  # fmt: skip
            assert rows == 3  # registered, kit, first meeting
    assert svc.projector is not None
    assert all(s["lag"] == 0 and s["error"] is None for s in svc.projector.status())
    switched = digest(svc.engine)
    svc.projector.rebuild()
    assert digest(svc.engine) == switched


def test_an_online_rebuild_on_sqlite_never_interrupts_reads(tmp_path: Path) -> None:
    svc = services(f"sqlite:///{tmp_path}/x.sqlite3")
    try:
        online_rebuild_keeps_reads_whole(svc)
    finally:
        svc.close()
    assert not shadow_settings(svc.settings).sqlite_path.exists()  # the shadow file is removed


@pytest.mark.postgres
def test_an_online_rebuild_on_postgresql_never_interrupts_reads(postgres_url: str) -> None:
    svc = services(postgres_url)
    try:
        online_rebuild_keeps_reads_whole(svc)
        shadow = postgres_url.split("schema=")[1] + "_rebuild"
        with svc.engine.connect() as conn:  # the shadow schema is dropped
            found = conn.execute(text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": shadow})
            assert found.scalar_one() == 0
    finally:
        svc.close()


def test_the_command_says_reads_were_never_interrupted_and_in_place_stays_available(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.sqlite3"
    svc = services(url)
    try:
        random_history(svc.app, seed=42, coops=3)
        before = digest(svc.engine)
    finally:
        svc.close()
    online = CliRunner().invoke(main, ["--database-url", url, "projections", "rebuild"])
    assert online.exit_code == 0, online.output
    assert "lectures jamais interrompues" in online.output
    in_place = CliRunner().invoke(main, ["--database-url", url, "projections", "rebuild", "--in-place", "timeline"])
    assert in_place.exit_code == 0 and "sur place" in in_place.output
    again = services(url)
    try:
        assert digest(again.engine) == before
    finally:
        again.close()
