"""The codes (phase, verdict kind, mention) are stored as enums and come back as enums, on SQLite, events and
snapshots alike; what the outside world reads of them is still their value."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from qualicoop_es import presenters
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.standing import Mention
from qualicoop_es.aggregates.values import Phase, VerdictKind
from tests.support import full_lifecycle, services, sqlite_settings


def test_verdicts_diplomas_and_snapshots_round_trip_their_enums_through_sqlite(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path, snapshot_interval=5)
    with services(settings) as app:
        coop_id = full_lifecycle(app)
    with services(settings) as again:  # a new instance: nothing from the first one's memory
        history = again.history(coop_id)
        assert [e.kind for e in history if isinstance(e, Cooperative.VerdictRecorded)] == [
            VerdictKind.VALIDATE, VerdictKind.CONFIRM, VerdictKind.CONFIRM]  # fmt: skip
        assert [e.mention for e in history if isinstance(e, Cooperative.DiplomaAwarded)] == [Mention.CONFIRMED]
        snapshots = list(again.snapshots.get(coop_id))  # type: ignore[union-attr]
        assert snapshots, "the interval of 5 events takes snapshots"
        loaded = snapshots[-1].mutate(None)
        assert isinstance(loaded, Cooperative) and isinstance(loaded.phase, Phase)
        assert isinstance(loaded.standing["mention"], Mention)
        coop = again.cooperative(coop_id)
        assert coop.last_verdict is not None
        assert (coop.phase, coop.standing["mention"], coop.last_verdict["kind"]) == (
            Phase.CONFIRMED, Mention.CONFIRMED, VerdictKind.CONFIRM)  # fmt: skip
        assert coop.diplomas[0]["mention"] is Mention.CONFIRMED
        status = presenters.status_of(coop, coop.latest_effective_on)
        assert (status["mention"], status["step"], status["last_verdict"]["kind"]) == (
            "confirmee", "implementing", "confirm")  # fmt: skip
    with sqlite3.connect(tmp_path / "events.sqlite3") as connection:
        states = [row[0] for row in connection.execute(
            "SELECT state FROM stored_events WHERE topic = 'qualicoop.cooperative.verdict_recorded.v1'")]  # fmt: skip
    assert all(b'"verdict_kind"' in state for state in states)  # through the transcoding, never a bare string
