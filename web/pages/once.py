"""A form sent twice is one command: a double click, a reload that posts again, a retry after an answer that never
came (a dropped connection, a 503 « issue inconnue ») give the first sending's result, never a second record.

Each rendered form carries a fresh key (``FIELD``, from ``form_key()``). A page's POST with a key claims it as the
API's ``Idempotency-Key`` (``qualicoop_es.outcomes``): the first command that stores records the claim beside its
events, and the same claim again returns the command's first result instead of running it. The claim is the key
with a digest of the form as sent, so the same form changed and sent again (back, edit, send) is another command,
not a refusal; only the very same sending is answered once.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import request

from qualicoop_es import outcomes
from web.auth import current_principal

FIELD = "form_key"
#: Fields that differ between two sendings of one form without changing what it asks (the CSRF token is per session).
_NOT_ASKED = frozenset({FIELD, "csrf_token"})


def form_key() -> str:
    """A new key for a form being rendered (the pages' ``form_key()``)."""
    return secrets.token_urlsafe(16)


def claim_form() -> None:
    """The claim of a page's POST carrying a form key (none otherwise): called before every page's view."""
    key = request.form.get(FIELD) if request.method == "POST" else None
    principal = current_principal()
    if not key or principal is None or len(key) > 64 or not key.isascii() or not key.isprintable():
        return  # not a key this site gave out: the form is handled as it would be without one
    asked = sorted((name, value) for name, values in request.form.lists() if name not in _NOT_ASKED
                   for value in values)  # fmt: skip
    digest = hashlib.sha256(repr((request.path, asked)).encode()).hexdigest()
    outcomes.claim(outcomes.Claim(f"page:{key}:{digest}", principal.account_id, digest))
