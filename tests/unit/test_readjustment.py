"""Objectives readjustment during implementation: several changes at once, with a reason; rules still hold."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput, NotFound, RuleViolation
from tests.support import REFERENT

App = QualicoopApplication
ON = date(2023, 1, 10)


def test_a_readjustment_breaking_the_rules_is_refused_listing_every_failure_and_stores_nothing(
    app: App, engaged_coop: UUID
) -> None:
    before = app.cooperative(engaged_coop)
    changes = [{"op": "drop_engagement", "number": 9, "reason": "Hors de portée"},
               {"op": "revise_engagement", "number": 1, "changes": {"activities": ["locatif_social"]}},
               {"op": "add_action", "number": 2, "title": "Action qui ne sera pas gardée"}]  # fmt: skip
    with pytest.raises(RuleViolation) as caught:
        app.readjust_objectives(engaged_coop, changes, actor=REFERENT, reason="Recentrage", effective_on=ON)
    assert [f.rule for f in caught.value.failures] == ["min_engagements", "min_per_pillar"]
    assert caught.value.failures[1].details["pillar"] == 3
    after = app.cooperative(engaged_coop)
    assert (after.version, after.readjustments, after.seq) == (before.version, 0, before.seq)
    assert ds.digest(after.dossier) == ds.digest(before.dossier)
    assert len(app.history(engaged_coop)) == before.version


def test_a_readjustment_that_drops_one_engagement_and_chooses_another_at_once_is_accepted(
    app: App, engaged_coop: UUID
) -> None:
    changes = [
        {"op": "drop_engagement", "number": 10, "reason": "Projet abandonné par le partenaire"},
        {"op": "choose_engagement", "number": 11, "activities": ["locatif_social"], "context": "Nouveau cap"},
        {"op": "add_action", "number": 11, "title": "Rénovation thermique"},
        {"op": "define_indicator", "number": 11, "fields": {"label": "Logements rénovés", "unit": "logements",
                                                            "target": "30", "target_date": date(2024, 6, 30)}},
    ]  # fmt: skip
    result = app.readjust_objectives(engaged_coop, changes, actor=REFERENT, reason="Nouveau partenaire",
                                     effective_on=ON)  # fmt: skip
    coop = app.cooperative(engaged_coop)
    assert sorted(coop.dossier["engagements"], key=int) == ["1", "2", "3", "5", "6", "7", "9", "11"]
    eleven = coop.dossier["engagements"]["11"]
    assert (list(eleven["actions"]), list(eleven["indicators"])) == (["A9"], ["I9"])
    assert (eleven["since"], eleven["catalogue_version"]) == (ON, 1)
    assert (coop.readjustments, result.version) == (1, 32)
    event = app.history(engaged_coop)[-1]
    assert (type(event).__name__, event.reason, len(event.changes)) == ("ObjectivesReadjusted", "Nouveau partenaire", 4)
    assert event.changes[2]["action_id"] == "A9"


def test_a_readjusted_indicator_keeps_its_initial_target_and_is_flagged(app: App, engaged_coop: UUID) -> None:
    indicator = next(iter(app.cooperative(engaged_coop).dossier["engagements"]["1"]["indicators"]))
    app.readjust_objectives(engaged_coop, [{"op": "revise_indicator", "indicator_id": indicator,
                                            "changes": {"target": "80"}}],
                            actor=REFERENT, reason="Foncier plus rare", effective_on=ON)  # fmt: skip
    fields = app.cooperative(engaged_coop).dossier["engagements"]["1"]["indicators"][indicator]
    assert (str(fields["target"]), str(fields["initial_target"]), fields["readjusted"]) == ("80", "100", True)


def test_a_readjustment_needs_a_reason_and_at_least_one_change(app: App, engaged_coop: UUID) -> None:
    op = {"op": "add_action", "number": 1, "title": "Action"}
    with pytest.raises(InvalidInput) as no_reason:
        app.readjust_objectives(engaged_coop, [op], actor=REFERENT, reason="  ", effective_on=ON)
    with pytest.raises(InvalidInput) as no_change:
        app.readjust_objectives(engaged_coop, [], actor=REFERENT, reason="Motif", effective_on=ON)
    assert (no_reason.value.field, no_change.value.field) == ("reason", "changes")
    assert app.cooperative(engaged_coop).readjustments == 0


def test_a_readjustment_targeting_an_unknown_action_is_refused_whole(app: App, engaged_coop: UUID) -> None:
    changes = [{"op": "add_action", "number": 1, "title": "Gardée ?"},
               {"op": "remove_action", "action_id": "A99", "reason": "?"}]  # fmt: skip
    with pytest.raises(NotFound, match="A99"):
        app.readjust_objectives(engaged_coop, changes, actor=REFERENT, reason="Motif", effective_on=ON)
    assert list(app.cooperative(engaged_coop).dossier["engagements"]["1"]["actions"]) == ["A1"]


def test_an_identity_change_after_validation_that_breaks_a_rule_is_refused(app: App, engaged_coop: UUID) -> None:
    with pytest.raises(RuleViolation) as caught:
        app.update_identity(engaged_coop, {"activities": ["locatif_social", "amenagement"]}, actor=REFERENT,
                            effective_on=ON)  # fmt: skip
    assert [f.rule for f in caught.value.failures] == ["activities_covered"]
    assert app.cooperative(engaged_coop).version == 31
