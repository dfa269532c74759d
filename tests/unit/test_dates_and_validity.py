"""Date guards, stale verdicts, the 18-month and 2-year validity and the derived « expired » status."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from qualicoop_es.aggregates.standing import Mention, Step
from qualicoop_es.aggregates.values import Phase, add_months
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import Conflict, InvalidInput
from tests.support import REFERENT, STAFF, TODAY, account_id, committee, fill_dossier, register, submit, verdict

App = QualicoopApplication


def test_a_date_in_the_future_is_refused_and_today_is_accepted(app: App, engaged_coop: UUID) -> None:
    with pytest.raises(InvalidInput, match="futur") as caught:
        app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point", effective_on=TODAY + timedelta(days=1))
    assert caught.value.field == "effective_on"
    assert app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point", effective_on=TODAY).version == 32


def test_registering_with_a_future_date_is_refused(app: App) -> None:
    with pytest.raises(InvalidInput, match="futur"):
        app.register_cooperative(actor=STAFF, name="Coop", siren="732829320", legal_form="SCP", departement="35",
                                 activities=["locatif_social"], effective_on=date(2027, 1, 1))  # fmt: skip
    assert list(app.cooperative_ids()) == []


def test_a_date_before_the_start_of_the_current_phase_is_refused(app: App, engaged_coop: UUID) -> None:
    with pytest.raises(InvalidInput, match=r"début de l'étape en cours \(1er avril 2022\)"):
        app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point", effective_on=date(2022, 3, 31))
    app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point", effective_on=date(2022, 4, 1))
    assert app.cooperative(engaged_coop).last_checkpoint_on == date(2022, 4, 1)


def test_a_phase_change_before_the_latest_recorded_fact_is_refused_and_stores_nothing(
    app: App, engaged_coop: UUID
) -> None:
    app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point", effective_on=date(2022, 10, 3))
    version = app.cooperative(engaged_coop).version
    with pytest.raises(InvalidInput, match=r"dernier fait enregistré \(3 octobre 2022\)"):
        app.leave_approach(engaged_coop, actor=STAFF, reason="Départ", effective_on=date(2022, 9, 1))
    with pytest.raises(InvalidInput, match="dernier fait"):
        app.withdraw_mention(engaged_coop, actor=STAFF, reason="Retrait", effective_on=date(2022, 9, 1))
    assert app.cooperative(engaged_coop).version == version
    # a non-phase-changing fact may still be dated earlier within the phase
    app.hold_checkpoint(engaged_coop, actor=STAFF, summary="Point rattrapé", effective_on=date(2022, 9, 1))
    assert app.cooperative(engaged_coop).latest_effective_on == date(2022, 10, 3)


def test_a_measurement_dated_before_its_indicator_was_defined_is_refused(app: App, engaged_coop: UUID) -> None:
    app.readjust_objectives(engaged_coop, [{"op": "define_indicator", "number": 2, "fields": {
        "label": "Nouvel indicateur", "unit": "%", "target": "50", "target_date": date(2024, 1, 1)}}],
        actor=REFERENT, reason="Mesurer autrement", effective_on=date(2023, 1, 10))  # fmt: skip
    new_id = sorted(app.cooperative(engaged_coop).dossier["engagements"]["2"]["indicators"])[-1]
    with pytest.raises(InvalidInput, match="précède la définition"):
        app.measure_indicator(engaged_coop, new_id, "3", actor=REFERENT, effective_on=date(2022, 12, 1))
    app.measure_indicator(engaged_coop, new_id, "3,5", actor=REFERENT, effective_on=date(2023, 1, 10))
    assert app.cooperative(engaged_coop).measurements[new_id]["value"] == Decimal("3.5")


def test_a_verdict_on_a_stale_judged_version_is_refused_and_stores_nothing(app: App, complete_coop: UUID) -> None:
    judged = submit(app, complete_coop)
    with pytest.raises(Conflict, match=f"version déposée est la {judged}"):
        app.record_verdict(complete_coop, actor=STAFF, kind="validate", session_reference="S", members_present=committee(app),
                           rationale="R", judged_version=judged - 1, effective_on=date(2022, 4, 1))  # fmt: skip
    coop = app.cooperative(complete_coop)
    assert (coop.phase, coop.version) == (Phase.SUBMITTED, judged + 1)


def test_the_verdict_records_the_judged_version_and_the_digest_of_the_submitted_dossier(
    app: App, complete_coop: UUID
) -> None:
    judged = submit(app, complete_coop)
    verdict(app, complete_coop, "validate", date(2022, 4, 1))
    event = app.history(complete_coop)[-1]
    assert (event.judged_version, event.judged_digest) == (judged, app.cooperative(complete_coop).submission["digest"])
    assert event.members_present == sorted([account_id("member-1"), account_id("member-2")])


def test_validation_grants_the_engaged_mention_for_18_months(app: App, engaged_coop: UUID) -> None:
    coop = app.cooperative(engaged_coop)
    assert coop.engaged_until == coop.next_bilan_due == date(2023, 10, 1)
    view = coop.standing_on(date(2022, 4, 1))
    assert (view.mention, view.mention_since, view.valid_until) == (
        Mention.ENGAGED,
        date(2022, 4, 1),
        date(2023, 10, 1),
    )
    assert (view.step, view.due, view.due_from) == (Step.IMPLEMENTING, date(2023, 10, 1), date(2023, 7, 1))


def test_confirmation_grants_the_confirmed_mention_for_2_years_and_renewal_restarts_the_clock(
    app: App, engaged_coop: UUID
) -> None:
    app.submit_bilan(engaged_coop, actor=REFERENT, summary="Bilan", effective_on=date(2023, 9, 15))
    verdict(app, engaged_coop, "confirm", date(2023, 10, 10))
    assert app.cooperative(engaged_coop).valid_until == date(2025, 10, 10)
    app.submit_bilan(engaged_coop, actor=REFERENT, summary="Bilan", effective_on=date(2025, 9, 1))
    verdict(app, engaged_coop, "confirm", date(2025, 10, 1))
    coop = app.cooperative(engaged_coop)
    assert (coop.valid_until, coop.confirmations, coop.confirmed_on) == (date(2027, 10, 1), 2, date(2025, 10, 1))


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2022, 8, 31), 18, date(2024, 2, 29)),
    (date(2023, 8, 31), 18, date(2025, 2, 28)),
    (date(2024, 2, 29), 24, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2023, 5, 31), 18, date(2024, 11, 30)),
    (date(2022, 4, 1), 18, date(2023, 10, 1)),
    (date(2022, 12, 15), 24, date(2024, 12, 15)),
])  # fmt: skip
def test_adding_months_clamps_to_the_end_of_a_shorter_month(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_a_validation_on_31_august_is_valid_until_the_end_of_february(app: App) -> None:
    coop_id = register(app, on=date(2023, 6, 1))
    fill_dossier(app, coop_id, on=date(2023, 7, 1))
    submit(app, coop_id, date(2023, 8, 1))
    verdict(app, coop_id, "validate", date(2023, 8, 31))
    assert app.cooperative(coop_id).engaged_until == date(2025, 2, 28)


def test_an_engaged_mention_is_expired_the_day_after_its_18_months_with_no_bilan(app: App, engaged_coop: UUID) -> None:
    coop = app.cooperative(engaged_coop)
    assert coop.standing_on(date(2023, 10, 1)).mention == Mention.ENGAGED
    expired = coop.standing_on(date(2023, 10, 2))
    assert (expired.mention, expired.expired_on, expired.step, expired.overdue) == (
        Mention.EXPIRED, date(2023, 10, 2), Step.IMPLEMENTING, True)  # fmt: skip
    assert coop.standing_on(TODAY).mention == Mention.EXPIRED
    assert coop.phase == Phase.ENGAGED  # expiry is derived, never stored


def test_a_bilan_submitted_in_time_keeps_the_mention_from_expiring(app: App, engaged_coop: UUID) -> None:
    app.submit_bilan(engaged_coop, actor=REFERENT, summary="Bilan", effective_on=date(2023, 9, 15))
    view = app.cooperative(engaged_coop).standing_on(TODAY)
    assert (view.mention, view.valid_until, view.step) == (Mention.ENGAGED, None, Step.BILAN_REVIEW)
    assert view.pending is not None and view.pending["kind"] == "bilan"


def test_a_confirmed_mention_expires_after_2_years_and_a_continue_work_after_its_bilan_date(
    app: App, engaged_coop: UUID
) -> None:
    app.submit_bilan(engaged_coop, actor=REFERENT, summary="Bilan", effective_on=date(2023, 9, 15))
    verdict(app, engaged_coop, "confirm", date(2023, 10, 10))
    coop = app.cooperative(engaged_coop)
    on = coop.standing_on
    assert (on(date(2025, 10, 10)).mention, on(date(2025, 10, 11)).mention) == (Mention.CONFIRMED, Mention.EXPIRED)
    other = register(app, 2)
    fill_dossier(app, other)
    submit(app, other)
    verdict(app, other, "validate", date(2022, 4, 1))
    app.submit_bilan(other, actor=REFERENT, summary="Bilan", effective_on=date(2023, 9, 1))
    verdict(app, other, "continue_work", date(2023, 9, 20), axes=[1, 5], next_bilan_due=date(2024, 3, 31))
    coop = app.cooperative(other)
    assert (coop.standing_on(date(2024, 3, 31)).mention, coop.standing_on(date(2024, 3, 31)).step) == (
        Mention.ENGAGED, Step.CONTINUE_WORK)  # fmt: skip
    assert coop.standing_on(date(2024, 4, 1)).mention == Mention.EXPIRED


def test_a_cooperative_that_left_the_approach_never_shows_as_expired(app: App, engaged_coop: UUID) -> None:
    app.leave_approach(engaged_coop, actor=STAFF, reason="Départ", effective_on=date(2022, 6, 1))
    view = app.cooperative(engaged_coop).standing_on(TODAY)
    assert (view.mention, view.step, view.overdue) == (Mention.NONE, Step.LEFT, False)
