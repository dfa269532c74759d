"""``/healthz`` and ``/readyz``: the process answers; the store answers and the read models are caught up."""

from __future__ import annotations

from unittest.mock import patch

from sqlalchemy.exc import OperationalError

from qualicoop_es.projections.runner import Projector
from tests.e2e.conftest import Api


def test_health_and_readiness_answer_without_authentication(api: Api) -> None:
    assert api.call("GET", "/healthz").get_json() == {"status": "ok"}
    ready = api.call("GET", "/readyz")
    assert ready.status_code == 200
    body = ready.get_json()
    assert body["status"] == "ready" and body["store"] == "ok" and set(body["lag"].values()) == {0}


def test_read_models_far_behind_the_log_are_not_ready(api: Api) -> None:
    services = api.app.extensions["qualicoop"]
    services.app.after_save.remove(services.projector.after_save)
    with patch("web.probes.READY_LAG", 0):
        api.register(1)
        answer = api.call("GET", "/readyz")
    assert answer.status_code == 503
    assert answer.get_json()["status"] == "not_ready" and max(answer.get_json()["lag"].values()) > 0


def test_a_store_that_does_not_answer_is_not_ready(api: Api) -> None:
    fault = OperationalError("SELECT 1", {}, Exception("connection refused"))
    with patch.object(Projector, "status", side_effect=fault):
        answer = api.call("GET", "/readyz")
    assert answer.status_code == 503
    assert answer.get_json() == {"status": "not_ready", "store": "unavailable", "reason": "OperationalError"}
    assert api.call("GET", "/healthz").status_code == 200
