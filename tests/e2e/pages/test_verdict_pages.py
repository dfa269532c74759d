"""The committee's verdict form: the judged version, the members present, who may rule."""

from __future__ import annotations

import html
from typing import Any

import pytest

from tests.browser.world import World
from tests.e2e.pages.support import (
    post,
    sign_in,
    verdict_form,
)

# -- the committee's verdict ---------------------------------------------------------------------------------


def test_the_verdict_form_shows_the_exact_judgedcurrent_version(client: Any, world: World) -> None:
    sign_in(client, "committee")
    coop = world.services.app.cooperative(world.submitted)
    page = client.get(f"/cooperatives/{world.submitted}/verdict").text
    assert f'name="judged_version" value="{coop.submission["version"]}"' in page
    assert f'name="expected_version" value="{coop.version}"' in page


def test_a_committee_member_records_a_verdict(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    assert post(client, url, verdict_form(world), url).status_code == 302
    assert world.services.app.cooperative(world.submitted).phase.value == "engaged"


def test_a_verdict_on_a_changed_dossier_is_refused_with_a_clear_message(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    response = post(client, url, verdict_form(world, expected_version="3"), url)
    assert response.status_code == 422 and "modifié entre-temps" in response.text
    response = post(client, url, verdict_form(world, judged_version="3"), url)
    assert response.status_code == 422 and "relisez le dossier déposé" in response.text
    response = post(client, url, verdict_form(world, rationale=""), url)
    assert response.status_code == 422 and 'id="err-rationale"' in response.text


def test_the_verdict_form_refuses_members_the_committee_did_not_have_that_day(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    version = world.services.app.cooperative(world.submitted).version
    response = post(client, url, verdict_form(world, members_present=["ghost-member"]), url)
    assert response.status_code == 422 and 'id="err-members_present"' in response.text
    assert "compte inconnu" in response.text
    # Marc Comité holds the role since today (2026-11-26) only: not at a session of the day before.
    response = post(client, url, verdict_form(world, effective_on="2026-11-25"), url)
    assert response.status_code == 422
    assert "« Marc Comité » (pas membre du comité le 25/11/2026)" in html.unescape(response.text)
    assert world.services.app.cooperative(world.submitted).version == version


def test_a_committee_member_never_judges_a_cooperative_they_belong_to(client: Any, world: World) -> None:
    sign_in(client, "committee")
    response = post(client, f"/cooperatives/{world.overdue}/verdict", {"kind": "confirm"}, "/comite")
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["auditor", "federation", "cooperative"])
def test_other_roles_cannot_record_a_verdict(client: Any, world: World, role: str) -> None:
    sign_in(client, role)
    response = post(client, f"/cooperatives/{world.submitted}/verdict", verdict_form(world), "/catalogue")
    assert response.status_code == 403
