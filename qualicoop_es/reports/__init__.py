"""Annual network reports replayed from the event log: the state at 31 December and the year's activity, beside
the previous year's, with their provenance, in JSON (canonical), CSV, XLSX, HTML and PDF.

The public face for the command line and the web adapter: ``reports_for`` (the plain data), ``annual_report`` (one
format's bytes), ``years_available``; who may read them is the core's policy (``read_reports``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine

from qualicoop_es.access import Actor, authorize
from qualicoop_es.reports.build import Request, build_reports, first_year, parse_years
from qualicoop_es.reports.render import BASIS_LABELS, FORMATS, Output, body, check_format, render
from qualicoop_es.reports.scopes import BASES

__all__ = ["BASES", "BASIS_LABELS", "FORMATS", "Output", "Request", "annual_report", "body", "parse_years",
           "reports_for", "years_available"]  # fmt: skip


def reports_for(app: Any, engine: Engine | None, request: Request, *, actor: Actor,
                today: date) -> list[dict[str, Any]]:  # fmt: skip
    """The reports asked (one per year), for an actor the policy allows (refused before the work)."""
    authorize(actor, "read_reports")
    return build_reports(app, engine, request, today=today)


def annual_report(app: Any, engine: Engine | None, request: Request, fmt: str, *, actor: Actor, today: date,
                  table: str | None = None) -> Output:  # fmt: skip
    """The reports asked in one format (the time shown: ``request.generated_at``, else now)."""
    check_format(fmt)  # before the work
    reports = reports_for(app, engine, request, actor=actor, today=today)
    return render(reports, fmt, shown_time=request.generated_at or datetime.now(UTC), table=table)


def years_available(app: Any, today: date) -> list[int]:
    """From the year of the first fact to this year (none on an empty log)."""
    first = first_year(app)
    return [] if first is None else list(range(first, today.year + 1))
