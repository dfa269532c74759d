"""The annual reports, built from one pass over the log: checks of the request, the scopes, the assembly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine

from qualicoop_es.application import REGISTERED_TOPIC
from qualicoop_es.errors import InvalidInput
from qualicoop_es.reports import summary, tables
from qualicoop_es.reports.activity import activity
from qualicoop_es.reports.replay import Replay, replay
from qualicoop_es.reports.scopes import BASES, Scope, end_of
from qualicoop_es.reports.yearend import year_end

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Request:
    """What a report is asked for (checked by ``check``)."""

    first: int
    last: int
    basis: str = "effective"
    as_recorded_on: date | None = None
    generated_at: datetime | None = None

    @property
    def years(self) -> list[int]:
        return list(range(self.first, self.last + 1))

    def parameters(self, year: int) -> dict[str, Any]:
        on = None if self.as_recorded_on is None else self.as_recorded_on.isoformat()
        return {"year": year, "basis": self.basis, "as_recorded_on": on}


def parse_years(text: str) -> tuple[int, int]:
    """``YYYY`` or ``YYYY-YYYY``."""
    first, _, last = str(text).strip().partition("-")
    try:
        years = int(first), int(last or first)
    except ValueError:
        raise InvalidInput("year", f"année attendue (AAAA ou AAAA-AAAA), reçu « {text} »") from None
    if years[0] > years[1]:
        raise InvalidInput("year", f"période à l'envers : {years[0]} après {years[1]}")
    return years


def first_year(app: Any) -> int | None:
    """The year of the earliest business date in the log (a registration precedes every fact of its cooperative)."""
    earliest: date | None = None
    start = 0
    while True:
        page = app.recorder.select_notifications(start, 1000, topics=[REGISTERED_TOPIC], inclusive_of_start=False)
        for notification in page:
            day = app.mapper.to_domain_event(notification).effective_on
            earliest = day if earliest is None or day < earliest else earliest
        if len(page) < 1000:
            return None if earliest is None else earliest.year
        start = page[-1].id


def registered_by_year(app: Any, year: int) -> int | None:
    """The year of a registration (business date) in ``year`` or before if the log holds one, else the year of
    the earliest registration (None: no cooperative). Usually answered by the first registration recorded; else
    every registration is read once (``first_year``)."""
    first = app.recorder.select_notifications(0, 1, topics=[REGISTERED_TOPIC], inclusive_of_start=False)
    if not first:
        return None
    found: int = app.mapper.to_domain_event(first[0]).effective_on.year
    return found if found <= year else first_year(app)


def check(app: Any, request: Request, today: date) -> None:
    if request.basis not in BASES:
        raise InvalidInput("basis", f"base inconnue « {request.basis} » (attendu : effective ou recorded)")
    if request.last > today.year:
        raise InvalidInput("year", f"l'année {request.last} n'est pas encore commencée (nous sommes en {today.year})")
    if request.as_recorded_on is not None and request.as_recorded_on > today:
        raise InvalidInput("as_recorded_on", "la date d'enregistrement ne peut pas être dans le futur")
    registered = registered_by_year(app, request.first)
    if registered is None:
        raise InvalidInput("year", "le journal ne contient encore aucune coopérative")
    if registered > request.first:  # the earliest registration: the year asked comes before the log
        raise InvalidInput("year", f"l'année {request.first} précède le premier événement du journal ({registered})")


def scopes_for(request: Request, recorded_by: datetime | None = None, also_upto: int = 0) -> list[Scope]:
    """The year before the first asked (year-on-year) and every year asked."""
    if recorded_by is None and request.as_recorded_on is not None:
        recorded_by = end_of(request.as_recorded_on)
    return [Scope(y, request.basis, recorded_by, also_upto) for y in range(request.first - 1, request.last + 1)]


def build_reports(app: Any, engine: Engine | None, request: Request, *, today: date,
                  progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """One report per year asked, from one pass over the log (checked first: ``InvalidInput`` names the field)."""
    check(app, request, today)
    passed = replay(app, scopes_for(request), progress=progress)
    return assemble(passed, engine, request)


def assemble(passed: Replay, engine: Engine | None, request: Request) -> list[dict[str, Any]]:
    """The report of each scope but the first, beside the scope before it (the previous year)."""
    figures = [figures_of(passed, i) for i in range(len(passed.scopes))]
    return [one_report(passed, i, figures[i], figures[i - 1], engine, request) for i in range(1, len(passed.scopes))]


Figures = tuple[dict[str, Any], dict[str, Any]]


def figures_of(passed: Replay, index: int) -> Figures:
    """The state at the scope's cut-off and the activity of its year."""
    scope = passed.scopes[index]
    return year_end(passed.states.at(index)), activity(passed.milestones, scope)


def one_report(passed: Replay, index: int, now: Figures, before: Figures, engine: Engine | None,
               request: Request) -> dict[str, Any]:  # fmt: skip
    from qualicoop_es.reports.provenance import provenance

    scope, (state, act), (state0, act0) = passed.scopes[index], now, before
    keys, keys0 = summary.key_values(state, act), summary.key_values(state0, act0)
    return {
        "report": "qualicoop.rapport-annuel", "format_version": FORMAT_VERSION, "year": scope.year,
        "title": f"Rapport annuel du réseau Quali'Coop — {scope.year}",
        "provenance": provenance(scope, passed.last[index], engine, request.parameters(scope.year),
                                 request.generated_at),
        "commentary": summary.commentary(keys, keys0, scope.year),
        "tables": [summary.key_table(keys, keys0, scope.year), *tables.state_tables(state, state0, scope.year),
                   *tables.activity_tables(act, act0, scope.year)],
    }  # fmt: skip
