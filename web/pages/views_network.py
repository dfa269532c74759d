"""Network-wide pages: dashboard, cooperatives list, committee desk, catalogue."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for

from qualicoop_es.access import Sight
from qualicoop_es.errors import QualicoopError
from qualicoop_es.queries import cooperative as cq
from qualicoop_es.queries import vocabulary as st
from qualicoop_es.queries.integrity import integrity_summary
from web.pages import bp, charts, reads, services, today
from web.pages.access import READERS, can_write, principal, require_write, signed_in
from web.pages.forms import errors_of, parse_int
from web.pages.paging import of_listing

MENTIONS = [m.value for m in st.Mention]
STEPS = [s.value for s in st.Step]


@bp.get("/tableau-de-bord")
@signed_in(*READERS)
def dashboard() -> str:
    """The network at a glance: mentions and steps, deadlines, the latest verdicts; the rest one click away."""
    return render_template("pages/dashboard.html", **_dashboard(DASHBOARD_ITEMS), shown=DASHBOARD_ITEMS)


@bp.get("/tableau-de-bord/details")
@signed_in(*READERS)
def dashboard_details() -> Any:
    """Every deadline (a page of each list at a time) and verdict of the dashboard, and the charts it leaves out."""
    number = parse_int(request.args.get("page"), 1, 100_000) or 1
    shown = _dashboard(DETAILS_ITEMS, number)
    due = shown["deadlines"]  # the longer list sets the pages
    page = of_listing({"items": [], "page": number, "per_page": DETAILS_ITEMS,
                       "total": max(due["overdue_count"], due["upcoming_count"])})  # fmt: skip
    if number > page.count:  # beyond the last page (the lists shrank, or a hand-typed number): the last one
        return redirect(url_for("pages.dashboard_details", page=page.count) + "#echeances")
    return render_template("pages/dashboard_details.html", **shown, page=page)


#: How many deadlines of each list the dashboard shows, and its details page per page.
DASHBOARD_ITEMS = 5
DETAILS_ITEMS = 50


def _dashboard(listed: int, page: int = 1) -> dict[str, Any]:
    """What the dashboard shows (``listed``: that page of so many deadlines of each list, the others counted)."""
    day, seen = today(), _submitted_only("read_network")
    figures = reads.network_figures(services(), day=day, submitted_only=seen)
    per_mention, per_step = figures["per_mention"], figures["per_step"]
    mentions = [(code, per_mention.get(code, 0)) for code in MENTIONS]
    shown = [(code, count) for code, count in mentions if count]
    mention_chart = charts.bar_chart([(st.MENTION_LABELS[c], n) for c, n in shown], title="Coopératives par mention",
                                     classes=[f"mention-{c}" for c, _ in shown])  # fmt: skip
    verdicts = charts.column_chart(reads.pairs(figures.get("verdicts_per_year", {})), title="Verdicts par année")
    popularity = sorted(reads.pairs(figures.get("engagement_popularity", {})), key=lambda p: (-p[1], int(p[0])))
    popular = charts.bar_chart(
        [(f"Engagement n°{n}", c) for n, c in popularity], title="Engagements les plus choisis"
    )  # the most chosen first
    return {"day": day, "total": figures.get("total", 0), "mentions": mentions,
            "steps": [(code, per_step.get(code, 0)) for code in STEPS], "mention_chart": mention_chart,
            "verdict_chart": verdicts, "popular_chart": popular,
            "deadlines": reads.deadlines(services(), day=day, submitted_only=seen, per_page=listed, page=page),
            "latest": reads.latest_verdicts(services(), day=day),
            "integrity": integrity_summary(services().app, services().engine)}  # fmt: skip


def _submitted_only(use_case: str) -> bool:
    """The committee sees the cooperatives submitted at least once (the core's policy: ``Sight``)."""
    return bool(principal().sight(use_case) is Sight.SUBMITTED)


@bp.get("/cooperatives")
@signed_in()
def cooperatives() -> Any:
    me = principal()
    if me.role == "cooperative":
        return redirect(url_for("pages.cooperative", coop=str(me.cooperative_id))) if me.cooperative_id else ("", 403)
    chosen = list_filters()
    page = parse_int(request.args.get("page"), 1, 100_000) or 1
    listing = reads.list_cooperatives(services(), day=today(), **chosen, page=page, per_page=50)
    return render_template("pages/cooperatives.html", listing=listing, page=of_listing(listing),
                           mention=chosen["mention"], step=chosen["step"],
                           departement=chosen["departement"] or "", activity=chosen["activity"],
                           search=chosen["search"] or "", mentions=MENTIONS, steps=STEPS,
                           filters=filter_args(chosen))  # fmt: skip


def list_filters() -> dict[str, Any]:
    """The list's filters from the query string (the page and its exports), and what the user may see."""
    args = request.args
    return {"mention": args.get("mention") if args.get("mention") in MENTIONS else None,
            "step": args.get("etape") if args.get("etape") in STEPS else None,
            "departement": (args.get("departement") or "").strip().upper() or None,
            "activity": args.get("activite") or None, "search": (args.get("q") or "").strip()[:100] or None,
            "submitted_only": _submitted_only("list_cooperatives")}  # fmt: skip


def filter_args(chosen: dict[str, Any]) -> dict[str, str]:
    """The filters as the query string names them (for links that keep them: pages, exports)."""
    names = {"search": "q", "mention": "mention", "step": "etape", "departement": "departement",
             "activity": "activite"}  # fmt: skip
    return {name: chosen[key] for key, name in names.items() if chosen[key]}


@bp.get("/comite")
@signed_in(*READERS)
def committee() -> str:
    day = today()
    submitted, bilans = (reads.list_cooperatives(services(), day=day, step=step.value, per_page=DESK_ITEMS,
                                                 longest_waiting=True)
                         for step in (st.Step.SUBMITTED, st.Step.BILAN_REVIEW))  # fmt: skip
    due = reads.deadlines(services(), day=day, horizon_days=120, submitted_only=_submitted_only("read_network"),
                          per_page=DESK_ITEMS)  # fmt: skip
    return render_template("pages/committee.html", submitted=submitted["items"], submitted_total=submitted["total"],
                           bilans=bilans["items"], bilans_total=bilans["total"], due=due,
                           shown=DESK_ITEMS)  # fmt: skip


#: The most items of each list the committee's desk shows, the oldest deposits first (the others: the list of
#: cooperatives by step, the dashboard's details); far more than a session judges.
DESK_ITEMS = 500


@bp.route("/catalogue", methods=["GET", "POST"])
@signed_in()
def catalogue() -> Any:
    app = services().app
    errors: dict[str, str] = {}
    editing: int | None = None
    if request.method == "POST":
        me = require_write(None, "revise_catalogue")
        form = request.form
        editing = parse_int(form.get("number"), 1, 99)
        try:
            version = form.get("expected_version", "")
            app.revise_engagement_wording(
                editing or 0, actor=me, title=form.get("title", ""),
                description=form.get("description", ""), official=form.get("official") == "1",
                reason=form.get("reason", ""), expected_version=parse_int(version, 1),
            )  # fmt: skip
            return redirect(url_for("pages.catalogue", revised=editing) + f"#engagement-{editing}")
        except QualicoopError as error:
            errors = errors_of(error)
    current = cq.catalogue(app)
    return render_template("pages/catalogue.html", catalogue=current, can_edit=can_write(None, "revise_catalogue"),
                           errors=errors, editing=editing, form=request.form)  # fmt: skip
