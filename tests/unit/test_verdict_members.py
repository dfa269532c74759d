"""Members present at a verdict: committee accounts on the verdict's business date, none from the coop judged."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from qualicoop_es.accounts.aggregate import Account
from qualicoop_es.accounts.roster import committee_member_on, standing_on
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput
from tests.support import STAFF, account_id, committee_member, submit

App = QualicoopApplication
DECIDED = date(2022, 4, 12)


def record(app: App, coop_id: UUID, members: list[str], on: date = DECIDED) -> None:
    judged = app.cooperative(coop_id).submission
    assert judged is not None
    app.record_verdict(coop_id, actor=STAFF, kind="validate", session_reference="Comité d'avril",
                       members_present=members, rationale="Pertinent", judged_version=judged["version"],
                       effective_on=on)  # fmt: skip


def refused(app: App, coop_id: UUID, members: list[str]) -> str:
    """The French message of the refusal; asserts nothing was stored."""
    before = app.cooperative(coop_id).version
    with pytest.raises(InvalidInput) as caught:
        record(app, coop_id, members)
    assert caught.value.field == "members_present"
    assert app.cooperative(coop_id).version == before
    return caught.value.errors["members_present"][0]


@pytest.fixture
def submitted(app: App, complete_coop: UUID) -> UUID:
    submit(app, complete_coop)
    return complete_coop


def test_a_ghost_member_id_is_refused_as_an_unknown_account_and_nothing_is_stored(app: App, submitted: UUID) -> None:
    message = refused(app, submitted, [committee_member(app), "ghost-member"])
    assert message == "Membres présents refusés : « ghost-member » (compte inconnu)."


def test_the_id_of_a_cooperative_is_no_account(app: App, submitted: UUID) -> None:
    assert "compte inconnu" in refused(app, submitted, [str(submitted)])


def test_a_member_granted_the_role_after_the_verdict_date_is_refused(app: App, submitted: UUID) -> None:
    late = committee_member(app, "late", since=date(2022, 5, 1))
    message = refused(app, submitted, [late])
    assert message == f"Membres présents refusés : « {late} » (pas membre du comité le 12/04/2022)."


def test_a_member_whose_role_was_revoked_before_the_verdict_date_is_refused(app: App, submitted: UUID) -> None:
    gone = committee_member(app, "gone", revoked_on=date(2022, 4, 11))
    assert "pas membre du comité le 12/04/2022" in refused(app, submitted, [committee_member(app), gone])


def test_a_member_affiliated_with_the_cooperative_judged_is_refused(app: App, submitted: UUID) -> None:
    inside = committee_member(app, "inside", affiliations=[submitted])
    message = refused(app, submitted, [inside])
    assert message == f"Membres présents refusés : « {inside} » (membre affilié à la coopérative jugée)."


def test_every_refused_member_is_named_with_its_reason(app: App, submitted: UUID) -> None:
    late = committee_member(app, "late", since=date(2023, 1, 1))
    message = refused(app, submitted, ["ghost", late])
    assert "« ghost » (compte inconnu) ; " in message and f"« {late} » (pas membre" in message


def test_a_valid_set_of_members_is_recorded_sorted(app: App, submitted: UUID) -> None:
    leaving = committee_member(app, "revoked-later", revoked_on=date(2022, 4, 13))
    members = [committee_member(app, "b"), committee_member(app, "a"), leaving]
    record(app, submitted, members)
    event = app.history(submitted)[-1]
    assert type(event).__name__ == "VerdictRecorded" and event.members_present == sorted(members)


def test_a_member_on_the_day_of_the_grant_and_until_the_eve_of_the_revocation_counts() -> None:
    app = App({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=lambda: date(2026, 11, 26))
    member = committee_member(app, "m", since=date(2022, 4, 12), revoked_on=date(2022, 4, 20))
    assert standing_on(app, member, date(2022, 4, 11)) is not None
    assert committee_member_on(app, member, date(2022, 4, 11)) is None
    assert committee_member_on(app, member, date(2022, 4, 12)) is not None
    assert committee_member_on(app, member, date(2022, 4, 19)) is not None
    assert committee_member_on(app, member, date(2022, 4, 20)) is None


def test_the_role_on_a_day_follows_business_dates_not_recording_order() -> None:
    """A revocation keyed in first but dated later, then a grant back-dated earlier: the grant held in between."""
    app = App({"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=lambda: date(2026, 11, 26))
    account = Account.open(
        account_id=UUID(account_id("late-keyed")), actor=STAFF.account_id, effective_on=date(2022, 1, 3)
    )
    account.grant(actor=STAFF.account_id, effective_on=date(2022, 3, 1), role="auditor")
    account.revoke(actor=STAFF.account_id, effective_on=date(2022, 6, 1))
    account.grant(actor=STAFF.account_id, effective_on=date(2022, 2, 1), role="committee")
    app.save(account)
    member = str(account.id)
    assert committee_member_on(app, member, date(2022, 2, 15)) is not None
    standing = standing_on(app, member, date(2022, 4, 1))  # the auditor grant of 1 March replaced it
    assert standing is not None and standing.role == "auditor"
    after = standing_on(app, member, date(2022, 7, 1))  # then the revocation of 1 June ended every role
    assert after is not None and after.role is None


def test_an_erased_person_is_no_longer_a_committee_member(app: App, submitted: UUID) -> None:
    member = committee_member(app, "erased")
    account = app.repository.get(UUID(member))
    assert isinstance(account, Account)
    account.erase(actor=STAFF.account_id, effective_on=date(2022, 3, 1))
    app.save(account)
    assert "pas membre du comité le 12/04/2022" in refused(app, submitted, [member])
