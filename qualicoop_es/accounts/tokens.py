"""API bearer tokens: created for an account and shown once, stored as a digest, revocable at once.

Every request looks its token up in the store (one query by the unique digest, joined to its account): nothing is
remembered in the process, so a revocation — from the CLI, another server process or this one — holds from the
next request everywhere. (A per-process cache used to keep a revoked token valid for up to 2 s.)"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select, update

from qualicoop_es.accounts import passwords
from qualicoop_es.accounts.tables import accounts, api_tokens
from qualicoop_es.accounts.view import AccountView, now_utc, view_of_row
from qualicoop_es.errors import InvalidInput


class TokenCredentials:
    """The token half of the account service (mixed into ``AccountService``, which finds accounts by e-mail)."""

    engine: Engine

    if TYPE_CHECKING:

        def find(self, email: str) -> AccountView: ...

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
        return int(result.rowcount or 0)

    def revoke_tokens(self, email: str) -> int:
        view = self.find(email)
        with self.engine.begin() as conn:
            result = conn.execute(update(api_tokens).where(api_tokens.c.account_id == view.account_id,
                                                           api_tokens.c.revoked_at.is_(None)).values(revoked_at=now_utc()))  # fmt: skip
        return int(result.rowcount or 0)

    def tokens(self, email: str) -> list[dict[str, Any]]:
        view = self.find(email)
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_tokens).where(api_tokens.c.account_id == view.account_id)).all()
        return [{"id": r.id, "label": r.label, "created_at": r.created_at, "revoked_at": r.revoked_at} for r in rows]

    def by_token(self, token: str) -> AccountView | None:
        """The account of a valid token (not revoked, its account holding a role), read from the store."""
        return self._by_token(passwords.token_digest(token))

    def _by_token(self, digest: str) -> AccountView | None:
        query = (select(accounts).join(api_tokens, api_tokens.c.account_id == accounts.c.id)
                 .where(api_tokens.c.token_hash == digest, api_tokens.c.revoked_at.is_(None),
                        accounts.c.erased_at.is_(None), accounts.c.role.is_not(None)))  # fmt: skip
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return view_of_row(row) if row is not None else None
