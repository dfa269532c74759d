"""Who the demonstration cooperatives are and where each one stands today: targets, variants, identities."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from qualicoop_es.aggregates import values as v
from qualicoop_es.demo.names import ACTIVITY_ODDS, DEPARTEMENTS, NAME_PATTERNS, REAL_COOPS

TARGETS = ("preparing", "submitted", "engaged", "bilan_submitted", "confirmed", "renewed", "continue_work",
           "expired", "left", "withdrawn")  # fmt: skip
#: Share of each target in a network (roughly the network a few years into the approach).
WEIGHTS = {"preparing": 20, "submitted": 7, "engaged": 24, "bilan_submitted": 8, "confirmed": 28, "renewed": 12,
           "continue_work": 9, "expired": 14, "left": 10, "withdrawn": 4}  # fmt: skip
#: The first cooperatives take these (target, variants) so that any network of 13 or more shows every case.
MANDATORY: tuple[tuple[str, dict[str, Any]], ...] = (
    ("renewed", {}), ("engaged", {"mature": True}), ("preparing", {}), ("submitted", {}), ("confirmed", {}),
    ("bilan_submitted", {}), ("continue_work", {}), ("expired", {}), ("left", {}), ("withdrawn", {}),
    ("preparing", {"mature": True}), ("confirmed", {"continue": True}), ("expired", {"after": "confirm"}),
)  # fmt: skip


def make_siren(rng: random.Random) -> str:
    """Nine digits with a right Luhn key."""
    return v.siren_with_key(str(rng.randint(30_000_000, 89_999_999)))


@dataclass
class Profile:
    name: str
    siren: str
    legal_form: str
    departement: str
    activities: list[str]
    target: str
    variants: dict[str, Any]


def _activities(rng: random.Random) -> list[str]:
    chosen = [a for a, odds in ACTIVITY_ODDS.items() if rng.random() < odds]
    return sorted(chosen or ["accession_sociale"])


def profiles(count: int, rng: random.Random) -> list[Profile]:
    """Who the cooperatives are and where each one stands today."""
    plan = _plan(count, rng)
    departements = list(DEPARTEMENTS)
    rng.shuffle(departements)
    names: set[str] = set()
    sirens: set[str] = set()
    out: list[Profile] = []
    for index, (target, variants) in enumerate(plan):
        if index < len(REAL_COOPS):
            name, dep, form, acts = REAL_COOPS[index]
            activities = sorted(acts) if acts else _activities(rng)
            legal_form = form or ("SCIC" if rng.random() < 0.64 else "SCP")
        else:
            dep = departements[(index - len(REAL_COOPS)) % len(departements)]
            name = _fresh_name(rng, dep, names)
            activities = _activities(rng)
            legal_form = "SCIC" if rng.random() < 0.64 else "SCP"
        names.add(name)
        siren = make_siren(rng)
        while siren in sirens:
            siren = make_siren(rng)
        sirens.add(siren)
        out.append(Profile(name, siren, legal_form, dep, activities, target, dict(variants)))
    return out


def _plan(count: int, rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """(target, variants) of each cooperative: the mandatory cases first, then a weighted draw."""
    plan: list[tuple[str, dict[str, Any]]] = [(t, dict(variants)) for t, variants in MANDATORY[:count]]
    rest = count - len(plan)
    plan += [(t, {}) for t in rng.choices(TARGETS, weights=[WEIGHTS[t] for t in TARGETS], k=max(0, rest))]
    head, tail = plan[:1], plan[1:]  # the first (Grand Delta Habitat, pilot) stays renewed
    rng.shuffle(tail)
    plan = head + tail
    for target, variants in plan:
        if "mature" not in variants and target in ("submitted", "engaged", "bilan_submitted", "confirmed", "renewed",
                                       "continue_work", "expired", "withdrawn"):  # fmt: skip
            variants["mature"] = rng.random() < 0.25
        if not variants.get("continue") and target in ("confirmed", "renewed"):
            variants["continue"] = rng.random() < 0.15
        if target == "left" and "after_validation" not in variants:
            variants["after_validation"] = rng.random() < 0.4
    return plan


def _fresh_name(rng: random.Random, dep: str, names: set[str]) -> str:
    """A name from the patterns for ``dep``, not yet taken (with a cardinal point if need be)."""
    name = rng.choice(NAME_PATTERNS).format(d=DEPARTEMENTS[dep])
    while name in names:
        name = rng.choice(NAME_PATTERNS).format(d=DEPARTEMENTS[dep])
        if name in names:
            name = f"{name} {rng.choice(['Sud', 'Nord', 'Est', 'Ouest', 'Centre', 'Littoral', 'Val'])}"
    return name
