"""Facts keyed in late: a fact dated before facts already recorded must fit in business-date order.

The cooperative's guards check a command against its current state; when the command's business date is earlier
than facts already recorded, that is not enough: the history read in business-date order (the one definition of
time, see ``Cooperative.fold``) must still hold at every step after that date — every later fact still applies,
the dossier still satisfies its rules wherever they are required — and must end in the very state the log gives.
``check`` replays the history with the new facts in their place and refuses the command otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from qualicoop_es import rules
from qualicoop_es.aggregates.values import IMPLEMENTATION_PHASES, french_date
from qualicoop_es.errors import Conflict, QualicoopError, RuleViolation


def check(coop: Any, stored: Iterable[Any]) -> None:
    """Raise ``Conflict`` (or ``RuleViolation``) if ``coop``'s pending facts do not fit its stored history."""
    new = list(coop.pending_events)
    day = min(event.effective_on for event in new)
    ordered = sorted([*stored, *new], key=lambda e: (e.effective_on, e.originator_version))
    state = ordered[0].mutate(None)
    for event in ordered[1:]:
        try:
            event.apply(state)
        except (LookupError, QualicoopError):
            raise _contradiction(event, day) from None
        state.version = max(state.version, event.originator_version)
        if event.effective_on >= day and state.phase in IMPLEMENTATION_PHASES:
            failures = rules.failures(state.dossier)
            if failures:
                raise RuleViolation(failures, f"Au {french_date(event.effective_on)}, le dossier ne respecterait plus "
                                              "les règles")  # fmt: skip
    if state.state() != coop.state():
        later = [e for e in ordered if e.effective_on > day and all(e is not n for n in new)]
        raise _contradiction(later[0] if later else new[0], day)


def _contradiction(event: Any, day: date) -> Conflict:
    return Conflict(f"Un fait daté du {french_date(day)} contredirait un fait déjà enregistré daté du "
                    f"{french_date(event.effective_on)} (version {event.originator_version}) : "
                    "datez-le après celui-ci ou corrigez d'abord ce fait.")  # fmt: skip
