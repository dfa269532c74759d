"""The comité de validation: monthly sessions, their references, its (fictional) members and who sat when."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

#: The members of the demonstration's committee: (stable key, fictional display name). Names are personal data:
#: they live in the accounts table only, never in an event.
MEMBERS: tuple[tuple[str, str], ...] = (
    ("hmarchal", "Hélène Marchal"), ("bguillou", "Bernard Guillou"), ("sbenhamou", "Sophie Benhamou"),
    ("pcarrel", "Pascal Carrel"), ("nlefloch", "Nadia Le Floch"), ("jmoreau", "Jean-Marc Moreau"),
    ("cvidal", "Catherine Vidal"), ("ttessier", "Thierry Tessier"), ("aroussel", "Agnès Roussel"),
)  # fmt: skip
#: One member is a cooperator of a demonstration cooperative (by name): never present at its verdicts.
AFFILIATION = ("ttessier", "Grand Delta Habitat")
_NAMESPACE = uuid5(NAMESPACE_URL, "https://demo.qualicoop.test/comite")


def session_on_or_after(day: date) -> date:
    """Sessions of the comité de validation: the second Tuesday of each month, none in August."""
    year, month = day.year, day.month
    while True:
        if month != 8:
            first = date(year, month, 1)
            second_tuesday = first + timedelta(days=(1 - first.weekday()) % 7 + 7)
            if second_tuesday >= day:
                return second_tuesday
        month += 1
        if month == 13:
            year, month = year + 1, 1


def session_reference(day: date) -> str:
    return f"CV-{day.year}-{day.month:02d}"


def member_id(seed: int, key: str) -> UUID:
    """The account id of the member ``key`` in the network of ``seed`` (the same on every load)."""
    return uuid5(_NAMESPACE, f"{seed}/{key}")


@dataclass
class Committee:
    """The committee of one demonstration network: its members' account ids and their affiliations."""

    seed: int
    seated_on: date  # the day the federal team and the members are seated: the network's first day
    affiliations: dict[UUID, set[UUID]] = field(default_factory=dict)  # member id → cooperatives they belong to
    sessions: set[date] = field(default_factory=set)  # the days the committee sat (a verdict was recorded)

    @property
    def ids(self) -> list[UUID]:
        return [member_id(self.seed, key) for key, _ in MEMBERS]

    def affiliate(self, key: str, coop_id: UUID) -> None:
        self.affiliations.setdefault(member_id(self.seed, key), set()).add(coop_id)

    def present(self, day: date, coop_id: UUID) -> list[str]:
        """The members sitting at the session of ``day`` (4 to 6), less those belonging to ``coop_id``."""
        self.sessions.add(day)
        return [m for m in self.sitting(day) if coop_id not in self.affiliations.get(UUID(m), set())]

    def sitting(self, day: date) -> list[str]:
        """The members of the session of ``day`` (4 to 6, the same on every load)."""
        rng = random.Random(f"{self.seed}:{day.isoformat()}")
        return sorted(str(m) for m in rng.sample(self.ids, rng.randint(4, 6)))
