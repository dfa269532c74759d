"""A real server under steady writes while PostgreSQL's backends are killed again and again (``pg_terminate_backend``
of every connection to the database, as a failover or an operator's clean-up does): every request is answered
within a bound — acknowledged, or 503 with Retry-After, never a 500 and never after a long stall — the server
answers normally once the kills stop, and nothing acknowledged is lost."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.pg_faults import FaultyDatabase, faulty_database
from tests.reliability.writers import Writers, check_store
from tests.support import federation_token, siren, start_server

pytestmark = pytest.mark.postgres

#: The longest a request may take while the store's connections are being killed (the settings' promise: a dead
#: connection replaced at once, a store out of reach answered 503 within a few seconds).
BOUND_SECONDS = 10.0
KILLS_SECONDS = 8.0
KILL_EVERY_SECONDS = 0.3


@pytest.fixture
def database(postgres_url: str) -> Iterator[FaultyDatabase]:
    with faulty_database(postgres_url) as found:
        yield found


def test_repeated_backend_kills_answer_503_within_a_bound_and_lose_nothing_acknowledged(
    database: FaultyDatabase, tmp_path: Path
) -> None:
    token = federation_token(database.url)
    process, base = start_server(database.url, tmp_path / "server.log", "--threads", "4")
    try:
        with Writers(base, token, timeout=BOUND_SECONDS * 3) as writers:
            while len(writers.answers) < 10:  # steady writes first
                time.sleep(0.05)
            stop = time.monotonic() + KILLS_SECONDS
            while time.monotonic() < stop:
                database.cut()
                time.sleep(KILL_EVERY_SECONDS)
            killed_until = len(writers.answers)
            time.sleep(2 * BOUND_SECONDS / 3)  # the writes go on after the kills
        answers = list(writers.answers)
        after = [writers.register(writers.next + n) for n in range(3)]  # the server answers normally again
        statuses = {a.status for a in answers}
        slowest = max(answers, key=lambda a: a.seconds)
        assert statuses <= {201, 503}, [a for a in answers if a.status not in (201, 503)]
        assert slowest.seconds <= BOUND_SECONDS, slowest
        refused = [a for a in answers if a.status == 503]
        assert all(a.retry_after and a.retry_after.isdigit() for a in refused), refused
        assert [a.status for a in after] == [201, 201, 201], after
        assert len(answers) > killed_until  # writes were answered after the kills
    finally:
        process.terminate()
        process.wait(timeout=30)
    check_store(database.url, [siren(a.number) for a in answers + after if a.status == 201])
