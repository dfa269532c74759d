"""A command tried before a confirmation page: the refusal it would meet, and nothing recorded either way."""

from __future__ import annotations

from uuid import UUID

from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import RuleViolation, StaleVersion
from qualicoop_es.queries.trial import refusal
from tests.support import REFERENT


def test_a_deposit_that_would_pass_is_not_recorded_by_its_trial(app: QualicoopApplication, complete_coop: UUID) -> None:
    version = app.cooperative(complete_coop).version
    assert refusal(app, complete_coop, "submit_dossier", actor=REFERENT) is None
    assert app.cooperative(complete_coop).version == version
    assert app.cooperative(complete_coop).phase.value == "preparing"


def test_a_deposit_of_an_incomplete_dossier_is_refused_with_the_rules_that_fail(
    app: QualicoopApplication, coop_id: UUID
) -> None:
    assert isinstance(refusal(app, coop_id, "submit_dossier", actor=REFERENT), RuleViolation)


def test_a_trial_on_a_stale_version_says_so(app: QualicoopApplication, complete_coop: UUID) -> None:
    stale = app.cooperative(complete_coop).version - 1
    assert isinstance(refusal(app, complete_coop, "submit_dossier", actor=REFERENT, expected_version=stale),
                      StaleVersion)  # fmt: skip


def test_removing_an_engagement_is_tried_on_a_copy(app: QualicoopApplication, complete_coop: UUID) -> None:
    op = {"op": "drop_engagement", "number": 1, "reason": ""}
    assert refusal(app, complete_coop, "change_dossier", actor=REFERENT, op=op) is None
    assert "1" in app.cooperative(complete_coop).dossier["engagements"]
