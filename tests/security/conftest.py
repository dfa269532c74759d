"""A small site for the security tests: an in-memory store, people with passwords, a wall clock the test moves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from qualicoop_es import bootstrap
from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of
from qualicoop_es.accounts.service import AccountService
from qualicoop_es.config import Settings
from tests.support import TODAY
from web import create_app

PASSWORD = "motdepasse-de-test-1"
OPERATOR = Actor.operator("test-setup")
EMAILS = {"federation": "federation@test.fr", "auditor": "auditeur@test.fr"}


class Wall:
    """The accounts' wall clock (sessions, locks), moved by the test: ``wall.advance(minutes=2)``."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Site:
    services: bootstrap.Services
    app: Flask
    wall: Wall

    @property
    def accounts(self) -> AccountService:
        return accounts_of(self.services)

    def client(self) -> Any:
        return self.app.test_client()

    def sign_in(self, client: Any, who: str = "federation", password: str = PASSWORD) -> Any:
        data = {"email": EMAILS.get(who, who), "password": password, "csrf_token": csrf(client)}
        return client.post("/connexion", data=data)


def csrf(client: Any) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/connexion").text)
    assert found
    return found.group(1)


def build_site(database_url: str = "memory://", *, people: bool = True) -> Site:
    services = bootstrap.build(Settings(database_url=database_url, secret_key="test-secret"), clock=lambda: TODAY)
    services.app.ensure_catalogue(actor=OPERATOR)
    wall = Wall()
    accounts = accounts_of(services)
    accounts.now = wall
    for role, email in EMAILS.items() if people else ():
        accounts.add(email, role=role, actor=OPERATOR, password=PASSWORD, display_name=role)
    app = create_app(services=services)
    app.config["TESTING"] = True
    return Site(services=services, app=app, wall=wall)


@pytest.fixture
def site() -> Iterator[Site]:
    built = build_site()
    yield built
    built.services.close()
