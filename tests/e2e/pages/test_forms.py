"""Forms that respect the user: every error at once with a summary linking to each field, French labels only, the
dossier a page per section, the saved item as the landing point, and a confirmation before what cannot be undone."""

from __future__ import annotations

import re
from typing import Any

from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of
from tests.browser.world import PASSWORD, World
from tests.e2e.pages.support import current_version, edit_page, engaged_referent, post, sign_in, token

RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")  # governance_bodies, homes_managed, target_date…


def visible_text(html: str) -> str:
    """The text a reader sees: no tags (ids, names and classes are not shown), no hidden inputs."""
    return re.sub(r"<[^>]+>", " ", html)


def summary_links(html: str) -> list[str]:
    box = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="#([^"]+)"', box)


def assert_no_raw_key(html: str) -> None:
    assert not RAW_KEY.findall(visible_text(html)), RAW_KEY.findall(visible_text(html))


def test_a_registration_with_five_mistakes_shows_them_all_with_a_summary_linking_to_each_field(client: Any) -> None:
    sign_in(client, "federation")
    form = {"name": "", "siren": "123", "legal_form": "", "departement": "999", "effective_on": "2026-11-20"}
    response = post(client, "/cooperatives/nouvelle", form, "/cooperatives/nouvelle")
    assert response.status_code == 422
    assert "Il y a 5 erreurs" in response.text and "autofocus" in response.text.split('class="error-summary"')[1][:200]
    assert summary_links(response.text) == ["f-name", "f-siren", "f-legal_form", "f-departement", "f-activities"]
    for field in ("name", "siren", "legal_form", "departement", "activities"):
        assert f'id="err-{field}"' in response.text, field
    assert 'aria-invalid="true"' in response.text and 'aria-describedby="hint-siren err-siren"' in response.text
    assert "Activités : Au moins une activité est attendue." in response.text.replace("&#39;", "'")
    assert_no_raw_key(response.text)


def test_the_registration_form_marks_its_required_fields(client: Any) -> None:
    sign_in(client, "federation")
    page = client.get("/cooperatives/nouvelle").text
    activities = page.split("Activités exercées", 1)[1][:200]
    assert 'class="req"' in activities and "(obligatoire)" in activities
    assert "sont obligatoires" in page


