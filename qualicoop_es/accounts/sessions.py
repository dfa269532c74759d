"""Server-side sessions: one row per sign-in, read on every request, ended one by one or all at once.

The signed cookie carries only a random session key; the store keeps its SHA-256 (``qc_sessions.id``), so a copy of
the table opens nothing. A session is valid while it has not ended, is younger than ``SESSION_LIFETIME``, has been
used within ``IDLE_TIMEOUT`` and its account still holds a role. Nothing is remembered in the process: sign-out,
a password change, a role change and an erasure end sessions in the store, and every process sees it on the next
request (one query by primary key).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, insert, select, update

from qualicoop_es.accounts import passwords
from qualicoop_es.accounts.tables import accounts, sessions
from qualicoop_es.accounts.view import AccountView, view_of_row

#: A session ends this long after its sign-in, whatever its use.
SESSION_LIFETIME = timedelta(days=14)
#: ... or after this long without a request.
IDLE_TIMEOUT = timedelta(hours=12)
#: ``last_seen_at`` is written at most this often (not on every request).
TOUCH_EVERY = timedelta(minutes=1)

REASONS = {
    "sign_out": "déconnexion",
    "password": "mot de passe changé",
    "role": "rôle modifié",
    "erased": "compte effacé",
    "federation": "fermée par l'équipe fédérale",
    "expired": "expirée",
}


def aware(moment: datetime) -> datetime:
    """A stored date-time in UTC (SQLite gives them back without their time zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SessionInfo:
    """A session as the federation sees it (never its key)."""

    ref: str  # the first 12 characters of the stored digest: enough to name it, useless to open it
    account_id: str
    created_at: datetime
    last_seen_at: datetime
    client: str
    ended_at: datetime | None
    end_reason: str | None

    @property
    def active(self) -> bool:
        return self.ended_at is None


class SessionRecords:
    """The session half of the account service (mixed into ``AccountService``)."""

    engine: Engine
    now: Callable[[], datetime]

    if TYPE_CHECKING:

        def find(self, email: str) -> AccountView: ...

    def open_session(self, account_id: str, client: str = "") -> str:
        """A new session for the account: its key (for the signed cookie; only its digest is stored)."""
        key, now = secrets.token_urlsafe(32), self.now()
        with self.engine.begin() as conn:
            conn.execute(insert(sessions).values(id=passwords.token_digest(key), account_id=account_id,
                                                 created_at=now, last_seen_at=now, client=client[:200]))  # fmt: skip
        return key

    def by_session(self, key: str) -> AccountView | None:
        """The account of a valid session (None when unknown, ended, expired, or the account has no role)."""
        if not key or len(key) > 100:
            return None
        digest = passwords.token_digest(key)
        query = (select(accounts, sessions.c.created_at.label("s_created"), sessions.c.last_seen_at.label("s_seen"))
                 .join(sessions, sessions.c.account_id == accounts.c.id)
                 .where(sessions.c.id == digest, sessions.c.ended_at.is_(None), accounts.c.erased_at.is_(None),
                        accounts.c.role.is_not(None)))  # fmt: skip
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        now = self.now()
        if now - aware(row.s_created) > SESSION_LIFETIME or now - aware(row.s_seen) > IDLE_TIMEOUT:
            self._end(sessions.c.id == digest, "expired")
            return None
        if now - aware(row.s_seen) > TOUCH_EVERY:
            with self.engine.begin() as conn:
                conn.execute(update(sessions).where(sessions.c.id == digest).values(last_seen_at=now))
        return view_of_row(row)

    def end_session(self, key: str, reason: str = "sign_out") -> int:
        """End the session named by its key (sign-out)."""
        return self._end(sessions.c.id == passwords.token_digest(key), reason) if key else 0

    def end_sessions_of(self, account_id: str, reason: str) -> int:
        """End every open session of the account at once; how many were open."""
        return self._end(sessions.c.account_id == account_id, reason)

    def session_list(self, email: str) -> list[SessionInfo]:
        """The account's sessions, the latest first (open and ended)."""
        view = self.find(email)
        with self.engine.connect() as conn:
            rows = conn.execute(select(sessions).where(sessions.c.account_id == view.account_id)
                                .order_by(sessions.c.created_at.desc()).limit(200)).all()  # fmt: skip
        return [_info(row) for row in rows]

    def _end(self, where: Any, reason: str) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(update(sessions).where(where, sessions.c.ended_at.is_(None))
                                  .values(ended_at=self.now(), end_reason=reason))  # fmt: skip
        return int(result.rowcount or 0)


def _info(row: Any) -> SessionInfo:
    return SessionInfo(ref=row.id[:12], account_id=row.account_id, created_at=aware(row.created_at),
                       last_seen_at=aware(row.last_seen_at), client=row.client,
                       ended_at=aware(row.ended_at) if row.ended_at else None, end_reason=row.end_reason)  # fmt: skip


def client_summary(address: str | None, user_agent: str | None) -> str:
    """What the federation sees of where a session was opened: the address and the start of the user agent."""
    agent = " ".join((user_agent or "").split())[:120]
    return f"{(address or '?')[:60]} — {agent}" if agent else (address or "?")[:60]
