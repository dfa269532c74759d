"""ETags are the aggregate's version in quotes (``ETag: "7"``): the one place that reads and writes them.

Clients rely on that value: they send it back in ``If-Match`` on a write (a stale one is a 412, and the answer
carries the new version) and in ``If-None-Match`` on a read (304 while it is still the latest version).

Why not flask-smorest's ``Blueprint.etag`` / ``check_etag`` / ``set_etag``: their ETag is always a SHA-1 of JSON
data (``set_etag(data)`` hashes what it is given; without it, the dumped body is hashed), so it cannot be the
version itself — only a hash of it, or of a body we would have to compute first. Its ``check_etag`` also runs on
PUT/PATCH/DELETE only, makes If-Match mandatory there (428), and compares before the write, while here If-Match is
optional on every write and the comparison is the event store's optimistic concurrency at the save
(``StaleVersion`` → 412), so two racing writes never both pass. This module therefore keeps to werkzeug's public
request API (``request.if_match``, ``request.if_none_match``, ``http.quote_etag``);
``tests/e2e/test_api_etags.py`` fails the day flask-smorest can set an ETag to a value of ours.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, request
from werkzeug.exceptions import BadRequest
from werkzeug.http import quote_etag

_VERSION = re.compile(r"[0-9]{1,9}")

#: OpenAPI: the ETag header answered with a version, and the conditional request headers.
ETAG = {"ETag": {"description": 'La version de la coopérative (ou du catalogue), entre guillemets : "7".',
                 "schema": {"type": "string", "pattern": '^"[0-9]+"$'}}}  # fmt: skip
IF_MATCH: dict[str, Any] = {
    "in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
    "description": 'La version sur laquelle porte l\'écriture, ex. "7" (facultatif) : 412 si ce n\'est plus la '
                   "dernière (le corps donne current_version).",
}  # fmt: skip
IDEMPOTENCY_KEY: dict[str, Any] = {
    "in": "header", "name": "Idempotency-Key", "required": False, "schema": {"type": "string", "maxLength": 255},
    "description": "Clé choisie par l'appelant (facultative) : la même clé renvoyée donne la première réponse, sans "
                   "enregistrer la commande deux fois ; la même clé pour une autre requête : 422.",
}  # fmt: skip
IF_NONE_MATCH: dict[str, Any] = {
    "in": "header", "name": "If-None-Match", "required": False, "schema": {"type": "string"},
    "description": 'La version déjà lue, ex. "7" : 304 sans corps tant qu\'elle est la dernière.',
}  # fmt: skip


def expected_version() -> int | None:
    """The version named by ``If-Match: "<version>"`` (also ``W/"7"`` or ``7``); None when absent or ``*``."""
    if request.headers.get("If-Match") is None or request.if_match.star_tag:
        return None
    tags = request.if_match.as_set(include_weak=True)
    version = (next(iter(tags)) if len(tags) == 1 else "") or ""  # an empty tag (If-Match: "") reads as None
    if not _VERSION.fullmatch(version):
        raise BadRequest('En-tête If-Match attendu sous la forme "<version>".')
    return int(version)


def headers(version: int) -> dict[str, str]:
    """The ETag header of ``version`` (for a view answering ``(body, status, headers)`` through flask-smorest)."""
    return {"ETag": quote_etag(str(version))}


def tagged(response: Response, version: int) -> Response:
    """``response`` with ``ETag: "<version>"``."""
    response.headers.update(headers(version))
    return response


def not_modified(version: int | None) -> Response | None:
    """A 304 (with its ETag) when the client's If-None-Match names ``version``, else None."""
    if version is None or not request.if_none_match.contains_weak(str(version)):
        return None
    return tagged(Response(status=304), version)
