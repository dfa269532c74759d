"""Production settings: revocations seen at once by another process, Secure cookies and HSTS, no-store answers,
a store readable by its owner only, a secret key that never appears in a representation or a log."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from qualicoop_es import bootstrap
from qualicoop_es.config import Settings
from tests.security.conftest import EMAILS, PASSWORD, Site, build_site
from web import create_app


def _revocation_is_seen_at_once_by_a_second_instance(url: str) -> None:
    first, second = build_site(url), build_site(url, people=False)
    try:
        token, token_id = first.accounts.create_token(EMAILS["federation"])
        headers = {"Authorization": f"Bearer {token}"}
        assert second.client().get("/api/v1/me", headers=headers).status_code == 200
        assert first.accounts.revoke_token(token_id) == 1
        assert second.client().get("/api/v1/me", headers=headers).status_code == 401  # no window at all
        client = second.client()
        assert second.sign_in(client).status_code == 302
        first.accounts.end_sessions_of(first.accounts.find(EMAILS["federation"]).account_id, "federation")
        assert client.get("/tableau-de-bord").status_code == 302  # the session ended by the other instance
    finally:
        first.services.close()
        second.services.close()


def test_a_revoked_token_and_an_ended_session_are_refused_at_once_by_another_instance_sqlite(tmp_path: Path) -> None:
    _revocation_is_seen_at_once_by_a_second_instance(f"sqlite:///{tmp_path / 'store.sqlite3'}")


@pytest.mark.postgres
def test_a_revoked_token_and_an_ended_session_are_refused_at_once_by_another_instance_postgres(
    postgres_url: str,
) -> None:
    _revocation_is_seen_at_once_by_a_second_instance(postgres_url)


def test_the_sqlite_store_its_wal_and_shm_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "instance" / "qualicoop.sqlite3"
    old = os.umask(0o022)  # the usual umask, which made the store 0644
    try:
        site = build_site(f"sqlite:///{path}")
        site.sign_in(site.client())  # writes: the WAL is in use
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert all(f.exists() for f in files)
        assert {oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {"0o600"}
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        site.services.close()
    finally:
        os.umask(old)


def test_an_existing_world_readable_store_is_made_private_at_start(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    bootstrap.build(Settings(database_url=f"sqlite:///{path}")).close()
    path.chmod(0o644)
    bootstrap.build(Settings(database_url=f"sqlite:///{path}")).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_signed_in_pages_and_authenticated_api_answers_are_never_stored(site: Site) -> None:
    client = site.client()
    site.sign_in(client)
    token, _ = site.accounts.create_token(EMAILS["federation"])
    for response in (client.get("/tableau-de-bord"), client.get("/connexion"),
                     site.client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}),
                     site.client().get("/api/v1/catalogue", headers={"Authorization": f"Bearer {token}"})):  # fmt: skip
        assert response.headers["Cache-Control"] == "no-store", response.request.path


def test_secure_cookies_and_hsts_behind_https(site: Site) -> None:
    settings = Settings.from_mapping({"QUALICOOP_SECURE_COOKIES": "1", "QUALICOOP_DATABASE_URL": "memory://"})
    assert settings.secure_cookies
    app = create_app(services=site.services)
    assert "Strict-Transport-Security" not in app.test_client().get("/connexion").headers  # plain HTTP by default
    site.services.settings = settings
    secure = create_app(services=site.services)
    client = secure.test_client()
    response = client.get("/connexion", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with pytest.raises(Exception, match="1 ou 0"):
        Settings.from_mapping({"QUALICOOP_SECURE_COOKIES": "peut-être"})


def test_the_secret_key_never_appears_in_a_representation_or_a_log(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url="memory://", secret_key="clef-secrete-a-ne-jamais-journaliser")
    assert "clef-secrete" not in repr(settings) and "clef-secrete" not in str(settings)
    caplog.set_level(logging.DEBUG)
    services = bootstrap.build(settings)
    try:
        client = create_app(services=services).test_client()
        client.post("/connexion", data={"email": EMAILS["federation"], "password": PASSWORD})
        client.post("/api/v1/cooperatives", data="[" * 10_000, content_type="application/json")
    finally:
        services.close()
    assert "clef-secrete" not in caplog.text
