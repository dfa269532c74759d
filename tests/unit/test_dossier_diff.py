"""What changed in a dossier between two versions, field by field, with French labels."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.dossier_diff import diff
from qualicoop_es.errors import InvalidInput, NotFound
from tests.support import REFERENT

App = QualicoopApplication


@pytest.fixture
def dossier(app: App, complete_coop: UUID) -> dict[str, Any]:
    return copy.deepcopy(app.cooperative(complete_coop).dossier)


def test_two_identical_dossiers_have_no_difference(dossier: dict[str, Any]) -> None:
    assert diff(dossier, copy.deepcopy(dossier)) == []


def test_a_changed_indicator_target_is_one_change_with_plain_values_and_a_french_label(dossier: dict[str, Any]) -> None:
    after = copy.deepcopy(dossier)
    after["engagements"]["3"]["indicators"]["I7"]["target"] = Decimal("80")
    after["engagements"]["3"]["indicators"]["I7"]["readjusted"] = True  # bookkeeping: not reported
    assert diff(dossier, after) == [{
        "path": "engagements.3.indicators.I7.target", "change": "changed", "before": "100", "after": "80",
        "label": "Indicateur I7 (engagement n°3) : cible modifiée"}]  # fmt: skip


def test_identity_and_intent_fields_are_compared_one_by_one(dossier: dict[str, Any]) -> None:
    after = copy.deepcopy(dossier)
    after["identity"].update(name="Nouveau nom", contact=None, staff=30)
    after["intent"]["stakeholders"] = ["administrateurs", "partenaires", "salaries"]
    before = copy.deepcopy(dossier)
    before["intent"]["human_means"] = ""
    assert [(c["path"], c["change"], c["label"]) for c in diff(before, after)] == [
        ("identity.name", "changed", "Fiche d'identité : nom modifié"),
        ("identity.staff", "changed", "Fiche d'identité : effectif salarié modifié"),
        ("identity.contact", "removed", "Fiche d'identité : contact Quali'Coop effacé"),
        ("intent.human_means", "added", "Note d'intention : moyens humains renseignés"),
        ("intent.stakeholders", "changed", "Note d'intention : parties prenantes associées modifiées"),
    ]
    assert diff(before, after)[-1]["after"] == ["administrateurs", "partenaires", "salaries"]


def test_chosen_and_dropped_engagements_are_whole_changes(dossier: dict[str, Any]) -> None:
    after = copy.deepcopy(dossier)
    dropped = after["engagements"].pop("10")
    after["engagements"]["11"] = {**copy.deepcopy(dropped), "number": 11, "since": date(2023, 1, 10)}
    changes = diff(dossier, after)
    assert [(c["path"], c["change"], c["label"]) for c in changes] == [
        ("engagements.10", "removed", "Engagement n°10 abandonné"),
        ("engagements.11", "added", "Engagement n°11 choisi"),
    ]
    assert changes[0]["after"] is None and changes[0]["before"]["context"] == "Contexte 10"
    assert changes[1]["before"] is None and changes[1]["after"]["since"] == "2023-01-10"


def test_actions_and_indicators_added_removed_and_changed_come_in_a_stable_order(dossier: dict[str, Any]) -> None:
    after = copy.deepcopy(dossier)
    first = after["engagements"]["1"]
    first["context"] = "Nouveau contexte"
    first["actions"]["A10"] = {"id": "A10", "title": "Dixième", "description": "", "since": date(2023, 1, 1)}
    first["actions"]["A9"] = {"id": "A9", "title": "Neuvième", "description": "", "since": date(2023, 1, 1)}
    first["actions"]["A1"]["description"] = "Précisée"
    del first["indicators"]["I1"]
    first["indicators"]["I1"] = dict(dossier["engagements"]["1"]["indicators"]["I1"], target_date=date(2025, 1, 1))
    del after["engagements"]["2"]["indicators"]["I2"]
    assert [(c["path"], c["change"], c["label"]) for c in diff(dossier, after)] == [
        ("engagements.1.context", "changed", "Engagement n°1 : contexte modifié"),
        ("engagements.1.actions.A1.description", "added", "Action A1 (engagement n°1) : description renseignée"),
        ("engagements.1.actions.A9", "added", "Action A9 (engagement n°1) ajoutée"),
        ("engagements.1.actions.A10", "added", "Action A10 (engagement n°1) ajoutée"),
        ("engagements.1.indicators.I1.target_date", "changed", "Indicateur I1 (engagement n°1) : échéance modifiée"),
        ("engagements.2.indicators.I2", "removed", "Indicateur I2 (engagement n°2) supprimé"),
    ]


def test_the_diff_is_json_ready_and_takes_plain_dossiers_too(dossier: dict[str, Any]) -> None:
    after = copy.deepcopy(dossier)
    after["engagements"]["5"]["indicators"]["I3"]["baseline"] = Decimal("12.5")
    expected = diff(dossier, after)
    assert diff(ds.plain(dossier), ds.plain(after)) == expected
    assert expected[0]["before"] == "0" and expected[0]["after"] == "12.5"
    assert json.loads(json.dumps(expected)) == expected


def test_the_application_diff_between_two_versions_reports_what_the_events_changed(
    app: App, engaged_coop: UUID
) -> None:
    indicator = next(iter(app.cooperative(engaged_coop).dossier["engagements"]["1"]["indicators"]))
    app.readjust_objectives(engaged_coop, [
        {"op": "revise_indicator", "indicator_id": indicator, "changes": {"target": "80"}},
        {"op": "drop_engagement", "number": 10, "reason": "Abandon"},
        {"op": "choose_engagement", "number": 11, "activities": ["locatif_social"], "context": "Nouveau"},
        {"op": "add_action", "number": 11, "title": "Rénover"},
        {"op": "define_indicator", "number": 11, "fields": {"label": "Rénovés", "unit": "logements", "target": "5",
                                                            "target_date": date(2024, 1, 1)}},
    ], actor=REFERENT, reason="Recentrage", effective_on=date(2023, 1, 10))  # fmt: skip
    result = app.diff(engaged_coop, 31, 32)
    assert (result["from"], result["to"]) == (31, 32)
    assert [(c["path"], c["change"]) for c in result["changes"]] == [
        ("engagements.1.indicators.I1.target", "changed"),
        ("engagements.10", "removed"),
        ("engagements.11", "added"),
    ]
    assert result["changes"][0]["label"] == "Indicateur I1 (engagement n°1) : cible modifiée"
    assert app.diff(engaged_coop, 32, 32)["changes"] == []
    assert [c["change"] for c in app.diff(engaged_coop, 32, 31)["changes"]] == ["changed", "added", "removed"]


def test_the_application_diff_from_registration_lists_the_whole_dossier_preparation(
    app: App, engaged_coop: UUID
) -> None:
    changes = app.diff(engaged_coop, 1, 29)["changes"]
    paths = [c["path"] for c in changes]
    assert paths[:6] == ["identity.homes_managed", "identity.homes_delivered_per_year", "identity.members",
                         "identity.staff", "identity.governance_bodies", "identity.contact"]  # fmt: skip
    assert [p for p in paths if p.startswith("engagements")] == [f"engagements.{n}" for n in (1, 2, 3, 5, 6, 7, 9, 10)]
    assert all(c["change"] == "added" for c in changes)


@pytest.mark.parametrize(("versions", "field"), [((0, 5), "from"), ((5, 32), "to"), ((-1, 2), "from"),
                                                  ((True, 2), "from"), ((2, "3"), "to")])  # fmt: skip
def test_the_application_diff_refuses_a_version_outside_the_history_naming_the_field(
    app: App, engaged_coop: UUID, versions: tuple[Any, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        app.diff(engaged_coop, *versions)
    assert caught.value.field == field
    assert "entre 1 et 31" in caught.value.message


def test_the_application_diff_of_an_unknown_cooperative_is_not_found(app: App) -> None:
    with pytest.raises(NotFound):
        app.diff(UUID(int=1), 1, 1)
