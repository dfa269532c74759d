"""Every answer names its request (``X-Request-Id``), every log record made while serving it carries the same id,
and ``qualicoop serve`` writes records as JSON lines."""

from __future__ import annotations

import json
import logging

import pytest

from tests.e2e.conftest import Api
from web.request_log import JsonLines, RequestId


def test_an_answer_carries_a_new_id_or_the_callers_plain_one(api: Api) -> None:
    first, second = api.get("/api/v1/health"), api.get("/api/v1/health")
    assert first.headers["X-Request-Id"] and first.headers["X-Request-Id"] != second.headers["X-Request-Id"]
    assert api.get("/api/v1/health", headers={"X-Request-Id": "lb-42.a_b"}).headers["X-Request-Id"] == "lb-42.a_b"
    for forged in ("x; Set-Cookie: a=b", "<script>", "z" * 65):  # not a plain token: replaced by a new id
        answered = api.get("/api/v1/health", headers={"X-Request-Id": forged}).headers["X-Request-Id"]
        assert answered != forged and len(answered) == 32


def test_the_access_line_is_a_json_line_with_the_request_id(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="qualicoop.http")
    caplog.handler.addFilter(RequestId())
    answer = api.get("/api/v1/cooperatives", headers={"X-Request-Id": "abc123"})
    (record,) = [r for r in caplog.records if r.name == "qualicoop.http"]
    line = json.loads(JsonLines().format(record))
    assert line["request_id"] == "abc123" == answer.headers["X-Request-Id"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/api/v1/cooperatives", answer.status_code)
    assert line["level"] == "INFO" and line["ms"] >= 0
