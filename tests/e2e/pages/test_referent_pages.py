"""The referent's forms: complete, submit, measure, readjust, revise, with errors next to their field."""

from __future__ import annotations

from typing import Any

from qualicoop_es.access import Actor
from tests.browser.world import PASSWORD, World
from tests.e2e.pages.support import (
    current_version,
    edit_page,
    engaged_referent,
    post,
    sign_in,
    token,
)

# -- the referent's forms ------------------------------------------------------------------------------------


def test_a_referent_completes_and_submits_the_dossier_with_forms(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base, page = edit_page(world), edit_page(world)
    assert "7 choisis" in client.get(page).text
    assert post(client, f"{base}/engagements", {"number": "11", "activities": "accession_sociale",
                                                "context": "Accédants", "expected_version": current_version(world)}, page).status_code == 302  # fmt: skip
    assert post(client, f"{base}/actions", {"number": "11", "title": "Réunion annuelle"}, page).status_code == 302
    assert post(client, f"{base}/indicateurs", {"number": "11", "label": "Ménages", "unit": "ménages",
                                                "target": "30", "target_date": "2027-12-31"}, page).status_code == 302  # fmt: skip
    assert "✗" not in client.get(page).text.split('class="checklist"')[1]
    response = post(client, f"{base}/depot", {"expected_version": current_version(world)}, page)
    assert response.status_code == 200 and "Confirmer le dépôt" in response.text  # a confirmation first
    assert world.services.app.cooperative(world.preparing).phase.value == "preparing"
    response = post(client, f"{base}/depot", {"expected_version": current_version(world), "confirm": "1"}, page)
    assert response.status_code == 302
    assert world.services.app.cooperative(world.preparing).phase.value == "submitted"


def test_form_errors_are_shown_next_to_the_field_in_french(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = edit_page(world)
    response = post(client, f"{base}/identite", {"name": "Coop", "legal_form": "SCP", "departement": "999",
                                                 "activities": "locatif_social", "members": "beaucoup"}, base)  # fmt: skip
    assert response.status_code == 422 and 'id="err-id-members"' in response.text
    assert "Nombre entier positif attendu." in response.text
    response = post(client, f"{base}/identite", {"name": "Coop", "legal_form": "SCP", "departement": "999",
                                                 "activities": ["locatif_social", "accession_sociale"]}, base)  # fmt: skip
    assert (
        response.status_code == 422
        and 'id="err-id-departement"' in response.text
        and "Code de département inconnu" in response.text
    )
    response = post(client, f"{base}/indicateurs", {"number": "1", "label": "X", "unit": "u", "target": "beaucoup",
                                                    "target_date": "2027-01-01"}, base)  # fmt: skip
    assert (
        response.status_code == 422
        and 'id="err-i-target"' in response.text
        and "Valeur numérique attendue." in response.text
    )


def test_submitting_an_incomplete_dossier_lists_every_failing_rule(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    response = post(client, f"{edit_page(world)}/depot", {}, edit_page(world))
    assert response.status_code == 422 and "Confirmer" not in response.text  # nothing to confirm: the rules fail
    assert "Au moins 8 engagements" in response.text and 'class="error-summary"' in response.text


def test_a_stale_form_shows_a_clear_message(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    response = post(
        client, f"{edit_page(world)}/intention", {"motivations": "Nouvelle", "expected_version": "1"}, edit_page(world)
    )
    assert response.status_code == 422 and "modifié entre-temps" in response.text


def test_a_referent_cannot_edit_another_cooperative(client: Any, world: World) -> None:
    sign_in(client, "other")
    response = post(
        client, f"{edit_page(world)}/intention", {"motivations": "Intrusion"}, f"/cooperatives/{world.submitted}"
    )
    assert response.status_code == 403


def test_an_engaged_referent_records_a_measurement_and_readjusts_a_target(client: Any, world: World) -> None:
    accounts = __import__("qualicoop_es.accounts", fromlist=["accounts_of"]).accounts_of(world.services)
    accounts.add("engagee@test.fr", role="cooperative", actor=Actor.operator("staff-1"), password=PASSWORD, display_name="E",
                 cooperative_id=world.confirmed)  # fmt: skip
    client.post("/connexion", data={"email": "engagee@test.fr", "password": PASSWORD, "csrf_token": token(client)})
    base = f"/cooperatives/{world.confirmed}/dossier"
    assert "Enregistrer une mesure" in client.get(f"{base}/mesures").text
    response = post(
        client, f"{base}/mesures", {"indicator_id": "I1", "value": "55,5", "effective_on": "2026-11-01"}, base
    )
    assert response.status_code == 302
    response = post(client, f"{base}/reajustement", {"indicator_id": "I1", "target": "90", "reason": ""}, base)
    assert response.status_code == 422 and 'id="err-r-reason"' in response.text
    asked = post(client, f"{base}/reajustement", {"indicator_id": "I1", "target": "90", "reason": "Marché"}, base)
    assert asked.status_code == 200 and "Confirmer le réajustement" in asked.text and "passera de" in asked.text
    response = post(client, f"{base}/reajustement", {"indicator_id": "I1", "target": "90", "reason": "Marché",
                                                     "confirm": "1"}, base)  # fmt: skip
    assert response.status_code == 302


# -- the referent revises their dossier ---------------------------------------------------------------------------


def test_a_referent_revises_an_engagement_an_action_and_an_indicator(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = edit_page(world)
    assert "Modifier les activités et le contexte" in client.get(f"{base}/engagements/1").text
    response = post(client, f"{base}/engagements/revision", {"number": "1", "activities": "locatif_social",
                                                             "context": "Nouveau contexte"}, base)  # fmt: skip
    assert response.status_code == 302
    engagement = world.services.app.cooperative(world.preparing).dossier["engagements"]["1"]
    assert engagement["context"] == "Nouveau contexte" and engagement["activities"] == ["locatif_social"]
    action = next(iter(engagement["actions"]))
    indicator = next(iter(engagement["indicators"]))
    response = post(client, f"{base}/actions/revision", {"action_id": action, "title": "", "description": "d"}, base)
    assert response.status_code == 422 and f'id="err-ra{action}-title"' in response.text
    response = post(client, f"{base}/actions/revision", {"action_id": action, "title": "Atelier", "description": "d"},
                    base)  # fmt: skip
    assert response.status_code == 302
    fields = {"indicator_id": indicator, "label": "Ménages logés", "unit": "ménages", "baseline": "10",
              "target": "beaucoup", "target_date": "2028-06-30"}  # fmt: skip
    response = post(client, f"{base}/indicateurs/revision", fields, base)
    assert response.status_code == 422 and f'id="err-ri{indicator}-target"' in response.text
    assert post(client, f"{base}/indicateurs/revision", {**fields, "target": "120,5"}, base).status_code == 302
    revised = world.services.app.cooperative(world.preparing).dossier["engagements"]["1"]
    assert revised["actions"][action]["title"] == "Atelier"
    assert str(revised["indicators"][indicator]["target"]) == "120.5"


def test_another_referent_cannot_revise_the_dossier(client: Any, world: World) -> None:
    sign_in(client, "other")
    response = post(client, f"{edit_page(world)}/actions/revision", {"action_id": "A1", "title": "x"}, "/catalogue")
    assert response.status_code == 403


def test_a_readjustment_swaps_an_engagement_and_adds_and_removes_actions_at_once(client: Any, world: World) -> None:
    base = engaged_referent(client, world)
    assert "Réajuster les objectifs" in client.get(base).text
    before = world.services.app.cooperative(world.confirmed).dossier["engagements"]
    dropped = next(n for n in before if n != "1")
    free = next(n for n in range(1, 13) if str(n) not in before and (n - 1) // 4 == (int(dropped) - 1) // 4)
    form = {"drop_number": dropped, "choose_number": str(free), "choose_activities": "accession_sociale",
            "choose_context": "Nouvel axe", "new_title": "Première action", "new_label": "Ménages",
            "new_unit": "ménages", "new_target": "12", "new_target_date": "2027-12-31",
            "add_number": "1", "add_title": "Action supplémentaire", "remove_action_id": "A1",
            "indicator_id": "I1", "target": "95", "reason": "Nouvelle stratégie"}  # fmt: skip
    response = post(client, f"{base}/reajustement", {**form, "new_title": ""}, base)
    assert response.status_code == 422 and 'id="err-r-new_title"' in response.text
    assert 'value="Nouvel axe"' not in response.text and "Nouvel axe" in response.text  # the typed text is kept
    response = post(client, f"{base}/reajustement", {**form, "new_target": "beaucoup"}, base)
    assert response.status_code == 422 and 'id="err-r-new_target"' in response.text
    response = post(client, f"{base}/reajustement", {**form, "reason": ""}, base)
    assert response.status_code == 422 and 'id="err-r-reason"' in response.text
    response = post(client, f"{base}/reajustement", {"reason": "Rien"}, base)
    assert response.status_code == 422 and "au moins une modification" in response.text
    asked = post(client, f"{base}/reajustement", form, base).text.replace("&#39;", "'")
    assert f"L'engagement n°{dropped} sera abandonné" in asked and "Confirmer le réajustement" in asked
    assert dropped in world.services.app.cooperative(world.confirmed).dossier["engagements"]  # not yet
    assert post(client, f"{base}/reajustement", {**form, "confirm": "1"}, base).status_code == 302
    after = world.services.app.cooperative(world.confirmed).dossier["engagements"]
    assert dropped not in after and str(free) in after
    assert "A1" not in after["1"]["actions"] and str(after["1"]["indicators"]["I1"]["target"]) == "95"


def test_a_readjustment_that_breaks_the_rules_lists_them(client: Any, world: World) -> None:
    base = engaged_referent(client, world)
    dossier = world.services.app.cooperative(world.confirmed).dossier["engagements"]
    lonely = next(n for n, e in dossier.items() if len(e["actions"]) == 1)
    only_action = next(iter(dossier[lonely]["actions"]))
    response = post(client, f"{base}/reajustement", {"remove_action_id": only_action, "reason": "Essai"}, base)
    assert response.status_code == 422 and "ne respecte pas les règles" in response.text


def test_a_submitted_dossier_reads_as_locked_until_the_verdict(client: Any, world: World) -> None:
    sign_in(client, "other")  # the referent of the submitted cooperative
    page = client.get(f"/cooperatives/{world.submitted}/dossier").text
    assert 'id="verrou"' in page and "jusqu'à sa décision" in page.replace("&#39;", "'")
    assert "Enregistrer la fiche d" not in page and "Enregistrer la note d" not in page
    for section in ("identite", "intention", "engagements", "engagements/1"):
        read = client.get(f"/cooperatives/{world.submitted}/dossier/{section}").text
        assert 'id="verrou"' in read and '<form method="post" action="/cooperatives' not in read, section
