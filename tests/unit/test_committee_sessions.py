"""The committee's sessions as records: the federation holds them, a verdict names one and only its members."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from qualicoop_es.access import Actor, Role
from qualicoop_es.aggregates.committee_session import CommitteeSession, session_id
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import AlreadyExists, Forbidden, InvalidInput, NotFound
from tests.support import STAFF, committee, committee_member, submit

App = QualicoopApplication
HELD = date(2022, 4, 12)
FEDERATION = Actor("fed-1", Role.FEDERATION)


def hold(app: App, reference: str = "CV-2022-04", members: list[str] | None = None, actor: Actor = FEDERATION) -> None:
    app.hold_committee_session(actor=actor, reference=reference, held_on=HELD, members=members or committee(app))


def test_the_federation_holds_a_session_read_back_by_its_reference(app: App) -> None:
    hold(app, "cv-2022-04")
    session = app.committee_session("CV-2022-04")
    assert (session.reference, session.held_on, list(session.members)) == ("CV-2022-04", HELD, committee(app))
    assert session.recorded_by == "fed-1" and [s.reference for s in app.committee_sessions()] == ["CV-2022-04"]
    stored = list(app.events.get(session_id("CV-2022-04")))
    assert type(stored[0]).TOPIC == "qualicoop.committee_session.created.v1"


def test_a_reference_is_held_once(app: App) -> None:
    hold(app)
    with pytest.raises(AlreadyExists):
        hold(app, "cv-2022-04")


@pytest.mark.parametrize("reference", ["", "C", "CV 2022", "CV-2022-04/bis", "x" * 41])
def test_a_malformed_reference_is_refused(app: App, reference: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        hold(app, reference)
    assert caught.value.field == "reference"


def test_members_must_sit_on_the_committee_on_the_sessions_day(app: App) -> None:
    late = committee_member(app, "late", since=date(2022, 5, 1))
    with pytest.raises(InvalidInput) as caught:
        hold(app, members=[late])
    assert caught.value.field == "members" and late in caught.value.errors["members"][0]
    with pytest.raises(InvalidInput):
        CommitteeSession.hold(actor="fed-1", effective_on=HELD, reference="CV-1", held_on=HELD, members=[])


@pytest.mark.parametrize("role", [Role.COMMITTEE, Role.COOPERATIVE, Role.AUDITOR])
def test_only_the_federation_holds_a_session(app: App, role: Role) -> None:
    with pytest.raises(Forbidden):
        hold(app, actor=Actor("someone", role))
    with pytest.raises(NotFound):
        app.committee_session("CV-2022-04")


def _verdict(app: App, coop_id: UUID, reference: str, members: list[str]) -> None:
    judged = app.cooperative(coop_id).submission
    assert judged is not None
    app.record_verdict(coop_id, actor=STAFF, kind="validate", session_reference=reference, members_present=members,
                       rationale="Pertinent", judged_version=judged["version"], effective_on=HELD)  # fmt: skip


def test_a_verdict_at_a_session_names_only_its_members(app: App, complete_coop: UUID) -> None:
    submit(app, complete_coop)
    first, second = committee(app)
    hold(app, members=[first])
    with pytest.raises(InvalidInput) as caught:
        _verdict(app, complete_coop, "CV-2022-04", [first, second])
    assert "Membres absents de la séance CV-2022-04" in caught.value.errors["members_present"][0]
    _verdict(app, complete_coop, "cv-2022-04", [first])
    assert str(app.cooperative(complete_coop).phase) == "engaged"


def test_a_free_text_session_of_before_sessions_were_records_is_still_accepted_and_read(
    app: App, complete_coop: UUID
) -> None:
    submit(app, complete_coop)
    _verdict(app, complete_coop, "Comité du 12 avril 2022", committee(app))
    assert app.cooperative(complete_coop).last_verdict["session_reference"] == "Comité du 12 avril 2022"
