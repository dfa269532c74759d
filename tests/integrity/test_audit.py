"""``qualicoop audit`` and its core query: the chain of facts that led to a mention, each with its chain link."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest
from sqlalchemy import text

from qualicoop_es.config import Settings
from qualicoop_es.errors import InvalidInput, NotFound
from qualicoop_es.queries.audit import audit_of
from tests.integrity.audit_world import build_world, cli
from tests.integrity.tampering import opened
from tests.support import account_id, register


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, UUID]]:
    yield build_world(tmp_path_factory.mktemp("audit"))


def test_the_current_mention_is_the_last_one_granted_with_every_fact_that_led_to_it(
    world: tuple[Settings, UUID],
) -> None:
    settings, coop = world
    with opened(settings) as svc:
        audit = audit_of(svc.app, svc.engine, coop)
    assert (audit.number, audit.granted) == (3, 3)
    assert audit.validity.granted_label == "Quali'Coop Confirmée !" and audit.validity.granted_on == date(2025, 10, 1)
    assert audit.validity.valid_until == audit.validity.valid_until_at_grant == date(2027, 10, 1)
    kinds = [f.kind for f in audit.facts]
    assert kinds[:4] == ["kit_requested", "first_meeting_held", "dossier_submitted", "verdict_recorded"]
    assert {"checkpoint_held", "objectives_readjusted", "bilan_submitted", "diploma_awarded"} <= set(kinds)
    assert [f.stage for f in audit.facts][-1] == "grant" and {f.stage for f in audit.facts[:-1]} == {"before"}
    submission = audit.facts[2]
    assert submission.dossier_version is not None and len(submission.dossier_digest or "") == 64


def test_a_verdict_names_its_session_members_rationale_and_judged_version_an_erased_member_as_such(
    world: tuple[Settings, UUID],
) -> None:
    settings, coop = world
    with opened(settings) as svc:
        grant = audit_of(svc.app, svc.engine, coop).facts[-1]
    assert grant.verdict is not None
    assert grant.verdict.session_reference == "Comité du 2025-10-01"
    assert grant.verdict.rationale == "Dossier pertinent et faisable"
    members = {m.id: m.name for m in grant.verdict.members_present}
    assert members == {account_id("member-1"): "Alice Martin", account_id("member-2"): "personne effacée"}
    assert grant.verdict.judged_version > 0 and len(grant.verdict.judged_digest) == 64


def test_each_fact_carries_its_events_digest_and_position_from_the_integrity_ledger(
    world: tuple[Settings, UUID],
) -> None:
    settings, coop = world
    with opened(settings) as svc:
        audit = audit_of(svc.app, svc.engine, coop)
        with svc.engine.connect() as conn:
            ledger = {int(r[0]): (str(r[1]), int(r[2]), bytes(r[3]).hex()) for r in conn.execute(
                text("SELECT notification_id, originator_id, originator_version, digest FROM integrity_ledger"))}  # fmt: skip
    for fact in audit.facts:
        assert fact.link is not None
        assert ledger[fact.link.position] == (str(coop), fact.version, fact.link.digest)
    assert audit.head.position == max(ledger) and audit.head.digest == ledger[max(ledger)][2]


def test_a_readjustment_shows_each_change_before_and_after_with_its_reason(world: tuple[Settings, UUID]) -> None:
    settings, coop = world
    with opened(settings) as svc:
        fact = next(f for f in audit_of(svc.app, svc.engine, coop).facts if f.kind == "objectives_readjusted")
    assert fact.reason == "Foncier plus rare que prévu"
    assert [(c.before, c.after) for c in fact.changes] == [("100", "80")]
    assert "cible" in fact.changes[0].label


def test_an_earlier_mention_stops_at_the_next_one_and_reads_its_validity_the_day_before(
    world: tuple[Settings, UUID],
) -> None:
    settings, coop = world
    with opened(settings) as svc:
        first = audit_of(svc.app, svc.engine, coop, mention=1)
    assert first.validity.granted == "engagee" and first.validity.superseded_on == date(2023, 10, 10)
    assert first.validity.as_of == date(2023, 10, 9) and first.validity.held == "engagee"
    assert first.facts[-1].kind == "bilan_submitted" and first.facts[-1].stage == "during"
    assert all(f.effective_on < date(2023, 10, 10) for f in first.facts)


def test_an_unknown_mention_number_or_a_cooperative_without_mention_is_refused_clearly(
    world: tuple[Settings, UUID],
) -> None:
    settings, coop = world
    with opened(settings) as svc:
        with pytest.raises(InvalidInput, match="Mention n°4 inconnue : 3 mention"):
            audit_of(svc.app, svc.engine, coop, mention=4)
        fresh = register(svc.app, 7)
        with pytest.raises(NotFound, match="Aucune mention"):
            audit_of(svc.app, svc.engine, fresh)


def test_the_command_prints_the_audit_in_french_or_as_json(world: tuple[Settings, UUID]) -> None:
    settings, coop = world
    code, out, _ = cli(settings, "audit", str(coop), "--mention", "2", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["mention_number"] == 2 and data["validity"]["granted_label"] == "Quali'Coop Confirmée !"
    code, out, _ = cli(settings, "audit", str(coop))
    assert code == 0
    assert "mention n°3 sur 3 : « Quali'Coop Confirmée ! » accordée le 2025-10-01" in out
    assert "Alice Martin" in out and "personne effacée" in out and "100 → 80" in out and "maillon n°" in out
    code, _, err = cli(settings, "audit", str(coop), "--mention", "9")
    assert code == 2 and err.startswith("Erreur : ") and "Traceback" not in err


def test_the_audit_of_a_stored_cooperative_survives_a_reopening(tmp_path: Path) -> None:
    settings, coop = build_world(tmp_path)
    with opened(settings) as svc:
        before = audit_of(svc.app, svc.engine, coop).to_dict()
    with opened(settings) as svc:
        assert audit_of(svc.app, svc.engine, coop).to_dict() == before
