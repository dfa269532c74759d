"""What the page tests share: signing in with a CSRF token, posting forms, the paths and versions they use."""

from __future__ import annotations

import re
from typing import Any

from qualicoop_es.access import Actor
from tests.browser.world import EMAILS, PASSWORD, World


def token(client: Any, url: str = "/connexion") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert found, url
    return found.group(1)


def sign_in(client: Any, role: str) -> None:
    response = client.post(
        "/connexion", data={"email": EMAILS[role], "password": PASSWORD, "csrf_token": token(client)}
    )
    assert response.status_code == 302, response.text


def post(client: Any, url: str, data: dict[str, Any], page: str) -> Any:
    return client.post(url, data={"csrf_token": token(client, page), **data})


def edit_page(world: World) -> str:
    return f"/cooperatives/{world.preparing}/dossier"


def current_version(world: World) -> str:
    return str(world.services.app.cooperative(world.preparing).version)


def committee_ids(world: World) -> list[str]:
    from qualicoop_es.accounts import accounts_of

    return [a.account_id for a in accounts_of(world.services).all() if a.role == "committee"]


def verdict_form(world: World, **extra: Any) -> dict[str, Any]:
    coop = world.services.app.cooperative(world.submitted)
    assert coop.submission is not None
    return {"kind": "validate", "session_reference": "Comité de novembre", "effective_on": "2026-11-26",
            "members_present": committee_ids(world), "rationale": "Pertinent",
            "judged_version": str(coop.submission["version"]), "expected_version": str(coop.version),
            "etape": "confirmer", **extra}  # the confirmation step passed (see test_verdict_confirmation)  # fmt: skip


def engaged_referent(client: Any, world: World) -> str:
    from qualicoop_es.accounts import accounts_of

    accounts_of(world.services).add("engagee@test.fr", role="cooperative", actor=Actor.operator("staff-1"), password=PASSWORD,
                                    display_name="E", cooperative_id=world.confirmed)  # fmt: skip
    client.post("/connexion", data={"email": "engagee@test.fr", "password": PASSWORD, "csrf_token": token(client)})
    return f"/cooperatives/{world.confirmed}/dossier"
