"""The installation's Ed25519 signing key: it signs the manifest of every audit bundle.

Created by ``qualicoop init`` (idempotent) as a PEM file (PKCS#8, unencrypted) with 0600 rights, beside the secret
key: next to the SQLite file by default (``instance/signing_key.pem``), ``instance/signing_key.pem`` under the
working directory for PostgreSQL, or wherever ``QUALICOOP_SIGNING_KEY_FILE`` says. The in-memory store (tests) gets
one key per process, kept with its services. The public half is published (``GET /api/v1/integrity/key``,
``qualicoop integrity key``): whoever holds it can check that a bundle came from this installation.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from qualicoop_es.config import Settings
from qualicoop_es.errors import Conflict

KEY_FILENAME = "signing_key.pem"
ALGORITHM = "Ed25519"
_EXTRAS_KEY = "signing_key"


@dataclass(frozen=True)
class PublicKey:
    """The public half, as published: raw 32 bytes in hex, PEM, and a short fingerprint to compare by eye."""

    algorithm: str
    hex: str
    pem: str
    fingerprint: str

    def to_dict(self) -> dict[str, str]:
        return {"algorithm": self.algorithm, "public_key": self.hex, "public_key_pem": self.pem,
                "fingerprint": self.fingerprint}  # fmt: skip


def key_path(settings: Settings) -> Path | None:
    """Where the key lives (None: the in-memory store, one key per process)."""
    if settings.signing_key_file:
        return Path(settings.signing_key_file)
    if settings.backend == "sqlite":
        return settings.sqlite_path.parent / KEY_FILENAME
    if settings.backend == "postgresql":
        return Path("instance") / KEY_FILENAME
    return None


def ensure_key(settings: Settings) -> tuple[Path | None, bool]:
    """Create the key if it does not exist yet (0600); ``(its path, whether it was created now)``."""
    path = key_path(settings)
    if path is None:
        return None, False
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path, False
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return path, True


def private_key(settings: Settings, extras: dict[str, Any] | None = None) -> Ed25519PrivateKey:
    """The installation's key (Conflict when ``qualicoop init`` has not created it, or it is not an Ed25519 key).

    ``extras`` (the services' own dictionary) keeps the key once read, and the in-memory store's key."""
    cache = extras if extras is not None else {}
    found = cache.get(_EXTRAS_KEY)
    if isinstance(found, Ed25519PrivateKey):
        return found
    path = key_path(settings)
    key = Ed25519PrivateKey.generate() if path is None else _load(path)
    cache[_EXTRAS_KEY] = key
    return key


def _load(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise Conflict(f"Clé de signature absente ({path}) : lancez « qualicoop init ».") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise Conflict(f"Clé de signature illisible ({path}) : {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise Conflict(f"La clé de signature ({path}) n'est pas une clé Ed25519.")
    return key


def public_of(key: Ed25519PrivateKey | Ed25519PublicKey) -> PublicKey:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return PublicKey(ALGORITHM, raw.hex(), pem.decode("ascii"), fingerprint(raw.hex()))


def fingerprint(public_hex: str) -> str:
    """``SHA256:`` and the first 16 bytes of the SHA-256 of the raw public key, in hex (to compare by eye)."""
    return "SHA256:" + hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:32]
