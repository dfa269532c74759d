"""``/healthz`` (the process answers) and ``/readyz`` (the store answers and the read models are caught up), for a
load balancer or an orchestrator: no authentication, no personal data, never cached."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

#: Ready while every read model is at most this many events behind the log (the follower closes any gap in a
#: second or so; a larger lag means a rebuild or a stuck read model).
READY_LAG = 100


def register(app: Flask) -> None:
    services = app.extensions["qualicoop"]

    @app.get("/healthz")
    def healthz() -> Any:
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz() -> Any:
        try:
            rows = services.projector.status()
        except Exception as error:  # a store fault: not ready (the probe itself never fails)
            return jsonify(status="not_ready", store="unavailable", reason=type(error).__name__), 503
        lags = {row["name"]: row["lag"] for row in rows}
        errors = sorted(row["name"] for row in rows if row["error"])
        ready = not errors and max(lags.values(), default=0) <= READY_LAG
        body = {"status": "ready" if ready else "not_ready", "store": "ok",
                "head": rows[0]["head"] if rows else 0, "lag": lags, "failing": errors}  # fmt: skip
        return jsonify(body), 200 if ready else 503
