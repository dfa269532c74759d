"""Accounts and roles: role changes are events, personal data is erasable, tokens and passwords behave."""

from __future__ import annotations

from uuid import UUID

import pytest

from qualicoop_es.accounts import accounts_of
from qualicoop_es.accounts.passwords import hash_password, verify_password
from qualicoop_es.accounts.service import AccountService
from qualicoop_es.errors import AlreadyExists, InvalidInput, NotFound
from tests.e2e.conftest import ADMIN, Api


def service(api: Api) -> AccountService:
    return accounts_of(api.app.extensions["qualicoop"])


def test_passwords_are_stored_with_scrypt_and_checked_in_constant_form() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$32768$8$1$") and "correct" not in stored
    assert verify_password(stored, "correct horse battery") and not verify_password(stored, "wrong password")
    assert not verify_password("garbage", "x") and not verify_password(None, "x")


def test_signing_in_with_a_password_gives_the_principal_of_the_role(api: Api, two_coops: tuple[UUID, UUID]) -> None:
    own, _ = two_coops
    service(api).add("ref2@test.fr", role="cooperative", actor=ADMIN, password="a long secret 1", cooperative_id=own)
    from web.auth import authenticate_password

    with api.app.test_request_context():
        principal = authenticate_password("REF2@test.fr ", "a long secret 1")
        assert principal is not None and principal.role == "cooperative" and principal.cooperative_id == own
        assert principal.can_read(own) and not principal.can_read(two_coops[1])
        assert principal.can_write(own, "submit_dossier") and not principal.can_write(own, "record_verdict")
        assert authenticate_password("ref2@test.fr", "wrong secret!") is None
        assert authenticate_password("nobody@test.fr", "a long secret 1") is None


def test_a_short_password_a_bad_email_and_a_duplicate_are_refused(api: Api) -> None:
    with pytest.raises(InvalidInput):
        service(api).add("x@test.fr", role="auditor", actor=ADMIN, password="short")
    with pytest.raises(InvalidInput):
        service(api).add("not-an-email", role="auditor", actor=ADMIN)
    with pytest.raises(AlreadyExists):
        service(api).add("auditor@test.qualicoop.test", role="auditor", actor=ADMIN)
    with pytest.raises(InvalidInput):
        service(api).add("y@test.fr", role="cooperative", actor=ADMIN)  # a referent needs their cooperative


def test_granting_and_revoking_roles_are_events_that_tell_who_held_which_role_when(api: Api) -> None:
    accounts = service(api)
    account_id = api.accounts["auditor"]
    accounts.grant("auditor@test.qualicoop.test", role="federation", actor=api.accounts["federation"])
    assert api.ok(api.get("/api/v1/me", as_="auditor"))["role"] == "federation"
    accounts.revoke("auditor@test.qualicoop.test", actor=api.accounts["federation"], reason="départ")
    assert api.get("/api/v1/me", as_="auditor").status_code == 401
    history = accounts.role_history(account_id)
    assert [(e["kind"], e["role"]) for e in history] == [
        ("Created", None), ("RoleGranted", "auditor"), ("RoleGranted", "federation"), ("RoleRevoked", "federation")]  # fmt: skip
    assert history[-1]["actor"] == api.accounts["federation"]
    over_http = api.ok(api.get(f"/api/v1/accounts/{account_id}/roles", as_="federation"))["items"]
    assert [e["kind"] for e in over_http] == [e["kind"] for e in history]
    assert api.get(f"/api/v1/accounts/{account_id}/roles", as_="committee").status_code == 403
    audit = api.ok(api.get(f"/api/v1/audit/events?actor={api.accounts['federation']}"))
    assert {"role_granted", "role_revoked"} <= {item["kind"] for item in audit["items"]}


def test_erasing_a_person_removes_their_personal_data_but_keeps_their_opaque_id_in_history(api: Api) -> None:
    accounts = service(api)
    coop_id = api.register(21)
    account_id = accounts.erase("federation@test.qualicoop.test", actor=ADMIN)
    assert account_id == api.accounts["federation"]
    with pytest.raises(NotFound):
        accounts.find("federation@test.qualicoop.test")
    assert accounts.get(account_id) is None
    assert api.get("/api/v1/me", as_="federation").status_code == 401
    events = api.app.extensions["qualicoop"].app.history(coop_id)
    assert events[0].actor == account_id  # the history still names the stable id, and nothing personal
    assert all("@" not in str(value) for e in events for value in vars(e).values())


def test_an_erased_email_can_be_used_again_for_a_new_account(api: Api) -> None:
    accounts = service(api)
    old = accounts.erase("auditor@test.qualicoop.test", actor=ADMIN)
    new = accounts.add("auditor@test.qualicoop.test", role="auditor", actor=ADMIN)
    assert new.account_id != old


def test_tokens_are_stored_hashed_and_revocable_by_id(api: Api) -> None:
    accounts = service(api)
    token, token_id = accounts.create_token("committee@test.qualicoop.test", label="outil")
    listed = accounts.tokens("committee@test.qualicoop.test")
    assert token_id in {t["id"] for t in listed}
    from sqlalchemy import select

    from qualicoop_es.accounts.tables import api_tokens

    with api.app.extensions["qualicoop"].engine.connect() as conn:
        stored = {row.token_hash for row in conn.execute(select(api_tokens))}
    assert token not in stored and len(next(iter(stored))) == 64
    api.tokens["outil"] = token
    assert api.get("/api/v1/me", as_="outil").status_code == 200
    assert accounts.revoke_token(token_id) == 1
    assert api.get("/api/v1/me", as_="outil").status_code == 401


def test_the_api_takes_bearer_tokens_only_never_the_pages_session_cookie(api: Api) -> None:
    client = api.app.test_client()
    with client.session_transaction() as session:
        session["account_id"] = api.accounts["federation"]
    assert client.get("/api/v1/me").status_code == 401
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {api.tokens['federation']}"})
    assert response.status_code == 200
