"""Reading a cooperative: its status, the network list, the dossier with its checklist, a diff between versions."""

from __future__ import annotations

from marshmallow import fields

from qualicoop_es.queries import vocabulary as v
from qualicoop_es.queries.vocabulary import DUE_LABELS, Mention, Step
from web.api.responses.base import Choice, Decimal, Id, IsoDate, Open

# -- a cooperative's status (presenters.status_fields) ----------------------------------------------------------------


class PendingJudgementOut(Open):
    """What awaits the committee: a dossier (``submission``) or a bilan, at the version submitted."""

    kind = Choice(["submission", "bilan"], required=True)
    version = fields.Integer(required=True)
    digest = fields.String(required=True)
    submitted_on = IsoDate(required=True)


class LastVerdictOut(Open):
    kind = Choice(v.VerdictKind, required=True)
    label = fields.String(required=True)
    on = IsoDate(required=True)
    judged_version = fields.Integer(required=True)
    session_reference = fields.String(required=True)
    axes = fields.List(fields.Integer(), required=True)


class StatusOut(Open):
    """The mention held and, apart from it, the step in progress, on ``as_of``, with the decisions' dates."""

    as_of = IsoDate(required=True)
    mention = Choice(Mention, required=True)
    mention_label = fields.String(required=True)
    mention_since = IsoDate(required=True, allow_none=True)
    valid_until = IsoDate(required=True, allow_none=True)
    expired_on = IsoDate(required=True, allow_none=True)
    step = Choice(Step, required=True)
    step_label = fields.String(required=True)
    step_since = IsoDate(required=True)
    next_bilan_due = IsoDate(required=True, allow_none=True)
    next_bilan_kind = Choice(DUE_LABELS, required=True, allow_none=True)
    next_bilan_label = fields.String(required=True, allow_none=True)
    bilan_accepted_from = IsoDate(required=True, allow_none=True)
    overdue = fields.Boolean(required=True)
    pending_judgement = fields.Nested(PendingJudgementOut, required=True, allow_none=True)
    registered_on = IsoDate(required=True)
    engaged_on = IsoDate(required=True, allow_none=True)
    confirmed_on = IsoDate(required=True, allow_none=True)
    last_verdict = fields.Nested(LastVerdictOut, required=True, allow_none=True)


class CountsOut(Open):
    engagements = fields.Integer(required=True)
    actions = fields.Integer(required=True)
    indicators = fields.Integer(required=True)


class CooperativeItemOut(Open):
    """A cooperative as the network list shows it on a day (``presenters.list_item``)."""

    id = Id(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)
    legal_form = Choice(v.LEGAL_FORMS, required=True)
    departement = fields.String(required=True)
    activities = fields.List(Choice(v.ACTIVITIES), required=True)
    version = fields.Integer(required=True)
    status = fields.Nested(StatusOut, required=True)
    counts = fields.Nested(CountsOut, required=True)
    checkpoints = fields.Integer(required=True)
    readjustments = fields.Integer(required=True)


