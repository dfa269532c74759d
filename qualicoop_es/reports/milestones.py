"""The facts a year's activity is counted from, kept small while the log streams by (dossier edits and
measurements are not kept: the states at the cut-off hold what they decided)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from qualicoop_es.aggregates import dossier as ds
from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.errors import NotFound


@dataclass(frozen=True, slots=True)
class Milestone:
    kind: str
    coop_id: UUID
    effective_on: date
    recorded_at: datetime
    position: int
    version: int
    data: dict[str, Any] = field(default_factory=dict)


KINDS: dict[type, str] = {
    C.Created: "registered", C.KitRequested: "kit_requested", C.FirstMeetingHeld: "first_meeting",
    C.DossierSubmitted: "submitted", C.VerdictRecorded: "verdict", C.CheckpointHeld: "checkpoint",
    C.ObjectivesReadjusted: "readjustment", C.BilanSubmitted: "bilan", C.ApproachLeft: "left",
    C.MentionWithdrawn: "withdrawn",
}  # fmt: skip


def milestone(event: Any, position: int, state: Any) -> Milestone:
    """The milestone ``event`` is (its type is one of ``KINDS``; ``state``: the cooperative just before it, in a
    scope including it)."""
    return Milestone(KINDS[type(event)], event.originator_id, event.effective_on, event.timestamp, position,
                     event.originator_version, _data(event, state))  # fmt: skip


def _data(event: Any, state: Any) -> dict[str, Any]:
    if isinstance(event, C.VerdictRecorded):
        return {"verdict": event.kind.value, "session": event.session_reference, "next_due": event.next_bilan_due}
    if isinstance(event, C.ObjectivesReadjusted):
        return {"changes": [(c["op"], _engagement_of(c, state)) for c in event.changes]}
    return _NOTHING


#: The data of a milestone that needs none (one for all: the milestones are many, and only read).
_NOTHING: dict[str, Any] = {}


def _engagement_of(change: dict[str, Any], state: Any) -> int | None:
    """The engagement a readjustment's change is about (an action's or an indicator's, found in the dossier)."""
    if "number" in change:
        return int(change["number"])
    if state is None:
        return None
    try:
        if "indicator_id" in change:
            return ds.find_indicator(state.dossier, change["indicator_id"])[0]
        if "action_id" in change:
            return ds.find_action(state.dossier, change["action_id"])[0]
    except NotFound:
        return None
    return None
