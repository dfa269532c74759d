"""The key figures of a year beside the previous year's, and the French commentary generated from them.

Every sentence of the commentary is made from rows of the key figures (named in its ``figures``): nothing is said
that the report does not show.
"""

from __future__ import annotations

from typing import Any

from qualicoop_es.reports.tables import column

KEY_FIGURES: list[tuple[str, str]] = [
    ("registered", "Coopératives enregistrées au 31 décembre"),
    ("in_approach", "Coopératives dans la démarche au 31 décembre"),
    ("mention_valid", "Mentions valides au 31 décembre"),
    ("engagee", "dont « Quali'Coop Engagée ! »"),
    ("confirmee", "dont « Quali'Coop Confirmée ! »"),
    ("expired", "Mentions expirées au 31 décembre"),
    ("registered_in_year", "Coopératives enregistrées dans l'année"),
    ("kit_requested", "Demandes de kit"),
    ("first_meeting", "Premiers rendez-vous"),
    ("submitted", "Dossiers déposés"),
    ("validate", "Dossiers validés"),
    ("mature", "Dossiers à faire mûrir"),
    ("confirm", "Mentions confirmées"),
    ("continue_work", "Travail à poursuivre"),
    ("bilan", "Bilans déposés"),
    ("late_bilans", "dont déposés en retard"),
    ("checkpoint", "Points d'étape tenus"),
    ("readjustment", "Réajustements d'objectifs"),
    ("left", "Sorties de la démarche"),
    ("withdrawn", "Mentions retirées"),
]


def key_values(state: dict[str, Any], act: dict[str, Any]) -> dict[str, int]:
    mentions = {k: r["cooperatives"] for k, r in state["mentions"].items()}
    steps = {k: r["cooperatives"] for k, r in state["steps"].items()}
    counts, verdicts = act["counts"], act["verdicts"]
    return {
        "registered": state["registered"],
        "in_approach": state["registered"] - steps.get("left", 0) - steps.get("closed", 0),
        "mention_valid": mentions.get("engagee", 0) + mentions.get("confirmee", 0),
        "engagee": mentions.get("engagee", 0), "confirmee": mentions.get("confirmee", 0),
        "expired": mentions.get("expired", 0), "registered_in_year": counts["registered"],
        **{k: counts[k] for k in ("kit_requested", "first_meeting", "submitted", "bilan", "checkpoint",
                                  "readjustment", "left", "withdrawn")},
        **{k: verdicts.get(k, 0) for k in ("validate", "mature", "confirm", "continue_work")},
        "late_bilans": act["bilans"].get("late", 0),
    }  # fmt: skip


def key_table(now: dict[str, int], before: dict[str, int], year: int) -> dict[str, Any]:
    rows = [{"code": k, "label": text, "value": now[k], "value_previous": before[k]} for k, text in KEY_FIGURES]
    columns = [column("code", "Code"), column("label", "Chiffre"), column("value", str(year)),
               column("value_previous", str(year - 1))]  # fmt: skip
    return {"name": "key_figures", "title": "Chiffres clés", "columns": columns, "rows": rows}


def _change(now: int, before: int) -> str:
    """The change from the previous year, with its figure: « +3 ; 12 en 2024 »."""
    sign = "stable" if now == before else f"{'+' if now > before else '−'}{abs(now - before)}"
    return f"{sign} ; {before} en {{prev}}"


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def commentary(now: dict[str, int], before: dict[str, int], year: int) -> list[dict[str, Any]]:
    """Sentences, each with the key figures it is made from."""
    prev = str(year - 1)

    def said(text: str, *figures: str) -> dict[str, Any]:
        return {"text": text.replace("{prev}", prev), "figures": list(figures)}

    c = lambda k: _change(now[k], before[k])  # noqa: E731
    sentences = [
        said(f"Au 31 décembre {year}, {_n(now['in_approach'], 'coopérative est', 'coopératives sont')} dans la "
             f"démarche Quali'Coop ({c('in_approach')}).", "in_approach"),
        said(f"{_n(now['mention_valid'], 'mention est valide', 'mentions sont valides')} ce jour-là "
             f"({now['engagee']} « Engagée », {now['confirmee']} « Confirmée ») : {c('mention_valid')}.",
             "mention_valid", "engagee", "confirmee"),
        said(f"Dans l'année, {_n(now['kit_requested'], 'demande de kit', 'demandes de kit')} ({c('kit_requested')}) "
             f"et {_n(now['submitted'], 'dossier déposé', 'dossiers déposés')} ({c('submitted')}).",
             "kit_requested", "submitted"),
        said(f"Le comité a validé {_n(now['validate'], 'dossier', 'dossiers')} ({c('validate')}) et confirmé "
             f"{_n(now['confirm'], 'mention', 'mentions')} ({c('confirm')}).", "validate", "confirm"),
    ]  # fmt: skip
    if now["bilan"]:
        sentences.append(
            said(
                f"{_n(now['bilan'], 'bilan déposé', 'bilans déposés')} dans l'année, dont {now['late_bilans']} "
                f"en retard.",
                "bilan",
                "late_bilans",
            )
        )
    sentences.append(said(f"{_n(now['readjustment'], 'réajustement', 'réajustements')} d'objectifs "
                          f"({c('readjustment')}) et {_n(now['checkpoint'], 'point', 'points')} d'étape "
                          f"({c('checkpoint')}).", "readjustment", "checkpoint"))  # fmt: skip
    if now["left"] or now["withdrawn"]:
        sentences.append(said(f"{_n(now['left'], 'coopérative a', 'coopératives ont')} quitté la démarche et "
                              f"{_n(now['withdrawn'], 'mention a été retirée', 'mentions ont été retirées')}.", "left",
                              "withdrawn"))  # fmt: skip
    return sentences
