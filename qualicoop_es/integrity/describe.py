"""Naming the event ``verify`` found different, for people: position, cooperative, version, kind, business date.

Everything here is best effort: the event may have been altered so that it no longer decodes, or deleted. What is
stored is read first (through the recorder's and mapper's public methods), then the read models (written when the
event was recorded, before any tampering): the timeline for a deleted event's kind and date, the periods for the
cooperative's name and SIREN.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.utils import resolve_topic
from sqlalchemy import Engine, select

from qualicoop_es.integrity.verify import Difference
from qualicoop_es.projections.periods import periods_table
from qualicoop_es.projections.timeline import events_table

PROBLEMS = {
    "altered": "ne correspond plus à son empreinte : modifié depuis son enregistrement",
    "missing": "manque au journal : le registre d'intégrité en a l'empreinte (supprimé, ou journal tronqué)",
    "inserted": "n'est pas celui que le registre d'intégrité a chaîné à cette position : inséré hors de l'application",
}


def kind_of(topic: str | None) -> str | None:
    """The event's class name (``Cooperative.DossierSubmitted``), from its topic; the topic if unknown."""
    if not topic:
        return None
    try:
        return str(resolve_topic(topic).__qualname__)
    except Exception:  # a topic this code does not know (or a forged one)
        return topic


def _decoded(app: Any, position: int) -> Any:
    try:
        found = app.recorder.select_notifications(position, 1, stop=position)
        return app.mapper.to_domain_event(found[0]) if found else None
    except Exception:  # altered bytes that no longer decode: nothing more to say from the event itself
        return None


def _recorded(engine: Engine, position: int) -> Any:
    try:
        with engine.connect() as conn:
            return conn.execute(select(events_table.c.topic, events_table.c.effective_on)
                                .where(events_table.c.notification_id == position)).first()  # fmt: skip
    except Exception:  # the read model is being rebuilt
        return None


def _cooperative(engine: Engine, originator: str | None) -> tuple[str | None, str | None]:
    if not originator:
        return None, None
    try:
        with engine.connect() as conn:
            row = conn.execute(select(periods_table.c.name, periods_table.c.siren)
                               .where(periods_table.c.cooperative_id == str(UUID(originator)))
                               .order_by(periods_table.c.valid_from.desc()).limit(1)).first()  # fmt: skip
    except Exception:  # not a cooperative's id, or the read model is being rebuilt
        return None, None
    return (row.name, row.siren) if row is not None else (None, None)


def describe(app: Any, engine: Engine, difference: Difference) -> dict[str, Any]:
    """The difference as plain data (JSON-ready), with a French sentence."""
    event = _decoded(app, difference.position) if difference.problem != "missing" else None
    recorded = _recorded(engine, difference.position)
    topic = difference.topic or (recorded.topic if recorded is not None else None)
    day = getattr(event, "effective_on", None) or (recorded.effective_on if recorded is not None else None)
    name, siren = _cooperative(engine, difference.originator_id)
    described = {"position": difference.position, "problem": difference.problem,
                 "aggregate_id": difference.originator_id, "cooperative_name": name, "siren": siren,
                 "version": difference.version, "kind": kind_of(topic), "topic": topic,
                 "effective_on": day.isoformat() if day is not None else None}  # fmt: skip
    described["message"] = sentence(described)
    return described


def sentence(d: dict[str, Any]) -> str:
    who = f"{d['cooperative_name']} (SIREN {d['siren']})" if d["cooperative_name"] else f"agrégat {d['aggregate_id']}"
    what = f"{d['kind'] or 'sorte inconnue'}, version {d['version']}" + (
        f", date d'effet {d['effective_on']}" if d["effective_on"] else ""
    )
    return f"Événement n°{d['position']} — {who}, {what} — {PROBLEMS[d['problem']]}."
