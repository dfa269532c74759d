"""Marshmallow schemas of the API's inputs and query strings: shape and format only (the domain checks the rules).

Unknown fields: 422. The response schemas live in ``web.api.responses``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import RAISE, ValidationError, fields, validates_schema
from webargs.fields import DelimitedList

from qualicoop_es.queries import vocabulary as v
from qualicoop_es.queries.vocabulary import Mention, Step
from web.french import FrenchSchema, Length, OneOf, Range

ACTIVITY = fields.String(validate=OneOf(list(v.ACTIVITIES)))
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)


def Day(**kw: Any) -> fields.Date:
    """A date between 1900 and 2999 (further dates are typing errors, and would overflow date arithmetic)."""
    return fields.Date(validate=Range(FIRST_DAY, LAST_DAY, error="Date entre 1900 et 2999 attendue."), **kw)


TEXT = 20000


class Number(fields.Field):
    """A decimal given as a JSON number or a string ("42.5"); handed to the domain as text, never a float."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)) or len(str(value)) > 40:
            raise ValidationError("Valeur numérique attendue.")
        return str(value)


class Strict(FrenchSchema):
    class Meta:
        unknown = RAISE


class Dated(Strict):
    effective_on = Day(metadata={"description": "date métier (AAAA-MM-JJ) ; défaut : aujourd'hui"})


# -- inputs ------------------------------------------------------------------------------------------------------


class RegisterIn(Dated):
    name = fields.String(required=True, validate=Length(1, 200))
    siren = fields.String(required=True, validate=Length(9, 11))
    legal_form = fields.String(required=True, validate=OneOf(list(v.LEGAL_FORMS)))
    departement = fields.String(required=True, validate=Length(2, 3))
    activities = fields.List(ACTIVITY, required=True, validate=Length(1, 7))


class SummaryIn(Dated):
    summary = fields.String(load_default="", validate=Length(max=TEXT))


class RequiredSummaryIn(Dated):
    summary = fields.String(required=True, validate=Length(1, TEXT))


class ReasonIn(Dated):
    reason = fields.String(required=True, validate=Length(1, TEXT))


class OptionalReasonIn(Dated):
    reason = fields.String(load_default="", validate=Length(max=TEXT))


