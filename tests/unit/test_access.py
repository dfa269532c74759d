"""Authorization in the core: every write use case, called on the application itself by every role, on the actor's
own cooperative and on another, is refused (``Forbidden``) exactly where domain.md says so.

The expected decisions are written here from domain.md's table of roles, independently of ``access.USE_CASES``:
a wrong line in the table, or a use case that forgets to authorize, fails this test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from qualicoop_es.access import USE_CASES, WRITES, Actor, Role, Sight, authorize
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import Forbidden, QualicoopError
from tests.support import new_app, register, siren

FED, COM, REF, AUD = Role.FEDERATION, Role.COMMITTEE, Role.COOPERATIVE, Role.AUDITOR

#: domain.md: who may run each write use case (a referent on their own cooperative only; a committee member never
#: on a cooperative they belong to; the auditor writes nothing).
DOMAIN: dict[str, set[Role]] = {
    "register_cooperative": {FED},
    "revise_catalogue": {FED},
    "manage_accounts": {FED},
    "request_kit": {FED, REF},
    "hold_first_meeting": {FED},
    "hold_checkpoint": {FED},
    "award_diploma": {FED},
    "withdraw_mention": {FED},
    "leave_approach": {FED, REF},
    "update_identity": {REF},
    "update_intent_note": {REF},
    "change_dossier": {REF},
    "submit_dossier": {REF},
    "readjust_objectives": {REF},
    "measure_indicator": {REF},
    "submit_bilan": {REF},
    "record_verdict": {COM},
    "hold_committee_session": {FED},  # the federation convenes the committee's sessions (issue 13)
}

Call = Callable[[QualicoopApplication, UUID, Actor], Any]
DAY = date(2022, 5, 2)

#: One call of the application per use case on one cooperative (its arguments need not make the command succeed:
#: only whether it is *refused for who asks* is looked at).
CALLS: dict[str, Call] = {
    "request_kit": lambda app, c, a: app.request_kit(c, actor=a),
    "hold_first_meeting": lambda app, c, a: app.hold_first_meeting(c, actor=a),
    "hold_checkpoint": lambda app, c, a: app.hold_checkpoint(c, actor=a, summary="Point"),
    "award_diploma": lambda app, c, a: app.award_diploma(c, actor=a, mention="engagee", ceremony="Congrès"),
    "withdraw_mention": lambda app, c, a: app.withdraw_mention(c, actor=a, reason="Motif"),
    "leave_approach": lambda app, c, a: app.leave_approach(c, actor=a, reason="Motif", expected_version=999),
    "update_identity": lambda app, c, a: app.update_identity(c, {"homes_managed": 10}, actor=a),
    "update_intent_note": lambda app, c, a: app.update_intent_note(c, {"ambition": "Ambition"}, actor=a),
    "change_dossier": lambda app, c, a: app.add_action(c, 1, actor=a, title="Action"),
    "submit_dossier": lambda app, c, a: app.submit_dossier(c, actor=a),
    "readjust_objectives": lambda app, c, a: app.readjust_objectives(c, [], actor=a, reason="Motif"),
    "measure_indicator": lambda app, c, a: app.measure_indicator(c, "I1", "1", actor=a),
    "submit_bilan": lambda app, c, a: app.submit_bilan(c, actor=a, summary="Bilan"),
    "record_verdict": lambda app, c, a: app.record_verdict(
        c, actor=a, kind="validate", session_reference="S", members_present=[], rationale="R", judged_version=1
    ),
}
NETWORK_CALLS: dict[str, Callable[[QualicoopApplication, Actor], Any]] = {
    "register_cooperative": lambda app, a: app.register_cooperative(
        actor=a, name="Nouvelle", siren=siren(90), legal_form="SCP", departement="35", activities=["locatif_social"]
    ),
    "revise_catalogue": lambda app, a: app.revise_engagement_wording(7, actor=a, title="Intitulé", expected_version=0),
}


def actor_of(role: Role, own: UUID, *, affiliated: bool = False) -> Actor:
    return Actor(f"{role}-1", role, cooperative_id=own if role is REF else None,
                 affiliations=frozenset({own}) if affiliated else frozenset())  # fmt: skip


def refused(call: Callable[[], Any]) -> bool:
    try:
        call()
    except Forbidden:
        return True
    except QualicoopError:  # refused for another reason (the lifecycle, a rule, a stale version): allowed
        return False
    return False


@pytest.fixture(scope="module")
def world() -> tuple[QualicoopApplication, UUID, UUID]:
    app = new_app()
    return app, register(app, 1), register(app, 2)


def test_the_table_names_every_use_case_of_the_domain_and_only_those() -> None:
    assert set(DOMAIN) == WRITES
    for use_case, roles in DOMAIN.items():
        assert USE_CASES[use_case].roles == roles, use_case


@pytest.mark.parametrize("use_case", sorted(CALLS))
def test_each_use_case_on_a_cooperative_is_refused_exactly_to_whom_the_domain_refuses_it(
    world: tuple[QualicoopApplication, UUID, UUID], use_case: str
) -> None:
    app, own, other = world
    for role in Role:
        for coop in (own, other):
            may = role in DOMAIN[use_case] and (role is not REF or coop == own)
            actor = actor_of(role, own)
            assert refused(lambda c=coop, a=actor: CALLS[use_case](app, c, a)) is not may, (use_case, role, coop == own)


def test_a_committee_member_never_rules_on_their_own_cooperative(
    world: tuple[QualicoopApplication, UUID, UUID],
) -> None:
    app, own, other = world
    member = actor_of(COM, own, affiliated=True)
    with pytest.raises(Forbidden, match="dont il est membre"):
        CALLS["record_verdict"](app, own, member)
    assert not refused(lambda: CALLS["record_verdict"](app, other, member))


@pytest.mark.parametrize("use_case", sorted(NETWORK_CALLS))
def test_network_use_cases_are_the_federations(world: tuple[QualicoopApplication, UUID, UUID], use_case: str) -> None:
    app, own, _ = world
    for role in Role:
        actor = actor_of(role, own)
        assert refused(lambda a=actor: NETWORK_CALLS[use_case](app, a)) is (role is not FED), (use_case, role)


def test_nothing_is_recorded_when_refused_and_a_plain_string_is_no_actor(
    world: tuple[QualicoopApplication, UUID, UUID],
) -> None:
    app, own, _ = world
    before = app.recorder.max_notification_id()
    for actor in (actor_of(AUD, own), actor_of(COM, own)):
        assert refused(lambda a=actor: app.update_identity(own, {"homes_managed": 3}, actor=a))
    assert app.recorder.max_notification_id() == before
    with pytest.raises(TypeError, match="Actor"):
        authorize("staff-1", "request_kit", own)  # type: ignore[arg-type]
    with pytest.raises(Forbidden):
        authorize(Actor("nobody"), "read_cooperative", own)  # an account with no role


def test_the_operator_may_run_every_use_case_and_is_recorded_by_name(
    world: tuple[QualicoopApplication, UUID, UUID],
) -> None:
    app, own, _ = world
    assert all(Actor.operator().may(use_case, own) for use_case in USE_CASES)
    result = app.update_identity(own, {"homes_managed": 12}, actor=Actor.operator("cli"), effective_on=DAY)
    assert app.history(result.aggregate_id)[-1].actor == "cli"


def test_the_committee_reads_a_cooperative_once_submitted_and_sees_only_those_in_the_network() -> None:
    own, other = UUID(int=1), UUID(int=2)
    member = actor_of(COM, own)
    assert not member.may_read(other) and not member.may_read(other, submitted=False)
    assert member.may_read(other, submitted=True) and member.may("read_audit", other, submitted=True)
    assert member.may("list_cooperatives") and member.sight("list_cooperatives") is Sight.SUBMITTED
    assert member.sight("read_network") is Sight.SUBMITTED
    assert actor_of(REF, own).sight("list_cooperatives") is Sight.OWN
    assert {actor_of(role, own).sight("list_cooperatives") for role in (FED, AUD)} == {Sight.ALL}
    assert actor_of(FED, own).may_read(other) and actor_of(AUD, own).may_read(other)  # the others read everything
    assert Actor.operator().sight("read_network") is Sight.ALL
