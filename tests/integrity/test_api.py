"""``GET /api/v1/integrity``: the head of the chain and the last verification, for the network's readers."""

from __future__ import annotations

from pathlib import Path

from qualicoop_es.access import Actor, Role
from qualicoop_es.integrity.record import record
from qualicoop_es.integrity.verify import verify
from tests.e2e.conftest import make_api
from web.api.responses import IntegrityOut


def test_the_head_and_the_last_verification_are_published_to_the_network_readers(tmp_path: Path) -> None:
    api = make_api(database_url=f"sqlite:///{tmp_path / 'api.sqlite3'}")
    try:
        services = api.app.extensions["qualicoop"]
        api.register(1)
        before = api.ok(api.get("/api/v1/integrity", as_="auditor"))
        assert before["last_verification"] is None and before["count"] == before["log_head"] > 0
        outcome = verify(services.app.recorder, services.engine)
        record(services.app, outcome, actor=Actor(api.accounts["auditor"], Role.AUDITOR))
        body = api.ok(api.get("/api/v1/integrity", as_="committee"))
        assert IntegrityOut().dump(body) == body
        last = body["last_verification"]
        assert (last["ok"], last["head_digest"], last["count"]) == (True, outcome.head_digest, outcome.count)
        assert (last["actor"], last["actor_name"]) == (api.accounts["auditor"], "auditor")
        assert body["count"] == outcome.count + 2  # the register opened, the verification: chained too
        assert len(bytes.fromhex(body["head_digest"])) == 32
        api.add_account("referent", "cooperative", cooperative_id=api.register(2))
        assert api.get("/api/v1/integrity", as_="referent").status_code == 403
        assert api.call("GET", "/api/v1/integrity").status_code == 401
    finally:
        api.app.extensions["qualicoop"].close()
