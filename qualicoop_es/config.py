"""Settings built from a mapping with embedded defaults: one database URL drives the event store and read models."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from qualicoop_es.errors import InvalidInput

DEFAULT_DATABASE_URL = "sqlite:///instance/qualicoop.sqlite3"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    snapshot_interval: int = 50
    secret_key: str = field(default="", repr=False)  # never in a repr, hence never in a log line
    #: Connections each pool keeps open (events and read models): at least the server's threads, so that no
    #: request opens and closes a connection of its own (on SQLite that also re-reads the schema).
    pool_size: int = 10
    #: The installation's Ed25519 signing key (audit bundles): a PEM file; default beside the SQLite file, or
    #: ``instance/signing_key.pem`` for PostgreSQL (``qualicoop_es.integrity.signing``).
    signing_key_file: str = ""
    #: Behind HTTPS: the session cookie is sent over HTTPS only (``Secure``) and pages answer with HSTS.
    secure_cookies: bool = False
    #: How many reverse proxies stand in front of the server (their ``X-Forwarded-For``/``-Proto`` are trusted):
    #: the client address that sign-in throttling counts, and the scheme.
    proxy_count: int = 0
    #: The bytes each serving process may keep of ready API bodies (``web/api/cache.py``), least recently used
    #: dropped first: ``QUALICOOP_READ_CACHE_MIB`` (default 32 MiB; 0 turns the cache off).
    read_cache_bytes: int = 32 * MIB
    #: The cooperatives each process keeps loaded (the library's LRU aggregate cache, by count: an aggregate has
    #: no byte size; a loaded cooperative weighs ~10–100 KB): ``QUALICOOP_AGGREGATE_CACHE_SIZE`` (default 500).
    aggregate_cache_size: int = 500
    #: PostgreSQL: the seconds a request waits for a connection — a free one of a pool, or a new one — before the
    #: attempt fails (each pool of the events and of the read models; the library retries its own calls, up to 10
    #: attempts 0.2 s apart): ``QUALICOOP_STORE_TIMEOUT`` (default 2). See docs/deployment.md.
    store_timeout: int = 2

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str] | None = None) -> Settings:
        mapping = mapping or {}
        interval = mapping.get("QUALICOOP_SNAPSHOT_INTERVAL", "50")
        if not interval.isascii() or not interval.isdigit() or len(interval) > 9 or int(interval) < 1:
            raise InvalidInput("QUALICOOP_SNAPSHOT_INTERVAL", "Entier positif attendu.")
        pool = mapping.get("QUALICOOP_POOL_SIZE", "10")
        if not pool.isascii() or not pool.isdigit() or len(pool) > 3 or not 1 <= int(pool) <= 200:
            raise InvalidInput("QUALICOOP_POOL_SIZE", "Entier entre 1 et 200 attendu.")
        return cls(
            database_url=mapping.get("QUALICOOP_DATABASE_URL") or DEFAULT_DATABASE_URL,
            snapshot_interval=int(interval),
            secret_key=mapping.get("QUALICOOP_SECRET_KEY", ""),
            pool_size=int(pool),
            signing_key_file=mapping.get("QUALICOOP_SIGNING_KEY_FILE", ""),
            secure_cookies=_flag(mapping, "QUALICOOP_SECURE_COOKIES"),
            proxy_count=_proxies(mapping.get("QUALICOOP_PROXY_COUNT", "0")),
            read_cache_bytes=_integer(mapping, "QUALICOOP_READ_CACHE_MIB", 32, 0, 65536) * MIB,
            aggregate_cache_size=_integer(mapping, "QUALICOOP_AGGREGATE_CACHE_SIZE", 500, 1, 1_000_000),
            store_timeout=_integer(mapping, "QUALICOOP_STORE_TIMEOUT", 2, 1, 60),
        )

    @property
    def backend(self) -> str:
        scheme = urlsplit(self.database_url).scheme.split("+")[0]
        if scheme in ("sqlite", "postgresql", "postgres", "memory"):
            return "postgresql" if scheme == "postgres" else scheme
        raise InvalidInput("QUALICOOP_DATABASE_URL", "Adresse attendue : sqlite:///…, postgresql://… ou memory://")

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file (``sqlite:///relative`` or ``sqlite:////absolute``)."""
        return Path(unquote(self.database_url.split("sqlite:///", 1)[1].split("?", 1)[0]))

    def event_store_env(self) -> dict[str, str]:
        """The eventsourcing environment for this database (its own sqlite/postgres modules)."""
        # fast-forwarded on every get: correct across processes
        common = {"AGGREGATE_CACHE_MAXSIZE": str(self.aggregate_cache_size)}
        if self.backend == "memory":
            return {"PERSISTENCE_MODULE": "eventsourcing.popo", **common}
        if self.backend == "sqlite":
            path = self.sqlite_path
            path.parent.mkdir(parents=True, exist_ok=True)
            return {"PERSISTENCE_MODULE": "qualicoop_es.persistence", "SQLITE_DBNAME": str(path),
                    "SQLITE_LOCK_TIMEOUT": "10", "SQLITE_POOL_SIZE": str(self.pool_size), **common}  # fmt: skip
        parts = urlsplit(self.database_url)
        query = parse_qs(parts.query)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parts.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "POSTGRES_SCHEMA": query.get("schema", ["public"])[0],
            "POSTGRES_LOCK_TIMEOUT": "5",
            # How long a call waits for a pooled connection (psycopg_pool's ``timeout``), per attempt of the
            # library's retries: with several attempts per request, short.
            "POSTGRES_CONNECT_TIMEOUT": str(self.store_timeout),
            # A connection left idle inside a transaction (a stuck thread) is closed by the server: its locks free.
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "5",
            # psycopg's pool opens its minimum at once and keeps what it opened beyond it (until idle for 10
            # minutes): a small minimum for short commands, and room for every server thread without churn.
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": str(self.pool_size),
            # No ping before each use: psycopg_pool's check sleeps 1 s, then 2 s, 4 s… after each dead connection it
            # finds, until the pool timeout, and the library retries that up to 10 times: killed backends held
            # requests for close to a minute. Without it a dead connection fails its statement at once, is dropped
            # by the pool, and the library's retry 0.2 s later takes another — and no command pays the ping's
            # round trip (tests/reliability/test_backend_kills.py).
            "POSTGRES_PRE_PING": "n",
            **common,
        }

    def sqlalchemy_url(self) -> str:
        """The read models' URL: the same database as the events by default."""
        if self.backend == "memory":
            return "sqlite://"
        if self.backend == "sqlite":
            return f"sqlite:///{self.sqlite_path}"
        parts = urlsplit(self.database_url)
        return "postgresql+psycopg://" + parts.netloc + parts.path


def _flag(mapping: Mapping[str, str], name: str) -> bool:
    raw = mapping.get(name, "").strip().lower()
    if raw in ("", "0", "false", "no", "non"):
        return False
    if raw in ("1", "true", "yes", "oui"):
        return True
    raise InvalidInput(name, "Valeur attendue : 1 ou 0.")


def _integer(mapping: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = mapping.get(name, "").strip() or str(default)
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9 or not low <= int(raw) <= high:
        raise InvalidInput(name, f"Entier entre {low} et {high} attendu.")
    return int(raw)


def _proxies(raw: str) -> int:
    if not raw.isascii() or not raw.isdigit() or len(raw) > 1:
        raise InvalidInput("QUALICOOP_PROXY_COUNT", "Entier entre 0 et 9 attendu.")
    return int(raw)
