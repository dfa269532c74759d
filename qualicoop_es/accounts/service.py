"""Use cases on accounts: add people, grant and revoke roles (events), passwords, erasure (API tokens: ``tokens``,
sessions: ``sessions``, sign-in throttling: ``throttle``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError as DBIntegrityError

from qualicoop_es.access import Actor, authorize
from qualicoop_es.accounts import names, passwords
from qualicoop_es.accounts.aggregate import Account, check_role
from qualicoop_es.accounts.sessions import SessionInfo, SessionRecords
from qualicoop_es.accounts.tables import accounts, api_tokens, metadata
from qualicoop_es.accounts.throttle import AttemptInfo, AttemptThrottle, account_subject
from qualicoop_es.accounts.tokens import TokenCredentials
from qualicoop_es.accounts.view import AccountView, now_utc, view_of_row
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import AlreadyExists, InvalidInput, NotFound

if TYPE_CHECKING:
    from qualicoop_es.bootstrap import Services

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$")
MIN_PASSWORD = 10


def check_email(value: object) -> str:
    email = str(value or "").strip().lower()
    if not _EMAIL.match(email):
        raise InvalidInput("email", "Adresse e-mail invalide.")
    return email


def check_password(value: object) -> str:
    if not isinstance(value, str) or len(value) < MIN_PASSWORD or len(value) > 1000:
        raise InvalidInput("password", f"Mot de passe de {MIN_PASSWORD} caractères au moins.")
    return value


class AccountService(TokenCredentials, SessionRecords, AttemptThrottle):
    def __init__(self, app: QualicoopApplication, engine: Engine, now: Callable[[], datetime] = now_utc) -> None:
        self.app = app
        self.engine = engine
        self.now = now  # the wall clock of sessions and locks (a test moves it)
        metadata.create_all(engine)
        names.create_generation(engine)

    # -- roles (events) ---------------------------------------------------------------------------------------

    def add(self, email: str, *, role: str, actor: Actor, password: str | None = None, display_name: str = "",
            cooperative_id: UUID | None = None, affiliations: Iterable[UUID] = (), account_id: UUID | None = None,
            effective_on: date | None = None) -> AccountView:  # fmt: skip
        """Open an account with its first role. ``account_id`` (default: a random one) lets a loader give stable
        ids; ``effective_on`` (default: today) is the business date of the opening and of the role's grant."""
        who = authorize(actor, "manage_accounts")
        email = check_email(email)
        check_role(role)
        day = self._day(effective_on)
        pw_hash = passwords.hash_password(check_password(password)) if password is not None else None
        if self._row(email=email) is not None:
            raise AlreadyExists(f"Un compte existe déjà pour {email}.")
        if account_id is not None and account_id in self.app.repository:
            raise AlreadyExists(f"Le compte {account_id} existe déjà.")
        account = Account.open(account_id=account_id or uuid4(), actor=who, effective_on=day)
        self._grant(account, role, who, cooperative_id, affiliations, day)
        self.app.store(account)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(accounts).values(id=str(account.id), email=email, display_name=display_name[:200],
                                                     password_hash=pw_hash, created_at=now_utc(), **_role_columns(account)))  # fmt: skip
                names.bump_generation(conn)
        except DBIntegrityError:  # the same e-mail added concurrently
            raise AlreadyExists(f"Un compte existe déjà pour {email}.") from None
        return self.find(email)

    def grant(self, email: str, *, role: str, actor: Actor, cooperative_id: UUID | None = None,
              affiliations: Iterable[UUID] = ()) -> AccountView:  # fmt: skip
        who = authorize(actor, "manage_accounts")
        account = self._account(self.find(email).account_id)
        self._grant(account, role, who, cooperative_id, affiliations, self.app.clock())
        self._save(account)
        return self.find(email)

    def revoke(self, email: str, *, actor: Actor, reason: str = "") -> AccountView:
        who = authorize(actor, "manage_accounts")
        account = self._account(self.find(email).account_id)
        account.revoke(actor=who, effective_on=self.app.clock(), reason=reason)
        self._save(account)
        self.revoke_tokens(email)
        return self.find(email)

    def erase(self, email: str, *, actor: Actor) -> str:
        """Erase the person's name, e-mail and password; their events keep only the opaque account id."""
        who = authorize(actor, "manage_accounts")
        view = self.find(email)
        account = self._account(view.account_id)
        account.erase(actor=who, effective_on=self.app.clock())
        self.end_sessions_of(view.account_id, "erased")
        self._save(account)
        with self.engine.begin() as conn:
            conn.execute(update(api_tokens).where(api_tokens.c.account_id == view.account_id,
                                                  api_tokens.c.revoked_at.is_(None)).values(revoked_at=now_utc()))  # fmt: skip
            conn.execute(update(accounts).where(accounts.c.id == view.account_id).values(
                email=None, display_name=None, password_hash=None, erased_at=now_utc()))  # fmt: skip
            names.bump_generation(conn)
        self.forget_failures(account_subject(view.email))
        return view.account_id

    def role_history(self, account_id: str) -> list[dict[str, Any]]:
        """Who held which role when: the account's events, as plain data."""
        try:
            events: list[Any] = list(self.app.events.get(UUID(account_id)))
        except ValueError:
            raise NotFound(f"Compte inconnu : {account_id}") from None
        if not events or not isinstance(events[0], Account.Created):
            raise NotFound(f"Compte inconnu : {account_id}")
        return [{"version": e.originator_version, "kind": type(e).__name__, "effective_on": e.effective_on.isoformat(),
                 "recorded_at": e.timestamp.isoformat(), "actor": e.actor, "role": getattr(e, "role", None),
                 "cooperative_id": str(c) if (c := getattr(e, "cooperative_id", None)) else None,
                 "affiliations": [str(a) for a in getattr(e, "affiliations", [])]} for e in events]  # fmt: skip

    # -- passwords and tokens -----------------------------------------------------------------------------------

    def set_password(self, email: str, password: str) -> None:
        pw_hash = passwords.hash_password(check_password(password))
        view = self.find(email)
        with self.engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == view.account_id).values(password_hash=pw_hash))
        self.end_sessions_of(view.account_id, "password")  # every sign-in made with the old password ends

    def by_password(self, email: str, password: str) -> AccountView | None:
        """The account signing in, or None. A successful sign-in replaces an outdated hash (scrypt, or argon2 with
        older parameters) by a new one, so stores move to today's hashing as people sign in."""
        try:
            row = self._row(email=check_email(email))
        except InvalidInput:
            row = None
        if row is None or not row.password_hash:
            passwords.verify_nothing(password)  # same cost whether or not the account exists
            return None
        if not passwords.verify_password(row.password_hash, password) or not row.role:
            return None
        if passwords.needs_rehash(row.password_hash):
            self._rehash(row.id, row.password_hash, password)
        return view_of_row(row)

    def _rehash(self, account_id: str, old_hash: str, password: str) -> None:
        """Store a new hash of the password just verified, unless the hash changed meanwhile (a new password)."""
        with self.engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == account_id, accounts.c.password_hash == old_hash)
                         .values(password_hash=passwords.hash_password(password)))  # fmt: skip

    # -- sessions and locks, as the federation manages them --------------------------------------------------

    def sessions(self, email: str, *, actor: Actor) -> list[SessionInfo]:
        authorize(actor, "manage_accounts")
        return self.session_list(email)

    def end_sessions(self, email: str, *, actor: Actor) -> int:
        """End every open session of the person (they sign in again); how many were open."""
        authorize(actor, "manage_accounts")
        return self.end_sessions_of(self.find(email).account_id, "federation")

    def locks(self, *, actor: Actor) -> list[AttemptInfo]:
        authorize(actor, "manage_accounts")
        return self.attempt_list()

    def unlock(self, subject: str, *, actor: Actor) -> int:
        """Lift the lock of an e-mail (or of ``address:…``) at once and forget its failures."""
        authorize(actor, "manage_accounts")
        return self.forget_failures(subject if subject.startswith("address:") else account_subject(subject))

    # -- lookups ---------------------------------------------------------------------------------------------

    def get(self, account_id: str) -> AccountView | None:
        row = self._row(id=account_id)
        return view_of_row(row) if row is not None and row.erased_at is None else None

    def find(self, email: str) -> AccountView:
        row = self._row(email=check_email(email))
        if row is None:
            raise NotFound(f"Aucun compte pour {email}.")
        return view_of_row(row)

    def all(self) -> list[AccountView]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(accounts).where(accounts.c.erased_at.is_(None)).order_by(accounts.c.email)).all()
        return [view_of_row(r) for r in rows]

    # -- plumbing ------------------------------------------------------------------------------------------------

    def _row(self, **where: str) -> Any:
        ((column, value),) = where.items()
        with self.engine.connect() as conn:
            return conn.execute(select(accounts).where(accounts.c[column] == value)).first()

    def _account(self, account_id: str) -> Account:
        try:
            account: Any = self.app.repository.get(UUID(account_id))
        except AggregateNotFoundError:
            raise NotFound(f"Compte inconnu : {account_id}") from None
        assert isinstance(account, Account)
        return account

    def _grant(self, account: Account, role: str, actor: str, cooperative_id: UUID | None,
               affiliations: Iterable[UUID], effective_on: date) -> None:  # fmt: skip
        affiliated = list(affiliations)
        coops = [cooperative_id] if cooperative_id else []
        for coop_id in [*coops, *affiliated]:
            self.app.cooperative(coop_id)  # NotFound for an unknown cooperative
        account.grant(actor=actor, effective_on=effective_on, role=role, cooperative_id=cooperative_id,
                      affiliations=affiliated)  # fmt: skip

    def _day(self, effective_on: date | None) -> date:
        today = self.app.clock()
        if effective_on is None:
            return today
        if not isinstance(effective_on, date) or effective_on > today:
            raise InvalidInput("effective_on", "Date d'effet attendue, au plus tard aujourd'hui.")
        return effective_on

    def _save(self, account: Account) -> None:
        self.app.store(account)
        with self.engine.begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == str(account.id)).values(**_role_columns(account)))
        self.end_sessions_of(str(account.id), "role")  # a role granted, revoked or erased: sign in again


def _role_columns(account: Account) -> dict[str, Any]:
    """The row's cache of the account's current role (the events are the record)."""
    return {"role": account.role, "cooperative_id": str(account.cooperative_id) if account.cooperative_id else None,
            "affiliations": ",".join(str(a) for a in account.affiliations)}  # fmt: skip


def accounts_of(services: Services) -> AccountService:
    """The process's account service (built once, on first use, over the services' application and engine)."""
    service = services.extras.get("accounts")
    if service is None:
        service = services.extras["accounts"] = AccountService(services.app, services.engine)
    return service
