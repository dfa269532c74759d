"""One definition of time: facts in business-date order, the mention apart from the step, the seed's steps."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from qualicoop_es.aggregates.standing import Mention, Step
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import Conflict, InvalidInput, RuleViolation
from tests.support import REFERENT, STAFF, committee, fill_dossier, register, siren, submit, verdict

App = QualicoopApplication


def _target(app: App, coop_id: UUID, indicator: str, day: date | None = None) -> str:
    coop = app.as_of(coop_id, day) if day else app.cooperative(coop_id)
    assert coop is not None
    return str(next(e["indicators"][indicator]["target"] for e in coop.dossier["engagements"].values()
                    if indicator in e["indicators"]))  # fmt: skip


def _readjust(app: App, coop_id: UUID, indicator: str, target: str, on: date) -> None:
    app.readjust_objectives(coop_id, [{"op": "revise_indicator", "indicator_id": indicator,
                                       "changes": {"target": target}}],
                            actor=REFERENT, reason="Réajustement", effective_on=on)  # fmt: skip


def test_a_readjustment_keyed_late_with_an_earlier_date_never_overrides_a_later_dated_one(
    app: App, engaged_coop: UUID
) -> None:
    indicator = next(iter(app.cooperative(engaged_coop).dossier["engagements"]["1"]["indicators"]))
    _readjust(app, engaged_coop, indicator, "50", date(2023, 3, 2))
    _readjust(app, engaged_coop, indicator, "40", date(2023, 2, 3))  # keyed later, dated earlier
    assert _target(app, engaged_coop, indicator) == "50"  # the target in force since 2 March
    assert _target(app, engaged_coop, indicator, date(2023, 3, 15)) == "50"
    assert _target(app, engaged_coop, indicator, date(2023, 2, 20)) == "40"
    assert _target(app, engaged_coop, indicator, date(2023, 2, 2)) == "100"
    replayed = app.as_of(engaged_coop, date(2026, 1, 1))
    assert replayed is not None and replayed.state() == app.cooperative(engaged_coop).state()


def test_the_state_as_recorded_at_a_time_keeps_only_the_facts_recorded_by_then(app: App, engaged_coop: UUID) -> None:
    recorded = app.as_of(engaged_coop, date(2099, 1, 1), basis="recorded")
    assert recorded is not None and recorded.version == app.cooperative(engaged_coop).version
    assert app.as_of(engaged_coop, date(2000, 1, 1), basis="recorded") is None


def test_a_removal_dated_before_a_later_fact_on_the_item_is_refused_and_stores_nothing(
    app: App, engaged_coop: UUID
) -> None:
    indicator = next(iter(app.cooperative(engaged_coop).dossier["engagements"]["1"]["indicators"]))
    app.measure_indicator(engaged_coop, indicator, "12", actor=REFERENT, effective_on=date(2023, 5, 1))
    version = app.cooperative(engaged_coop).version
    with pytest.raises(InvalidInput, match=r"dernier fait enregistré sur l'élément supprimé \(1er mai 2023\)"):
        app.readjust_objectives(engaged_coop, [{"op": "drop_engagement", "number": 1, "reason": "Abandon"}],
                                actor=REFERENT, reason="Recentrage", effective_on=date(2023, 4, 1))  # fmt: skip
    assert app.cooperative(engaged_coop).version == version


def test_a_back_dated_change_that_breaks_the_rules_at_a_later_date_is_refused(app: App, engaged_coop: UUID) -> None:
    extra = {"op": "choose_engagement", "number": 12, "activities": ["locatif_social"], "context": "Ajout"}
    action = {"op": "add_action", "number": 12, "title": "Agir"}
    indicator = {"op": "define_indicator", "number": 12, "fields": {"label": "Taux", "unit": "%", "target": "5",
                                                                     "target_date": date(2025, 1, 1)}}  # fmt: skip
    app.readjust_objectives(engaged_coop, [extra, action, indicator], actor=REFERENT, reason="Ajout",
                            effective_on=date(2023, 6, 1))  # fmt: skip
    version = app.cooperative(engaged_coop).version
    # today 9 engagements: dropping n°3 leaves 8 (valid now), but between 1 May and 1 June only 7 would be chosen
    drop = [{"op": "drop_engagement", "number": 3, "reason": "Trop"}]
    with pytest.raises(RuleViolation, match=r"Au 1er mai 2023, le dossier ne respecterait plus les règles"):
        app.readjust_objectives(engaged_coop, drop, actor=REFERENT, reason="Recentrage", effective_on=date(2023, 5, 1))
    assert app.cooperative(engaged_coop).version == version
    app.readjust_objectives(engaged_coop, drop, actor=REFERENT, reason="Recentrage", effective_on=date(2023, 6, 2))
    assert sorted(app.cooperative(engaged_coop).dossier["engagements"], key=int) == ["1", "2", "5", "6", "7", "9",
                                                                                      "10", "12"]  # fmt: skip


def test_a_dossier_is_submitted_only_after_the_kit_request_and_the_first_meeting(app: App) -> None:
    coop_id = app.register_cooperative(actor=STAFF, name="Coop sans kit", siren=siren(40), legal_form="SCP",
                                       departement="35", activities=["locatif_social"],
                                       effective_on=date(2022, 1, 10)).aggregate_id  # fmt: skip
    fill_dossier(app, coop_id)
    with pytest.raises(RuleViolation) as caught:
        app.submit_dossier(coop_id, actor=REFERENT, effective_on=date(2022, 3, 1))
    assert [f.rule for f in caught.value.failures] == ["kit_requested", "first_meeting_held"]
    app.request_kit(coop_id, actor=STAFF, effective_on=date(2022, 3, 1))
    app.hold_first_meeting(coop_id, actor=STAFF, effective_on=date(2022, 3, 1))
    assert submit(app, coop_id, date(2022, 3, 2)) > 0


def test_a_bilan_is_accepted_from_month_15_and_a_refusal_names_that_day(app: App, engaged_coop: UUID) -> None:
    with pytest.raises(RuleViolation, match="recevable à partir du 1er juillet 2023") as caught:
        app.submit_bilan(engaged_coop, actor=REFERENT, summary="Trop tôt", effective_on=date(2022, 10, 1))
    assert caught.value.failures[0].details == {"accepted_from": "2023-07-01", "due": "2023-10-01"}
    app.submit_bilan(engaged_coop, actor=REFERENT, summary="Bilan", effective_on=date(2023, 7, 1))
    verdict(app, engaged_coop, "confirm", date(2023, 7, 20))
    with pytest.raises(RuleViolation, match="recevable à partir du 20 avril 2025"):
        app.submit_bilan(engaged_coop, actor=REFERENT, summary="Trop tôt", effective_on=date(2024, 1, 5))


def test_a_confirmed_cooperative_that_renews_in_time_keeps_its_mention_while_the_committee_rules(
    app: App, engaged_coop: UUID
) -> None:
    app.submit_bilan(engaged_coop, actor=REFERENT, summary="Bilan", effective_on=date(2023, 9, 1))
    verdict(app, engaged_coop, "confirm", date(2023, 9, 20))
    app.submit_bilan(engaged_coop, actor=REFERENT, summary="Renouvellement", effective_on=date(2025, 9, 1))
    view = app.cooperative(engaged_coop).standing_on(date(2026, 3, 1))  # months after the validity's end
    assert (view.mention, view.step, view.valid_until) == (Mention.CONFIRMED, Step.BILAN_REVIEW, None)
    assert view.pending is not None and view.pending["kind"] == "bilan"


def test_continue_work_keeps_the_mention_until_the_next_bilan_date_then_it_expires(app: App) -> None:
    coop_id = register(app, 2)
    fill_dossier(app, coop_id)
    submit(app, coop_id)
    verdict(app, coop_id, "validate", date(2022, 4, 1))
    app.submit_bilan(coop_id, actor=REFERENT, summary="Bilan", effective_on=date(2023, 9, 1))
    verdict(app, coop_id, "continue_work", date(2023, 9, 20), axes=[1], next_bilan_due=date(2024, 6, 30))
    coop = app.cooperative(coop_id)
    held = coop.standing_on(date(2024, 6, 30))
    assert (held.mention, held.step, held.valid_until) == (Mention.ENGAGED, Step.CONTINUE_WORK, date(2024, 6, 30))
    expired = coop.standing_on(date(2024, 7, 1))
    assert (expired.mention, expired.expired_on, expired.overdue) == (Mention.EXPIRED, date(2024, 7, 1), True)


def test_a_bilan_no_committee_judged_after_the_validity_lapsed_shows_the_mention_expired(app: App) -> None:
    coop_id = register(app, 3)
    fill_dossier(app, coop_id)
    submit(app, coop_id)
    verdict(app, coop_id, "validate", date(2022, 4, 1))
    app.submit_bilan(coop_id, actor=REFERENT, summary="Bilan tardif", effective_on=date(2023, 12, 1))
    view = app.cooperative(coop_id).standing_on(date(2024, 1, 1))
    assert (view.mention, view.expired_on, view.step) == (Mention.EXPIRED, date(2023, 10, 2), Step.BILAN_REVIEW)


def test_a_fact_before_the_registration_is_refused_naming_the_day(app: App, coop_id: UUID) -> None:
    with pytest.raises(InvalidInput, match=r"précède l'enregistrement de la coopérative \(10 janvier 2022\)"):
        app.update_identity(coop_id, {"members": 12}, actor=REFERENT, effective_on=date(2021, 12, 31))


def test_a_verdict_dated_before_the_submission_it_judges_is_refused(app: App, complete_coop: UUID) -> None:
    judged = submit(app, complete_coop, date(2022, 3, 1))
    with pytest.raises((InvalidInput, Conflict), match="1er mars 2022"):
        app.record_verdict(complete_coop, actor=STAFF, kind="validate", session_reference="S",
                           members_present=committee(app), rationale="R", judged_version=judged,
                           effective_on=date(2022, 2, 1))  # fmt: skip
