"""The integrity of the log as published (API, dashboard): the chain's head in the ledger, the last verification."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

from qualicoop_es.accounts.names import display_names
from qualicoop_es.integrity.record import last_verification

_HEAD = text("SELECT notification_id, seq, digest FROM integrity_ledger ORDER BY notification_id DESC LIMIT 1")


def integrity_summary(app: Any, engine: Engine) -> dict[str, Any]:
    """``{head_position, head_digest, count, log_head, last_verification}``: the head of the chain kept by the
    ledger (its digest in hex; ``count`` events chained up to it), the log's last position, and the last
    recorded verification (when, by whom — with the display name —, its result and the head it found)."""
    with engine.connect() as conn:
        head = conn.execute(_HEAD).first()
    last = last_verification(app)
    verification = None
    if last is not None:
        verification = {"at": last.at.isoformat(), "actor": last.actor,
                        "actor_name": display_names(engine, [last.actor]).get(last.actor, ""), "ok": last.ok,
                        "start": last.start, "head_position": last.head_position, "head_digest": last.head_digest,
                        "count": last.count, "difference_position": last.difference_position,
                        "problem": last.problem}  # fmt: skip
    return {"head_position": int(head[0]) if head else 0, "head_digest": bytes(head[2]).hex() if head else "",
            "count": int(head[1]) if head else 0, "log_head": app.recorder.max_notification_id() or 0,
            "last_verification": verification}  # fmt: skip
