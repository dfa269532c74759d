"""Which change of a refused readjustment caused the refusal (so a form can show the error beside its field)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from qualicoop_es.access import Actor, authorize
from qualicoop_es.application import QualicoopApplication
from qualicoop_es.errors import InvalidInput, QualicoopError


def failing_change(
    app: QualicoopApplication, coop_id: UUID, changes: list[dict[str, Any]], *, actor: Actor
) -> tuple[int, InvalidInput] | None:
    """The index of the first change refused as invalid input, and that refusal; None when none is.

    The changes are tried one more at a time on a copy of the cooperative that is never saved: the first trial
    that fails on its input names the faulty change. A trial refused for another reason (a rule, the lifecycle)
    goes on with one more change.
    """
    who = authorize(actor, "readjust_objectives", coop_id)
    for count in range(1, len(changes) + 1):
        trial = app.cooperative(coop_id)
        try:
            trial.readjust_objectives(changes[:count], actor=who, reason="essai", effective_on=app.clock(),
                                      today=app.clock(), catalogue_version=app.catalogue().version)  # fmt: skip
        except InvalidInput as found:
            return count - 1, found
        except QualicoopError:
            continue
    return None