def test_an_identity_card_with_three_mistakes_shows_the_three_on_its_own_page(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    page = f"{edit_page(world)}/identite"
    form = {"name": "", "legal_form": "SCP", "departement": "999", "activities": "locatif_social",
            "members": "beaucoup", "expected_version": current_version(world)}  # fmt: skip
    response = post(client, f"{edit_page(world)}/identite", form, page)
    assert response.status_code == 422 and "Il y a 3 erreurs" in response.text
    assert summary_links(response.text) == ["f-id-name", "f-id-departement", "f-id-members"]
    assert 'id="f-id-members"' in response.text and 'value="beaucoup"' in response.text  # the typed text stays
    assert f'href="{page}" aria-current="page"' in response.text  # its section still marked in the navigation
    assert_no_raw_key(response.text)


def test_an_indicator_shows_every_mistake_and_refuses_a_past_target_date(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    page = f"{edit_page(world)}/engagements/1"
    form = {"number": "1", "label": "", "unit": "", "target": "beaucoup", "target_date": "2020-01-01"}
    response = post(client, f"{edit_page(world)}/indicateurs", form, page)
    assert response.status_code == 422 and "Il y a 4 erreurs" in response.text
    assert summary_links(response.text) == ["f-i-label", "f-i-unit", "f-i-target", "f-i-target_date"]
    assert "Échéance : L'échéance ne peut pas être passée" in response.text.replace("&#39;", "'")
    assert_no_raw_key(response.text)


def test_a_saved_item_is_where_the_browser_lands(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = edit_page(world)
    chosen = post(client, f"{base}/engagements", {"number": "11", "activities": "accession_sociale"}, base)
    assert chosen.headers["Location"].endswith(f"{base}/engagements/11#engagement-11")
    action = post(client, f"{base}/actions", {"number": "11", "title": "Réunion annuelle"}, base)
    indicator = post(client, f"{base}/indicateurs", {"number": "11", "label": "Ménages", "unit": "ménages",
                                                     "target": "30", "target_date": "2027-12-31"}, base)  # fmt: skip
    engagement = world.services.app.cooperative(world.preparing).dossier["engagements"]["11"]
    (action_id,), (indicator_id,) = engagement["actions"], engagement["indicators"]
    assert action.headers["Location"].endswith(f"/engagements/11#action-{action_id}")
    assert indicator.headers["Location"].endswith(f"/engagements/11#indicateur-{indicator_id}")
    landing = client.get(f"{base}/engagements/11").text
    assert f'id="action-{action_id}"' in landing and f'id="indicateur-{indicator_id}"' in landing
    identity = post(client, f"{base}/identite", {"name": "Coop Habitat Breton 2", "legal_form": "SCP",
                                                 "departement": "35", "activities": ["accession_sociale", "locatif_social"]}, base)  # fmt: skip
    assert identity.headers["Location"].endswith(f"{base}/identite#identite")


def test_the_dossier_is_a_page_per_section_and_the_old_url_is_its_overview(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = edit_page(world)
    overview = client.get(base).text
    for section in ("identite", "intention", "engagements", "engagements/1"):
        assert f'href="{base}/{section}"' in overview, section
        page = client.get(f"{base}/{section}")
        assert page.status_code == 200 and 'aria-label="Parties du dossier"' in page.text
    assert client.get(f"{base}/engagements/4").status_code == 404  # not chosen


def test_removing_an_engagement_asks_first_naming_its_actions_and_indicators(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = edit_page(world)
    form = {"number": "1", "expected_version": current_version(world)}
    asked = post(client, f"{base}/engagements/abandon", form, base)
    text = asked.text.replace("&#39;", "'")
    assert asked.status_code == 200 and "Retirer l'engagement n°1 du dossier ?" in text
    assert "1 action et 1 indicateur" in text and 'name="confirm" value="1"' in asked.text
    assert f'href="{base}/engagements"' in asked.text  # « Annuler » goes back
    assert "1" in world.services.app.cooperative(world.preparing).dossier["engagements"]  # nothing done yet
    done = post(client, f"{base}/engagements/abandon", {**form, "confirm": "1"}, base)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"{base}/engagements#engagements")
    assert "1" not in world.services.app.cooperative(world.preparing).dossier["engagements"]


def test_removing_an_action_or_an_indicator_asks_first(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    base = edit_page(world)
    engagement = world.services.app.cooperative(world.preparing).dossier["engagements"]["1"]
    for path, key, item in (("actions/suppression", "action_id", next(iter(engagement["actions"]))),
                            ("indicateurs/suppression", "indicator_id", next(iter(engagement["indicators"])))):  # fmt: skip
        asked = post(client, f"{base}/{path}", {key: item}, base)
        assert asked.status_code == 200 and "Confirmer la suppression" in asked.text
        assert "Annuler" in asked.text
        still = world.services.app.cooperative(world.preparing).dossier["engagements"]["1"]
        assert item in still["actions"] or item in still["indicators"]
        done = post(client, f"{base}/{path}", {key: item, "confirm": "1"}, base)
        assert done.status_code == 302 and "/engagements/1#" in done.headers["Location"]


def test_a_confirmation_for_what_would_be_refused_shows_the_error_instead(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    response = post(client, f"{edit_page(world)}/actions/suppression", {"action_id": "A999"}, edit_page(world))
    assert response.status_code in (404, 422) and "Confirmer" not in response.text


def test_a_bilan_outside_its_window_is_refused_without_a_confirmation(client: Any, world: World) -> None:
    base = engaged_referent(client, world)
    response = post(client, f"{base}/bilan", {"summary": "Bilan des deux ans"}, base)
    assert response.status_code == 422 and "Confirmer" not in response.text
    assert "Le bilan ne peut pas encore être déposé" in response.text


def test_a_bilan_is_deposited_only_once_confirmed(client: Any, world: World) -> None:
    accounts_of(world.services).add("retard@test.fr", role="cooperative", actor=Actor.operator("staff-1"),
                                    password=PASSWORD, display_name="R", cooperative_id=world.overdue)  # fmt: skip
    client.post("/connexion", data={"email": "retard@test.fr", "password": PASSWORD, "csrf_token": token(client)})
    base = f"/cooperatives/{world.overdue}/dossier"
    phase = world.services.app.cooperative(world.overdue).phase.value
    asked = post(client, f"{base}/bilan", {"summary": "Dix-huit mois d'actions"}, base)
    assert asked.status_code == 200 and "Confirmer le dépôt du bilan" in asked.text, asked.text[-2000:]
    assert "Dix-huit mois d" in asked.text and world.services.app.cooperative(world.overdue).phase.value == phase
    done = post(client, f"{base}/bilan", {"summary": "Dix-huit mois d'actions", "confirm": "1"}, base)
    assert done.status_code == 302 and world.services.app.cooperative(world.overdue).phase.value == "bilan_submitted"


def test_a_readjustment_without_a_reason_and_with_a_bad_target_shows_both(client: Any, world: World) -> None:
    base = engaged_referent(client, world)
    response = post(client, f"{base}/reajustement", {"indicator_id": "I1", "target": "beaucoup", "reason": ""}, base)
    assert response.status_code == 422 and "Il y a 2 erreurs" in response.text
    assert summary_links(response.text) == ["f-r-reason", "f-r-target"]
    assert_no_raw_key(response.text)


def test_a_withdrawal_without_a_reason_and_with_a_future_date_shows_both_before_any_question(
    client: Any, world: World
) -> None:
    sign_in(client, "federation")
    page = f"/cooperatives/{world.matured}/suivi"
    response = post(client, f"{page}/retrait", {"reason": "", "effective_on": "2099-01-01"}, page)
    assert response.status_code == 422 and "Il y a 2 erreurs" in response.text and "Confirmez-vous" not in response.text
    assert summary_links(response.text) == ["f-wm-effective_on", "f-wm-reason"]
    assert world.services.app.cooperative(world.matured).phase.value == "engaged"
