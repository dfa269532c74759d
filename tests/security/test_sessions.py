"""Server-side sessions: every way a session ends is refused at once, an old copy of the cookie included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from qualicoop_es.cli import main
from tests.security.conftest import EMAILS, OPERATOR, Site, build_site

DASHBOARD = "/tableau-de-bord"


def signed_in(site: Site, who: str = "federation") -> Any:
    client = site.client()
    assert site.sign_in(client, who).status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    return client


def cookie_of(client: Any) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return str(cookie.value)


def with_cookie(site: Site, value: str) -> Any:
    client = site.client()
    client.set_cookie("session", value)
    return client


def refused(client: Any) -> bool:
    response = client.get(DASHBOARD)
    return response.status_code == 302 and "/connexion" in response.headers["Location"]


def test_after_sign_out_a_copy_of_the_old_cookie_opens_nothing(site: Site) -> None:
    client = signed_in(site)
    copy = cookie_of(client)
    assert not refused(with_cookie(site, copy))  # the copy works while the session is open
    client.post("/deconnexion", data={"csrf_token": _csrf_of(client)})
    assert refused(client) and refused(with_cookie(site, copy))
    (ended,) = site.accounts.session_list(EMAILS["federation"])
    assert ended.end_reason == "sign_out" and not ended.active


def test_signing_out_ends_only_that_session(site: Site) -> None:
    laptop, phone = signed_in(site), signed_in(site)
    laptop.post("/deconnexion", data={"csrf_token": _csrf_of(laptop)})
    assert refused(laptop) and not refused(phone)


def test_a_password_change_ends_every_session_of_the_account(site: Site) -> None:
    first, second, other = signed_in(site), signed_in(site), signed_in(site, "auditor")
    site.accounts.set_password(EMAILS["federation"], "un-nouveau-mot-de-passe")
    assert refused(first) and refused(second) and not refused(other)
    assert {s.end_reason for s in site.accounts.session_list(EMAILS["federation"])} == {"password"}


def test_a_role_revoked_then_granted_again_does_not_revive_the_old_cookie(site: Site) -> None:
    client = signed_in(site, "auditor")
    copy = cookie_of(client)
    site.accounts.revoke(EMAILS["auditor"], actor=OPERATOR, reason="Fin de mission")
    assert refused(client)
    site.accounts.grant(EMAILS["auditor"], role="auditor", actor=OPERATOR)
    assert refused(client) and refused(with_cookie(site, copy))
    assert signed_in(site, "auditor") is not None  # a new sign-in works


def test_a_role_change_ends_the_sessions_opened_with_the_old_role(site: Site) -> None:
    client = signed_in(site, "auditor")
    site.accounts.grant(EMAILS["auditor"], role="committee", actor=OPERATOR)
    assert refused(client)


def test_an_erasure_ends_every_session(site: Site) -> None:
    client = signed_in(site, "auditor")
    copy = cookie_of(client)
    site.accounts.erase(EMAILS["auditor"], actor=OPERATOR)
    assert refused(client) and refused(with_cookie(site, copy))


def test_a_cookie_of_the_former_kind_naming_an_account_id_opens_nothing(site: Site) -> None:
    client = site.client()
    account_id = site.accounts.find(EMAILS["federation"]).account_id
    with client.session_transaction() as session:
        session["account_id"] = account_id  # what the cookie used to carry, signed with the right key
    assert refused(client)


def test_an_idle_session_and_an_old_one_expire(site: Site) -> None:
    client = signed_in(site)
    site.wall.advance(hours=11)
    assert not refused(client)
    site.wall.advance(hours=13)
    assert refused(client)
    assert site.accounts.session_list(EMAILS["federation"])[0].end_reason == "expired"


def test_the_federation_lists_and_ends_a_persons_sessions_from_the_cli(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    site = build_site(url)
    try:
        client = signed_in(site, "auditor")
        runner, cli = CliRunner(), ["--database-url", url, "users"]
        listed = runner.invoke(main, [*cli, "sessions", EMAILS["auditor"]])
        assert listed.exit_code == 0, listed.output
        assert "ouverte le" in listed.output and "127.0.0.1" in listed.output
        ended = runner.invoke(main, [*cli, "end-sessions", EMAILS["auditor"]])
        assert ended.exit_code == 0 and "1 session terminée" in ended.output, ended.output
        assert refused(client)  # ended by another process, refused by this one at once
        again = runner.invoke(main, [*cli, "sessions", EMAILS["auditor"]])
        assert "fermée par l'équipe fédérale" in again.output
    finally:
        site.services.close()


def test_the_federation_lists_and_ends_sessions_through_the_api(site: Site) -> None:
    client = signed_in(site, "auditor")
    token, _ = site.accounts.create_token(EMAILS["federation"])
    auditor_token, _ = site.accounts.create_token(EMAILS["auditor"])
    account_id = site.accounts.find(EMAILS["auditor"]).account_id
    api = site.client()
    url = f"/api/v1/accounts/{account_id}/sessions"
    assert api.get(url, headers={"Authorization": f"Bearer {auditor_token}"}).status_code == 403
    listed = api.get(url, headers={"Authorization": f"Bearer {token}"}).get_json()
    assert [s["active"] for s in listed["items"]] == [True]
    ended = api.delete(url, headers={"Authorization": f"Bearer {token}"})
    assert ended.status_code == 200 and ended.get_json() == {"ended": 1}
    assert refused(client)
    unknown = api.get(f"/api/v1/accounts/{site.services.app.catalogue().id}/sessions",
                      headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert unknown.status_code == 404


def _csrf_of(client: Any) -> str:
    import re

    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(DASHBOARD).text)
    assert found
    return found.group(1)
