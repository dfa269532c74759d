"""Mutable tables for personal and secret data (never in events): people, their API tokens and sessions, and the
sign-in attempts that earn a temporary lock."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

#: One row per account: personal data (erasable) and a cache of the current role, rebuilt from the events.
accounts = Table(
    "qc_accounts",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("email", String(320), unique=True, nullable=True),
    Column("display_name", String(200), nullable=True),
    Column("password_hash", String(300), nullable=True),
    Column("role", String(20), nullable=True),
    Column("cooperative_id", String(36), nullable=True),
    Column("affiliations", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("erased_at", DateTime(timezone=True), nullable=True),
)

api_tokens = Table(
    "qc_api_tokens",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("account_id", String(36), ForeignKey("qc_accounts.id"), nullable=False, index=True),
    Column("token_hash", String(64), unique=True, nullable=False),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

#: One row (id 1): a number that every change of a name shown moves (an account added or erased), in the change's
#: own transaction, so that every process sees it with the change (``accounts.names.generation``).
names_generation = Table(
    "qc_names_generation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("generation", BigInteger, nullable=False),
)

#: One row per sign-in (server-side sessions): the signed cookie carries a random id whose SHA-256 is ``id``. A
#: session is valid while ``ended_at`` is empty and its account holds a role; every request reads it (one query by
#: primary key), so an ended session is refused at once by every process.
sessions = Table(
    "qc_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("account_id", String(36), ForeignKey("qc_accounts.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("client", String(200), nullable=False, default=""),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Column("end_reason", String(40), nullable=True),
)

#: Failed sign-ins and bearer tokens, per subject (``account:<e-mail>`` or ``address:<client address>``): the
#: count since the last success, and the lock it earned (``locked_until``), shared by every process.
attempts = Table(
    "qc_sign_in_attempts",
    metadata,
    Column("subject", String(400), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_failure_at", DateTime(timezone=True), nullable=False),
    Column("locked_until", DateTime(timezone=True), nullable=True),
)
