"""``/healthz`` and ``/readyz``: liveness without the store, readiness with the store's reachability and lag."""

from __future__ import annotations

from tests.e2e.conftest import Api


def test_healthz_answers_without_authentication(api: Api) -> None:
    response = api.client.get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_readyz_reports_every_read_model_and_no_lag_once_caught_up(api: Api) -> None:
    api.register(1)
    response = api.client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ok" and body["store"] == "ok"
    assert body["lag"] == 0 and {p["name"] for p in body["projections"]} >= {"timeline", "cooperative_periods"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_reports_the_lag_of_writes_the_read_models_have_not_seen(api: Api) -> None:
    services = api.app.extensions["qualicoop"]
    services.app.after_save.clear()  # as if another process wrote: this one's read models are behind
    api.register(1)
    body = api.client.get("/readyz").get_json()
    assert body["lag"] >= 1 and body["status"] == "ok"
