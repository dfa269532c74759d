"""Every transition of the approach, legal and illegal, one command at a time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from qualicoop_es.aggregates.standing import STEP_OF_PHASE, Mention
from qualicoop_es.aggregates.values import Phase, VerdictKind
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import Conflict, InvalidInput, LifecycleError
from tests.support import REFERENT, STAFF, committee, engaged, fill_dossier, register, submit, verdict

App = QualicoopApplication
LATER = date(2026, 1, 5)


def reach(app: App, phase: str) -> UUID:
    """A cooperative brought to ``phase`` through its legal path."""
    if phase in ("preparing", "left"):
        coop_id = register(app)
        fill_dossier(app, coop_id)
        if phase == "left":
            app.leave_approach(coop_id, actor=STAFF, reason="Choix du conseil", effective_on=date(2022, 5, 1))
        return coop_id
    if phase == "submitted":
        coop_id = register(app)
        fill_dossier(app, coop_id)
        submit(app, coop_id)
        return coop_id
    coop_id = engaged(app)
    if phase == "withdrawn":
        app.withdraw_mention(coop_id, actor=STAFF, reason="Engagements non tenus", effective_on=date(2022, 6, 1))
    if phase in ("bilan_submitted", "confirmed", "continue_work"):
        app.submit_bilan(coop_id, actor=REFERENT, summary="Bilan", effective_on=date(2023, 9, 15))
    if phase == "confirmed":
        verdict(app, coop_id, "confirm", date(2023, 10, 10))
    if phase == "continue_work":
        verdict(app, coop_id, "continue_work", date(2023, 10, 10), axes=[2], next_bilan_due=date(2024, 6, 30))
    return coop_id


def first_indicator(app: App, coop_id: UUID) -> str:
    return next(iter(app.cooperative(coop_id).dossier["engagements"]["1"]["indicators"]))


COMMANDS: dict[str, Callable[[App, UUID], Any]] = {
    "request_kit": lambda app, c: app.request_kit(c, actor=STAFF, effective_on=LATER),
    "hold_first_meeting": lambda app, c: app.hold_first_meeting(c, actor=STAFF, effective_on=LATER),
    "update_identity": lambda app, c: app.update_identity(c, {"staff": 99}, actor=REFERENT, effective_on=LATER),
    "update_intent_note": lambda app, c: app.update_intent_note(c, {"ambitions": "Autre"}, actor=REFERENT,
                                                                effective_on=LATER),
    "change_dossier": lambda app, c: app.add_action(c, 1, actor=REFERENT, title="Nouvelle action", effective_on=LATER),
    "readjust_objectives": lambda app, c: app.readjust_objectives(
        c, [{"op": "add_action", "number": 1, "title": "Autre action"}], actor=REFERENT, reason="Motif",
        effective_on=LATER),
    "submit_dossier": lambda app, c: app.submit_dossier(c, actor=REFERENT, effective_on=LATER),
    "record_verdict_validate": lambda app, c: app.record_verdict(
        c, actor=STAFF, kind="validate", session_reference="S", members_present=committee(app), rationale="R",
        judged_version=1, effective_on=LATER),
    "record_verdict_confirm": lambda app, c: app.record_verdict(
        c, actor=STAFF, kind="confirm", session_reference="S", members_present=committee(app), rationale="R",
        judged_version=1, effective_on=LATER),
    "hold_checkpoint": lambda app, c: app.hold_checkpoint(c, actor=STAFF, summary="Point", effective_on=LATER),
    "measure_indicator": lambda app, c: app.measure_indicator(c, first_indicator(app, c), "1", actor=REFERENT,
                                                              effective_on=LATER),
    "submit_bilan": lambda app, c: app.submit_bilan(c, actor=REFERENT, summary="Bilan", effective_on=LATER),
    "award_diploma": lambda app, c: app.award_diploma(c, actor=STAFF, mention="engagee", ceremony="Congrès",
                                                      effective_on=LATER),
    "leave_approach": lambda app, c: app.leave_approach(c, actor=STAFF, reason="Départ", effective_on=LATER),
    "withdraw_mention": lambda app, c: app.withdraw_mention(c, actor=STAFF, reason="Retrait", effective_on=LATER),
}  # fmt: skip

ILLEGAL = [
    ("request_kit", "submitted"),
    ("hold_first_meeting", "engaged"),
    ("update_identity", "submitted"),
    ("update_intent_note", "bilan_submitted"),
    ("change_dossier", "engaged"),
    ("readjust_objectives", "preparing"),
    ("readjust_objectives", "bilan_submitted"),
    ("submit_dossier", "engaged"),
    ("record_verdict_validate", "preparing"),
    ("record_verdict_confirm", "engaged"),
    ("hold_checkpoint", "submitted"),
    ("measure_indicator", "preparing"),
    ("submit_bilan", "submitted"),
    ("award_diploma", "left"),
    ("leave_approach", "left"),
    ("withdraw_mention", "preparing"),
    ("withdraw_mention", "withdrawn"),
]


@pytest.mark.parametrize(("command", "phase"), ILLEGAL, ids=[f"{c}-in-{p}" for c, p in ILLEGAL])
def test_a_command_in_the_wrong_phase_raises_a_lifecycle_error_naming_the_phase_and_stores_nothing(
    app: App, command: str, phase: str
) -> None:
    coop_id = reach(app, phase)
    version = app.cooperative(coop_id).version
    if phase == "left" and command == "award_diploma":
        coop_id = engaged(app, 2)
        app.leave_approach(coop_id, actor=STAFF, reason="Départ", effective_on=date(2022, 5, 1))
        version = app.cooperative(coop_id).version
    with pytest.raises(LifecycleError) as caught:
        COMMANDS[command](app, coop_id)
    step = STEP_OF_PHASE[Phase(phase)]
    assert caught.value.phase == phase
    assert (caught.value.to_dict()["phase"], caught.value.to_dict()["step"]) == (phase, step.value)
    if command not in ("leave_approach", "award_diploma"):
        assert f"à l'étape « {step.label} »" in caught.value.message
    assert app.cooperative(coop_id).version == version


LEGAL = [
    ("request_kit", "preparing-fresh", "preparing"),
    ("hold_first_meeting", "preparing-kit", "preparing"),
    ("update_identity", "preparing", "preparing"),
    ("update_identity", "engaged", "engaged"),
    ("update_intent_note", "confirmed", "confirmed"),
    ("change_dossier", "preparing", "preparing"),
    ("readjust_objectives", "engaged", "engaged"),
    ("readjust_objectives", "confirmed", "confirmed"),
    ("readjust_objectives", "continue_work", "continue_work"),
    ("submit_dossier", "preparing", "submitted"),
    ("hold_checkpoint", "engaged", "engaged"),
    ("hold_checkpoint", "continue_work", "continue_work"),
    ("measure_indicator", "engaged", "engaged"),
    ("measure_indicator", "bilan_submitted", "bilan_submitted"),
    ("submit_bilan", "engaged", "bilan_submitted"),
    ("submit_bilan", "confirmed", "bilan_submitted"),
    ("submit_bilan", "continue_work", "bilan_submitted"),
    ("award_diploma", "engaged", "engaged"),
    ("leave_approach", "preparing", "left"),
    ("leave_approach", "confirmed", "left"),
    ("withdraw_mention", "engaged", "withdrawn"),
    ("withdraw_mention", "bilan_submitted", "withdrawn"),
]


@pytest.mark.parametrize(("command", "start", "end"), LEGAL, ids=[f"{c}-in-{s}" for c, s, _ in LEGAL])
def test_a_command_in_an_allowed_phase_stores_one_event_and_reaches_the_expected_phase(
    app: App, command: str, start: str, end: str
) -> None:
    if start == "preparing-fresh":
        coop_id = app.register_cooperative(actor=STAFF, name="Coop", siren="732829320", legal_form="SCIC",
                                           departement="2B", activities=["locatif_social"],
                                           effective_on=date(2025, 12, 1)).aggregate_id  # fmt: skip
    elif start == "preparing-kit":
        coop_id = app.register_cooperative(actor=STAFF, name="Coop", siren="732829320", legal_form="SCIC",
                                           departement="2B", activities=["locatif_social"],
                                           effective_on=date(2025, 12, 1)).aggregate_id  # fmt: skip
        app.request_kit(coop_id, actor=STAFF, effective_on=date(2026, 1, 2))
    else:
        coop_id = reach(app, start)
    version = app.cooperative(coop_id).version
    result = COMMANDS[command](app, coop_id)
    coop = app.cooperative(coop_id)
    assert (result.version, coop.version) == (version + 1, version + 1)
    assert coop.phase is Phase(end)


def test_validation_engages_the_cooperative_from_the_decision_date(app: App) -> None:
    coop = app.cooperative(reach(app, "engaged"))
    assert (coop.phase, coop.phase_since, coop.engaged_on) == (Phase.ENGAGED, date(2022, 4, 1), date(2022, 4, 1))
    assert coop.last_verdict is not None and coop.last_verdict["kind"] is VerdictKind.VALIDATE


def test_asking_to_mature_sends_the_dossier_back_to_preparation_and_it_can_be_resubmitted(app: App) -> None:
    coop_id = reach(app, "submitted")
    verdict(app, coop_id, "mature", date(2022, 4, 1))
    coop = app.cooperative(coop_id)
    assert (coop.phase, coop.submission) == (Phase.PREPARING, None)
    app.add_action(coop_id, 1, actor=REFERENT, title="Action mûrie", effective_on=date(2022, 4, 5))
    judged = submit(app, coop_id, date(2022, 5, 2))
    assert judged == coop.version + 1
    assert app.cooperative(coop_id).phase is Phase.SUBMITTED


def test_continue_work_then_a_new_bilan_then_confirmation(app: App) -> None:
    coop_id = reach(app, "continue_work")
    coop = app.cooperative(coop_id)
    assert (coop.phase, coop.next_bilan_due, coop.last_verdict["axes"]) == (Phase.CONTINUE_WORK, date(2024, 6, 30), [2])
    app.submit_bilan(coop_id, actor=REFERENT, summary="Nouveau bilan", effective_on=date(2024, 6, 1))
    verdict(app, coop_id, "confirm", date(2024, 6, 20))
    coop = app.cooperative(coop_id)
    assert (coop.phase, coop.confirmations, coop.valid_until) == (Phase.CONFIRMED, 1, date(2026, 6, 20))


def test_continue_work_needs_named_axes_among_the_chosen_engagements_and_a_later_bilan_date(app: App) -> None:
    coop_id = reach(app, "bilan_submitted")
    with pytest.raises(InvalidInput) as no_axes:
        verdict(app, coop_id, "continue_work", date(2023, 10, 10), next_bilan_due=date(2024, 6, 30))
    assert no_axes.value.field == "axes"
    with pytest.raises(InvalidInput) as unknown:
        verdict(app, coop_id, "continue_work", date(2023, 10, 10), axes=[12], next_bilan_due=date(2024, 6, 30))
    assert unknown.value.field == "axes"
    with pytest.raises(InvalidInput) as early:
        verdict(app, coop_id, "continue_work", date(2023, 10, 10), axes=[2], next_bilan_due=date(2023, 10, 10))
    assert early.value.field == "next_bilan_due"


def test_the_kit_cannot_be_requested_twice_nor_the_first_meeting_held_before_it(app: App) -> None:
    coop_id = app.register_cooperative(actor=STAFF, name="Coop", siren="732829320", legal_form="SCP",
                                       departement="01", activities=["locatif_social"]).aggregate_id  # fmt: skip
    with pytest.raises(Conflict, match="demandez d'abord le kit"):
        app.hold_first_meeting(coop_id, actor=STAFF)
    app.request_kit(coop_id, actor=STAFF)
    with pytest.raises(Conflict, match="déjà été demandé"):
        app.request_kit(coop_id, actor=STAFF)
    assert app.cooperative(coop_id).version == 2


def test_a_diploma_is_awarded_once_per_decision_and_only_for_a_granted_mention(app: App) -> None:
    coop_id = reach(app, "engaged")
    with pytest.raises(Conflict, match="n'a pas été accordée"):
        app.award_diploma(coop_id, actor=STAFF, mention="confirmee", ceremony="Congrès")
    app.award_diploma(coop_id, actor=STAFF, mention="engagee", ceremony="Congrès", effective_on=date(2022, 9, 1))
    with pytest.raises(Conflict, match="déjà été remis"):
        app.award_diploma(coop_id, actor=STAFF, mention="engagee", ceremony="Congrès")
    assert app.cooperative(coop_id).diplomas == [
        {"mention": Mention.ENGAGED, "decision_on": date(2022, 4, 1), "awarded_on": date(2022, 9, 1)}
    ]
