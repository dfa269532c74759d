"""Structured logs with a request id: every request gets an id (the caller's ``X-Request-Id`` when it is a plain
token, else a new one), answered in the same header; every log record made while serving it carries it; one access
line per request. ``qualicoop serve`` writes the records as JSON lines on stderr (``configure``), so that a 503's
line, a failed projection's line and the request that met them can be found together."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-Id"
_PLAIN = re.compile(r"[A-Za-z0-9._-]{1,64}")
access = logging.getLogger("qualicoop.http")


def register(app: Flask) -> None:
    @app.before_request
    def _begin() -> None:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _PLAIN.fullmatch(given) else uuid.uuid4().hex
        g.request_began = time.perf_counter()

    @app.after_request
    def _end(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id is not None:
            response.headers[HEADER] = request_id
            elapsed = (time.perf_counter() - g.get("request_began", time.perf_counter())) * 1000
            access.info("%s %s %s", request.method, request.path, response.status_code,
                        extra={"method": request.method, "path": request.path, "status": response.status_code,
                               "ms": round(elapsed, 1)})  # fmt: skip
        return response


class RequestId(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


_FIELDS = ("method", "path", "status", "ms")


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                "request_id": getattr(record, "request_id", "-")}  # fmt: skip
        line.update({k: getattr(record, k) for k in _FIELDS if hasattr(record, k)})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(level: int = logging.INFO) -> None:
    """JSON lines on stderr for the whole process (the server's; tests keep pytest's own capture)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    handler.addFilter(RequestId())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
