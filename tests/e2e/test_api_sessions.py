"""The committee's sessions through the API: the federation creates them, network readers list them."""

from __future__ import annotations

from typing import Any


def test_the_federation_creates_a_session_and_readers_list_it(api: Any) -> None:
    body = {"reference": "CV-2026-11", "held_on": "2026-11-20", "members": [api.accounts["committee"]]}
    created = api.ok(api.post("/api/v1/committee-sessions", body), 201)
    assert created["version"] == 1
    listed = api.ok(api.get("/api/v1/committee-sessions", as_="auditor"))["items"]
    assert [(s["reference"], s["held_on"], s["members"]) for s in listed] == [
        ("CV-2026-11", "2026-11-20", [api.accounts["committee"]])
    ]
    assert api.post("/api/v1/committee-sessions", body).status_code == 409  # one session per reference


def test_a_session_is_refused_to_the_committee_and_checked_in_french(api: Any) -> None:
    body = {"reference": "CV-2026-12", "held_on": "2026-11-20", "members": [api.accounts["committee"]]}
    assert api.post("/api/v1/committee-sessions", body, as_="committee").status_code == 403
    bad = api.post("/api/v1/committee-sessions", {**body, "members": ["not-an-account"]})
    assert bad.status_code == 422 and "Pas membres du comité" in bad.get_data(as_text=True)
