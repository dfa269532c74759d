"""Each cooperative's state at the cut-off of every scope, kept while the log streams by.

Scopes share one state object until a fact is included in some of them and not in the others: the state is then
copied for the ones that include it (with the usual report, a copy each time a cooperative's facts cross into a
new year). A fact is applied by ``Cooperative.fold_one``, the step of the one definition of a state as of a day;
fed in recording order it gives what ``Cooperative.fold`` (hence ``app.as_of``) gives (tests/reports prove it).
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from qualicoop_es.aggregates.cooperative import Cooperative


class ScopedStates:
    def __init__(self, scope_count: int) -> None:
        self.count = scope_count
        #: cooperative id → its state per scope (None before its registration in that scope)
        self.by_coop: dict[UUID, list[Any]] = {}

    def first(self, coop_id: UUID, included: list[int]) -> Any:
        """The state of the first scope that includes a fact, before the fact is applied (None: not registered)."""
        states = self.by_coop.get(coop_id)
        return None if states is None else states[included[0]]

    def feed(self, event: Any, included: list[int]) -> None:
        """Apply ``event`` to the states of the ``included`` scopes (copying a state shared with other scopes)."""
        if isinstance(event, Cooperative.Created):
            states = self.by_coop.setdefault(event.originator_id, [None] * self.count)
            start = Cooperative.fold([event])
            for i in included:
                states[i] = start
            return
        found = self.by_coop.get(event.originator_id)
        if found is None:
            return  # facts of a cooperative whose registration no scope includes
        states, done = found, set[int]()
        for i in included:
            state = states[i]
            if state is None or id(state) in done:
                continue
            holders = [j for j, s in enumerate(states) if s is state]
            if any(j not in included for j in holders):
                state = copy.deepcopy(state)
                for j in holders:
                    if j in included:
                        states[j] = state
            Cooperative.fold_one(state, event)
            done.add(id(state))

    def at(self, scope_index: int) -> dict[UUID, Any]:
        """Every registered cooperative's state in one scope."""
        return {cid: s[scope_index] for cid, s in self.by_coop.items() if s[scope_index] is not None}
