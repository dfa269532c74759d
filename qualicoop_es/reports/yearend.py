"""The state of the network at a scope's cut-off (31 December), from each cooperative's state in that scope, reduced
to the few figures the tables count (``Closing``) as soon as the replay is done with that state.

The mention and the step on that day come from the domain's one definition (``standing.view_on`` through
``Cooperative.standing_on``), so they are what ``app.as_of(coop, day)`` shows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from qualicoop_es.aggregates.standing import GRANTED, Step
from qualicoop_es.aggregates.values import pillar_of
from qualicoop_es.reports.regions import region_of

Table = dict[str, dict[str, Any]]
OUT = frozenset({Step.LEFT, Step.CLOSED})


@dataclass(frozen=True, slots=True)
class Closing:
    """What one cooperative's state at 31 December gives the year-end tables: the report keeps this, not the state
    (``closing`` reduces a state to it when the cooperative's facts move past that day)."""

    name: str | None
    siren: str
    mention: str
    step: str
    holds: bool
    departement: str | None
    activities: tuple[str, ...]
    #: the engagements it holds (none once out of the approach)
    engagements: tuple[int, ...]
    #: (pillar, on target / off target / not measured) of each indicator, for a cooperative holding a mention
    indicators: tuple[tuple[str, str], ...]
    #: its row in the list of the mentions valid that day, for a cooperative holding a mention
    valid: dict[str, Any] | None


def closing(coop: Any, day: date) -> Closing:
    """The figures of ``coop`` (its state as of ``day``) that the year-end tables count; the mention and the step
    on that day are the domain's (``standing_on``). Sorted: the same whatever order the facts were applied in."""
    view = coop.standing_on(day)
    holds = view.mention in GRANTED
    identity = coop.dossier["identity"]
    engagements = () if view.step in OUT else tuple(sorted(int(n) for n in coop.dossier["engagements"]))
    return Closing(
        name=identity["name"], siren=coop.siren, mention=view.mention.value, step=view.step.value,
        holds=holds, departement=identity.get("departement"), activities=tuple(identity.get("activities") or []),
        engagements=engagements, indicators=tuple(sorted(_indicators(coop))) if holds else (),
        valid=_valid_row(coop, view) if holds else None,
    )  # fmt: skip


def year_end(closings: dict[UUID, Closing]) -> dict[str, Any]:
    """Tables (name → row key → measures) and the list of the mentions valid on that day."""
    mentions: Counter[str] = Counter()
    steps: Counter[str] = Counter()
    places: dict[str, Table] = {"departements": defaultdict(dict), "regions": defaultdict(dict),
                                "activities": defaultdict(dict)}  # fmt: skip
    engagements: Counter[int] = Counter()
    indicators: dict[str, Counter[str]] = defaultdict(Counter)
    valid: list[dict[str, Any]] = []
    for coop in closings.values():
        mentions[coop.mention] += 1
        steps[coop.step] += 1
        _count_places(places, coop)
        engagements.update(coop.engagements)
        for pillar, kind in coop.indicators:
            indicators[pillar][kind] += 1
        if coop.valid is not None:
            valid.append(coop.valid)
    return {
        "mentions": {k: {"cooperatives": n} for k, n in mentions.items()},
        "steps": {k: {"cooperatives": n} for k, n in steps.items()},
        **{name: dict(table) for name, table in places.items()},
        "engagements": {str(n): {"pillar": pillar_of(n), "cooperatives": c} for n, c in engagements.items()},
        "indicators": {str(p): dict(c) for p, c in indicators.items()},
        "valid_mentions": sorted(valid, key=lambda r: (r["name"], r["siren"])),
        "registered": len(closings),
    }


def _count_places(places: dict[str, Table], coop: Closing) -> None:
    departement = coop.departement or ""
    keys = {"departements": [departement], "regions": [region_of(departement)], "activities": coop.activities}
    for name, codes in keys.items():
        for code in codes:
            row = places[name][code]
            row["cooperatives"] = row.get("cooperatives", 0) + 1
            row["mention_valid"] = row.get("mention_valid", 0) + int(coop.holds)


def _valid_row(coop: Any, view: Any) -> dict[str, Any]:
    identity = coop.dossier["identity"]
    return {"name": identity.get("name") or "", "siren": coop.siren, "departement": identity.get("departement"),
            "mention": view.mention.value, "since": _iso(view.mention_since),
            "valid_until": _iso(view.valid_until)}  # fmt: skip


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _indicators(coop: Any) -> Iterator[tuple[str, str]]:
    """Each indicator of a cooperative: its pillar, and on target, off target or not measured by that day."""
    for number, engagement in coop.dossier["engagements"].items():
        pillar = str(pillar_of(int(number)))
        for indicator_id, indicator in engagement["indicators"].items():
            yield pillar, _on_target(indicator, coop.measurements.get(indicator_id))


def _on_target(indicator: dict[str, Any], measured: dict[str, Any] | None) -> str:
    if not measured or measured.get("value") is None or indicator.get("target") is None:
        return "not_measured"
    value, target = Decimal(measured["value"]), Decimal(indicator["target"])
    baseline = indicator.get("baseline")
    decreasing = baseline is not None and Decimal(baseline) > target
    return "on_target" if (value <= target if decreasing else value >= target) else "off_target"
