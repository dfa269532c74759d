"""One JSON error shape for the whole API, and the one place where domain errors become HTTP statuses.

Shape: ``{"code": str, "message": str, "errors": {field: [messages]}?, ...details}`` (details: ``failures`` for a
rule violation, ``phase`` for a lifecycle error, ``current_version`` for a stale version).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from marshmallow import INCLUDE, fields
from werkzeug.exceptions import HTTPException

from qualicoop_es.errors import (
    STORE_FAULTS,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    OutcomeUnknown,
    QualicoopError,
    StaleVersion,
    Throttled,
    describe_fault,
    is_store_fault,
)
from web.french import FrenchSchema

log = logging.getLogger(__name__)

#: Domain error → HTTP status (the first matching class wins).
STATUS_OF: list[tuple[type[QualicoopError], int]] = [
    (Throttled, 429),
    (OutcomeUnknown, 503),
    (InvalidInput, 422),
    (NotFound, 404),
    (Forbidden, 403),
    (Conflict, 409),
    (QualicoopError, 409),
]

HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    406: "not_acceptable", 409: "conflict", 412: "precondition_failed", 413: "payload_too_large",
    415: "unsupported_media_type", 422: "invalid_input", 428: "precondition_required", 429: "too_many_requests",
    503: "unavailable",
}  # fmt: skip

FRENCH = {
    400: "Requête mal formée.", 401: "Authentification requise : jeton d'accès absent ou invalide.",
    403: "Accès refusé.", 404: "Ressource inconnue.", 405: "Méthode non autorisée pour cette adresse.",
    412: "La version indiquée (If-Match) n'est plus la version actuelle.", 413: "Requête trop volumineuse.",
    415: "Type de contenu non pris en charge.", 422: "Données invalides.",
}  # fmt: skip


class ErrorSchema(FrenchSchema):
    """The one error shape (documented as every operation's default response)."""

    class Meta:
        unknown = INCLUDE

    code = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    failures = fields.List(fields.Dict())
    phase = fields.String()
    current_version = fields.Integer(allow_none=True)


def error_response(status: int, code: str, message: str, **extra: Any) -> Response:
    response = jsonify({"code": code, "message": message, **{k: x for k, x in extra.items() if x is not None}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="qualicoop"'
    return response


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs' ``{location: {field: [..] | {nested}}}`` → ``{"field.nested": [..]}``."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                flat.update(_flatten(value, name))
            else:
                flat[name] = [str(m) for m in (value if isinstance(value, list) else [value])]
    elif messages:
        flat[prefix or "_"] = [str(m) for m in (messages if isinstance(messages, list) else [messages])]
    return flat


def handle_domain_error(error: QualicoopError) -> Response:
    status = next(code for cls, code in STATUS_OF if isinstance(error, cls))
    body = error.to_dict()
    if isinstance(error, StaleVersion):
        body["current_version"] = error.current_version
        if request.headers.get("If-Match"):
            status = 412
    response = error_response(status, **body)  # type: ignore[arg-type]
    if isinstance(error, Throttled | OutcomeUnknown):
        response.headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, OutcomeUnknown):
        log.warning(
            "Outcome unknown on %s %s: %s", request.method, request.path, describe_fault(error.__cause__ or error)
        )
    return response


def _html_error(status: int, message: str) -> Response | None:
    """Pages may render their own error page: ``app.extensions["qualicoop_html_error"](status, message)``."""
    render = current_app.extensions.get("qualicoop_html_error")
    if render is None or request.path.startswith("/api/"):
        return None
    return render(status, message)


def handle_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    html = _html_error(status, FRENCH.get(status) or error.description or error.name)
    if html is not None:
        return html
    data = getattr(error, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    extra: dict[str, Any] = {}
    if messages:
        location_free = {}
        for location, per_field in messages.items() if isinstance(messages, dict) else []:
            location_free.update(per_field if isinstance(per_field, dict) else {location: per_field})
        extra["errors"] = _flatten(location_free)
    message = FRENCH.get(status) or error.description or error.name
    if error.description and error.description != type(error).description:
        message = error.description  # a message of ours (French), not werkzeug's English default
    if status == 400 and messages:
        message = "Corps JSON illisible."
    response = error_response(status, HTTP_CODES.get(status, f"http_{status}"), message, **extra)
    if status == 405 and isinstance(error.get_response().headers.get("Allow"), str):
        response.headers["Allow"] = error.get_response().headers["Allow"]
    return response


def handle_unavailable(error: Exception) -> Response:
    """The database cannot serve (lock timeout, connection refused or lost, read-only, disk full): retry later,
    never a 500. One log line (the fault's first line, not the driver's SQL and hints)."""
    log.warning("Database unavailable on %s %s: %s", request.method, request.path, describe_fault(error))
    message = "Base de données momentanément indisponible : réessayez."
    response = _html_error(503, message) or error_response(503, "unavailable", message)
    response.headers["Retry-After"] = "1"
    return response


def handle_unexpected(error: Exception) -> Response:
    if is_store_fault(error):  # wrapped (``raise … from``) or found invalidated by SQLAlchemy
        return handle_unavailable(error)
    log.exception("Unexpected error on %s %s", request.method, request.path)
    current_app.logger.error("unexpected %s: %s", type(error).__name__, error)
    message = "Erreur interne : elle a été journalisée."
    return _html_error(500, message) or error_response(500, "internal_error", message)


def register(app: Flask) -> None:
    app.register_error_handler(QualicoopError, handle_domain_error)
    app.register_error_handler(HTTPException, handle_http_error)
    for fault in STORE_FAULTS:
        app.register_error_handler(fault, handle_unavailable)
    app.register_error_handler(Exception, handle_unexpected)
