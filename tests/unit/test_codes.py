"""The codes of the approach are real enums: parsed at the command's boundary (the enum or its value), upcast from
the strings released events and snapshots stored."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.standing import GRANTED, Mention
from qualicoop_es.aggregates.values import Phase, VerdictKind
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput
from tests.support import STAFF, committee, engaged, fill_dossier, register, submit


def test_a_code_parses_from_its_member_or_its_value_and_names_the_field_otherwise() -> None:
    assert VerdictKind.parse("validate", "kind") is VerdictKind.VALIDATE
    assert VerdictKind.parse(VerdictKind.MATURE, "kind") is VerdictKind.MATURE
    assert Mention.parse("confirmee", "mention", GRANTED) is Mention.CONFIRMED
    with pytest.raises(InvalidInput) as caught:
        Mention.parse("expired", "mention", GRANTED)
    assert caught.value.errors == {
        "mention": [
            "Valeur attendue parmi : « Quali'Coop Engagée ! » (engagee), « Quali'Coop Confirmée ! » (confirmee)."
        ]
    }
    for bad in ("VALIDATE", None, 3, Mention.ENGAGED):
        with pytest.raises(InvalidInput, match=r"^kind: "):
            VerdictKind.parse(bad, "kind")


def test_str_of_a_code_is_its_value_as_every_output_shows_it() -> None:
    assert (str(Phase.BILAN_SUBMITTED), f"{Mention.ENGAGED}", str(VerdictKind.CONTINUE_WORK)) == (
        "bilan_submitted", "engagee", "continue_work")  # fmt: skip


def test_a_verdict_accepts_the_enum_and_refuses_an_unknown_kind_naming_the_field(app: QualicoopApplication) -> None:
    coop_id = register(app)
    fill_dossier(app, coop_id)
    version = submit(app, coop_id)
    common: dict[str, Any] = dict(actor=STAFF, session_reference="S", members_present=committee(app), rationale="R",
                                  judged_version=version, effective_on=date(2022, 4, 1))  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        app.record_verdict(coop_id, kind="approve", **common)
    assert caught.value.field == "kind"
    app.record_verdict(coop_id, kind=VerdictKind.VALIDATE, **common)
    assert app.cooperative(coop_id).phase is Phase.ENGAGED


def test_a_diploma_takes_a_granted_mention_as_enum_or_value(app: QualicoopApplication) -> None:
    coop_id = engaged(app)
    with pytest.raises(InvalidInput) as caught:
        app.award_diploma(coop_id, actor=STAFF, mention="withdrawn", ceremony="Congrès")
    assert caught.value.field == "mention"
    app.award_diploma(coop_id, actor=STAFF, mention=Mention.ENGAGED, ceremony="Congrès", effective_on=date(2022, 9, 1))
    assert app.cooperative(coop_id).diplomas[0]["mention"] is Mention.ENGAGED


def test_released_events_with_string_codes_are_upcast_to_enums() -> None:
    verdict: dict[str, Any] = {"kind": "continue_work", "axes": [2]}
    Cooperative.VerdictRecorded.upcast_v1_v2(verdict)
    diploma: dict[str, Any] = {"mention": "engagee"}
    Cooperative.DiplomaAwarded.upcast_v1_v2(diploma)
    assert (verdict["kind"], diploma["mention"]) == (VerdictKind.CONTINUE_WORK, Mention.ENGAGED)


def test_a_version_2_snapshot_state_of_strings_is_upcast_to_enums() -> None:
    state: dict[str, Any] = {
        "phase": "continue_work",
        "standing": {"mention": "engagee", "held_until": date(2024, 6, 30)},
        "last_verdict": {"kind": "continue_work", "on": date(2023, 10, 10)},
        "diplomas": [{"mention": "engagee", "decision_on": date(2022, 4, 1), "awarded_on": date(2022, 9, 1)}],
    }
    Cooperative.upcast_v2_v3(state)
    assert (state["phase"], state["standing"]["mention"], state["last_verdict"]["kind"]) == (
        Phase.CONTINUE_WORK, Mention.ENGAGED, VerdictKind.CONTINUE_WORK)  # fmt: skip
    assert state["diplomas"][0]["mention"] is Mention.ENGAGED
    assert state["standing"]["held_until"] == date(2024, 6, 30)


def test_every_dossier_operation_has_its_input_parser() -> None:
    from qualicoop_es.aggregates import operation_inputs, operations

    assert set(operation_inputs.PARSERS) == set(operations.NAMES)
