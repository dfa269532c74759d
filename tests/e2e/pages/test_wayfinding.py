"""Wayfinding: a breadcrumb on every page below the top level, the current section marked in the navigation, a short
dashboard whose details are one click away."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.world import World
from tests.e2e.pages.support import sign_in

_CRUMBS = re.compile(r'<nav class="breadcrumb"[^>]*><ol>(.*?)</ol></nav>', re.S)


def crumbs(page: str) -> list[str]:
    found = _CRUMBS.search(page)
    return (
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]
        if found
        else []
    )


def current(page: str) -> dict[str, str]:
    """The navigation's links marked current: label → ``page`` or ``location``."""
    nav = page[page.index('aria-label="Navigation principale"') : page.index("</nav>")]
    return {label: kind for kind, label in re.findall(r'aria-current="(\w+)">([^<]+)</a>', nav)}


def test_pages_below_a_cooperative_show_the_way_back(client: Any, world: World) -> None:
    sign_in(client, "federation")
    assert crumbs(client.get("/tableau-de-bord").text) == [] and crumbs(client.get("/cooperatives").text) == []
    fiche = client.get(f"/cooperatives/{world.confirmed}").text
    assert crumbs(fiche) == ["Coopératives", "Toit Partagé"]
    history = client.get(f"/cooperatives/{world.confirmed}/historique").text
    assert crumbs(history) == ["Coopératives", "Toit Partagé", "Historique"]
    assert f'<a href="/cooperatives/{world.confirmed}">Toit Partagé</a>' in history
    assert crumbs(client.get("/cooperatives/nouvelle").text) == ["Coopératives", "Inscrire une coopérative"]
    assert crumbs(client.get("/tableau-de-bord/details").text) == ["Tableau de bord", "Chiffres détaillés"]


def test_the_current_section_is_marked_in_the_navigation(client: Any, world: World) -> None:
    sign_in(client, "federation")
    assert current(client.get("/cooperatives").text) == {"Coopératives": "page"}
    assert current(client.get(f"/cooperatives/{world.confirmed}/au").text) == {"Coopératives": "location"}
    assert current(client.get("/tableau-de-bord/details").text) == {"Tableau de bord": "location"}
    assert current(client.get("/comptes").text) == {"Comptes": "page"}


def test_a_referents_way_starts_at_its_own_cooperative(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    assert crumbs(client.get(f"/cooperatives/{world.preparing}").text) == []
    history = client.get(f"/cooperatives/{world.preparing}/historique").text
    assert crumbs(history) == ["Ma coopérative", "Historique"] and current(history) == {"Historique": "page"}


def test_a_refused_page_names_no_cooperative(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    refused = client.get(f"/cooperatives/{world.confirmed}/historique")
    assert refused.status_code == 403 and crumbs(refused.text) == [] and "Toit Partagé" not in refused.text


def test_the_dashboard_is_short_and_its_details_one_click_away(client: Any) -> None:
    sign_in(client, "auditor")
    page = client.get("/tableau-de-bord").text
    assert 'href="/tableau-de-bord/details"' in page and "Verdicts par année" not in page
    assert page.count('<li><span class="date">') <= 5
    details = client.get("/tableau-de-bord/details").text
    assert "Verdicts par année" in details and "Engagements les plus choisis" in details and "<svg" in details
