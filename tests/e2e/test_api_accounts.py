"""Accounts and roles: role changes are events, personal data is erasable, tokens and passwords behave."""

from __future__ import annotations

import base64
import hashlib
import secrets
from uuid import UUID

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from qualicoop_es.access import Actor
from qualicoop_es.accounts import accounts_of, passwords
from qualicoop_es.accounts.passwords import hash_password, needs_rehash, verify_password
from qualicoop_es.accounts.service import AccountService
from qualicoop_es.accounts.tables import accounts
from qualicoop_es.errors import AlreadyExists, InvalidInput, NotFound
from tests.e2e.conftest import ADMIN, Api


def service(api: Api) -> AccountService:
    return accounts_of(api.app.extensions["qualicoop"])


def test_passwords_are_stored_with_argon2id_and_checked_in_constant_form() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$") and "correct" not in stored and not needs_rehash(stored)
    assert verify_password(stored, "correct horse battery") and not verify_password(stored, "wrong password")
    assert not verify_password("garbage", "x") and not verify_password(None, "x")
    assert not verify_password("scrypt$garbage", "x") and not verify_password("$argon2id$garbage", "x")


def _legacy_scrypt(password: str) -> str:
    """A hash as this project made them before argon2 (werkzeug's scrypt parameters): demo and older stores."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(password.encode(), salt=salt, n=2**15, r=8, p=1, maxmem=2**26, dklen=32)
    return f"scrypt$32768$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def _stored_hash(api: Api, email: str) -> str:
    with service(api).engine.connect() as conn:
        return str(conn.execute(select(accounts.c.password_hash).where(accounts.c.email == email)).scalar_one())


def _store_hash(api: Api, email: str, pw_hash: str) -> None:
    with service(api).engine.begin() as conn:
        conn.execute(update(accounts).where(accounts.c.email == email).values(password_hash=pw_hash))


def test_an_old_scrypt_hash_signs_in_once_and_is_replaced_by_an_argon2_hash(api: Api) -> None:
    service(api).add("old@test.fr", role="auditor", actor=ADMIN, password="an old secret 1")
    legacy = _legacy_scrypt("an old secret 1")
    _store_hash(api, "old@test.fr", legacy)
    assert verify_password(legacy, "an old secret 1") and needs_rehash(legacy)
    assert service(api).by_password("old@test.fr", "an old secret 1") is not None
    renewed = _stored_hash(api, "old@test.fr")
    assert renewed.startswith("$argon2id$") and verify_password(renewed, "an old secret 1")
    assert service(api).by_password("old@test.fr", "an old secret 1") is not None
    assert _stored_hash(api, "old@test.fr") == renewed  # a current hash is kept as it is


def test_a_wrong_password_never_rehashes(api: Api) -> None:
    service(api).add("old2@test.fr", role="auditor", actor=ADMIN, password="an old secret 2")
    legacy = _legacy_scrypt("an old secret 2")
    _store_hash(api, "old2@test.fr", legacy)
    assert service(api).by_password("old2@test.fr", "not the secret") is None
    assert _stored_hash(api, "old2@test.fr") == legacy


def test_an_argon2_hash_with_weaker_parameters_is_replaced_on_sign_in(api: Api) -> None:
    service(api).add("weak@test.fr", role="auditor", actor=ADMIN, password="a weak secret 3")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("a weak secret 3")
    _store_hash(api, "weak@test.fr", weak)
    assert service(api).by_password("weak@test.fr", "a weak secret 3") is not None
    renewed = _stored_hash(api, "weak@test.fr")
    assert renewed != weak and not needs_rehash(renewed) and verify_password(renewed, "a weak secret 3")


def test_an_unknown_account_costs_one_verification_like_a_known_one(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = passwords.verify_password
    monkeypatch.setattr(
        passwords, "verify_password", lambda stored, pw: checked.append(stored or "") or real(stored, pw)
    )
    assert service(api).by_password("nobody@test.fr", "whatever secret") is None
    assert service(api).by_password("not an e-mail", "whatever secret") is None
    assert len(checked) == 2 and all(h.startswith("$argon2id$") for h in checked)


def test_signing_in_with_a_password_gives_the_principal_of_the_role(api: Api, two_coops: tuple[UUID, UUID]) -> None:
    own, _ = two_coops
    service(api).add("ref2@test.fr", role="cooperative", actor=ADMIN, password="a long secret 1", cooperative_id=own)
    from web.auth import authenticate_password

    with api.app.test_request_context():
        principal = authenticate_password("REF2@test.fr ", "a long secret 1")
        assert principal is not None and principal.role == "cooperative" and principal.cooperative_id == own
        assert principal.may_read(own) and not principal.may_read(two_coops[1])
        assert principal.may("submit_dossier", own) and not principal.may("record_verdict", own)
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
    accounts.grant("auditor@test.qualicoop.test", role="federation", actor=Actor.operator(api.accounts["federation"]))
    assert api.ok(api.get("/api/v1/me", as_="auditor"))["role"] == "federation"
    accounts.revoke("auditor@test.qualicoop.test", actor=Actor.operator(api.accounts["federation"]), reason="départ")
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