class CooperativePageOut(Open):
    items = fields.List(fields.Nested(CooperativeItemOut), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


# -- the dossier (dossier.plain), its checklist (rules.checklist), a diff (dossier_diff) ------------------------------


class IdentityOut(Open):
    name = fields.String(required=True)
    siren = fields.String(required=True)
    legal_form = Choice(v.LEGAL_FORMS, required=True)
    departement = fields.String(required=True)
    activities = fields.List(Choice(v.ACTIVITIES), required=True)
    homes_managed = fields.Integer(required=True, allow_none=True)
    homes_delivered_per_year = fields.Integer(required=True, allow_none=True)
    members = fields.Integer(required=True, allow_none=True)
    staff = fields.Integer(required=True, allow_none=True)
    governance_bodies = fields.String(required=True, allow_none=True)
    contact = fields.String(required=True, allow_none=True)


class IntentOut(Open):
    motivations = fields.String(required=True)
    ambitions = fields.String(required=True)
    human_means = fields.String(required=True)
    financial_means = fields.String(required=True)
    stakeholders = fields.List(Choice(v.STAKEHOLDERS), required=True)


class ActionOut(Open):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    since = IsoDate(required=True)
    revised = fields.Boolean(required=True)


class IndicatorOut(Open):
    id = fields.String(required=True)
    label = fields.String(required=True)
    unit = fields.String(required=True)
    baseline = Decimal(required=True, allow_none=True)
    target = Decimal(required=True)
    initial_target = Decimal(required=True)
    target_date = IsoDate(required=True)
    since = IsoDate(required=True)
    readjusted = fields.Boolean(required=True)


class EngagementOut(Open):
    number = fields.Integer(required=True)
    activities = fields.List(Choice(v.ACTIVITIES), required=True)
    context = fields.String(required=True)
    catalogue_version = fields.Integer(required=True)
    since = IsoDate(required=True)
    actions = fields.Dict(keys=fields.String(), values=fields.Nested(ActionOut), required=True,
                          metadata={"description": "par identifiant d'action (A1, A2…)"})  # fmt: skip
    indicators = fields.Dict(keys=fields.String(), values=fields.Nested(IndicatorOut), required=True,
                             metadata={"description": "par identifiant d'indicateur (I1, I2…)"})  # fmt: skip


class DossierContentOut(Open):
    identity = fields.Nested(IdentityOut, required=True)
    intent = fields.Nested(IntentOut, required=True)
    engagements = fields.Dict(keys=fields.String(), values=fields.Nested(EngagementOut), required=True,
                              metadata={"description": "par numéro d'engagement (« 1 » à « 12 »)"})  # fmt: skip


class ChecklistItemOut(Open):
    rule = fields.String(required=True)
    label = fields.String(required=True)
    ok = fields.Boolean(required=True)
    problems = fields.List(fields.String(), required=True)


class SubmissionOut(Open):
    """The dossier submitted to the committee: its version, the digest judged, the catalogue it follows."""

    version = fields.Integer(required=True)
    digest = fields.String(required=True)
    on = IsoDate(required=True)
    catalogue_version = fields.Integer(required=True)


class MeasurementOut(Open):
    """An indicator's latest measure and how many were recorded."""

    on = IsoDate(required=True)
    value = Decimal(required=True)
    count = fields.Integer(required=True)


class CooperativeOut(Open):
    id = Id(required=True)
    version = fields.Integer(required=True)
    siren = fields.String(required=True)
    name = fields.String(required=True)
    status = fields.Nested(StatusOut, required=True)
    pending_judgement = fields.Nested(PendingJudgementOut, required=True, allow_none=True)
    dossier = fields.Nested(DossierContentOut, required=True)
    checklist = fields.List(fields.Nested(ChecklistItemOut), required=True)
    submission = fields.Nested(SubmissionOut, required=True, allow_none=True)
    measurements = fields.Dict(keys=fields.String(), values=fields.Nested(MeasurementOut), required=True,
                               metadata={"description": "par identifiant d'indicateur"})  # fmt: skip


class DossierOut(Open):
    id = Id(required=True)
    version = fields.Integer(required=True)
    as_of = IsoDate(required=True, allow_none=True)
    basis = Choice(["effective", "recorded"], required=True, allow_none=True)
    dossier = fields.Nested(DossierContentOut, required=True)
    checklist = fields.List(fields.Nested(ChecklistItemOut), required=True)
    submission = fields.Nested(SubmissionOut, required=True, allow_none=True)


class RuleFailureOut(Open):
    rule = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict(required=True, metadata={"description": "selon la règle (nombres, champs manquants…)"})


class ChecklistOut(Open):
    version = fields.Integer(required=True)
    valid = fields.Boolean(required=True)
    items = fields.List(fields.Nested(ChecklistItemOut), required=True)
    failures = fields.List(fields.Nested(RuleFailureOut), required=True)


class ChangeOut(Open):
    path = fields.String(required=True, metadata={"description": "ex. identity.name, engagements.3.indicators.I2"})
    change = Choice(["added", "removed", "changed"], required=True)
    before = fields.Raw(required=True, allow_none=True)
    after = fields.Raw(required=True, allow_none=True)
    label = fields.String(required=True)


class DiffOut(Open):
    from_ = fields.Integer(data_key="from", attribute="from", required=True)
    to = fields.Integer(required=True)
    changes = fields.List(fields.Nested(ChangeOut), required=True)
