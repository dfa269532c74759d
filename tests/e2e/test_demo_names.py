"""A demonstration cooperative's history, on its page and in the API, names every author: the referent's and the
federal team's facts as well as the committee's verdicts (no « Système » among them)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from qualicoop_es import bootstrap, demo
from qualicoop_es.accounts import accounts_of, seed_demo_accounts
from qualicoop_es.accounts.names import SYSTEM
from qualicoop_es.config import Settings
from qualicoop_es.demo.team import STAFF, Team
from web import create_app

TODAY = date(2026, 11, 26)
SEED = 7


@pytest.fixture(scope="module")
def network() -> Iterator[tuple[bootstrap.Services, dict[str, str]]]:
    """Two demonstration cooperatives, then the sign-in demo accounts (``qualicoop users seed-demo``) beside them."""
    svc = bootstrap.build(Settings(database_url="memory://", secret_key="test-secret"), clock=lambda: TODAY)
    demo.load(svc, count=2, seed=SEED, today=TODAY, progress=False)
    passwords = {email: password for email, _, password in seed_demo_accounts(svc, path=None)}
    yield svc, passwords
    svc.close()


def _authors(svc: bootstrap.Services, coop_id: UUID) -> tuple[str, str]:
    """The display names of the cooperative's referent and of the staff member who registered it."""
    team = Team(SEED)
    history = svc.app.history(coop_id)
    staff = {team.federation(n): name for n, (_, name) in enumerate(STAFF, start=1)}
    referent = accounts_of(svc).get(team.referent(svc.app.cooperative(coop_id).siren))
    assert referent is not None and history[1].actor == referent.account_id  # the kit request
    return referent.display_name, staff[history[0].actor]  # the registration


def test_the_sign_in_demo_accounts_are_seeded_beside_the_demos_own(
    network: tuple[bootstrap.Services, dict[str, str]],
) -> None:
    svc, passwords = network
    assert set(passwords) == {f"{who}@demo.qualicoop.test" for who in ("federation", "comite", "auditeur", "referent")}
    emails = [a.email for a in accounts_of(svc).all()]
    assert len(emails) == len(set(emails)) == 4 + len(STAFF) + 9 + 2  # sign-in, team, committee, referents


def test_the_history_page_of_a_demo_cooperative_names_the_referent_and_the_federal_team(
    network: tuple[bootstrap.Services, dict[str, str]],
) -> None:
    svc, passwords = network
    client = create_app(services=svc).test_client()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/connexion").text)
    assert csrf
    email = "auditeur@demo.qualicoop.test"
    signed_in = client.post("/connexion", data={"email": email, "password": passwords[email], "csrf_token": csrf[1]})
    assert signed_in.status_code == 302
    coop_id = next(iter(svc.app.cooperative_ids()))
    authors: list[str] = []
    for number in range(1, len(svc.app.history(coop_id)) // 40 + 2):  # every page of the history
        page = client.get(f"/cooperatives/{coop_id}/historique?page={number}")
        assert page.status_code == 200
        authors += [html.unescape(a) for a in re.findall(r"<dt>Auteur</dt><dd>([^<]*)</dd>", page.text)]
    assert len(authors) == len(svc.app.history(coop_id))
    referent, staff = _authors(svc, coop_id)
    assert referent in authors and staff in authors and SYSTEM not in authors


def test_the_api_timeline_of_a_demo_cooperative_names_the_referent_and_the_federal_team(
    network: tuple[bootstrap.Services, dict[str, str]],
) -> None:
    svc, _ = network
    client = create_app(services=svc).test_client()
    token, _ = accounts_of(svc).create_token("auditeur@demo.qualicoop.test")
    for coop_id in svc.app.cooperative_ids():
        response = client.get(f"/api/v1/cooperatives/{coop_id}/timeline", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        items: list[dict[str, Any]] = response.get_json()["items"]
        assert len(items) == len(svc.app.history(coop_id))
        referent, staff = _authors(svc, coop_id)
        assert items[0]["actor_name"] == staff and items[1]["actor_name"] == referent
        by_author = {i["actor_name"] for i in items}
        assert SYSTEM not in by_author and referent in by_author
        assert all(i["actor_name"] != i["actor"] for i in items)  # a name, not the id shown twice
