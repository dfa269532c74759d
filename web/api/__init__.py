"""The JSON API under /api/v1 (flask-smorest): OpenAPI at /api/v1/openapi.json, docs page at /api/v1/docs."""

from __future__ import annotations

from flask import Flask, request
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import UnsupportedMediaType

from web.api import (
    accounts,
    audit,
    catalogue,
    commands,
    cooperatives,
    docs,
    etags,
    idempotency,
    integrity,
    meta,
    network,
    policy,
    reports,
    sessions,
)
from web.api.cache import VersionedCache
from web.errors import ErrorSchema

PREFIX = "/api/v1"
MODULES = (meta, catalogue, cooperatives, commands, network, integrity, audit, reports, accounts, sessions)


class QualicoopApi(Api):
    ERROR_SCHEMA = ErrorSchema


def blueprints() -> tuple[Blueprint, ...]:
    """The API's blueprints, all under /api/v1 (bearer tokens only: exempt from the pages' CSRF check)."""
    return tuple(module.blp for module in MODULES)


def register_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Quali'Coop ES",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        **docs.settings(PREFIX),  # the explorer (Swagger UI) at /api/v1/docs
        API_SPEC_OPTIONS={
            "info": {"description": "API du registre événementiel de la démarche Quali'Coop (Les Coop'HLM)."},
            "servers": [{"url": "/"}],
            "security": [{"bearerAuth": []}],
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        },
    )
    api = QualicoopApi(app)
    app.extensions["qualicoop_api"] = api
    app.extensions["qualicoop_read_cache"] = VersionedCache(app.extensions["qualicoop"].settings.read_cache_bytes)
    for blueprint in blueprints():
        # every command on a cooperative takes If-Match (documented once for the blueprint)
        api.register_blueprint(
            blueprint, parameters=[etags.IF_MATCH, etags.IDEMPOTENCY_KEY] if blueprint is commands.blp else None
        )
    docs.register(app, PREFIX)
    policy.collect(app, {"api-docs.openapi_json": policy.PUBLIC, **dict.fromkeys(docs.ENDPOINTS, policy.PUBLIC)})

    @app.before_request
    def _enforce_policies() -> None:
        idempotency.forget()
        if request.path.startswith("/api/"):
            policy.enforce()
            idempotency.claim_request()
            if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.content_length and not request.is_json:
                raise UnsupportedMediaType("Corps attendu en JSON (Content-Type: application/json).")

    app.teardown_request(lambda _error: idempotency.forget())
    return api
