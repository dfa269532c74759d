"""Each cooperative's state at the cut-off of every scope, kept small while the log streams by.

A cooperative has one *live* state, shared by the scopes that have included exactly the facts applied to it. When
a fact is included in some of them and not in the others (with the usual report: when the cooperative's facts
cross into a new year), the state of those left behind is *closed*: reduced at once to the few figures the report
needs (``reduce``, by default ``yearend.closing``), and no longer kept or copied. A fact later included in a closed
scope (a fact keyed late, dated in a year already closed) *reopens* it: that scope's state is folded again from the
cooperative's events recorded before the fact (read back through ``history``, one aggregate), then kept open
beside the live one — at most ``OPEN_LIMIT`` such states at once, the oldest closed again beyond.

Facts are applied by ``Cooperative.fold_one`` (in recording order) and states folded again by ``Cooperative.fold``
(in business-date order): the one definition of a state as of a day, which gives the same state either way
(tests/reports prove it against ``app.as_of``).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.reports.scopes import Scope

#: The most reopened states kept at once (a late fact in a closed year reopens one; the oldest closes again).
OPEN_LIMIT = 256

Reduce = Callable[[Any, Any], Any]
History = Callable[[UUID, int], Iterable[Any]]


class Track:
    """One cooperative: its live state and the scopes sharing it, its closed scopes' figures, its reopened states."""

    __slots__ = ("closed", "id", "live", "open", "sharing")

    def __init__(self, live: Any, sharing: list[int]) -> None:
        self.id: UUID = live.id
        self.live = live
        self.sharing = sharing
        self.closed: dict[int, Any] = {}
        self.open: dict[int, Any] = {}


class ScopedStates:
    def __init__(self, scopes: list[Scope], reduce: Reduce, history: History) -> None:
        self.scopes, self.days = scopes, [s.day for s in scopes]
        self.reduce, self.history = reduce, history
        #: cooperative id (as a number: quicker to look up) → its track, in the order of their registrations
        self.tracks: dict[int, Track] = {}
        #: reopened states, oldest first (cooperative id as a number, scope index)
        self.opened: dict[tuple[int, int], None] = {}
        #: each cooperative's positions in the log by version, only when a scope includes facts by position
        self.positions: dict[int, array[int]] | None = {} if any(s.also_upto for s in scopes) else None
        self.reopened = 0

    def note(self, event: Any, position: int) -> None:
        """Where a cooperative's fact is in the log (needed to fold a scope again only if it counts positions)."""
        if self.positions is not None:
            self.positions.setdefault(event.originator_id.int, array("q")).append(position)

    def before(self, event: Any, included: list[int]) -> Any:
        """The state of the first scope that includes a fact, before the fact is applied (None: not registered)."""
        track = self.tracks.get(event.originator_id.int)
        if track is None:
            return None
        first = included[0]
        if first in track.closed:
            self._reopen(event, track, [first])
        return track.live if first in track.sharing else track.open.get(first)

    def feed(self, event: Any, included: list[int]) -> None:
        """Apply ``event`` to the states of the ``included`` scopes (closing those it leaves behind)."""
        track = self.tracks.get(event.originator_id.int)
        if track is None:
            if isinstance(event, Cooperative.Created):
                self.tracks[event.originator_id.int] = Track(Cooperative.fold([event]), list(included))
            return  # else: a fact of a cooperative whose registration no scope includes
        if track.closed:
            self._reopen(event, track, [i for i in included if i in track.closed])
        if track.sharing == included:
            Cooperative.fold_one(track.live, event)
        else:
            self._split(event, track, set(included))
        if track.open:
            for i in included:
                state = track.open.get(i)
                if state is not None:
                    Cooperative.fold_one(state, event)
            while len(self.opened) > OPEN_LIMIT:
                oldest = next(iter(self.opened))
                self._close(oldest, self.tracks[oldest[0]])

    def _split(self, event: Any, track: Track, included: set[int]) -> None:
        """Apply ``event`` to the live state if some scopes sharing it include it, closing the others first."""
        inside = [i for i in track.sharing if i in included]
        if not inside:
            return
        for i in track.sharing:
            if i not in included:
                track.closed[i] = self.reduce(track.live, self.days[i])
        track.sharing = inside
        Cooperative.fold_one(track.live, event)

    def _reopen(self, event: Any, track: Track, scopes: list[int]) -> None:
        """Fold again, from the cooperative's events recorded before ``event``, the closed ``scopes``' states."""
        if not scopes:
            return
        cid = event.originator_id.int
        known = list(self.history(event.originator_id, event.originator_version))
        positions = self.positions.get(cid) if self.positions is not None else None
        for i in scopes:
            scope = self.scopes[i]
            facts = [e for e in known if scope.includes(e.effective_on, e.timestamp, _at(positions, e))]
            del track.closed[i]
            track.open[i] = Cooperative.fold(facts)
            self.opened[(cid, i)] = None
            self.reopened += 1

    def _close(self, key: tuple[int, int], track: Track) -> None:
        del self.opened[key]
        track.closed[key[1]] = self.reduce(track.open.pop(key[1]), self.days[key[1]])

    def finish(self) -> None:
        """Close every state still kept (the live ones, the reopened ones): only the figures remain."""
        for key in list(self.opened):
            self._close(key, self.tracks[key[0]])
        for track in self.tracks.values():
            for i in track.sharing:
                track.closed[i] = self.reduce(track.live, self.days[i])
            track.live, track.sharing = None, []
        self.positions = None

    def at(self, scope_index: int) -> dict[UUID, Any]:
        """Every registered cooperative's figures in one scope (after ``finish``)."""
        return {t.id: t.closed[scope_index] for t in self.tracks.values() if scope_index in t.closed}


def _at(positions: array[int] | None, event: Any) -> int:
    """An earlier fact's position in the log (when no scope counts positions: one no scope includes by position)."""
    return sys.maxsize if positions is None else positions[event.originator_version - 1]
