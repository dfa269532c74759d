"""``/healthz`` (liveness: the process answers, no store touched) and ``/readyz`` (readiness: the store answers,
and how far each read model is behind the log) for a load balancer or an orchestrator. Public, outside ``/api``.

``/readyz`` answers 503 when the store cannot be read or a read model is stopped on an error; a lag alone is
reported (the read models catch up by themselves), not refused.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify

from qualicoop_es.errors import STORE_FAULTS, describe_fault

blp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@blp.get("/healthz")
def healthz() -> Response:
    return jsonify({"status": "ok"})


@blp.get("/readyz")
def readyz() -> Response:
    projector = current_app.extensions["qualicoop"].projector
    try:
        # The read models' positions first: one query through SQLAlchemy, which fails at once when the database
        # refuses connections (the event store's recorder retries ten times before it gives up).
        if projector is not None:
            projector.positions()
        projections: list[dict[str, Any]] = projector.status() if projector is not None else []
    except STORE_FAULTS as error:
        log.warning("Not ready: the store does not answer: %s", describe_fault(error))
        return _answer(503, {"status": "unavailable", "store": "unreachable", "projections": []})
    failing = [p["name"] for p in projections if p["error"]]
    body = {"status": "degraded" if failing else "ok", "store": "ok",
            "lag": max((p["lag"] for p in projections), default=0), "failing": failing,
            "projections": [{k: p[k] for k in ("name", "position", "head", "lag")} for p in projections]}  # fmt: skip
    return _answer(503 if failing else 200, body)


def _answer(status: int, body: dict[str, Any]) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 503:
        response.headers["Retry-After"] = "1"
    return response


def register(app: Flask) -> None:
    app.register_blueprint(blp)
