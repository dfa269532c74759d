"""Demo accounts for ``make run``: one per role, with random passwords generated at seed time."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from qualicoop_es.access import Actor
from qualicoop_es.accounts import passwords
from qualicoop_es.accounts.service import accounts_of

if TYPE_CHECKING:
    from qualicoop_es.bootstrap import Services

#: The seeding of the demo accounts is an operator's act on the server, recorded as "demo-seed".
SEEDER = Actor.operator("demo-seed")
DEMO_FILE = Path("instance/demo-accounts.txt")


def _read(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and not line.startswith("#"):
            rows.append((parts[0], parts[1], parts[2]))
    return rows


def seed_demo_accounts(services: Services, *, path: Path | None = DEMO_FILE) -> list[tuple[str, str, str]]:
    """Create (once) a federation, a committee, an auditor and a referent account; return (email, role, password).

    Idempotent: when the accounts and the file that lists them already exist, the file is read back. Otherwise
    new random passwords are set and written to ``path`` (under the gitignored ``instance/``).
    """
    service = accounts_of(services)
    wanted = ["federation@demo.qualicoop.test", "comite@demo.qualicoop.test", "auditeur@demo.qualicoop.test",
              "referent@demo.qualicoop.test"]  # fmt: skip
    existing = {a.email for a in service.all()}
    if path is not None and path.exists() and all(e in existing for e in wanted):
        return _read(path)
    coops = list(itertools.islice(services.app.cooperative_ids(), 2))
    plan: list[tuple[str, str, str, UUID | None, list[UUID]]] = [
        (wanted[0], "federation", "Équipe fédérale (démo)", None, []),
        (wanted[1], "committee", "Membre du comité (démo)", None, coops[1:2]),
        (wanted[2], "auditor", "Auditeur (démo)", None, []),
    ]
    if coops:
        plan.append((wanted[3], "cooperative", "Référent coopérative (démo)", coops[0], []))
    seeded = []
    for email, role, name, coop_id, affiliations in plan:
        password = passwords.new_password()
        if email in existing:
            service.set_password(email, password)
        else:
            service.add(email, role=role, actor=SEEDER, password=password, display_name=name,
                        cooperative_id=coop_id, affiliations=affiliations)  # fmt: skip
        seeded.append((email, role, password))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# e-mail\trôle\tmot de passe (comptes de démonstration)\n"
                        + "".join(f"{e}\t{r}\t{p}\n" for e, r, p in seeded), encoding="utf-8")  # fmt: skip
        path.chmod(0o600)
    return seeded
