"""The ``Idempotency-Key`` header of every API command: the same key sent again (a retry after a lost answer or a
503 ``outcome_unknown``) gives the first answer again and never records the command twice.

The core keeps the key beside the command's events, in the same transaction (``qualicoop_es.outcomes``); here
the header is read, checked and bound to the caller and to a digest of the request (method, path, body), so that
the same key for another request is refused (422) rather than answered with an unrelated result.
"""

from __future__ import annotations

import hashlib

from flask import request

from qualicoop_es import outcomes
from qualicoop_es.errors import InvalidInput
from web.auth import current_principal

HEADER = "Idempotency-Key"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def claim_request() -> None:
    """The request's claim for the core (None without a key): called at the start of every API request."""
    key = request.headers.get(HEADER)
    principal = current_principal()
    if key is None or request.method not in WRITES or principal is None:
        outcomes.claim(None)
        return
    if not 1 <= len(key) <= 255 or not key.isascii() or not key.isprintable():
        raise InvalidInput(HEADER, "De 1 à 255 caractères ASCII imprimables attendus.")
    digest = hashlib.sha256(b"\n".join([request.method.encode(), request.full_path.encode(), request.get_data()]))
    outcomes.claim(outcomes.Claim(key, principal.account_id, digest.hexdigest()))


def forget() -> None:
    """No claim outlives its request (a thread serves many)."""
    outcomes.claim(None)
