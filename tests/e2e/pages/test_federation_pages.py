"""The federation's desk: registering and following a cooperative, withdrawal and leaving."""

from __future__ import annotations

from typing import Any

import pytest

from qualicoop_es.access import Actor
from tests.browser.world import World
from tests.e2e.pages.support import (
    post,
    sign_in,
)

# -- the federation's desk -------------------------------------------------------------------------------------

REGISTRATION = {"name": "Coop Nouvelle", "siren": "552100554", "legal_form": "SCIC", "departement": "44",
                "activities": ["locatif_social"], "effective_on": "2026-11-20"}  # fmt: skip


def test_the_federation_registers_a_cooperative_with_a_form(client: Any, world: World) -> None:
    sign_in(client, "federation")
    assert "Inscrire une coopérative" in client.get("/cooperatives").text
    response = post(client, "/cooperatives/nouvelle", REGISTRATION, "/cooperatives/nouvelle")
    assert response.status_code == 302 and response.headers["Location"].endswith("/suivi")
    assert "Coop Nouvelle" in client.get(response.headers["Location"]).text
    again = post(client, "/cooperatives/nouvelle", REGISTRATION, "/cooperatives/nouvelle")
    assert again.status_code == 422 and 'id="err-siren"' in again.text and "déjà enregistrée" in again.text


def test_a_bad_registration_shows_the_error_next_to_the_field(client: Any) -> None:
    sign_in(client, "federation")
    for field, value, message in (("siren", "123", "err-siren"), ("departement", "999", "err-departement"),
                                  ("effective_on", "31/02/2026", "err-effective_on")):  # fmt: skip
        response = post(client, "/cooperatives/nouvelle", {**REGISTRATION, field: value}, "/cooperatives/nouvelle")
        assert response.status_code == 422 and f'id="{message}"' in response.text, field
        assert 'value="Coop Nouvelle"' in response.text  # what was typed is kept


@pytest.mark.parametrize("role", ["committee", "auditor", "cooperative"])
def test_only_the_federation_registers_and_follows_cooperatives(client: Any, world: World, role: str) -> None:
    sign_in(client, role)
    assert client.get("/cooperatives/nouvelle").status_code == 403
    response = post(client, "/cooperatives/nouvelle", REGISTRATION, "/catalogue")
    assert response.status_code == 403
    response = post(client, f"/cooperatives/{world.confirmed}/suivi/point-etape", {"summary": "x"}, "/catalogue")
    assert response.status_code == 403


def test_the_federation_records_kit_first_meeting_and_errors_stay_on_the_page(client: Any, world: World) -> None:
    sign_in(client, "federation")
    coop_id = world.services.app.register_cooperative(actor=Actor.operator("staff-1"), name="Coop Kit", siren="732829320",
                                                      legal_form="SCP", departement="35",
                                                      activities=["locatif_social"]).aggregate_id  # fmt: skip
    page = f"/cooperatives/{coop_id}/suivi"
    assert "Demande du kit" in client.get(page).text
    response = post(client, f"{page}/kit", {"effective_on": "2027-01-01"}, page)
    assert response.status_code == 422 and 'id="err-kit-effective_on"' in response.text
    assert "futur" in response.text
    assert post(client, f"{page}/kit", {"effective_on": "2026-11-26"}, page).status_code == 302
    response = post(client, f"{page}/kit", {}, page)  # already requested: a clear message, not an error page
    assert response.status_code == 422 and "déjà été demandé" in response.text
    assert post(client, f"{page}/premiere-rencontre", {"summary": "Présentation"}, page).status_code == 302
    assert world.services.app.cooperative(coop_id).first_meeting_on is not None


def test_the_federation_records_a_checkpoint_and_a_diploma(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = f"/cooperatives/{world.matured}/suivi"
    response = post(client, f"{page}/point-etape", {"summary": ""}, page)
    assert response.status_code == 422 and 'id="err-cp-summary"' in response.text
    assert post(client, f"{page}/point-etape", {"summary": "Plans d'action en cours"}, page).status_code == 302
    response = post(client, f"{page}/diplome", {"mention": "confirmee", "ceremony": "Congrès"}, page)
    assert response.status_code == 422 and "pas été accordée" in response.text
    response = post(client, f"{page}/diplome", {"mention": "engagee", "ceremony": "Congrès de Lyon"}, page)
    assert response.status_code == 302
    assert world.services.app.cooperative(world.matured).diplomas[-1]["mention"].value == "engagee"


def test_withdrawing_a_mention_asks_for_a_reason_then_a_confirmation(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = f"/cooperatives/{world.matured}/suivi"
    response = post(client, f"{page}/retrait", {"reason": ""}, page)
    assert response.status_code == 422 and 'id="err-wm-reason"' in response.text
    response = post(client, f"{page}/retrait", {"reason": "Engagements non tenus"}, page)
    assert response.status_code == 200 and "Confirmez-vous" in response.text
    assert world.services.app.cooperative(world.matured).phase.value == "engaged"  # nothing recorded yet
    response = post(client, f"{page}/retrait", {"reason": "Engagements non tenus", "confirm": "1"}, page)
    assert response.status_code == 302
    assert world.services.app.cooperative(world.matured).phase.value == "withdrawn"
    response = post(client, f"/cooperatives/{world.matured}/suivi/sortie", {"reason": "x", "confirm": "1"}, page)
    assert response.status_code == 422 and "déjà quitté" in response.text


def test_a_referent_may_only_leave_the_approach_of_their_own_cooperative(client: Any, world: World) -> None:
    sign_in(client, "cooperative")
    page = f"/cooperatives/{world.preparing}/suivi"
    assert "Suivi de la démarche" in client.get(f"/cooperatives/{world.preparing}").text  # the tab that leads there
    text = client.get(page).text
    assert "Sortie de la démarche" in text and "Demande du kit" not in text  # the kit was already requested
    response = post(client, f"{page}/sortie", {"reason": "Fusion", "confirm": "1"}, page)
    assert response.status_code == 302
    assert post(client, f"/cooperatives/{world.submitted}/suivi/sortie", {"reason": "x"}, page).status_code == 403
