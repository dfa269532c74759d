"""The state of the network at a scope's cut-off (31 December), from each cooperative's state in that scope.

The mention and the step on that day come from the domain's one definition (``standing.view_on`` through
``Cooperative.standing_on``), so they are what ``app.as_of(coop, day)`` shows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from qualicoop_es.aggregates.standing import GRANTED, Step
from qualicoop_es.aggregates.values import pillar_of
from qualicoop_es.reports.regions import region_of

Table = dict[str, dict[str, Any]]
OUT = frozenset({Step.LEFT, Step.CLOSED})


def year_end(states: dict[UUID, Any], day: date) -> dict[str, Any]:
    """Tables (name → row key → measures) and the list of the mentions valid on ``day``."""
    mentions: Counter[str] = Counter()
    steps: Counter[str] = Counter()
    places: dict[str, Table] = {"departements": defaultdict(dict), "regions": defaultdict(dict),
                                "activities": defaultdict(dict)}  # fmt: skip
    engagements: Counter[int] = Counter()
    indicators: dict[str, Counter[str]] = defaultdict(Counter)
    valid: list[dict[str, Any]] = []
    for coop in states.values():
        view = coop.standing_on(day)
        mentions[view.mention.value] += 1
        steps[view.step.value] += 1
        holds = view.mention in GRANTED
        identity = coop.dossier["identity"]
        _count_places(places, identity, holds)
        if view.step not in OUT:
            engagements.update(int(n) for n in coop.dossier["engagements"])
        if holds:
            valid.append(_valid_row(coop, view))
            _count_indicators(indicators, coop)
    return {
        "mentions": {k: {"cooperatives": n} for k, n in mentions.items()},
        "steps": {k: {"cooperatives": n} for k, n in steps.items()},
        **{name: dict(table) for name, table in places.items()},
        "engagements": {str(n): {"pillar": pillar_of(n), "cooperatives": c} for n, c in engagements.items()},
        "indicators": {str(p): dict(c) for p, c in indicators.items()},
        "valid_mentions": sorted(valid, key=lambda r: (r["name"], r["siren"])),
        "registered": len(states),
    }


def _count_places(places: dict[str, Table], identity: dict[str, Any], holds: bool) -> None:
    departement = identity.get("departement") or ""
    keys = {"departements": [departement], "regions": [region_of(departement)],
            "activities": list(identity.get("activities") or [])}  # fmt: skip
    for name, codes in keys.items():
        for code in codes:
            row = places[name][code]
            row["cooperatives"] = row.get("cooperatives", 0) + 1
            row["mention_valid"] = row.get("mention_valid", 0) + int(holds)


def _valid_row(coop: Any, view: Any) -> dict[str, Any]:
    identity = coop.dossier["identity"]
    return {"name": identity.get("name") or "", "siren": coop.siren, "departement": identity.get("departement"),
            "mention": view.mention.value, "since": _iso(view.mention_since),
            "valid_until": _iso(view.valid_until)}  # fmt: skip


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _count_indicators(counts: dict[str, Counter[str]], coop: Any) -> None:
    """Each indicator of a cooperative holding a mention: on target, off target or not measured by that day."""
    for number, engagement in coop.dossier["engagements"].items():
        pillar = str(pillar_of(int(number)))
        for indicator_id, indicator in engagement["indicators"].items():
            measured = coop.measurements.get(indicator_id)
            counts[pillar][_on_target(indicator, measured)] += 1


def _on_target(indicator: dict[str, Any], measured: dict[str, Any] | None) -> str:
    if not measured or measured.get("value") is None or indicator.get("target") is None:
        return "not_measured"
    value, target = Decimal(measured["value"]), Decimal(indicator["target"])
    baseline = indicator.get("baseline")
    decreasing = baseline is not None and Decimal(baseline) > target
    return "on_target" if (value <= target if decreasing else value >= target) else "off_target"
