"""A form sent twice (a double click, a reload that posts again, a retry after a lost answer) is recorded once;
the same form changed and sent again is a new command."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.world import World
from tests.e2e.pages.support import edit_page, post, sign_in, verdict_form


def form_key(page_html: str) -> str:
    found = re.search(r'name="form_key" value="([^"]+)"', page_html)
    assert found, "a rendered form carries its key"
    return found.group(1)


def actions_of(world: World, number: str) -> list[dict[str, Any]]:
    coop = world.services.app.cooperative(world.preparing)
    return list(coop.dossier["engagements"][number]["actions"].values())


def test_every_rendered_form_carries_a_new_key(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    page = edit_page(world)
    assert form_key(client.get(page).text) != form_key(client.get(page).text)


def test_the_same_form_sent_twice_adds_one_action_and_answers_both_times(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    page = edit_page(world)
    number = next(iter(world.services.app.cooperative(world.preparing).dossier["engagements"]))
    before = len(actions_of(world, number))
    sent = {"number": number, "title": "Réunion annuelle des locataires", "form_key": form_key(client.get(page).text)}
    first = post(client, f"{page}/actions", sent, page)
    again = post(client, f"{page}/actions", sent, page)  # a double click, or a retry after a lost answer
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    assert [a["title"] for a in actions_of(world, number)].count("Réunion annuelle des locataires") == 1
    assert len(actions_of(world, number)) == before + 1
    changed = post(client, f"{page}/actions", {**sent, "title": "Visite des chantiers"}, page)  # back, edit, send
    assert changed.status_code == 302
    assert len(actions_of(world, number)) == before + 2


def test_a_verdict_confirmed_twice_is_recorded_once(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    version = world.services.app.cooperative(world.submitted).version
    sent = verdict_form(world, form_key="cle-de-formulaire-1")
    assert post(client, url, sent, url).status_code == 302
    again = post(client, url, sent, url)
    assert again.status_code == 302  # the first answer again, not « modifié entre-temps »
    coop = world.services.app.cooperative(world.submitted)
    assert coop.phase.value == "engaged" and coop.version == version + 1
    events = world.services.app.events.get(world.submitted)
    assert sum(type(e).__name__ == "VerdictRecorded" for e in events) == 1


def test_without_a_key_a_form_is_handled_as_before(client: Any, world: World) -> None:
    sign_in(client, "committee")
    url = f"/cooperatives/{world.submitted}/verdict"
    assert post(client, url, verdict_form(world), url).status_code == 302
    assert post(client, url, verdict_form(world), url).status_code == 422  # a stale version, told as such
