"""The network's pages: dashboard, list, committee desk, catalogue, and their SVG charts."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

import pytest

from tests.browser.world import World
from tests.e2e.pages.support import (
    post,
    sign_in,
)
from web.pages import charts

# -- network pages -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["federation", "committee", "auditor"])
def test_the_dashboard_shows_phases_deadlines_verdicts_and_svg_charts(client: Any, role: str) -> None:
    sign_in(client, role)
    page = client.get("/tableau-de-bord").text
    assert "Coopératives par mention" in page and "Étapes en cours" in page and "<svg" in page and 'role="img"' in page
    assert "Coop du Retard" in page and "de retard" in page  # overdue bilan
    assert "Villages Solidaires" in page and "dans 24 j" in page  # upcoming bilan
    assert "le comité a validé le dossier" in page


def test_the_details_page_lists_every_deadline_a_page_at_a_time(client: Any, world: World,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """One deadline per list per page (the page's size made small): every deadline is on one page, the pager
    leads from one to the next, a number beyond the last page leads to the last."""
    from qualicoop_es.projections import queries
    from web.pages import views_network

    monkeypatch.setattr(views_network, "DETAILS_ITEMS", 1)
    sign_in(client, "federation")
    due = queries.deadlines(world.services.engine, day=world.services.app.clock())
    names = [d["name"] for d in due["overdue"] + due["upcoming"]]
    pages = max(len(due["overdue"]), len(due["upcoming"]))
    assert pages >= 2, due  # the world has enough deadlines to need pages
    seen = []
    for number in range(1, pages + 1):
        page = client.get(f"/tableau-de-bord/details?page={number}").text
        assert 'aria-label="Pages des échéances"' in page and f'aria-current="page">{number}<' in page
        seen += [name for name in names if name.replace("'", "&#39;") in page]
    assert sorted(set(seen)) == sorted(set(names))
    beyond = client.get(f"/tableau-de-bord/details?page={pages + 5}")
    assert beyond.status_code == 302 and beyond.headers["Location"].endswith(f"page={pages}#echeances")


def test_a_referent_cannot_open_the_dashboard(client: Any) -> None:
    sign_in(client, "cooperative")
    response = client.get("/tableau-de-bord")
    assert response.status_code == 403 and "Accès refusé" in response.text


def test_the_list_filters_by_phase_departement_activity_and_name(client: Any) -> None:
    sign_in(client, "federation")
    everything = client.get("/cooperatives").text
    assert "6 coopératives" in everything and 'class="badge mention-' in everything
    assert "Les Castors" in client.get("/cooperatives?etape=submitted").text
    assert "Toit Partagé" not in client.get("/cooperatives?etape=submitted").text
    assert "Aucune coopérative" in client.get("/cooperatives?departement=75").text
    only_social = client.get("/cooperatives?activite=locatif_social&q=retard").text
    assert "Coop du Retard" in only_social and "1 coopérative" in only_social


def test_the_committee_desk_lists_dossiers_awaiting_a_verdict(client: Any) -> None:
    sign_in(client, "committee")
    page = client.get("/comite").text
    assert "Les Castors de l'Ouest" in page and "Bilans attendus" in page


def test_the_committee_desk_counts_every_dossier_and_leads_to_those_it_leaves_out(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A desk cut short (one item of each list here) still counts every dossier and every deadline, and links to
    the lists that show them all (the dossiers' links: ``test_the_committee_desk_links_to_every_dossier``)."""
    from web.pages import views_network

    sign_in(client, "committee")
    whole = client.get("/comite").text
    monkeypatch.setattr(views_network, "DESK_ITEMS", 1)
    cut = client.get("/comite").text
    row = '<td data-label="Coopérative">'
    assert cut.count(row) <= 2 < whole.count(row)  # one overdue and one upcoming bilan, of more
    for heading in ("Dossiers en attente de verdict", "Bilans déposés"):
        count = whole.split(heading, 1)[1].split("</span>", 1)[0]
        assert count == cut.split(heading, 1)[1].split("</span>", 1)[0]  # the same count, all of them
    assert "toutes les échéances" in cut and "toutes les échéances" not in whole
    assert "affiché sur" not in whole and "affichés sur" not in whole


def test_the_committee_desk_links_to_every_dossier_it_leaves_out(client: Any, world: World,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """More dossiers awaiting a verdict than the desk shows: « N affichés sur M » and a link to the list of them."""
    from web.pages import views_network

    listed = views_network.reads.list_cooperatives

    def fewer(*args: Any, **kwargs: Any) -> dict[str, Any]:  # as if the desk could show none of them
        return {**listed(*args, **kwargs), "items": []}

    sign_in(client, "committee")
    monkeypatch.setattr(views_network.reads, "list_cooperatives", fewer)
    page = client.get("/comite").text
    assert "0 affiché sur 1" in page and 'href="/cooperatives?etape=submitted"' in page, page


def test_the_catalogue_shows_placeholders_and_the_federation_sets_official_wording(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = client.get("/catalogue").text
    assert "Engagement n°7 — intitulé officiel à saisir" in page and "provisoire" in page
    version = world.services.app.catalogue().version
    response = post(client, "/catalogue", {"number": "7", "title": "Associer les habitants", "official": "1",
                                           "expected_version": str(version)}, "/catalogue")  # fmt: skip
    assert response.status_code == 302
    assert world.services.app.catalogue().engagement(7)["title"] == "Associer les habitants"
    empty = post(client, "/catalogue", {"number": "8", "title": "", "official": "1"}, "/catalogue")
    assert empty.status_code == 200 and "Ce champ est obligatoire." in empty.text


def test_only_the_federation_may_revise_the_catalogue(client: Any) -> None:
    sign_in(client, "auditor")
    assert "Modifier l&#39;intitulé" not in client.get("/catalogue").text
    assert post(client, "/catalogue", {"number": "7", "title": "X"}, "/catalogue").status_code == 403


# -- charts (pure functions) ---------------------------------------------------------------------------------


def test_bar_charts_are_accessible_svg_with_escaped_labels() -> None:
    svg = charts.bar_chart([("A & B", 3), ("<C>", 0)], title="Titre", classes=["engaged", "expired"])
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Titre</title>" in svg
    assert "A &amp; B" in svg and "&lt;C&gt;" in svg and "bar-engaged" in svg and "<script" not in svg
    assert charts.bar_chart([], title="Vide") == '<p class="chart-empty">Aucune donnée.</p>'


def test_measurement_charts_draw_the_target_and_decimal_commas() -> None:
    svg = charts.measurement_chart([("2023-03-01", 42.5), ("2024-03-01", 60)], target="80", unit="logements")
    assert 'class="target"' in svg and "cible 80" in svg and "42,5" in svg
    assert "Pas encore de mesure" in charts.measurement_chart([], target="1")


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2023, 6, 1), date(2025, 8, 1)),
        (date(2023, 9, 30), date(2025, 1, 15)),
        (date(2019, 9, 1), date(2026, 9, 1)),
        (date(2024, 12, 1), date(2025, 2, 1)),
    ],
)
def test_the_dates_under_a_measurement_chart_never_overlap(first: date, last: date) -> None:
    """Each date of the axis keeps its room: a year's mark never runs into the first or last date nor the one
    before it (« 2025août 2025 » was drawn on a chart of 320 px)."""
    axis = charts.TimeScale([first, last], 24.0, 296.0)
    spans = []
    for x, text, anchor in axis.ticks([first, last]):
        width = charts.text_width(text)
        left = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
        spans.append((left, left + width))
    spans.sort()
    assert all(a[1] <= b[0] for a, b in pairwise(spans)), spans


def test_column_charts_have_one_column_per_item() -> None:
    svg = charts.column_chart([("2022", 4), ("2023", 1)], title="Verdicts")
    assert svg.count('class="bar"') == 2 and "2022" in svg


def test_an_unknown_address_answers_a_french_page_to_browsers_and_json_to_the_api(client: Any) -> None:
    page = client.get("/cette-page-n-existe-pas")
    assert page.status_code == 404 and page.mimetype == "text/html" and "Page introuvable" in page.text
    api = client.get("/api/v1/cette-ressource-n-existe-pas")
    assert api.status_code == 404 and api.get_json()["code"] == "not_found"
