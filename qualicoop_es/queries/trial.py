"""Would a command be refused now? Asked before a confirmation page, so one is shown only for what can be done.

The command runs on a copy of the cooperative that is never saved (the repository hands out copies), exactly as the
use case would run it: the same guards, the same rules, one source of truth; nothing is recorded.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from qualicoop_es.access import Actor, authorize
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import QualicoopError, StaleVersion


def refusal(app: QualicoopApplication, coop_id: UUID, use_case: str, *, actor: Actor,
            expected_version: int | None = None, **arguments: Any) -> QualicoopError | None:  # fmt: skip
    """Why the cooperative's command ``use_case`` (``submit_dossier``, ``change_dossier``, ``submit_bilan``…) would
    be refused now with these ``arguments``; None when it would be recorded."""
    try:
        who = authorize(actor, use_case, coop_id)
        trial = app.cooperative(coop_id)
        if expected_version is not None and trial.version != expected_version:
            raise StaleVersion(f"Version attendue {expected_version}, version actuelle {trial.version}.", trial.version)
        if use_case in ("submit_dossier", "change_dossier"):
            arguments.setdefault("catalogue_version", app.catalogue_version())
        getattr(trial, use_case)(actor=who, effective_on=arguments.pop("effective_on", None) or app.clock(),
                                 today=app.clock(), **arguments)  # fmt: skip
    except QualicoopError as error:
        return error
    return None
