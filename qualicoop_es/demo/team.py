"""The demonstration's people besides the committee: the federal team and one referent per cooperative.

Every fact of the demonstration is signed by an account: the federal team's four staff members (registrations,
first meetings, checkpoints, diplomas, exits), the cooperative's referent (its dossier, measurements, bilans) and
the committee (verdicts, see ``committee``). Ids are uuid5 of the seed and a stable key, so the same seed gives the
same ids on every load; fictional names go to the accounts table only, never into an event.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from uuid import NAMESPACE_URL, UUID, uuid5

from qualicoop_es.demo.names import FIRST_NAMES, SURNAMES

#: The federal team (équipe fédérale) of the demonstration: (stable key, fictional display name).
STAFF: tuple[tuple[str, str], ...] = (
    ("cdumoulin", "Claire Dumoulin"), ("oferrand", "Olivier Ferrand"), ("mnguyen", "Mathilde Nguyen"),
    ("kbelkacem", "Karim Belkacem"),
)  # fmt: skip
_NAMESPACE = uuid5(NAMESPACE_URL, "https://demo.qualicoop.test/equipe")
DOMAIN = "demo.qualicoop.test"


def staff_id(seed: int, key: str) -> UUID:
    """The account id of the staff member ``key`` in the network of ``seed`` (the same on every load)."""
    return uuid5(_NAMESPACE, f"{seed}/federation/{key}")


def referent_id(seed: int, siren: str) -> UUID:
    """The account id of the referent of the cooperative ``siren`` in the network of ``seed``."""
    return uuid5(_NAMESPACE, f"{seed}/referent/{siren}")


def staff_email(seed: int, key: str) -> str:
    """Placeholder e-mails carry the seed, so they never meet the sign-in accounts (``federation@…``, …)."""
    return f"equipe-{key}-{seed}@{DOMAIN}"


def referent_email(seed: int, siren: str) -> str:
    return f"referent-{siren}-{seed}@{DOMAIN}"


@dataclass
class Team:
    """The federal team and the referents of one demonstration network."""

    seed: int
    taken: set[str] = field(default_factory=set)  # the referents' names given so far (each one once)

    def federation(self, number: int) -> str:
        """The account id of staff member ``number`` (1 to 4), as events record it."""
        return str(staff_id(self.seed, STAFF[number - 1][0]))

    @property
    def lead(self) -> str:
        """The staff member who sets the network up: the catalogue and the committee's accounts."""
        return self.federation(1)

    def referent(self, siren: str) -> str:
        return str(referent_id(self.seed, siren))

    def referent_name(self, siren: str) -> str:
        """A fictional name drawn from the seed and the SIREN (so the network's own draws are untouched), not given
        before as long as names remain (a network of a thousand cooperatives and more repeats some)."""
        rng = random.Random(f"{self.seed}/referent/{siren}")
        for _ in range(50):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            if name not in self.taken:
                break
        self.taken.add(name)
        return name
