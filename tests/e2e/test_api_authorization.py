"""The authorization matrix, built from the app's own route map: every API route × every role × own/other coop.

Each view declares the core use case it serves (``@policy``); the expected decision is the core's policy
(``qualicoop_es.access``) for an actor of that role, so the API answers what the application decides. A route
without a declared use case fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from werkzeug.routing import Rule

from qualicoop_es.access import USE_CASES, WRITES, Actor, Role
from tests.e2e.conftest import Api, make_api
from tests.support import STAFF, fill_dossier, submit
from web.api.policy import POLICIES_KEY, PUBLIC

#: principal key → (role, is bound to / affiliated with the "own" cooperative)
PRINCIPALS = {
    None: None,
    "federation": "federation",
    "committee": "committee",
    "affiliated": "committee",
    "auditor": "auditor",
    "referent": "cooperative",
}


@pytest.fixture(scope="module")
def world() -> Iterator[tuple[Api, UUID, UUID]]:
    api = make_api()
    own, other = api.register(1), api.register(2)
    app = api.app.extensions["qualicoop"].app
    # ``other`` has been submitted (the committee sees it), ``own`` never (it does not)
    app.request_kit(other, actor=STAFF, effective_on=date(2022, 1, 10))
    app.hold_first_meeting(other, actor=STAFF, effective_on=date(2022, 1, 10))
    fill_dossier(app, other)
    submit(app, other)
    api.add_account("referent", "cooperative", cooperative_id=own)
    api.add_account("affiliated", "committee", affiliations=[own])
    yield api, own, other
    api.app.extensions["qualicoop"].close()


def expected(use_case: str, key: str | None, coop: UUID | None, own: UUID) -> bool:
    """The core's decision for the principal ``key`` (bound to, or affiliated with, ``own``) on ``coop``."""
    if use_case == PUBLIC:
        return True
    role = PRINCIPALS[key]
    if role is None:
        return False
    actor = Actor(str(key), Role(role), cooperative_id=own if role == "cooperative" else None,
                  affiliations=frozenset({own}) if key == "affiliated" else frozenset())  # fmt: skip
    return actor.may(use_case, coop, submitted=coop is not None and coop != own)


def api_rules(api: Api) -> list[Rule]:
    return [r for r in api.app.url_map.iter_rules() if r.rule.startswith("/api/")]


def url_for_rule(rule: Rule, coop_id: UUID | None, api: Api) -> str:
    """The rule's URL with every variable filled: the cooperative under test, and plausible other ids."""
    values = {"coop_id": str(coop_id), "number": "1", "action_id": "A1", "indicator_id": "I1",
              "account_id": api.accounts["federation"], "year": "2022", "filename": "swagger-ui.css"}  # fmt: skip

    def fill(match: re.Match[str]) -> str:
        assert match.group(1) in values, f"add a sample value for <{match.group(1)}> ({rule.rule})"
        return values[match.group(1)]

    return re.sub(r"<(?:\w+:)?(\w+)>", fill, rule.rule)


def test_every_api_route_declares_a_policy(world: tuple[Api, UUID, UUID]) -> None:
    api, _, _ = world
    table = api.app.extensions[POLICIES_KEY]
    missing = [r.endpoint for r in api_rules(api) if r.endpoint not in table]
    assert not missing, f"routes without a declared @policy: {missing}"
    assert len(api_rules(api)) >= 35


def test_every_route_role_and_cooperative_gets_the_declared_decision(world: tuple[Api, UUID, UUID]) -> None:
    api, own, other = world
    table: dict[str, str] = api.app.extensions[POLICIES_KEY]
    mismatches, checked = [], 0
    for rule in api_rules(api):
        use_case = table[rule.endpoint]
        coops: list[UUID | None] = [own, other] if "coop_id" in rule.arguments else [None]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for key, role in PRINCIPALS.items():
                for coop in coops:
                    is_own = coop == own
                    allowed = expected(use_case, key, coop, own)
                    body = {} if method in ("POST", "PATCH", "DELETE") else None
                    response = api.call(method, url_for_rule(rule, coop, api), key, json=body)
                    status = response.status_code
                    denied_as = 401 if role is None else 403
                    ok = (status not in (401, 403)) if allowed else status == denied_as
                    assert status < 500, (method, rule.rule, key, status, response.get_json())
                    checked += 1
                    if not ok:
                        mismatches.append((method, rule.rule, key, "own" if is_own else "other", status, allowed))
    assert not mismatches, mismatches
    assert checked > 300


def test_the_policies_say_what_the_domain_says(world: tuple[Api, UUID, UUID]) -> None:
    """Spot checks of the core's table against domain.md, so a wrong policy cannot pass the matrix."""
    api, own, other = world
    table: dict[str, str] = api.app.extensions[POLICIES_KEY]
    assert set(table.values()) - {PUBLIC} <= set(USE_CASES)
    assert not any(expected(w, "auditor", own, own) for w in WRITES)  # auditors write nothing (a check is no write)
    assert expected("read_audit", "referent", own, own) and not expected("read_audit", "referent", other, own)
    assert expected(table["audit.signing_key"], None, None, own)  # the public key is public
    assert expected("record_verdict", "committee", own, own)
    assert not expected("record_verdict", "affiliated", own, own) and expected(
        "record_verdict", "affiliated", other, own
    )
    assert not expected("record_verdict", "federation", own, own) and not expected(
        "record_verdict", "referent", own, own
    )
    assert table["commands.submission"] == "submit_dossier"
    assert expected("submit_dossier", "referent", own, own) and not expected("submit_dossier", "referent", other, own)
    assert not expected(table["cooperatives.get_cooperative"], "referent", other, own)
    assert USE_CASES[table["cooperatives.register"]].roles == frozenset({Role.FEDERATION})
    assert api.get(f"/api/v1/cooperatives/{other}", as_="referent").status_code == 403
    assert api.get(f"/api/v1/cooperatives/{own}", as_="referent").status_code == 200
    listed = api.ok(api.get("/api/v1/cooperatives", as_="referent"))
    assert [item["id"] for item in listed["items"]] == [str(own)]


def test_the_committee_sees_a_cooperative_from_its_first_submission(world: tuple[Api, UUID, UUID]) -> None:
    """domain.md: the committee reads submitted dossiers — alone, in lists, in figures and in deadlines."""
    api, own, other = world
    assert api.get(f"/api/v1/cooperatives/{own}", as_="committee").status_code == 403  # still preparing
    assert api.get(f"/api/v1/cooperatives/{own}/timeline", as_="committee").status_code == 403
    assert api.get(f"/api/v1/cooperatives/{other}", as_="committee").status_code == 200
    listed = api.ok(api.get("/api/v1/cooperatives", as_="committee"))
    assert [item["id"] for item in listed["items"]] == [str(other)] and listed["total"] == 1
    assert api.ok(api.get("/api/v1/network/figures", as_="committee"))["total"] == 1
    assert api.ok(api.get("/api/v1/network/figures", as_="federation"))["total"] == 2
    assert len(api.ok(api.get("/api/v1/cooperatives", as_="auditor"))["items"]) == 2
