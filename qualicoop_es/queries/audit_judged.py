"""What the committee judges, beyond the dossier itself: a bilan's summary and the measurements it reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from qualicoop_es.aggregates.cooperative import Cooperative as C
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.projections.sentences import french_number
from qualicoop_es.queries.audit import in_business_order

__all__ = ["JudgedBilan", "Measurement", "judged_bilan"]


@dataclass(frozen=True)
class Measurement:
    indicator_id: str
    label: str
    unit: str
    on: date
    value: str
    comment: str


@dataclass(frozen=True)
class JudgedBilan:
    """The bilan awaiting the committee: its summary, when and at which version it was deposited, and the
    measurements recorded since the last verdict (what the bilan reports)."""

    summary: str
    on: date
    version: int
    measurements: tuple[Measurement, ...]


def judged_bilan(app: QualicoopApplication, coop_id: UUID) -> JudgedBilan | None:
    """The last bilan deposited, when one awaits the committee (None otherwise)."""
    coop = app.cooperative(coop_id)
    if str(coop.phase) != "bilan_submitted":
        return None
    events = in_business_order(app.history(coop_id))
    bilan = next(e for e in reversed(events) if isinstance(e, C.BilanSubmitted))
    since = next((e.effective_on for e in reversed(events) if isinstance(e, C.VerdictRecorded)), date.min)
    indicators = {i["id"]: i for e in coop.dossier["engagements"].values() for i in e["indicators"].values()}
    found = tuple(_measurement(e, indicators.get(e.indicator_id, {})) for e in events
                  if isinstance(e, C.IndicatorMeasured) and since <= e.effective_on <= bilan.effective_on)  # fmt: skip
    return JudgedBilan(bilan.summary, bilan.effective_on, bilan.dossier_version, found)


def _measurement(event: C.IndicatorMeasured, indicator: dict[str, object]) -> Measurement:
    return Measurement(event.indicator_id, str(indicator.get("label", "Indicateur retiré")),
                       str(indicator.get("unit", "")), event.effective_on, french_number(event.value),
                       event.comment)  # fmt: skip
