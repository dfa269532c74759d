"""Which cooperatives were submitted at least once (what the committee sees: ``access.Sight.SUBMITTED``), read from
the timeline read model (one row per event, indexed by cooperative and by kind)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import ColumnElement, Engine, exists, select

from qualicoop_es.projections.timeline import events_table as ev

SUBMITTED_KIND = "dossier_submitted"


def once_submitted(cooperative_id: ColumnElement[str]) -> ColumnElement[bool]:
    """SQL condition: the cooperative of ``cooperative_id`` has a submission in the log."""
    return exists().where(ev.c.cooperative_id == cooperative_id, ev.c.kind == SUBMITTED_KIND)


def was_submitted(engine: Engine, coop_id: UUID) -> bool:
    """Has the cooperative ever been submitted (its first submission recorded)?"""
    query = select(ev.c.notification_id).where(ev.c.cooperative_id == str(coop_id), ev.c.kind == SUBMITTED_KIND)
    with engine.connect() as conn:
        return conn.execute(query.limit(1)).first() is not None
