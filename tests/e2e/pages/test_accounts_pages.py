"""« Comptes »: the federation manages accounts and API tokens in the interface, through the accounts' use cases;
withdrawing a role, erasing a person and revoking a token ask first; nobody else may open these pages."""

from __future__ import annotations

import re
from typing import Any

import pytest

from qualicoop_es.accounts import accounts_of
from tests.browser.world import EMAILS, World
from tests.e2e.pages.support import post, sign_in, token


def _id(world: World, email: str) -> str:
    return str(accounts_of(world.services).find(email).account_id)


def _secret(page: str) -> str:
    found = re.search(r'class="secret">([^<]+)<', page)
    assert found, page
    return found.group(1)


@pytest.mark.parametrize("role", ["committee", "auditor", "cooperative"])
def test_only_the_federation_opens_the_accounts_pages(client: Any, world: World, role: str) -> None:
    sign_in(client, role)
    assert client.get("/comptes").status_code == 403
    assert client.get(f"/comptes/{_id(world, EMAILS['auditor'])}").status_code == 403
    assert 'href="/comptes"' not in client.get("/catalogue").text


def test_the_federation_creates_an_account_whose_first_password_is_shown_once(client: Any, world: World) -> None:
    sign_in(client, "federation")
    page = client.get("/comptes").text
    assert "Rémi Référent" in page and 'aria-current="page">Comptes' in page
    form = {
        "email": "nina@test.fr",
        "display_name": "Nina",
        "role": "cooperative",
        "cooperative_id": str(world.preparing),
    }
    created = post(client, "/comptes", form, "/comptes")
    assert created.status_code == 200 and "Nina" in created.text
    secret = _secret(created.text)
    assert secret not in client.get("/comptes").text  # never shown again
    assert accounts_of(world.services).by_password("nina@test.fr", secret) is not None
    refused = post(client, "/comptes", {"email": "pas-une-adresse", "role": "cooperative"}, "/comptes")
    assert refused.status_code == 422 and "Adresse e-mail invalide" in refused.text


def test_changing_a_role_is_an_event_of_the_account(client: Any, world: World) -> None:
    sign_in(client, "federation")
    auditor = _id(world, EMAILS["auditor"])
    url = f"/comptes/{auditor}"
    response = post(client, f"{url}/role", {"role": "committee", "affiliations": [str(world.overdue)]}, url)
    assert response.status_code == 302
    assert accounts_of(world.services).find(EMAILS["auditor"]).role == "committee"
    assert "Rôle attribué : Comité de validation" in client.get(url).text


def test_withdrawing_a_role_asks_first_then_revokes_its_tokens(client: Any, world: World) -> None:
    service = accounts_of(world.services)
    secret, _ = service.create_token(EMAILS["auditor"], label="CRM")
    sign_in(client, "federation")
    url = f"/comptes/{_id(world, EMAILS['auditor'])}"
    asked = post(client, f"{url}/retrait", {"reason": "Départ"}, url)
    assert asked.status_code == 200 and "Confirmez-vous ?" in asked.text and "Oui, retirer le rôle" in asked.text
    assert service.find(EMAILS["auditor"]).role == "auditor"  # nothing done yet
    done = post(client, f"{url}/retrait", {"reason": "Départ", "confirmed": "1"}, url)
    assert done.status_code == 302 and service.find(EMAILS["auditor"]).role is None
    assert service.by_token(secret) is None


def test_erasing_a_person_asks_first(client: Any, world: World) -> None:
    service = accounts_of(world.services)
    sign_in(client, "federation")
    account_id = _id(world, EMAILS["other"])
    url = f"/comptes/{account_id}"
    assert "effacés définitivement" in post(client, f"{url}/effacement", {}, url).text
    assert service.get(account_id) is not None
    assert post(client, f"{url}/effacement", {"confirmed": "1"}, url).headers["Location"].endswith("/comptes")
    assert service.get(account_id) is None and "Sophie Castor" not in client.get("/comptes").text


def test_an_api_token_is_shown_once_works_and_is_revoked_after_a_confirmation(client: Any, world: World) -> None:
    sign_in(client, "federation")
    url = f"/comptes/{_id(world, EMAILS['auditor'])}"
    created = post(client, f"{url}/jetons", {"label": "Intégration"}, url)
    secret = _secret(created.text)
    api = client.application.test_client()
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    token_id = accounts_of(world.services).tokens(EMAILS["auditor"])[0]["id"]
    assert secret not in client.get(url).text and token_id in client.get(url).text
    asked = post(client, f"{url}/jeton", {"token_id": token_id}, url)
    assert "Le jeton « Intégration »" in asked.text
    post(client, f"{url}/jeton", {"token_id": token_id, "confirmed": "1"}, url)
    assert api.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_a_token_of_another_account_cannot_be_revoked_from_this_one(client: Any, world: World) -> None:
    _, other_token = accounts_of(world.services).create_token(EMAILS["committee"])
    sign_in(client, "federation")
    url = f"/comptes/{_id(world, EMAILS['auditor'])}"
    assert post(client, f"{url}/jeton", {"token_id": other_token, "confirmed": "1"}, url).status_code == 404


def test_every_account_form_needs_its_csrf_token(client: Any, world: World) -> None:
    sign_in(client, "federation")
    token(client, "/comptes")
    response = client.post("/comptes", data={"email": "x@test.fr", "role": "auditor"})
    assert response.status_code == 400 and "formulaire a expiré" in response.text


def test_the_accounts_list_filters_by_role_and_name_however_typed(client: Any) -> None:
    sign_in(client, "federation")
    committee = client.get("/comptes?role=committee").text
    assert "Marc Comité" in committee and "Rémi Référent" not in committee
    assert "Hélène Verdier" in client.get("/comptes?q=HELENE").text
    assert "Aucun compte." in client.get("/comptes?q=personne").text
