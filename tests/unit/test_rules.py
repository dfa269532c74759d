"""The dossier rules (rules.py): each one failing alone, and all failing together."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

import pytest

from qualicoop_es import rules
from qualicoop_es.access import Actor
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import RuleViolation

Dossier = dict[str, Any]


@pytest.fixture
def dossier(app: QualicoopApplication, complete_coop: UUID) -> Dossier:
    return copy.deepcopy(app.cooperative(complete_coop).dossier)


def codes(dossier: Dossier) -> list[str]:
    return [failure.rule for failure in rules.failures(dossier)]


def test_a_complete_dossier_breaks_no_rule_and_every_checklist_item_holds(dossier: Dossier) -> None:
    assert rules.failures(dossier) == []
    rules.require_valid(dossier)
    assert [item["ok"] for item in rules.checklist(dossier)] == [True] * len(rules.RULES)


def test_seven_engagements_break_only_the_minimum_of_eight(dossier: Dossier) -> None:
    del dossier["engagements"]["3"]  # pillar 1 keeps 1 and 2
    assert codes(dossier) == ["min_engagements"]
    assert rules.failures(dossier)[0].details == {"chosen": 7, "minimum": 8}


def test_a_pillar_with_a_single_engagement_breaks_only_the_per_pillar_rule(dossier: Dossier) -> None:
    dossier["engagements"]["4"] = {**copy.deepcopy(dossier["engagements"]["3"]), "number": 4}
    del dossier["engagements"]["10"]
    found = rules.failures(dossier)
    assert [f.rule for f in found] == ["min_per_pillar"]
    assert found[0].details == {"pillar": 3, "chosen": 1, "minimum": 2}
    assert "Pilier 3" in found[0].message


def test_an_activity_covered_by_no_engagement_breaks_only_the_coverage_rule(dossier: Dossier) -> None:
    for engagement in dossier["engagements"].values():
        engagement["activities"] = ["locatif_social"]
    found = rules.failures(dossier)
    assert [f.rule for f in found] == ["activities_covered"]
    assert found[0].details == {"missing": ["accession_sociale"]}
    assert "Accession sociale à la propriété" in found[0].message


def test_an_engagement_without_action_or_indicator_breaks_only_the_completeness_rule(dossier: Dossier) -> None:
    dossier["engagements"]["2"]["actions"] = {}
    dossier["engagements"]["5"]["indicators"] = {}
    found = rules.failures(dossier)
    assert [f.rule for f in found] == ["engagement_complete", "engagement_complete"]
    assert [f.details for f in found] == [{"engagement": 2, "missing": ["action"]},
                                          {"engagement": 5, "missing": ["indicator"]}]  # fmt: skip


def test_an_incomplete_identity_card_breaks_only_the_identity_rule(dossier: Dossier) -> None:
    dossier["identity"]["contact"] = ""
    dossier["identity"]["staff"] = None
    found = rules.failures(dossier)
    assert [f.rule for f in found] == ["identity_complete"]
    assert found[0].details == {"missing": ["staff", "contact"]}
    assert found[0].message == "Fiche d'identité incomplète : effectif salarié, contact Quali'Coop."  # no raw key


def test_an_incomplete_intent_note_breaks_only_the_intent_rule(dossier: Dossier) -> None:
    dossier["intent"]["stakeholders"] = []
    found = rules.failures(dossier)
    assert [f.rule for f in found] == ["intent_complete"]
    assert found[0].details == {"missing": ["stakeholders"]}
    assert "parties prenantes associées" in found[0].message and "stakeholders" not in found[0].message


def test_a_dossier_breaking_every_rule_lists_every_failure_at_once(dossier: Dossier) -> None:
    dossier["engagements"] = {"1": {**dossier["engagements"]["1"], "activities": ["locatif_social"], "actions": {}}}
    dossier["identity"]["contact"] = ""
    dossier["intent"]["motivations"] = ""
    with pytest.raises(RuleViolation) as caught:
        rules.require_valid(dossier)
    assert [f.rule for f in caught.value.failures] == [
        "min_engagements", "min_per_pillar", "min_per_pillar", "min_per_pillar", "activities_covered",
        "engagement_complete", "identity_complete", "intent_complete",
    ]  # fmt: skip
    assert [f["rule"] for f in caught.value.to_dict()["failures"]] == [f.rule for f in caught.value.failures]
    assert not any(item["ok"] for item in rules.checklist(dossier))


def test_submitting_an_incomplete_dossier_is_refused_with_every_failure_and_stores_nothing(
    app: QualicoopApplication, coop_id: UUID
) -> None:
    version = app.cooperative(coop_id).version
    with pytest.raises(RuleViolation) as caught:
        app.submit_dossier(coop_id, actor=Actor.operator("referent-1"))
    assert {f.rule for f in caught.value.failures} == {r.code for r in rules.RULES} - {"engagement_complete"}
    assert app.cooperative(coop_id).version == version
