"""The core names every faulty field of an input at once: a form hears of all its mistakes in one round trip."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from qualicoop_es.aggregates import values as v
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput
from tests.support import REFERENT, STAFF


def test_gather_returns_every_result_when_no_check_refuses() -> None:
    assert v.gather({"a": lambda: 1, "b": lambda: "x"}) == {"a": 1, "b": "x"}


def test_gather_names_every_refused_field_in_the_order_of_the_checks() -> None:
    with pytest.raises(InvalidInput) as caught:
        v.gather({"siren": lambda: v.check_siren("123"), "ok": lambda: 1,
                  "departement": lambda: v.check_departement("999")})  # fmt: skip
    assert list(caught.value.errors) == ["siren", "departement"]
    assert caught.value.field == "siren"
    assert "departement" in caught.value.message


def test_a_registration_with_four_mistakes_is_refused_naming_the_four(app: QualicoopApplication) -> None:
    with pytest.raises(InvalidInput) as caught:
        app.register_cooperative(actor=STAFF, name="", siren="123", legal_form="SARL", departement="999",
                                 activities=[], effective_on=date(2026, 11, 1))  # fmt: skip
    assert set(caught.value.errors) == {"name", "siren", "legal_form", "departement", "activities"}


def test_an_identity_update_names_every_faulty_field(app: QualicoopApplication, coop_id: UUID) -> None:
    with pytest.raises(InvalidInput) as caught:
        app.update_identity(coop_id, {"name": "", "members": -1, "departement": "00"}, actor=REFERENT,
                            effective_on=date(2022, 2, 1))  # fmt: skip
    assert set(caught.value.errors) == {"name", "members", "departement"}


def test_an_indicator_names_every_missing_field_and_refuses_a_past_target_date(
    app: QualicoopApplication, coop_id: UUID
) -> None:
    day = date(2022, 2, 1)
    app.choose_engagement(coop_id, 1, actor=REFERENT, activities=["locatif_social"], effective_on=day)
    with pytest.raises(InvalidInput) as caught:
        app.define_indicator(coop_id, 1, actor=REFERENT, effective_on=day,
                             fields={"label": "", "target": "beaucoup", "target_date": date(2022, 1, 31)})  # fmt: skip
    assert set(caught.value.errors) == {"label", "unit", "target", "target_date"}
    assert "passée" in caught.value.errors["target_date"][0]


def test_an_indicator_due_on_the_day_it_is_set_is_accepted(app: QualicoopApplication, coop_id: UUID) -> None:
    day = date(2022, 2, 1)
    app.choose_engagement(coop_id, 1, actor=REFERENT, activities=["locatif_social"], effective_on=day)
    app.define_indicator(coop_id, 1, actor=REFERENT, effective_on=day,
                         fields={"label": "L", "unit": "u", "target": "1", "target_date": day})  # fmt: skip
    assert app.cooperative(coop_id).dossier["engagements"]["1"]["indicators"]["I1"]["target_date"] == day
