"""API bearer tokens: created for an account and shown once, stored as a digest, revocable; their lookups are
remembered a short while in the process (``TOKEN_CACHE_SECONDS``)."""

from __future__ import annotations

import secrets
import threading
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select, update

from qualicoop_es.accounts import passwords
from qualicoop_es.accounts.tables import accounts, api_tokens
from qualicoop_es.accounts.view import AccountView, now_utc, view_of_row
from qualicoop_es.errors import InvalidInput

#: How long a bearer token's lookup is remembered in a process. Revocations made in this process take effect at
#: once; made elsewhere (the CLI, another worker), within this many seconds.
TOKEN_CACHE_SECONDS = 2.0


class TokenCredentials:
    """The token half of the account service (mixed into ``AccountService``, which finds accounts by e-mail)."""

    engine: Engine
    _tokens: dict[str, tuple[float, AccountView | None]]
    _tokens_lock: threading.Lock

    if TYPE_CHECKING:

        def find(self, email: str) -> AccountView: ...

    def forget_tokens(self) -> None:
        """Drop the token lookups remembered by this process (after any change to roles or tokens)."""
        with self._tokens_lock:
            self._tokens.clear()

    def create_token(self, email: str, *, label: str = "") -> tuple[str, str]:
        """A new bearer token for the account: (token, token id). The token is shown once, stored hashed."""
        view = self.find(email)
        if view.role is None:
            raise InvalidInput("email", "Ce compte n'a aucun rôle : attribuez-en un avant de créer un jeton.")
        token, token_id = passwords.new_token(), secrets.token_hex(8)
        with self.engine.begin() as conn:
            conn.execute(insert(api_tokens).values(id=token_id, account_id=view.account_id, label=label[:200],
                                                   token_hash=passwords.token_digest(token), created_at=now_utc()))  # fmt: skip
        return token, token_id

    def revoke_token(self, token_or_id: str) -> int:
        """Revoke one token, given as itself or by its id. Returns how many were revoked (0 or 1)."""
        with self.engine.begin() as conn:
            result = conn.execute(update(api_tokens).where(
                (api_tokens.c.id == token_or_id) | (api_tokens.c.token_hash == passwords.token_digest(token_or_id)),
                api_tokens.c.revoked_at.is_(None)).values(revoked_at=now_utc()))  # fmt: skip
        self.forget_tokens()
        return int(result.rowcount or 0)

    def revoke_tokens(self, email: str) -> int:
        view = self.find(email)
        with self.engine.begin() as conn:
            result = conn.execute(update(api_tokens).where(api_tokens.c.account_id == view.account_id,
                                                           api_tokens.c.revoked_at.is_(None)).values(revoked_at=now_utc()))  # fmt: skip
        self.forget_tokens()
        return int(result.rowcount or 0)

    def tokens(self, email: str) -> list[dict[str, Any]]:
        view = self.find(email)
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_tokens).where(api_tokens.c.account_id == view.account_id)).all()
        return [{"id": r.id, "label": r.label, "created_at": r.created_at, "revoked_at": r.revoked_at} for r in rows]

    def by_token(self, token: str) -> AccountView | None:
        digest = passwords.token_digest(token)
        now = time.monotonic()
        hit = self._tokens.get(digest)
        if hit is not None and now - hit[0] < TOKEN_CACHE_SECONDS:
            return hit[1]
        view = self._by_token(digest)
        with self._tokens_lock:
            if len(self._tokens) > 10_000:
                self._tokens.clear()
            self._tokens[digest] = (now, view)
        return view

    def _by_token(self, digest: str) -> AccountView | None:
        query = (select(accounts).join(api_tokens, api_tokens.c.account_id == accounts.c.id)
                 .where(api_tokens.c.token_hash == digest, api_tokens.c.revoked_at.is_(None),
                        accounts.c.erased_at.is_(None), accounts.c.role.is_not(None)))  # fmt: skip
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return view_of_row(row) if row is not None else None
