"""One cooperative's pages: the fiche, its history, the dossier on a date, two versions compared."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

from qualicoop_es.access import Actor
from tests.browser.world import EMAILS, World
from tests.e2e.pages.support import (
    sign_in,
)

# -- one cooperative -----------------------------------------------------------------------------------------


def test_the_cooperative_page_shows_mention_dossier_by_pillar_readjusted_target_and_checklist(
    client: Any, world: World
) -> None:
    sign_in(client, "auditor")
    page = html.unescape(client.get(f"/cooperatives/{world.confirmed}").text)
    assert "Quali'Coop Confirmée !" in page and "valable jusqu'au" in page
    assert "Pilier 1" in page and "Pilier 3" in page and "Liste de contrôle" in page
    assert "réajustée" in page and "<del>100</del>" in page and "<ins>80</ins>" in page
    assert "chart-measures" in page and "42,5" in page


def test_the_history_filters_by_kind_and_period_and_opens_each_entry(client: Any, world: World) -> None:
    sign_in(client, "auditor")
    page = client.get(f"/cooperatives/{world.confirmed}/historique").text
    assert ("<details>" in page and "Le comité de validation" in page) or "Verdict" in page
    only = client.get(f"/cooperatives/{world.confirmed}/historique?type=verdict_recorded").text
    assert only.count('class="event kind-verdict_recorded"') == 3 and "kind-checkpoint_held" not in only
    period = client.get(f"/cooperatives/{world.confirmed}/historique?du=2023-01-01&au=2023-12-31").text
    assert "2022" not in re.sub(r"<form.*?</form>", "", period.split('<ol class="timeline">')[1], flags=re.S)
    assert client.get(f"/cooperatives/{world.confirmed}/historique?du=pas-une-date").status_code == 200


def test_the_history_names_authors_and_members_present_never_by_raw_id(client: Any, world: World) -> None:
    from qualicoop_es.accounts import accounts_of
    from tests.support import account_id

    accounts = accounts_of(world.services)
    federation = accounts.find(EMAILS["federation"]).account_id
    world.services.app.hold_checkpoint(world.confirmed, actor=Actor.operator(federation), summary="Point de novembre",
                                       effective_on=date(2026, 11, 2))  # fmt: skip
    sign_in(client, "auditor")
    url = f"/cooperatives/{world.confirmed}/historique"
    page = html.unescape(client.get(url).text)
    assert "<dt>Auteur</dt><dd>Claire Fédé</dd>" in page and "<dt>Auteur</dt><dd>Système</dd>" in page
    assert "Hélène Verdier, Paul Jurat" in page  # the members present at each verdict (member-1's id sorts first)
    for raw in (federation, account_id("member-1"), account_id("member-2")):
        assert raw not in page
    accounts.erase(EMAILS["federation"], actor=Actor.operator("staff-1"))
    accounts.erase("member-1@test.fr", actor=Actor.operator("staff-1"))
    page = html.unescape(client.get(url).text)
    assert "<dt>Auteur</dt><dd>personne effacée</dd>" in page and "Claire Fédé" not in page
    assert "Hélène Verdier" not in page and "personne effacée, Paul Jurat" in page  # member-1's id sorts first


def test_the_dossier_as_it_stood_on_a_date(client: Any, world: World) -> None:
    sign_in(client, "auditor")
    before = client.get(f"/cooperatives/{world.confirmed}/au?date=2021-06-01").text
    assert "pas encore inscrite" in before
    then = client.get(f"/cooperatives/{world.confirmed}/au?date=2022-01-20").text
    assert "20 janvier 2022" in then and "Préparation du dossier" in then
    assert client.get(f"/cooperatives/{world.confirmed}/au?date=n%27importe").status_code == 200


def test_two_judged_versions_are_compared_side_by_side(client: Any, world: World) -> None:
    sign_in(client, "auditor")
    first, second = world.judged
    page = client.get(f"/cooperatives/{world.matured}/comparer?de={first}&a={second}").text
    assert f"De la version {first} à la version {second}" in page
    assert "cible modifiée" in page and "Atelier accédants" in page and "change-added" in page
    bad = client.get(f"/cooperatives/{world.matured}/comparer?de=999&a=1")
    assert bad.status_code == 200 and "Version attendue entre 1 et" in bad.text


def test_a_referent_reads_only_their_own_cooperative(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    assert client.get(f"/cooperatives/{world.preparing}").status_code == 200
    for path in ("", "/historique", "/au", "/comparer", "/dossier", "/verdict"):
        response = client.get(f"/cooperatives/{world.confirmed}{path}")
        assert response.status_code == 403 and "Accès refusé" in response.text, path
    assert client.get("/cooperatives").headers["Location"].endswith(str(world.preparing))
    assert client.get("/cooperatives/pas-un-uuid").status_code == 404


def test_the_committee_sees_a_cooperative_from_its_first_submission(client: Any, world: World) -> None:
    sign_in(client, "committee")
    for path in ("", "/historique", "/au", "/verdict"):
        assert client.get(f"/cooperatives/{world.preparing}{path}").status_code == 403, path
    assert client.get(f"/cooperatives/{world.submitted}").status_code == 200
    listed = client.get("/cooperatives").text
    assert "Les Castors de l&#39;Ouest" in listed or "Les Castors de l'Ouest" in listed
    assert "Coop Habitat Breton" not in listed
    assert "Coop Habitat Breton" not in client.get("/tableau-de-bord").text


def test_a_long_history_is_grouped_by_year_and_paged_newest_first(client: Any, world: World) -> None:
    app = world.services.app
    indicator = next(iter(app.cooperative(world.confirmed).dossier["engagements"]["1"]["indicators"]))
    for day in range(1, 46):  # measurements enough for more than one page
        app.measure_indicator(world.confirmed, indicator, f"{day}", actor=Actor.operator("referent-1"),
                              effective_on=date(2026, 1, 1) + (date(2026, 1, 2) - date(2026, 1, 1)) * day)  # fmt: skip
    sign_in(client, "auditor")
    url = f"/cooperatives/{world.confirmed}/historique"
    first = html.unescape(client.get(url).text)
    total = int(re.search(r"sur (\d+),", first).group(1))  # type: ignore[union-attr]
    assert total > 40 and first.count('class="event ') == 40
    assert "Événements 1 à 40 sur" in first and 'aria-label="Pages de l\'historique"' in first
    assert first.index(">2026</h2>") < (first.index(">2025</h2>") if ">2025</h2>" in first else len(first))
    last = html.unescape(client.get(f"{url}?page=99").text)  # beyond the end: the last page
    assert last.count('class="event ') == total - 40 * ((total - 1) // 40)
    assert "Inscription" in html.unescape(client.get(f"{url}?page={(total + 39) // 40}").text)
    assert "Compte ouvert" not in first  # only the kinds this cooperative's history holds can be chosen
    kept = client.get(f"{url}?type=indicator_measured&page=2").text
    assert "type=indicator_measured" in kept and 'kind-verdict_recorded"' not in kept
