"""Password and token hashing: argon2id (argon2-cffi) for passwords, SHA-256 for random API tokens.

Passwords hashed before argon2 (``scrypt$N$r$p$salt$key``: the demo store and older stores) still verify, and
``needs_rehash`` is true for them as for an argon2 hash made with other parameters than today's: the sign-in
(``AccountService.by_password``) then stores a new hash, so old hashes disappear as people sign in.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()  # argon2-cffi's defaults (RFC 9106, low-memory profile): parameters only, no state
_SCRYPT = "scrypt$"


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (an argon2 hash, or a legacy scrypt one); never raises."""
    if not stored:
        return False
    if stored.startswith(_SCRYPT):
        return _verify_scrypt(stored, password)
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash that just verified should be replaced: any scrypt hash, an argon2 one with old parameters."""
    if stored.startswith(_SCRYPT):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def verify_nothing(password: str) -> None:
    """Spend the time of one verification, for an unknown account: a sign-in costs the same whether it exists."""
    verify_password(_dummy_hash(), password)


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, with today's parameters (so it costs what a real account's hash costs)."""
    return hash_password(secrets.token_urlsafe(16))


def _verify_scrypt(stored: str, password: str) -> bool:
    """The hashes this module made before argon2: werkzeug's scrypt parameters, salt and key in base64."""
    try:
        _, n, r, p, salt, key = stored.split("$")
        computed = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r),
                                  p=int(p), maxmem=2**26, dklen=32)  # fmt: skip
        return hmac.compare_digest(computed, base64.b64decode(key))
    except (ValueError, TypeError):
        return False


def new_token() -> str:
    """A bearer token: 32 random bytes, shown once and stored only as its SHA-256."""
    return "qc_" + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(12)
