"""The demonstration network: deterministic, covering every phase, every submitted dossier valid."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from qualicoop_es import bootstrap, demo, rules
from qualicoop_es.accounts import Account, accounts_of
from qualicoop_es.accounts.names import ERASED, SYSTEM, display_names
from qualicoop_es.accounts.roster import committee_member_on
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.standing import Mention, Step
from qualicoop_es.cli import main
from qualicoop_es.config import Settings
from qualicoop_es.demo import members
from qualicoop_es.demo.committee import AFFILIATION, MEMBERS, Committee, member_id
from qualicoop_es.demo.team import STAFF, Team, staff_id
from qualicoop_es.demo.timeline import EPOCH

TODAY = date(2026, 11, 26)
SMALL = 20
ALL_MENTIONS = {m.value for m in Mention}
ALL_STEPS = {s.value for s in Step}


def _load(path: Path, count: int, seed: int = 7) -> bootstrap.Services:
    svc = bootstrap.build(Settings(database_url=f"sqlite:///{path}"), clock=lambda: TODAY)
    demo.load(svc, count=count, seed=seed, today=TODAY, progress=False)
    return svc


def _histories(svc: bootstrap.Services) -> list[list[dict[str, Any]]]:
    """Every cooperative's events as plain dicts, without recorded times and aggregate ids."""
    out = []
    for coop_id in svc.app.cooperative_ids():
        out.append([
            {"type": type(e).__name__,
             **{f.name: getattr(e, f.name) for f in dataclasses.fields(e) if f.name not in ("timestamp", "originator_id")}}
            for e in svc.app.history(coop_id)
        ])  # fmt: skip
    return out


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Any:
    svc = _load(tmp_path_factory.mktemp("demo") / "a.sqlite3", SMALL)
    yield svc
    svc.close()


def test_the_same_seed_writes_the_same_histories_event_for_event(network: bootstrap.Services, tmp_path: Path) -> None:
    again = _load(tmp_path / "b.sqlite3", SMALL)
    try:
        first, second = _histories(network), _histories(again)
        assert len(first) == SMALL
        assert first == second
    finally:
        again.close()


def test_another_seed_writes_another_network(network: bootstrap.Services, tmp_path: Path) -> None:
    other = _load(tmp_path / "c.sqlite3", 3, seed=8)
    try:
        assert _histories(other) != _histories(network)[:3]
    finally:
        other.close()


def test_twenty_cooperatives_already_show_every_mention_and_every_step(network: bootstrap.Services) -> None:
    standings = [network.app.cooperative(c).standing_on(TODAY) for c in network.app.cooperative_ids()]
    assert {s.mention.value for s in standings} == ALL_MENTIONS
    assert {s.step.value for s in standings} == ALL_STEPS


def test_the_network_shows_every_kind_of_step_of_the_approach(network: bootstrap.Services) -> None:
    events = [e for h in _histories(network) for e in h]
    kinds = Counter(e["type"] for e in events)
    verdicts = Counter(e["kind"] for e in events if e["type"] == "VerdictRecorded")
    assert set(verdicts) == set(v.VerdictKind)
    for kind in ("CheckpointHeld", "ObjectivesReadjusted", "IndicatorMeasured", "DiplomaAwarded", "BilanSubmitted",
                 "ApproachLeft", "MentionWithdrawn"):  # fmt: skip
        assert kinds[kind] > 0, kind
    renewed = [c for c in network.app.cooperative_ids() if network.app.cooperative(c).confirmations >= 2]
    assert renewed


def test_every_submitted_dossier_satisfied_the_rules_as_submitted(network: bootstrap.Services) -> None:
    checked = 0
    for coop_id in network.app.cooperative_ids():
        for event in network.app.history(coop_id):
            if isinstance(event, Cooperative.DossierSubmitted | Cooperative.BilanSubmitted):
                as_judged = network.app.cooperative(coop_id, version=event.dossier_version)
                assert rules.failures(as_judged.dossier) == []
                checked += 1
    assert checked >= SMALL // 2


def _every_event(svc: bootstrap.Services) -> list[Any]:
    """Every event of the store (cooperatives, catalogue, accounts), in the log's order."""
    return [svc.app.mapper.to_domain_event(n) for n in svc.app.recorder.select_notifications(None, 1_000_000)]


def test_no_business_date_is_after_today_and_every_actor_is_a_named_account(network: bootstrap.Services) -> None:
    for history in _histories(network):
        days = [e["effective_on"] for e in history]
        assert max(days) <= TODAY
        assert min(days) >= date(2022, 1, 1)
    events = _every_event(network)
    staff = {str(staff_id(7, key)) for key, _ in STAFF}
    # The one system actor kept on purpose: the demo's seeder opens the federal team's own accounts (someone has to
    # open the first accounts); every other fact is signed by a person's account.
    seeded = [e for e in events if e.actor == members.SEEDER.account_id]
    assert seeded and {str(e.originator_id) for e in seeded} == staff
    assert all(isinstance(e, Account.Created | Account.RoleGranted) for e in seeded)
    signed = [e for e in events if e.actor != members.SEEDER.account_id]
    names = display_names(network.engine, [e.actor for e in signed])
    for e in signed:  # actors are opaque account ids: never a name nor an e-mail in an event
        assert str(UUID(e.actor)) == e.actor and names[e.actor] not in (SYSTEM, ERASED), (type(e).__name__, e.actor)
    kinds = {type(e).__qualname__ for e in signed}
    assert {"Catalogue.Created", "Cooperative.Created", "Cooperative.KitRequested", "Account.Created"} <= kinds


