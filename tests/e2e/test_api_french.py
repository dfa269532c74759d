"""Validation messages in French: a base schema (``web.french.FrenchSchema``), never a patch of marshmallow."""

from __future__ import annotations

import pytest
from marshmallow import Schema, ValidationError, fields, validate

from tests.e2e.conftest import Api
from web.french import FrenchSchema, Length, OneOf


def test_every_refused_field_of_a_422_is_named_with_a_french_message(api: Api) -> None:
    body = {"name": "", "siren": None, "legal_form": "SARL", "departement": 35, "activities": ["nope"],
            "effective_on": "2026-02-30", "colour": "blue"}  # fmt: skip
    errors = api.ok(api.post("/api/v1/cooperatives", body), 422)["errors"]
    assert errors == {
        "name": ["Longueur attendue entre 1 et 200."],
        "siren": ["Ce champ ne peut pas être nul."],
        "legal_form": ["Valeur attendue parmi : SCP, SCIC."],
        "departement": ["Texte attendu."],
        "activities.0": [errors["activities.0"][0]],
        "effective_on": ["Date invalide (AAAA-MM-JJ attendu)."],
        "colour": ["Champ inconnu."],
    }
    assert errors["activities.0"][0].startswith("Valeur attendue parmi : locatif_social")
    missing = api.ok(api.post("/api/v1/cooperatives", {}), 422)["errors"]
    assert set(missing) == {"name", "siren", "legal_form", "departement", "activities"}
    assert all(m == ["Champ obligatoire."] for m in missing.values())
    query = api.ok(api.get("/api/v1/cooperatives?per_page=0&page=x"), 422)["errors"]
    assert query == {"per_page": ["Doit être supérieur ou égal à 1 et inférieur ou égal à 500."],
                     "page": ["Nombre entier attendu."]}  # fmt: skip
    assert api.ok(api.post("/api/v1/cooperatives", []), 422)["errors"] == {"_schema": ["Objet JSON attendu."]}


def test_marshmallow_itself_is_left_in_english(api: Api) -> None:
    class Plain(Schema):
        name = fields.String(required=True, validate=validate.Length(1, 3))

    with pytest.raises(ValidationError) as plain:
        Plain().load({"name": 3})
    assert plain.value.messages == {"name": ["Not a valid string."]}
    assert fields.String.default_error_messages["invalid"] == "Not a valid string."
    assert validate.Length.message_all == "Length must be between {min} and {max}."


def test_a_french_schema_keeps_explicit_messages_and_translates_inner_fields() -> None:
    class Sample(FrenchSchema):
        kind = fields.String(required=True, error_messages={"required": "Le genre, s'il vous plaît."})
        tags = fields.List(fields.String(validate=OneOf(["a", "b"])), validate=Length(max=1))
        notes = fields.Dict(keys=fields.String(), values=fields.Integer())

    with pytest.raises(ValidationError) as refused:
        Sample().load({"tags": ["c", 1], "notes": {"x": "y"}})
    assert refused.value.messages == {
        "kind": ["Le genre, s'il vous plaît."],
        "tags": {0: ["Valeur attendue parmi : a, b."], 1: ["Texte attendu."]},
        "notes": {"x": {"value": ["Nombre entier attendu."]}},
    }
    with pytest.raises(ValidationError) as refused:
        Sample().load({"kind": "k", "tags": ["a", "b"]})
    assert refused.value.messages == {"tags": ["Trop long (1 au maximum)."]}


def test_a_french_schema_refuses_a_validator_left_in_english() -> None:
    class Slip(FrenchSchema):
        name = fields.String(validate=validate.Length(1, 3))

    with pytest.raises(TypeError, match="Length"):
        Slip()

    class Explicit(FrenchSchema):
        name = fields.String(validate=validate.Length(1, 3, error="Nom de 1 à 3 lettres."))

    with pytest.raises(ValidationError) as refused:
        Explicit().load({"name": "abcd"})
    assert refused.value.messages == {"name": ["Nom de 1 à 3 lettres."]}
