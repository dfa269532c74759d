"""The dossier shaped for the pages: by pillar, with catalogue titles, measurements and their charts."""

from __future__ import annotations

from typing import Any

from qualicoop_es.queries import dossier as ds
from qualicoop_es.queries import vocabulary as v
from web.pages import charts


def by_pillar(
    dossier: dict[str, Any], catalogue: dict[str, Any], series: dict[str, list[tuple[str, Any]]]
) -> list[dict[str, Any]]:
    """Pillars 1–3, each with its chosen engagements (actions, indicators with a chart), sorted by number."""
    plain = ds.plain(dossier)
    titles = {e["number"]: e for e in catalogue["engagements"]}
    pillars = []
    for pillar in catalogue["pillars"]:
        engagements = []
        for key in sorted(plain["engagements"], key=int):
            engagement = plain["engagements"][key]
            number = int(key)
            if v.pillar_of(number) != pillar["number"]:
                continue
            indicators = []
            for indicator in sorted(engagement["indicators"].values(), key=lambda i: int(i["id"][1:])):
                points = series.get(indicator["id"], [])
                chart = charts.measurement_chart(points, target=indicator.get("target"), unit=indicator.get("unit", ""),
                                                 title=f"Mesures de « {indicator.get('label', '')} »")  # fmt: skip
                indicators.append({**indicator, "points": points, "chart": chart})
            actions = sorted(engagement["actions"].values(), key=lambda a: int(a["id"][1:]))
            engagements.append({**engagement, "number": number, "title": titles[number]["title"],
                                "official": titles[number]["official"], "actions": actions,
                                "indicators": indicators})  # fmt: skip
        pillars.append({**pillar, "engagements": engagements,
                        "count": len(engagements), "enough": len(engagements) >= v.MIN_PER_PILLAR})  # fmt: skip
    return pillars
