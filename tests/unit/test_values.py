"""Value validators: SIREN checksum, département codes, activities, texts and numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qualicoop_es.access import Actor
from qualicoop_es.aggregates import values as v
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import AlreadyExists, InvalidInput
from tests.support import siren


@pytest.mark.parametrize("good", ["732829320", "552100554", "356000000", siren(12345678)])
def test_a_siren_with_a_right_luhn_key_is_valid(good: str) -> None:
    assert v.siren_is_valid(good)
    assert v.check_siren(good) == good


@pytest.mark.parametrize("bad", ["732829321", "552100555", "73282932", "7328293200", "73282932A", "", "abcdefghi"])
def test_a_siren_with_a_wrong_key_or_shape_is_refused(bad: str) -> None:
    assert not v.siren_is_valid(bad)
    with pytest.raises(InvalidInput) as caught:
        v.check_siren(bad)
    assert caught.value.field == "siren"


def test_a_siren_written_with_spaces_is_normalised() -> None:
    assert v.check_siren("732 829 320") == "732829320"


@pytest.mark.parametrize("code", ["01", "19", "21", "2A", "2b", "35", "95", "971", "972", "973", "974", "975", "976"])
def test_metropolitan_corsican_and_overseas_departement_codes_are_accepted(code: str) -> None:
    assert v.check_departement(code) == code.upper()


@pytest.mark.parametrize("code", ["96", "20", "977", "00", "970", "2C", "1", "9A"])
def test_unknown_departement_codes_are_refused(code: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        v.check_departement(code)
    assert caught.value.field == "departement" and "inconnu" in caught.value.errors["departement"][0]


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_a_missing_departement_is_asked_for_not_called_unknown(blank: object) -> None:
    with pytest.raises(InvalidInput) as caught:
        v.check_departement(blank)
    assert caught.value.errors == {"departement": ["Ce champ est obligatoire."]}


def test_activities_are_checked_against_the_known_codes_and_deduplicated() -> None:
    assert v.check_activities(["locatif_social", "amenagement", "locatif_social"]) == ["amenagement", "locatif_social"]
    with pytest.raises(InvalidInput, match="inconnue : piscines"):
        v.check_activities(["piscines"])
    with pytest.raises(InvalidInput, match="Au moins une activité"):
        v.check_activities([])


def test_decimals_accept_a_french_comma_and_refuse_non_finite_values() -> None:
    assert v.check_decimal("12,5", "target") == Decimal("12.5")
    for bad in ("NaN", "Infinity", "1e13", "douze", True):
        with pytest.raises(InvalidInput):
            v.check_decimal(bad, "target")


def test_engagement_numbers_run_from_1_to_12_and_map_to_their_pillar() -> None:
    assert [v.pillar_of(n) for n in (1, 4, 5, 8, 9, 12)] == [1, 1, 2, 2, 3, 3]
    for bad in (0, 13, "3", True):
        with pytest.raises(InvalidInput):
            v.check_engagement_number(bad)


def test_an_actor_is_a_stable_identifier_never_a_name_with_spaces() -> None:
    assert v.check_actor("staff-1") == "staff-1"
    with pytest.raises(InvalidInput) as caught:
        v.check_actor("Marie Dupont")
    assert caught.value.field == "actor"


def test_registration_refuses_a_bad_siren_and_a_bad_departement(app: QualicoopApplication) -> None:
    with pytest.raises(InvalidInput) as bad_siren:
        app.register_cooperative(actor=Actor.operator("staff-1"), name="Coop", siren="732829321", legal_form="SCP",
                                 departement="35", activities=["locatif_social"])  # fmt: skip
    with pytest.raises(InvalidInput) as bad_departement:
        app.register_cooperative(actor=Actor.operator("staff-1"), name="Coop", siren="732829320", legal_form="SCP",
                                 departement="977", activities=["locatif_social"])  # fmt: skip
    assert (bad_siren.value.field, bad_departement.value.field) == ("siren", "departement")
    assert list(app.cooperative_ids()) == []


def test_registering_the_same_siren_twice_is_refused(app: QualicoopApplication) -> None:
    kwargs: dict[str, Any] = {"actor": Actor.operator("staff-1"), "name": "Coop", "legal_form": "SCP", "departement": "35",
              "activities": ["locatif_social"]}  # fmt: skip
    app.register_cooperative(siren="732829320", **kwargs)
    with pytest.raises(AlreadyExists, match="732829320"):
        app.register_cooperative(siren="732 829 320", **kwargs)
    assert len(list(app.cooperative_ids())) == 1
