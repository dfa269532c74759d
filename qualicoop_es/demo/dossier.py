"""The generator's copy of one dossier: just enough of it to draw operations the aggregate will accept."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.values import pillar_of
from qualicoop_es.demo.objectives import ACTIONS, ENGAGEMENT_1_ACTIONS, INDICATORS
from qualicoop_es.demo.texts import MEASURE_COMMENTS


@dataclass
class Engagement:
    number: int
    activities: list[str]
    actions: list[str] = field(default_factory=list)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)


class DossierCopy:
    """Engagements, action and indicator ids as the aggregate numbers them, texts already used."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.engagements: dict[int, Engagement] = {}
        self.seq = {"A": 0, "I": 0}
        self.used_actions: set[str] = set()
        self.used_indicators: set[str] = set()

    def action_op(self, number: int) -> dict[str, Any]:
        pool = ENGAGEMENT_1_ACTIONS + ACTIONS[1] if number == 1 else ACTIONS[pillar_of(number)]
        fresh = [a for a in pool if a[0] not in self.used_actions] or list(pool)
        title, description = self.rng.choice(fresh)
        if number == 1 and not self.used_actions & {a[0] for a in ENGAGEMENT_1_ACTIONS}:
            title, description = self.rng.choice(ENGAGEMENT_1_ACTIONS)
        self.used_actions.add(title)
        return {"op": "add_action", "number": number, "title": title, "description": description}

    def indicator_op(self, number: int, day: date) -> dict[str, Any]:
        pool = INDICATORS[pillar_of(number)]
        fresh = [i for i in pool if i[0] not in self.used_indicators] or list(pool)
        label, unit, (low, high), (f_low, f_high) = self.rng.choice(fresh)
        self.used_indicators.add(label)
        baseline = self.rng.randint(low, high)
        factor = self.rng.uniform(f_low, f_high)
        target = round(baseline * factor) if baseline else self.rng.randint(2, 12)
        if unit == "%":
            target = min(target, 100)
        if target == baseline:
            target = baseline + (1 if factor >= 1 else -1)
        target_date = v.add_months(day, self.rng.choice((18, 24, 24, 30)))
        return {"op": "define_indicator", "number": number,
                "fields": {"label": label, "unit": unit, "baseline": baseline, "target": target,
                           "target_date": target_date}}  # fmt: skip

    def apply(self, op: dict[str, Any], day: date) -> None:
        """Keep the copy in step with an operation the aggregate accepted."""
        name = op["op"]
        if name == "add_action":
            self.seq["A"] += 1
            self.engagements[op["number"]].actions.append(f"A{self.seq['A']}")
        elif name == "define_indicator":
            self.seq["I"] += 1
            f = op["fields"]
            self.engagements[op["number"]].indicators[f"I{self.seq['I']}"] = {
                "baseline": Decimal(f["baseline"]), "target": Decimal(f["target"]), "since": day,
                "unit": f["unit"], "value": Decimal(f["baseline"])}  # fmt: skip
        elif name == "choose_engagement":
            self.engagements[op["number"]] = Engagement(op["number"], list(op["activities"]))
        elif name == "drop_engagement":
            del self.engagements[op["number"]]
        elif name == "revise_indicator":
            for e in self.engagements.values():
                if op["indicator_id"] in e.indicators:
                    e.indicators[op["indicator_id"]]["target"] = Decimal(op["changes"]["target"])

    def find_indicator(self, indicator_id: str) -> dict[str, Any]:
        for e in self.engagements.values():
            if indicator_id in e.indicators:
                return e.indicators[indicator_id]
        raise KeyError(indicator_id)

    def measurements(self, day: date) -> list[tuple[str, Decimal, str]]:
        """A few indicators, each moved from its baseline towards its target: (id, new value, comment)."""
        rng = self.rng
        live = [(iid, ind) for e in self.engagements.values() for iid, ind in e.indicators.items()
                if ind["since"] <= day]  # fmt: skip
        out = []
        for iid, ind in rng.sample(live, min(len(live), rng.randint(2, 5))):
            step = (ind["target"] - ind["baseline"]) * Decimal(str(round(rng.uniform(0.1, 0.45), 2)))
            value = ind["value"] + step
            value = value.quantize(Decimal("0.1")) if ind["unit"] == "%" else value.quantize(Decimal("1"))
            ind["value"] = value
            out.append((iid, value, rng.choice(MEASURE_COMMENTS)))
        return out

    def readjustment(self, day: date, activities: list[str]) -> list[dict[str, Any]]:
        """The operations of an objectives readjustment: revised targets, then maybe an engagement more or less."""
        rng = self.rng
        changes: list[dict[str, Any]] = []
        indicators = [(iid, ind) for e in self.engagements.values() for iid, ind in e.indicators.items()]
        for iid, ind in rng.sample(indicators, min(len(indicators), rng.randint(1, 2))):
            factor = Decimal(rng.choice(("0.8", "0.9", "1.1", "1.2")))
            target = (ind["target"] * factor).quantize(Decimal("1"))
            if target == ind["target"]:
                target += 1
            changes.append({"op": "revise_indicator", "indicator_id": iid, "changes": {"target": target}})
        return changes + self._engagement_change(day, activities)

    def _engagement_change(self, day: date, activities: list[str]) -> list[dict[str, Any]]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3 and len(self.engagements) < 12:
            number = rng.choice([n for n in v.ENGAGEMENT_NUMBERS if n not in self.engagements])
            acts = [rng.choice(activities)]
            return [{"op": "choose_engagement", "number": number, "activities": acts,
                     "context": "Engagement ajouté au point d'étape, à la demande du collège des usagers."},
                    self.action_op(number), self.indicator_op(number, day)]  # fmt: skip
        if roll < 0.45:
            droppable = self._droppable(activities)
            if droppable:
                return [{"op": "drop_engagement", "number": rng.choice(droppable),
                         "reason": "Engagement atteint ou devenu sans objet : moyens reportés sur les autres."}]  # fmt: skip
            return []
        if roll < 0.8:
            return [self.action_op(rng.choice(sorted(self.engagements)))]
        return []

    def _droppable(self, activities: list[str]) -> list[int]:
        """Engagements whose removal keeps ≥ 8 engagements, ≥ 2 per pillar and every activity covered."""
        if len(self.engagements) <= 8:
            return []
        out = []
        for n in self.engagements:
            others = [e for m, e in self.engagements.items() if m != n]
            same_pillar = sum(1 for e in others if pillar_of(e.number) == pillar_of(n))
            covered = {a for e in others for a in e.activities}
            if same_pillar >= 2 and set(activities) <= covered:
                out.append(n)
        return sorted(out)
