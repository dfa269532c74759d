"""Small helpers shared by the API views: the services, the caller, and command results (ETags: ``etags``)."""

from __future__ import annotations

from datetime import date
from types import ModuleType
from typing import Any

from flask import Response, current_app
from werkzeug.exceptions import ServiceUnavailable

from qualicoop_es.application import CommandResult, QualicoopApplication
from qualicoop_es.bootstrap import Services
from web.api import etags
from web.api.cache import VersionedCache
from web.auth import Principal, current_principal


def services() -> Services:
    return current_app.extensions["qualicoop"]


def application() -> QualicoopApplication:
    return services().app


def today() -> date:
    return application().clock()


def principal() -> Principal:
    found = current_principal()
    assert found is not None  # guaranteed by the policy check that runs before every API view
    return found


def actor() -> Principal:
    """The caller as the actor of a use case: the application authorizes it and records its opaque id."""
    return principal()


def done(result: CommandResult, status: int = 200, **created: str) -> Response:
    """A write's answer (``CommandOut``): its id, new version and position in the log, the new version in ETag.

    Serialized here (plain JSON types, in the schema's order), not dumped through the schema on every write."""
    body: dict[str, Any] = {"id": str(result.aggregate_id), "version": result.version,
                            "notification_id": result.notification_id}  # fmt: skip
    if created:
        body["created"] = created
    return Response(json_bytes(body), status, etags.headers(result.version), mimetype="application/json")


def read_cache() -> VersionedCache:
    return current_app.extensions["qualicoop_read_cache"]


def json_bytes(data: Any) -> bytes:
    return current_app.json.dumps(data).encode("utf-8")


def queries() -> ModuleType:
    """The read models' queries (imported lazily: the projections are built alongside the API)."""
    try:
        from qualicoop_es.projections import queries as module
    except ImportError:
        raise ServiceUnavailable("Les vues de lecture ne sont pas disponibles.") from None
    return module


def effective(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a command body into its fields and the keyword arguments every write takes."""
    fields = {k: x for k, x in body.items() if k != "effective_on"}
    return fields, {
        "actor": actor(),
        "effective_on": body.get("effective_on"),
        "expected_version": etags.expected_version(),
    }
