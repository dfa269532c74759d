"""Signing in and out, CSRF, security headers: the pages' front door."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.world import EMAILS, PASSWORD, World
from tests.e2e.pages.support import (
    post,
    sign_in,
    token,
)
from web import create_app

# -- sign-in, sign-out, CSRF, headers -----------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(client: Any) -> None:
    response = client.get("/tableau-de-bord")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert "Connexion" in client.get("/connexion").text


def test_a_wrong_password_is_refused_in_french(client: Any) -> None:
    response = client.post(
        "/connexion", data={"email": EMAILS["auditor"], "password": "non", "csrf_token": token(client)}
    )
    assert response.status_code == 401 and "mot de passe incorrect" in response.text


def test_a_form_without_its_csrf_token_is_refused(client: Any) -> None:
    response = client.post("/connexion", data={"email": EMAILS["auditor"], "password": PASSWORD})
    assert response.status_code == 400 and "Le formulaire a expiré" in response.text


def test_a_forged_token_or_another_sessions_token_is_refused_in_french(world: World, client: Any) -> None:
    other = create_app(services=world.services).test_client()
    for sent in ("forged", token(other)):
        data = {"email": EMAILS["auditor"], "password": PASSWORD, "csrf_token": sent}
        response = client.post("/connexion", data=data)
        assert response.status_code == 400 and "Le formulaire a expiré" in response.text
        assert response.mimetype == "text/html" and "CSRF" not in response.text
    signed_out = client.get("/tableau-de-bord")
    assert signed_out.status_code == 302  # nothing was signed in


def test_the_json_api_exempt_from_csrf_never_acts_on_the_session_cookie(client: Any) -> None:
    sign_in(client, "federation")
    response = client.post("/api/v1/cooperatives", json={})  # the signed-in cookie goes along, no bearer token
    assert response.status_code == 401 and response.get_json()["code"] == "unauthorized"


def test_pages_carry_the_security_headers_and_a_local_stylesheet(client: Any) -> None:
    sign_in(client, "federation")
    response = client.get("/tableau-de-bord")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "/static/pages/qualicoop.css" in response.text and "http" not in re.sub(
        r'xmlns="[^"]+"', "", response.text.split("<body")[0]
    )
    assert client.get("/static/pages/qualicoop.css").status_code == 200


def test_signing_out_ends_the_session(client: Any) -> None:
    sign_in(client, "auditor")
    response = post(client, "/deconnexion", {}, "/tableau-de-bord")
    assert response.status_code == 302
    assert client.get("/tableau-de-bord").status_code == 302


def test_sign_in_never_redirects_to_another_site(client: Any) -> None:
    data = {"email": EMAILS["auditor"], "password": PASSWORD, "csrf_token": token(client)}
    response = client.post("/connexion?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/tableau-de-bord"
