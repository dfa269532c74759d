"""The dashboard shows the chain's head and the last verification, in French."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "browser"))
from qualicoop_es.access import Actor
from qualicoop_es.integrity.record import record
from qualicoop_es.integrity.verify import verify
from tests.browser.world import build_world
from tests.e2e.pages.support import sign_in
from tests.support import plain_client
from web import create_app


def test_the_dashboard_shows_the_head_of_the_chain_and_the_last_verification() -> None:
    world = build_world()
    try:
        client = plain_client(create_app(services=world.services))
        sign_in(client, "auditor")
        before = client.get("/tableau-de-bord").text
        assert "Intégrité du journal" in before and "Aucune vérification enregistrée" in before
        outcome = verify(world.services.app.recorder, world.services.engine)
        record(world.services.app, outcome, actor=Actor.operator("cli"))
        after = client.get("/tableau-de-bord").text
        assert "chaîne intacte" in after and f"tête n°{outcome.head_position})" in after
        assert "par Système" in after
    finally:
        world.services.close()