class AtLeastOne(Dated):
    @validates_schema
    def _not_empty(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not {k for k in data if k != "effective_on"}:
            raise ValidationError("Au moins un champ à modifier est attendu.", "_schema")


class IdentityIn(AtLeastOne):
    name = fields.String(validate=Length(1, 200))
    legal_form = fields.String(validate=OneOf(list(v.LEGAL_FORMS)))
    departement = fields.String(validate=Length(2, 3))
    activities = fields.List(ACTIVITY, validate=Length(1, 7))
    homes_managed = fields.Integer(allow_none=True, validate=Range(0, 10_000_000))
    homes_delivered_per_year = fields.Integer(allow_none=True, validate=Range(0, 10_000_000))
    members = fields.Integer(allow_none=True, validate=Range(0, 10_000_000))
    staff = fields.Integer(allow_none=True, validate=Range(0, 10_000_000))
    governance_bodies = fields.String(validate=Length(max=TEXT))
    contact = fields.String(validate=Length(max=200))


class IntentIn(AtLeastOne):
    motivations = fields.String(validate=Length(max=TEXT))
    ambitions = fields.String(validate=Length(max=TEXT))
    human_means = fields.String(validate=Length(max=TEXT))
    financial_means = fields.String(validate=Length(max=TEXT))
    stakeholders = fields.List(fields.String(validate=OneOf(list(v.STAKEHOLDERS))))


class EngagementIn(Dated):
    number = fields.Integer(required=True, validate=Range(1, 12))
    activities = fields.List(ACTIVITY, required=True, validate=Length(1, 7))
    context = fields.String(load_default="", validate=Length(max=TEXT))


class EngagementRevisionIn(AtLeastOne):
    activities = fields.List(ACTIVITY, validate=Length(1, 7))
    context = fields.String(validate=Length(max=TEXT))


class ActionIn(Dated):
    title = fields.String(required=True, validate=Length(1, 300))
    description = fields.String(load_default="", validate=Length(max=TEXT))


class ActionRevisionIn(AtLeastOne):
    title = fields.String(validate=Length(1, 300))
    description = fields.String(validate=Length(max=TEXT))


class IndicatorIn(Dated):
    label = fields.String(required=True, validate=Length(1, 300))
    unit = fields.String(required=True, validate=Length(1, 300))
    baseline = Number(allow_none=True, metadata={"type": "string"})
    target = Number(required=True, metadata={"type": "string"})
    target_date = Day(required=True)


class IndicatorRevisionIn(AtLeastOne):
    label = fields.String(validate=Length(1, 300))
    unit = fields.String(validate=Length(1, 300))
    baseline = Number(allow_none=True, metadata={"type": "string"})
    target = Number(metadata={"type": "string"})
    target_date = Day()


class MeasurementIn(Dated):
    value = Number(required=True, metadata={"type": "string"})
    comment = fields.String(load_default="", validate=Length(max=2000))


class VerdictIn(Dated):
    kind = fields.String(required=True, validate=OneOf([k.value for k in v.VerdictKind]))
    session_reference = fields.String(required=True, validate=Length(1, 200))
    members_present = fields.List(fields.String(validate=Length(1, 64)), required=True,
                                  validate=Length(1, 50))  # fmt: skip
    rationale = fields.String(required=True, validate=Length(1, TEXT))
    judged_version = fields.Integer(required=True, validate=Range(1, 10_000_000))
    axes = fields.List(fields.Integer(validate=Range(1, 12)), validate=Length(max=12))
    next_bilan_due = Day()


OPS = ["choose_engagement", "revise_engagement", "drop_engagement", "add_action", "revise_action", "remove_action",
       "define_indicator", "revise_indicator", "remove_indicator"]  # fmt: skip


class OperationIn(Strict):
    op = fields.String(required=True, validate=OneOf(OPS))
    number = fields.Integer(validate=Range(1, 12))
    action_id = fields.String(validate=Length(1, 20))
    indicator_id = fields.String(validate=Length(1, 20))
    activities = fields.List(ACTIVITY, validate=Length(1, 7))
    context = fields.String(validate=Length(max=TEXT))
    title = fields.String(validate=Length(1, 300))
    description = fields.String(validate=Length(max=TEXT))
    reason = fields.String(validate=Length(max=TEXT))
    fields_ = fields.Dict(data_key="fields", attribute="fields", keys=fields.String(validate=OneOf(v.INDICATOR_FIELDS)))
    changes = fields.Dict(keys=fields.String(validate=Length(1, 40)))


class ReadjustmentIn(Dated):
    reason = fields.String(required=True, validate=Length(1, TEXT))
    changes = fields.List(fields.Nested(OperationIn), required=True, validate=Length(1, 200))


class DiplomaIn(Dated):
    mention = fields.String(required=True, validate=OneOf(list(v.MENTIONS)))
    ceremony = fields.String(required=True, validate=Length(1, 300))


class WordingIn(Dated):
    title = fields.String(required=True, validate=Length(1, 300))
    description = fields.String(load_default="", validate=Length(max=5000))
    official = fields.Boolean(load_default=True)
    reason = fields.String(load_default="", validate=Length(max=TEXT))


# -- query strings ---------------------------------------------------------------------------------------------------


class PageQuery(Strict):
    page = fields.Integer(load_default=1, validate=Range(1, 100_000))
    per_page = fields.Integer(load_default=50, validate=Range(1, 500))


class CooperativesQuery(PageQuery):
    on = Day(metadata={"description": "statut à cette date ; défaut : aujourd'hui"})
    mention = fields.String(
        validate=OneOf([m.value for m in Mention]),
        metadata={"description": "mention détenue à la date (none, engagee, confirmee, expired, withdrawn)"},
    )
    step = fields.String(validate=OneOf([s.value for s in Step]), metadata={"description": "étape en cours à la date"})
    departement = fields.String(validate=Length(1, 3))
    activity = fields.String(validate=OneOf(list(v.ACTIVITIES)))
    search = fields.String(validate=Length(1, 200))


class DossierQuery(Strict):
    as_of = Day()
    basis = fields.String(load_default="effective", validate=OneOf(["effective", "recorded"]))
    version = fields.Integer(validate=Range(1, 10_000_000))

    @validates_schema
    def _one_of(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "as_of" in data and "version" in data:
            raise ValidationError("Donnez as_of ou version, pas les deux.", "version")


class DiffQuery(Strict):
    from_ = fields.Integer(data_key="from", required=True, validate=Range(1, 10_000_000))
    to = fields.Integer(required=True, validate=Range(1, 10_000_000))


class TimelineQuery(Strict):
    kinds = DelimitedList(fields.String(validate=Length(1, 80)), validate=Length(max=50))
    start = Day()
    end = Day()


class AuditQuery(TimelineQuery, PageQuery):
    actor = fields.String(validate=Length(1, 64))
    coop_id = fields.UUID()


class DayQuery(Strict):
    on = Day()


class MentionQuery(Strict):
    mention = fields.Integer(validate=Range(1, 1000), metadata={"description": "la n-ième mention accordée"})


class DeadlinesQuery(DayQuery, PageQuery):
    """``page`` and ``per_page`` cut each list (overdue, upcoming); ``overdue_count`` and ``upcoming_count`` count
    them whole."""

    horizon_days = fields.Integer(load_default=90, validate=Range(0, 3660))
