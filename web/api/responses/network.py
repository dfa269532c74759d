"""Events (timeline, audit log, roles), the network's reads (catalogue, deadlines, figures) and the writes' answer."""

from __future__ import annotations

from marshmallow import fields

from qualicoop_es.queries import vocabulary as v
from qualicoop_es.queries.vocabulary import DUE_LABELS, KIND_LABELS, Mention, Step
from web.api.responses.base import Choice, Counts, Id, IsoDate, IsoDateTime, Open

# -- writes ----------------------------------------------------------------------------------------------------------


class CommandOut(Open):
    id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    notification_id = fields.Integer(required=True)
    created = fields.Dict(keys=fields.String(), values=fields.String())


# -- events: a timeline, the audit log, an account's roles ------------------------------------------------------------


class EventOut(Open):
    """One fact of the log as people read it, naming its author (``actor_name``), never by a bare id."""

    notification_id = fields.Integer(required=True)
    cooperative_id = Id(required=True, allow_none=True)
    version = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"description": "sorte d'événement (voir /api/v1/event-kinds)"})
    kind_label = fields.String(required=True)
    effective_on = IsoDate(required=True, allow_none=True)
    recorded_at = IsoDateTime(required=True)
    actor = fields.String(required=True, allow_none=True)
    actor_name = fields.String(
        required=True, metadata={"description": "nom affiché, « personne effacée » ou « Système »"}
    )
    sentence = fields.String(required=True)
    data = fields.Dict(required=True, metadata={"description": "les champs de l'événement, selon sa sorte"})
    members_present_names = fields.List(fields.String(), metadata={"description": "pour un verdict"})


class AuditEventOut(EventOut):
    cooperative_name = fields.String(required=True, allow_none=True)


class TimelineOut(Open):
    items = fields.List(fields.Nested(EventOut), required=True)


class AuditPageOut(Open):
    items = fields.List(fields.Nested(AuditEventOut), required=True)
    total = fields.Integer(required=True, metadata={"description": "événements correspondants, comptés jusqu'à 1 000"})
    total_exact = fields.Boolean(
        required=True,
        metadata={"description": "faux : plus de 1 000 événements correspondent (total vaut alors 1 000)"},
    )
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class RoleEventOut(Open):
    version = fields.Integer(required=True)
    kind = fields.String(required=True)
    effective_on = IsoDate(required=True)
    recorded_at = IsoDateTime(required=True)
    actor = fields.String(required=True)
    role = fields.String(required=True, allow_none=True)
    cooperative_id = Id(required=True, allow_none=True)
    affiliations = fields.List(Id(), required=True)


class RoleHistoryOut(Open):
    items = fields.List(fields.Nested(RoleEventOut), required=True)


# -- the network: catalogue, deadlines, figures, event kinds, the caller -------------------------------------------


class PillarOut(Open):
    number = fields.Integer(required=True)
    name = fields.String(required=True)
    title = fields.String(required=True)


class WordingOut(Open):
    number = fields.Integer(required=True)
    pillar = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    official = fields.Boolean(required=True)


class CatalogueOut(Open):
    version = fields.Integer(required=True)
    pillars = fields.List(fields.Nested(PillarOut), required=True)
    engagements = fields.List(fields.Nested(WordingOut), required=True)


class DeadlineOut(Open):
    cooperative_id = Id(required=True)
    name = fields.String(required=True)
    kind = Choice(DUE_LABELS, required=True)
    label = fields.String(required=True)
    due_on = IsoDate(required=True)
    days = fields.Integer(required=True, metadata={"description": "jours jusqu'à l'échéance (négatif : en retard)"})
    mention = Choice(Mention, required=True)


class DeadlinesOut(Open):
    overdue = fields.List(fields.Nested(DeadlineOut), required=True)
    upcoming = fields.List(fields.Nested(DeadlineOut), required=True)
    overdue_count = fields.Integer(required=True, metadata={"description": "échéances dépassées, toutes pages"})
    upcoming_count = fields.Integer(required=True, metadata={"description": "échéances à venir, toutes pages"})
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True, metadata={"description": "au plus autant d'éléments par liste"})


class FiguresOut(Open):
    day = IsoDate(required=True)
    total = fields.Integer(required=True)
    per_mention = fields.Nested(Counts("PerMention", Mention), required=True)
    per_step = fields.Nested(Counts("PerStep", Step), required=True)
    per_departement = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    per_activity = fields.Nested(Counts("PerActivity", v.ACTIVITIES), required=True)
    engagement_popularity = fields.Nested(Counts("EngagementPopularity", v.ENGAGEMENT_NUMBERS), required=True,
                                          metadata={"description": "par numéro d'engagement, parmi les coopératives encore dans la démarche"})  # fmt: skip
    verdicts_per_year = fields.Dict(keys=fields.String(), values=fields.Nested(Counts("VerdictsPerKind", v.VerdictKind)),
                                    required=True)  # fmt: skip


EventKindsOut = Open.from_dict({kind: fields.String(required=True) for kind in KIND_LABELS}, name="EventKindsOut")


class HealthOut(Open):
    status = fields.String(required=True)


class MeOut(Open):
    account_id = fields.String(required=True)
    role = fields.String(required=True)
    email = fields.String(required=True)
    display_name = fields.String(required=True)
    cooperative_id = fields.UUID(allow_none=True)
    affiliations = fields.List(fields.UUID())
