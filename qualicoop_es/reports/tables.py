"""The report's tables: each figure of the year beside the previous year's, rows in a stable order, French labels.

A table is plain data: ``{"name", "title", "columns": [{"key", "label"}], "rows": [{key: value}]}``: the JSON,
the CSV, the XLSX sheets and the HTML all render these same tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from qualicoop_es.aggregates.standing import MENTION_LABELS
from qualicoop_es.reports import labels as lb
from qualicoop_es.reports.activity import quartiles

Rows = dict[str, dict[str, Any]]


def column(key: str, label: str) -> dict[str, str]:
    return {"key": key, "label": label}


def compared(name: str, title: str, current: Rows, previous: Rows, measures: list[tuple[str, str]], year: int,
             *, order: Iterable[str] | None = None, label: Callable[[str], str] | None = None,
             key_label: str = "Libellé") -> dict[str, Any]:  # fmt: skip
    """One row per key of either year, each measure for the year and for the year before."""
    name_of: Callable[[str], str] = label or lb.ROW_LABELS.get(name, str)
    keys = list(order) if order is not None else sorted(set(current) | set(previous))
    columns = [column("code", "Code"), column("label", key_label)]
    for key, text in measures:
        columns += [column(key, f"{text} {year}"), column(f"{key}_previous", f"{text} {year - 1}")]
    rows = []
    for key in keys:
        now, before = current.get(key, {}), previous.get(key, {})
        row: dict[str, Any] = {"code": key, "label": name_of(key)}
        for measure, _ in measures:
            row[measure], row[f"{measure}_previous"] = now.get(measure, 0), before.get(measure, 0)
        rows.append(row)
    return {"name": name, "title": title, "columns": columns, "rows": rows}


def plain(name: str, title: str, columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": name, "title": title, "columns": [column(k, t) for k, t in columns], "rows": rows}


def state_tables(now: dict[str, Any], before: dict[str, Any], year: int) -> list[dict[str, Any]]:
    coops, holding = [("cooperatives", "Coopératives")], [("cooperatives", "Coopératives"),
                                                         ("mention_valid", "Dont mention valide")]  # fmt: skip
    places = [("departements", "Par département", "Département"), ("regions", "Par région", "Région"),
              ("activities", "Par activité", "Activité")]  # fmt: skip
    engagement_keys = sorted(set(now["engagements"]) | set(before["engagements"]),
                             key=lambda n: _popularity(n, now["engagements"]))  # fmt: skip
    popular = compared("engagements", "Engagements choisis, par pilier (coopératives dans la démarche)",
                       now["engagements"], before["engagements"], coops, year, order=engagement_keys,
                       key_label="Engagement")  # fmt: skip
    for row in popular["rows"]:
        row["pillar"] = lb.pillar((int(row["code"]) - 1) // 4 + 1)
    popular["columns"].insert(2, column("pillar", "Pilier"))
    return [
        compared("mentions", "Coopératives par mention au 31 décembre", now["mentions"], before["mentions"], coops,
                 year, order=lb.MENTION_ORDER, key_label="Mention"),
        compared("steps", "Coopératives par étape au 31 décembre", now["steps"], before["steps"], coops, year,
                 order=lb.STEP_ORDER, key_label="Étape"),
        *[compared(name, title, now[name], before[name], holding, year, key_label=key) for name, title, key in places],
        plain("valid_mentions", f"Mentions valides au 31 décembre {year}",
              [("name", "Coopérative"), ("siren", "SIREN"), ("departement", "Département"), ("mention", "Mention"),
               ("since", "Depuis le"), ("valid_until", "Valable jusqu'au")],
              [{**r, "mention": MENTION_LABELS[r["mention"]]} for r in now["valid_mentions"]]),
        popular,
        compared("indicators", "Indicateurs des coopératives titulaires d'une mention, au 31 décembre",
                 now["indicators"], before["indicators"],
                 [(k, t) for k, t in lb.INDICATORS.items()], year, order=["1", "2", "3"], key_label="Pilier"),
    ]  # fmt: skip


def activity_tables(now: dict[str, Any], before: dict[str, Any], year: int) -> list[dict[str, Any]]:
    count = [("count", "Nombre")]
    as_rows: Callable[[dict[str, int]], Rows] = lambda d: {k: {"count": n} for k, n in d.items()}  # noqa: E731
    durations = {k: quartiles(v) for k, v in now["durations"].items()}
    durations_before = {k: quartiles(v) for k, v in before["durations"].items()}
    sessions = [{"session": s, **{k: r.get(k, 0) for k in lb.VERDICTS}, "date": r["date"], "total": r["total"]}
                for s, r in sorted(now["sessions"].items(), key=lambda kv: (kv[1]["date"], kv[0]))]  # fmt: skip
    return [
        compared("verdicts", "Verdicts du comité, par nature", as_rows(now["verdicts"]), as_rows(before["verdicts"]),
                 count, year, order=list(lb.VERDICTS), key_label="Verdict"),
        plain("sessions", f"Verdicts par session du comité en {year}",
              [("session", "Session"), ("date", "Date"), *lb.VERDICTS.items(), ("total", "Total")], sessions),
        compared("durations", "Durées du parcours (jours) : quartiles", durations, durations_before,
                 [("count", "Nombre"), ("q1", "1er quartile"), ("median", "Médiane"), ("q3", "3e quartile")], year,
                 order=list(lb.DURATIONS), key_label="Durée"),
        compared("bilans", "Bilans déposés", as_rows(now["bilans"]), as_rows(before["bilans"]), count, year,
                 order=list(lb.BILANS), key_label="Bilans"),
        compared("readjustment_engagements", "Réajustements : changements par engagement",
                 as_rows(now["readjustments"]["by_engagement"]), as_rows(before["readjustments"]["by_engagement"]),
                 count, year, order=_numbers(now["readjustments"]["by_engagement"],
                                             before["readjustments"]["by_engagement"]), key_label="Engagement"),
        compared("readjustment_kinds", "Réajustements : nature des changements",
                 as_rows(now["readjustments"]["by_kind"]), as_rows(before["readjustments"]["by_kind"]), count, year,
                 order=[k for k in lb.OPERATIONS if k in now["readjustments"]["by_kind"]
                        or k in before["readjustments"]["by_kind"]], key_label="Changement"),
    ]  # fmt: skip


def _popularity(number: str, chosen: Rows) -> tuple[int, int, int]:
    """By pillar, the most chosen first, then by number."""
    return (int(number) - 1) // 4, -chosen.get(number, {}).get("cooperatives", 0), int(number)


def _numbers(*tables: dict[str, int]) -> list[str]:
    keys = set().union(*tables)
    return sorted(keys, key=lambda k: (k == "?", int(k) if k.isdigit() else 0))