def test_the_federal_team_and_each_cooperatives_referent_are_named_accounts_signing_their_facts(
    network: bootstrap.Services,
) -> None:
    service = accounts_of(network)
    everyone = {a.account_id: a for a in service.all()}
    team = {str(staff_id(7, key)): name for key, name in STAFF}
    assert {i: everyone[i].display_name for i in team} == team
    assert {everyone[i].role for i in team} == {"federation"}
    referents = [a for a in everyone.values() if a.role == "cooperative"]
    assert sorted(a.cooperative_id for a in referents) == sorted(network.app.cooperative_ids())  # one each
    assert len({a.display_name for a in referents}) == len(referents)
    assert all(a.email.endswith("@demo.qualicoop.test") and a.display_name for a in everyone.values())
    for coop_id in network.app.cooperative_ids():
        (referent,) = [a for a in referents if a.cooperative_id == coop_id]
        history = network.app.history(coop_id)
        registered, kit = history[0], history[1]
        assert kit.actor == referent.account_id and registered.actor in team
        (granted,) = [g for g in service.role_history(referent.account_id) if g["kind"] == "RoleGranted"]
        assert granted["effective_on"] == registered.effective_on.isoformat()  # from the registration, not before
        assert granted["actor"] == registered.actor  # opened by the staff member who registered the cooperative
        signed = {e.actor for e in history if not isinstance(e, Cooperative.VerdictRecorded)}
        assert signed <= {referent.account_id, *team}


def test_every_verdict_names_committee_accounts_of_that_day_the_actor_among_them(network: bootstrap.Services) -> None:
    verdicts = [(c, e) for c in network.app.cooperative_ids() for e in network.app.history(c)
                if isinstance(e, Cooperative.VerdictRecorded)]  # fmt: skip
    assert len(verdicts) >= SMALL // 2
    for coop_id, event in verdicts:
        assert 3 <= len(event.members_present) <= 6 and event.actor in event.members_present
        for member in event.members_present:
            standing = committee_member_on(network.app, member, event.effective_on)
            assert standing is not None and coop_id not in standing.affiliations


def test_the_committee_has_nine_named_accounts_one_of_them_never_sitting_on_its_own_cooperative(
    network: bootstrap.Services,
) -> None:
    committee = Committee(7, EPOCH)
    accounts = {a.account_id: a for a in accounts_of(network).all() if a.role == "committee"}
    assert set(accounts) == {str(m) for m in committee.ids}
    assert {a.display_name for a in accounts.values()} == {name for _, name in MEMBERS}
    key, coop_name = AFFILIATION
    affiliated = str(member_id(7, key))
    (home,) = accounts[affiliated].affiliations
    assert network.app.cooperative(home).dossier["identity"]["name"] == coop_name

    def sessions(coop_id: UUID) -> list[list[str]]:
        return [e.members_present for e in network.app.history(coop_id) if isinstance(e, Cooperative.VerdictRecorded)]

    assert sessions(home) and all(affiliated not in present for present in sessions(home))
    elsewhere = [p for c in network.app.cooperative_ids() if c != home for p in sessions(c) if affiliated in p]
    assert elsewhere  # they do sit at the other cooperatives' verdicts


def test_seating_the_team_and_the_committee_again_changes_nothing(network: bootstrap.Services) -> None:
    before = [a.account_id for a in accounts_of(network).all()]
    members.seat(network, Committee(7, EPOCH), Team(7))
    assert [a.account_id for a in accounts_of(network).all()] == before


def test_the_identities_are_plausible(network: bootstrap.Services) -> None:
    coops = [network.app.cooperative(c) for c in network.app.cooperative_ids()]
    assert coops[0].dossier["identity"]["name"] == "Grand Delta Habitat"
    assert coops[0].dossier["identity"]["departement"] == "84"
    assert all(v.siren_is_valid(c.siren) for c in coops)
    assert len({c.dossier["identity"]["name"] for c in coops}) == len(coops)


def test_the_default_network_spreads_over_every_departement_type() -> None:
    profiles = demo.profiles(165, random.Random(2022))
    codes = {p.departement for p in profiles}
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= codes
    assert len({p.siren for p in profiles}) == 165


def test_the_demo_command_loads_once_and_then_skips_when_asked_if_empty(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/cli.sqlite3"
    runner = CliRunner()
    first = runner.invoke(main, ["--database-url", url, "demo", "--cooperatives", "13", "--seed", "3",
                                 "--today", "2026-11-26", "--if-empty"])  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "13 coopératives" in first.output
    second = runner.invoke(main, ["--database-url", url, "demo", "--if-empty", "--today", "2026-11-26"])
    assert second.exit_code == 0
    assert "déjà des coopératives" in second.output


def test_a_ten_year_network_starts_ten_calendar_years_back_and_still_shows_every_step(tmp_path: Path) -> None:
    """``qualicoop demo --years 10`` (what the report benchmark generates): histories from January 2017 on."""
    svc = bootstrap.build(Settings(database_url=f"sqlite:///{tmp_path / 'ten.sqlite3'}"), clock=lambda: TODAY)
    try:
        demo.load(svc, count=40, seed=7, today=TODAY, progress=False, years=10)
        coops = [svc.app.cooperative(c) for c in svc.app.cooperative_ids()]
        first_days = sorted(next(iter(svc.app.history(c.id))).effective_on for c in coops)
        assert date(2017, 1, 2) <= first_days[0] < date(2020, 1, 1)
        assert {c.standing_on(TODAY).step.value for c in coops} == ALL_STEPS
    finally:
        svc.close()


def test_the_demo_refuses_a_number_of_years_below_one_with_a_french_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--database-url", f"sqlite:///{tmp_path / 'x.sqlite3'}", "demo", "--years", "0"])
    assert result.exit_code == 2
    assert "--years" in result.output
