"""PostgreSQL faults for one test at a time, in a database of its own (never the shared test database's
settings): made read-only, refusing connections, its backends cut."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import psycopg


class FaultyDatabase:
    """A database created for one test (``url``), and the operator's switches on it."""

    def __init__(self, admin: psycopg.Connection, base_url: str) -> None:
        self.admin = admin
        self.name = f"qc_fault_{secrets.token_hex(5)}"
        self.url = urlunsplit(urlsplit(base_url)._replace(path=f"/{self.name}", query=""))

    def cut(self) -> None:
        """Every connection to the database closed by the server (as a restart or a network cut would)."""
        self.admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = %s AND pid <> pg_backend_pid()", (self.name,))  # fmt: skip

    def read_only(self, on: bool = True) -> None:
        """``default_transaction_read_only`` for every new connection; the open ones are cut to take it."""
        value = "on" if on else "off"
        self.admin.execute(f'ALTER DATABASE "{self.name}" SET default_transaction_read_only = {value}')
        self.cut()

    def refuse_connections(self, refuse: bool = True) -> None:
        """The database refuses new connections and loses the open ones (as a stopped server would)."""
        self.admin.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS {"false" if refuse else "true"}')
        if refuse:
            self.cut()


@contextmanager
def faulty_database(postgres_url: str) -> Iterator[FaultyDatabase]:
    """A fresh database beside the one of ``postgres_url`` (the fixture that skips when no server answers)."""
    base = urlunsplit(urlsplit(postgres_url)._replace(query=""))
    with psycopg.connect(base, autocommit=True, connect_timeout=2) as admin:
        database = FaultyDatabase(admin, base)
        admin.execute(f'CREATE DATABASE "{database.name}"')
        try:
            yield database
        finally:
            database.refuse_connections(False)
            database.cut()
            admin.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')
