"""Members present at a verdict, over HTTP: only committee accounts of that day, none from the cooperative judged."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import pytest

from qualicoop_es.accounts import accounts_of
from tests.e2e.conftest import ADMIN, Api
from tests.support import fill_dossier, register, submit

DECIDED = date(2022, 4, 12)


@pytest.fixture
def submitted(api: Api) -> UUID:
    app = api.app.extensions["qualicoop"].app
    coop_id = register(app, 21)
    fill_dossier(app, coop_id)
    submit(app, coop_id)
    return coop_id


def post_verdict(api: Api, coop_id: UUID, members: list[str]) -> Any:
    judged = api.ok(api.get(f"/api/v1/cooperatives/{coop_id}"))["submission"]["version"]
    body = {"kind": "validate", "session_reference": "Comité d'avril", "rationale": "Pertinent",
            "members_present": members, "judged_version": judged, "effective_on": DECIDED.isoformat()}  # fmt: skip
    return api.post(f"/api/v1/cooperatives/{coop_id}/verdicts", body, as_="committee")


def refused(api: Api, coop_id: UUID, members: list[str]) -> str:
    """The 422's message for members_present; asserts nothing was stored (same version, same timeline)."""
    version = api.ok(api.get(f"/api/v1/cooperatives/{coop_id}"))["version"]
    told = len(api.ok(api.get(f"/api/v1/cooperatives/{coop_id}/timeline"))["items"])
    body = api.ok(post_verdict(api, coop_id, members), 422)
    assert body["code"] == "invalid_input" and list(body["errors"]) == ["members_present"]
    assert api.ok(api.get(f"/api/v1/cooperatives/{coop_id}"))["version"] == version
    assert len(api.ok(api.get(f"/api/v1/cooperatives/{coop_id}/timeline"))["items"]) == told
    return str(body["errors"]["members_present"][0])


def test_a_ghost_member_is_refused_with_422_naming_it(api: Api, submitted: UUID) -> None:
    message = refused(api, submitted, [api.accounts["committee"], "ghost-member"])
    assert "« ghost-member » (compte inconnu)" in message and api.accounts["committee"] not in message


def test_a_member_who_became_committee_after_the_verdict_date_is_refused(api: Api, submitted: UUID) -> None:
    late = api.add_account("late", "committee", effective_on=date(2022, 5, 2))
    assert f"« {late} » (pas membre du comité le 12/04/2022)" in refused(api, submitted, [late])


def test_a_member_whose_role_was_revoked_before_the_verdict_date_is_refused(api: Api, submitted: UUID) -> None:
    gone = api.add_account("gone", "committee", effective_on=date(2021, 1, 4))
    api.clock.today = date(2022, 3, 1)  # the revocation takes effect on the day it is recorded
    accounts_of(api.app.extensions["qualicoop"]).revoke("gone@test.qualicoop.test", actor=ADMIN, reason="Départ")
    api.clock.today = date(2026, 11, 26)
    assert f"« {gone} » (pas membre du comité le 12/04/2022)" in refused(api, submitted, [gone])


def test_a_member_affiliated_with_the_cooperative_judged_is_refused(api: Api, submitted: UUID) -> None:
    inside = api.add_account("inside", "committee", affiliations=[submitted])
    assert f"« {inside} » (membre affilié à la coopérative jugée)" in refused(api, submitted, [inside])


def test_a_valid_set_of_members_is_recorded(api: Api, submitted: UUID) -> None:
    other = api.add_account("other", "committee", effective_on=date(2021, 6, 1))
    members = [api.accounts["committee"], other]
    api.ok(post_verdict(api, submitted, members))
    items = api.ok(api.get(f"/api/v1/cooperatives/{submitted}/timeline?kinds=verdict_recorded"))["items"]
    assert [sorted(i["data"]["members_present"]) for i in items] == [sorted(members)]
