"""The catalogue: 3 pillars, 12 engagements, n°1 official, the others honest placeholders; wording is versioned."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from qualicoop_es.aggregates.catalogue import OFFICIAL_TITLES
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput, StaleVersion
from tests.support import REFERENT, STAFF, submit

App = QualicoopApplication


def test_the_catalogue_ships_12_engagements_in_3_pillars_with_only_number_1_official(app: App) -> None:
    catalogue = app.catalogue().as_dict()
    engagements = catalogue["engagements"]
    assert [e["number"] for e in engagements] == list(range(1, 13))
    assert [e["pillar"] for e in engagements] == [1] * 4 + [2] * 4 + [3] * 4
    assert [p["number"] for p in catalogue["pillars"]] == [1, 2, 3]
    assert engagements[0]["title"] == "Permettre l'accès à un logement abordable au plus grand nombre"
    assert engagements[0]["official"] is True
    assert {1: engagements[0]["title"]} == OFFICIAL_TITLES


def test_engagements_2_to_12_are_provisional_placeholders_never_invented_titles(app: App) -> None:
    for engagement in app.catalogue().as_dict()["engagements"][1:]:
        assert engagement["official"] is False
        assert engagement["title"] == f"Engagement n°{engagement['number']} — intitulé officiel à saisir"


def test_ensuring_the_catalogue_twice_keeps_the_first_one(app: App) -> None:
    assert app.ensure_catalogue().version == 1
    assert app.catalogue().version == 1


def test_revising_a_wording_bumps_the_catalogue_version_and_keeps_the_old_version_readable(app: App) -> None:
    result = app.revise_engagement_wording(7, actor=STAFF, title="Intitulé officiel reçu de la fédération",
                                           reason="Texte du kit 2026", effective_on=date(2026, 11, 26))  # fmt: skip
    assert result.version == 2
    assert app.catalogue().engagement(7) == {"number": 7, "pillar": 2, "official": True, "description": "",
                                             "title": "Intitulé officiel reçu de la fédération"}  # fmt: skip
    assert app.catalogue(version=1).engagement(7)["official"] is False
    event = list(app.events.get(result.aggregate_id))[-1]
    assert (event.reason, event.actor) == ("Texte du kit 2026", STAFF.account_id)


def test_a_wording_revision_that_changes_nothing_or_has_a_stale_version_is_refused(app: App) -> None:
    with pytest.raises(InvalidInput, match="Aucune modification"):
        app.revise_engagement_wording(1, actor=STAFF, title=app.catalogue().engagement(1)["title"])
    with pytest.raises(StaleVersion):
        app.revise_engagement_wording(2, actor=STAFF, title="Autre", expected_version=7)
    with pytest.raises(InvalidInput):
        app.revise_engagement_wording(13, actor=STAFF, title="Autre")
    assert app.catalogue().version == 1


def test_dossiers_record_the_catalogue_version_they_were_written_against(app: App, complete_coop: UUID) -> None:
    app.revise_engagement_wording(4, actor=STAFF, title="Intitulé révisé", official=False, reason="Essai")
    app.choose_engagement(complete_coop, 4, actor=REFERENT, activities=["locatif_social"],
                          effective_on=date(2022, 2, 2))  # fmt: skip
    engagements = app.cooperative(complete_coop).dossier["engagements"]
    assert (engagements["1"]["catalogue_version"], engagements["4"]["catalogue_version"]) == (1, 2)
    app.add_action(complete_coop, 4, actor=REFERENT, title="Action", effective_on=date(2022, 2, 2))
    app.define_indicator(complete_coop, 4, actor=REFERENT, effective_on=date(2022, 2, 2),
                         fields={"label": "L", "unit": "u", "target": "1", "target_date": date(2023, 1, 1)})  # fmt: skip
    submit(app, complete_coop)
    assert app.cooperative(complete_coop).submission["catalogue_version"] == 2
