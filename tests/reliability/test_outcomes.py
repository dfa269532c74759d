"""A command whose commit outcome is unknown is answered truthfully, and an Idempotency-Key never stores a command
twice, on SQLite and on PostgreSQL (issue 15, point 2).

Faults are injected around the commit by wrapping the recorder's public ``insert_events``: the insert commits and
its answer is lost (then nothing more, or the library's retry meeting its own insert, as eventsourcing's
PostgreSQL recorder does after a lost connection), or it fails before anything is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError

from tests.e2e.conftest import Api, make_api
from tests.projections.projection_helpers import rebuild_matches
from tests.support import engaged

Wrap = Callable[[Callable[..., Any]], Callable[..., Any]]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    url = f"sqlite:///{tmp_path / 'events.sqlite3'}"
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    built = make_api(database_url=url)
    yield built
    built.app.extensions["qualicoop"].close()


def commit_then_lose(insert: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        insert(*args, **kwargs)
        raise OperationalError("server closed the connection unexpectedly")

    return wrapped


def commit_then_retry(insert: Callable[..., Any]) -> Callable[..., Any]:
    """The traced path: the first insert commits, its answer is lost, the recorder's retry meets it."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        insert(*args, **kwargs)
        return insert(*args, **kwargs)  # raises IntegrityError: the primary key (aggregate, version) is taken

    return wrapped


def refuse(insert: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    return wrapped


class Faults:
    """Wraps the store's recorder methods for the next command only."""

    def __init__(self, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
        self.recorder = api.app.extensions["qualicoop"].app.recorder
        self.monkeypatch = monkeypatch

    def once(self, name: str, wrap: Wrap) -> None:
        original = getattr(self.recorder, name)
        wrapped = wrap(original)

        def first_call(*args: Any, **kwargs: Any) -> Any:
            self.monkeypatch.setattr(self.recorder, name, original)
            return wrapped(*args, **kwargs)

        self.monkeypatch.setattr(self.recorder, name, first_call)


def checkpoints(api: Api, coop: uuid.UUID, summary: str) -> int:
    history = api.app.extensions["qualicoop"].app.history(coop)
    return sum(getattr(e, "summary", None) == summary for e in history)


def checkpoint(api: Api, coop: uuid.UUID, summary: str, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return api.post(f"/api/v1/cooperatives/{coop}/checkpoints", {"summary": summary}, headers=headers)


@pytest.fixture
def coop(api: Api) -> uuid.UUID:
    return engaged(api.app.extensions["qualicoop"].app)


@pytest.mark.parametrize("wrap", [commit_then_lose, commit_then_retry])
def test_a_stored_command_whose_answer_was_lost_is_answered_as_stored_never_409(
    api: Api, coop: uuid.UUID, monkeypatch: pytest.MonkeyPatch, wrap: Wrap
) -> None:
    version = api.get(f"/api/v1/cooperatives/{coop}").get_json()["version"]
    Faults(api, monkeypatch).once("insert_events", wrap)
    response = checkpoint(api, coop, "Point perdu puis retrouvé")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["version"] == version + 1
    assert checkpoints(api, coop, "Point perdu puis retrouvé") == 1
    timeline = api.get(f"/api/v1/cooperatives/{coop}/timeline").get_json()["items"]
    assert max(item["version"] for item in timeline) == version + 1  # the read models caught up


def test_a_retry_with_the_same_idempotency_key_answers_the_first_result_and_stores_once(
    api: Api, coop: uuid.UUID
) -> None:
    first = checkpoint(api, coop, "Point unique", key="cle-1")
    again = checkpoint(api, coop, "Point unique", key="cle-1")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.get_json() == first.get_json() and again.headers["ETag"] == first.headers["ETag"]
    assert checkpoints(api, coop, "Point unique") == 1
    other = checkpoint(api, coop, "Un autre point", key="cle-1")
    assert other.status_code == 422 and "Idempotency-Key" in other.get_json()["errors"]
    assert checkpoint(api, coop, "Point unique", key="cle-2").status_code == 200  # a new key: a new command
    assert rebuild_matches(api.app.extensions["qualicoop"])  # the keys' records, in the log, change no read model
    assert api.app.extensions["qualicoop"].projector.status()[0]["lag"] == 0


def test_an_unknown_outcome_is_a_503_and_the_retry_with_the_same_key_is_answered_once(
    api: Api, coop: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    faults = Faults(api, monkeypatch)

    def lose_sight(insert: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            faults.once("select_events", refuse)  # after the commit, the store cannot even be read to find out
            return commit_then_lose(insert)(*args, **kwargs)

        return wrapped

    faults.once("insert_events", lose_sight)
    unknown = checkpoint(api, coop, "Point incertain", key="cle-incertaine")
    assert unknown.status_code == 503 and unknown.get_json()["code"] == "outcome_unknown"
    assert unknown.headers["Retry-After"] == "1" and "Idempotency-Key" in unknown.get_json()["message"]
    retried = checkpoint(api, coop, "Point incertain", key="cle-incertaine")
    assert retried.status_code == 200, retried.get_json()
    assert checkpoints(api, coop, "Point incertain") == 1


def test_a_command_refused_by_the_store_is_a_503_and_its_retry_stores_it_once(
    api: Api, coop: uuid.UUID, monkeypatch: pytest.MonkeyPatch
) -> None:
    Faults(api, monkeypatch).once("insert_events", refuse)
    refused = checkpoint(api, coop, "Point refusé", key="cle-refus")
    assert refused.status_code == 503 and refused.get_json()["code"] == "unavailable"
    assert checkpoints(api, coop, "Point refusé") == 0
    assert checkpoint(api, coop, "Point refusé", key="cle-refus").status_code == 200
    assert checkpoints(api, coop, "Point refusé") == 1


@pytest.mark.postgres
def test_through_the_postgres_recorders_own_retry_a_commit_whose_answer_was_lost_is_answered_as_stored(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The traced path itself: the connection's answer is lost after the COMMIT (the datastore's public
    ``get_connection`` raises as it closes), eventsourcing's ``@retry`` inserts again and meets its own rows."""
    api = make_api(database_url=postgres_url)
    try:
        coop = engaged(api.app.extensions["qualicoop"].app)
        recorder = api.app.extensions["qualicoop"].app.recorder
        original, insert, armed, raised = recorder.datastore.get_connection, recorder.insert_events, [], []

        @contextmanager
        def losing_the_answer() -> Iterator[Any]:
            with original() as conn:
                yield conn
            if armed:  # committed: the answer is lost once
                armed.clear()
                raise OperationalError("server closed the connection unexpectedly")

        def arming(*args: Any, **kwargs: Any) -> Any:
            armed.append(True)
            try:
                return insert(*args, **kwargs)
            except Exception as error:
                raised.append(type(error).__name__)
                raise
            finally:
                armed.clear()

        monkeypatch.setattr(recorder.datastore, "get_connection", losing_the_answer)
        monkeypatch.setattr(recorder, "insert_events", arming)
        response = checkpoint(api, coop, "Point retrouvé par la bibliothèque")
        assert response.status_code == 200, response.get_json()
        assert checkpoints(api, coop, "Point retrouvé par la bibliothèque") == 1
        assert raised == ["IntegrityError"]  # what the retry met, and what used to be answered 409
    finally:
        api.app.extensions["qualicoop"].close()
