"""Sign-in and token throttling: counted in the store per account and per address, a temporary lock (429 with
Retry-After, in French on the sign-in page, in the API's shape for tokens), lifted by itself or by the federation."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from qualicoop_es.accounts.throttle import ACCOUNT_THRESHOLD, ADDRESS_THRESHOLD, FIRST_LOCK, MAX_LOCK, lock_for
from qualicoop_es.cli import main
from tests.security.conftest import EMAILS, OPERATOR, PASSWORD, Site, build_site


def test_twenty_wrong_passwords_then_the_right_one_is_refused_until_the_lock_lifts(site: Site) -> None:
    client = site.client()
    statuses = [site.sign_in(client, password="mauvais-mot-de-passe").status_code for _ in range(20)]
    assert statuses[: ACCOUNT_THRESHOLD - 1] == [401] * (ACCOUNT_THRESHOLD - 1)
    assert set(statuses[ACCOUNT_THRESHOLD:]) == {429}
    right = site.sign_in(client)
    assert right.status_code == 429 and right.mimetype == "text/html"
    assert "Trop de tentatives" in right.text and "réessayez dans" in right.text
    assert 0 < int(right.headers["Retry-After"]) <= FIRST_LOCK.total_seconds()
    site.wall.advance(seconds=int(right.headers["Retry-After"]) - 2)
    assert site.sign_in(client).status_code == 429  # still locked a second before
    site.wall.advance(seconds=3)
    assert site.sign_in(client).status_code == 302  # lifted: the right password signs in
    assert site.accounts.attempt_list()[0].subject.startswith("address:")  # the account's count was forgotten


def test_the_lock_grows_with_each_further_failure_and_stays_temporary(site: Site) -> None:
    assert lock_for(ACCOUNT_THRESHOLD - 1, ACCOUNT_THRESHOLD) is None
    assert lock_for(ACCOUNT_THRESHOLD, ACCOUNT_THRESHOLD) == FIRST_LOCK
    assert lock_for(ACCOUNT_THRESHOLD + 1, ACCOUNT_THRESHOLD) == 2 * FIRST_LOCK
    assert lock_for(10_000, ACCOUNT_THRESHOLD) == MAX_LOCK
    client = site.client()
    for _ in range(ACCOUNT_THRESHOLD):
        site.sign_in(client, password="mauvais-mot-de-passe")
    site.wall.advance(seconds=FIRST_LOCK.total_seconds() + 1)
    again = site.sign_in(client, password="mauvais-mot-de-passe")
    assert again.status_code == 429 and int(again.headers["Retry-After"]) == 2 * FIRST_LOCK.total_seconds()


def test_an_unknown_address_is_locked_exactly_like_a_known_one(site: Site) -> None:
    def lock_after(email: str) -> int:
        client = site.client()
        for attempt in range(1, 30):
            if site.sign_in(client, email, "mauvais-mot-de-passe").status_code == 429:
                return attempt
        return 0

    assert lock_after(EMAILS["auditor"]) == lock_after("personne@test.fr") == ACCOUNT_THRESHOLD


def test_one_address_failing_on_many_accounts_is_locked(site: Site) -> None:
    client = site.client()
    statuses = [site.sign_in(client, f"inconnu-{n}@test.fr", "mauvais").status_code for n in range(ADDRESS_THRESHOLD)]
    assert statuses[-1] == 429 and statuses[-2] == 401
    assert site.sign_in(client).status_code == 429  # a right password from that address waits too


def test_bad_bearer_tokens_lock_the_address_with_a_429_in_the_apis_shape(site: Site) -> None:
    client = site.client()
    token, _ = site.accounts.create_token(EMAILS["federation"])
    for n in range(ADDRESS_THRESHOLD - 1):
        assert client.get("/api/v1/me", headers={"Authorization": f"Bearer faux-{n}"}).status_code == 401
    locked = client.get("/api/v1/me", headers={"Authorization": "Bearer faux"})
    assert locked.status_code == 429 and locked.get_json()["code"] == "too_many_attempts"
    assert int(locked.headers["Retry-After"]) > 0 and locked.get_json()["retry_after"] > 0
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_locks_and_their_lifting_are_visible_to_the_federation(site: Site) -> None:
    client = site.client()
    for _ in range(ACCOUNT_THRESHOLD):
        site.sign_in(client, EMAILS["auditor"], "mauvais-mot-de-passe")
    (lock,) = [a for a in site.accounts.locks(actor=OPERATOR) if a.subject == "account:" + EMAILS["auditor"]]
    assert lock.failures == ACCOUNT_THRESHOLD and lock.locked(site.wall())
    token, _ = site.accounts.create_token(EMAILS["federation"])
    listed = site.client().get("/api/v1/accounts/locks", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert any(item["locked"] and item["subject"].endswith(EMAILS["auditor"]) for item in listed["items"])
    site.wall.advance(minutes=2)
    (lifted,) = [a for a in site.accounts.attempt_list() if a.subject == lock.subject]
    assert not lifted.locked(site.wall()) and lifted.locked_until == lock.locked_until  # when it was lifted
    assert site.accounts.unlock(EMAILS["auditor"], actor=OPERATOR) == 1
    assert site.sign_in(client, "auditor").status_code == 302


def test_the_cli_lists_the_locks_and_lifts_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    site = build_site(url)
    try:
        client = site.client()
        for _ in range(ACCOUNT_THRESHOLD):
            site.sign_in(client, password="mauvais-mot-de-passe")
        runner = CliRunner()
        listed = runner.invoke(main, ["--database-url", url, "users", "locks", "--all"])
        assert listed.exit_code == 0 and "account:" + EMAILS["federation"] in listed.output, listed.output
        lifted = runner.invoke(main, ["--database-url", url, "users", "unlock", EMAILS["federation"]])
        assert lifted.exit_code == 0 and "Verrou levé" in lifted.output
        assert site.sign_in(client, password=PASSWORD).status_code == 302
    finally:
        site.services.close()
