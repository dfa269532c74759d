"""HTTP fixtures: a Flask test client over an in-memory store, a controllable clock, and one token per role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of
from qualicoop_es.config import Settings
from tests.support import ACCOUNTS_SINCE, ACTIVITIES, TODAY, siren
from web import create_app

ADMIN = Actor.operator("test-setup")


class Clock:
    """A clock the test moves: ``clock.today = date(...)``."""

    def __init__(self, today: date = TODAY) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


@dataclass
class Api:
    """A test client that signs each call with the token of a role ("federation", "referent", ...)."""

    app: Flask
    client: FlaskClient
    clock: Clock
    tokens: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)  # role key → account id

    def call(self, method: str, path: str, as_: str | None = None, json: Any = None,
             headers: dict[str, str] | None = None, **kw: Any) -> TestResponse:  # fmt: skip
        all_headers = dict(headers or {})
        if as_ is not None:
            all_headers["Authorization"] = f"Bearer {self.tokens[as_]}"
        return self.client.open(path, method=method, json=json, headers=all_headers, **kw)

    def get(self, path: str, as_: str = "federation", **kw: Any) -> TestResponse:
        return self.call("GET", path, as_, **kw)

    def post(self, path: str, json: Any, as_: str = "federation", **kw: Any) -> TestResponse:
        return self.call("POST", path, as_, json=json, **kw)

    def ok(self, response: TestResponse, status: int = 200) -> Any:
        assert response.status_code == status, (response.status_code, response.get_json())
        return response.get_json()

    def add_account(self, key: str, role: str, **kw: Any) -> str:
        """An account ``key`` with a token; its role runs from ``ACCOUNTS_SINCE`` (or today, if earlier) unless
        ``effective_on`` says otherwise, so the committee member may sit at verdicts dated in the past."""
        service = accounts_of(self.app.extensions["qualicoop"])
        kw.setdefault("effective_on", min(ACCOUNTS_SINCE, self.clock.today))
        view = service.add(f"{key}@test.qualicoop.test", role=role, actor=ADMIN, display_name=key, **kw)
        self.tokens[key], _ = service.create_token(view.email)
        self.accounts[key] = view.account_id
        return view.account_id

    def register(self, n: int, on: date = date(2022, 1, 10)) -> UUID:
        body = {"name": f"Coop n°{n}", "siren": siren(n), "legal_form": "SCP", "departement": "35",
                "activities": ACTIVITIES, "effective_on": on.isoformat()}  # fmt: skip
        return UUID(self.ok(self.post("/api/v1/cooperatives", body), 201)["id"])


def make_api(clock: Clock | None = None, database_url: str = "memory://") -> Api:
    clock = clock or Clock()
    app = create_app(Settings(database_url=database_url, secret_key="test-only-secret"), clock=clock)
    app.config["TESTING"] = True
    api = Api(app=app, client=app.test_client(), clock=clock)
    for role in ("federation", "committee", "auditor"):
        api.add_account(role, role)
    return api


@pytest.fixture
def api() -> Iterator[Api]:
    built = make_api()
    yield built
    built.app.extensions["qualicoop"].close()


@pytest.fixture
def two_coops(api: Api) -> tuple[UUID, UUID]:
    """Two cooperatives; "referent" is bound to the first, "affiliated" is a committee member of the first."""
    own, other = api.register(1), api.register(2)
    api.add_account("referent", "cooperative", cooperative_id=own)
    api.add_account("affiliated", "committee", affiliations=[own])
    return own, other
