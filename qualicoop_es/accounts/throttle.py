"""Throttled sign-in and token use: failures counted per account and per client address in the store, a temporary
lock that grows with the failures, lifted by itself (or by the federation).

Why a table and not Flask-Limiter: the limits must hold across every process and on both stores (SQLite by
default, PostgreSQL in production) without a Redis or memcached to run; they count *failures* (a success resets
the account's count), which a request-rate limiter does not express; and the federation must see the locks from
the CLI, which knows nothing of Flask. The table is small (one row per subject that failed recently).

Policy: ``ACCOUNT_THRESHOLD`` failures on an e-mail (known or not: the answer never says whether it exists), or
``ADDRESS_THRESHOLD`` from one address, lock it ``FIRST_LOCK``, doubled with every further failure up to
``MAX_LOCK``; attempts during a lock are refused without checking the password (nor counted). A count is forgotten
``FORGET_AFTER`` after its last failure. A correct password is never locked out for more than ``MAX_LOCK``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from qualicoop_es.accounts.sessions import aware
from qualicoop_es.accounts.tables import attempts
from qualicoop_es.accounts.view import AccountView
from qualicoop_es.errors import Throttled

ACCOUNT_THRESHOLD = 5
ADDRESS_THRESHOLD = 20
FIRST_LOCK = timedelta(minutes=1)
MAX_LOCK = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)


def account_subject(email: str) -> str:
    return "account:" + " ".join(email.split()).lower()[:320]


def address_subject(address: str | None) -> str:
    return "address:" + (address or "?")[:60]


def lock_for(failures: int, threshold: int) -> timedelta | None:
    """The lock earned by the ``failures``-th failure in a row (None below the threshold)."""
    if failures < threshold:
        return None
    return min(MAX_LOCK, FIRST_LOCK * 2 ** min(failures - threshold, 12))


@dataclass(frozen=True)
class AttemptInfo:
    subject: str
    failures: int
    last_failure_at: datetime
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


class AttemptThrottle:
    """The throttle half of the account service (mixed into ``AccountService``)."""

    engine: Engine
    now: Callable[[], datetime]

    if TYPE_CHECKING:

        def by_password(self, email: str, password: str) -> AccountView | None: ...

        def _by_token(self, digest: str) -> AccountView | None: ...

    def sign_in(self, email: str, password: str, address: str | None) -> AccountView | None:
        """The account signing in, or None for a wrong e-mail or password; ``Throttled`` while a lock holds (the
        password is then not even checked)."""
        subjects = {account_subject(email): ACCOUNT_THRESHOLD, address_subject(address): ADDRESS_THRESHOLD}
        self.check_locks(subjects)
        view = self.by_password(email, password)
        if view is None:
            self.record_failure(subjects)
            return None
        self.forget_failures(account_subject(email))
        return view

    def token_failed(self, address: str | None) -> None:
        """A bearer token that opened nothing: counted against the address; ``Throttled`` while it is locked."""
        subjects = {address_subject(address): ADDRESS_THRESHOLD}
        self.check_locks(subjects)
        self.record_failure(subjects)

    def check_locks(self, subjects: Iterable[str]) -> None:
        now = self.now()
        with self.engine.connect() as conn:
            rows = conn.execute(select(attempts.c.locked_until).where(attempts.c.subject.in_(list(subjects)))).all()
        until = max((aware(r.locked_until) for r in rows if r.locked_until is not None), default=None)
        if until is not None and until > now:
            raise Throttled(math.ceil((until - now).total_seconds()))

    def record_failure(self, subjects: dict[str, int]) -> None:
        """Count one failure for each subject; raise ``Throttled`` when this failure earned a lock."""
        now, earned = self.now(), timedelta(0)
        for subject, threshold in subjects.items():
            with self.engine.begin() as conn:
                earned = max(earned, self._count(conn, subject, threshold, now) or timedelta(0))
        if earned:
            raise Throttled(int(earned.total_seconds()))

    def _count(self, conn: Any, subject: str, threshold: int, now: datetime) -> timedelta | None:
        row = conn.execute(select(attempts).where(attempts.c.subject == subject)).first()
        if row is None:
            try:
                with conn.begin_nested():
                    conn.execute(insert(attempts).values(subject=subject, failures=1, last_failure_at=now))
                return lock_for(1, threshold)
            except IntegrityError:  # inserted meanwhile by another process: count on it
                row = conn.execute(select(attempts).where(attempts.c.subject == subject)).first()
        stale = now - aware(row.last_failure_at) > FORGET_AFTER
        failures = 1 if stale else attempts.c.failures + 1
        conn.execute(update(attempts).where(attempts.c.subject == subject)
                     .values(failures=failures, last_failure_at=now))  # fmt: skip
        count = conn.execute(select(attempts.c.failures).where(attempts.c.subject == subject)).scalar_one()
        lock = lock_for(count, threshold)
        if lock is not None:
            conn.execute(update(attempts).where(attempts.c.subject == subject).values(locked_until=now + lock))
        return lock

    def forget_failures(self, subject: str) -> int:
        """Lift a lock and forget its failures (a successful sign-in; ``qualicoop users unlock``)."""
        with self.engine.begin() as conn:
            return int(conn.execute(delete(attempts).where(attempts.c.subject == subject)).rowcount or 0)

    def attempt_list(self) -> list[AttemptInfo]:
        """Every subject with recent failures: its count, and its lock (past: lifted at that time)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(attempts).order_by(attempts.c.last_failure_at.desc()).limit(500)).all()
        return [AttemptInfo(subject=r.subject, failures=r.failures, last_failure_at=aware(r.last_failure_at),
                            locked_until=aware(r.locked_until) if r.locked_until else None) for r in rows]  # fmt: skip
