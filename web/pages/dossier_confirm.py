"""What the dossier's confirmation pages say: each names what will happen (an engagement dropped with its N actions and
M indicators, an action or indicator removed, the version the committee will judge) — see ``confirm``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qualicoop_es.queries import cooperative as cq
from web.pages import dossier_forms as df
from web.pages import forms as f
from web.pages import services
from web.pages.confirm import Confirm, Described, counted
from web.pages.readjust_form import describe_readjustment, readjust_refusal


def _titles(coop: cq.CooperativeView) -> dict[int, str]:
    return {e["number"]: e["title"] for e in cq.catalogue(services().app)["engagements"]}


def _describe_drop(coop: cq.CooperativeView, form: Any) -> list[str]:
    number = f.parse_int(f.text(form, "number"), 1, 99) or 0
    engagement = coop.dossier["engagements"].get(str(number), {"actions": {}, "indicators": {}})
    with_it = (f"{counted(len(engagement['actions']), 'action', 'actions', 'aucune action')} et "
               f"{counted(len(engagement['indicators']), 'indicateur', 'indicateurs', 'aucun indicateur')}")  # fmt: skip
    return [f"Retirer l'engagement n°{number} du dossier ?",
            f"L'engagement n°{number} « {_titles(coop).get(number, '')} » sera retiré du dossier avec ses actions et "
            f"ses indicateurs : {with_it}.",
            "Pour le reprendre, il faudra le choisir à nouveau et ressaisir ses actions et ses indicateurs ; "
            "le retrait restera inscrit dans l'historique."]  # fmt: skip


def _describe_removal(kind: str) -> Described:
    key, text = ("action_id", "title") if kind == "action" else ("indicator_id", "label")
    what = "l'action" if kind == "action" else "l'indicateur"

    def describe(coop: cq.CooperativeView, form: Any) -> list[str]:
        item_id = f.text(form, key)
        item: dict[str, Any] = next((e[kind + "s"][item_id] for e in coop.dossier["engagements"].values() if item_id in e[kind + "s"]),
                    {})  # fmt: skip
        done = "supprimée" if kind == "action" else "supprimé"
        return [f"Supprimer {what} « {item.get(text, item_id)} » ?",
                f"{what.capitalize()} « {item.get(text, item_id)} » sera {done} du dossier.",
                "Pour la retrouver, il faudra la ressaisir ; la suppression restera inscrite dans l'historique."
                if kind == "action" else "Pour le retrouver, il faudra le ressaisir ; la suppression restera "
                "inscrite dans l'historique."]  # fmt: skip

    return describe


def _describe_submit(coop: cq.CooperativeView, form: Any) -> list[str]:
    return ["Déposer le dossier au comité de validation ?",
            f"Le comité de validation jugera exactement la version {coop.version} du dossier.",
            "Une fois déposé, le dossier ne pourra plus être modifié jusqu'à la décision du comité "
            "(validation, ou demande de le faire mûrir)."]  # fmt: skip


def _describe_bilan(coop: cq.CooperativeView, form: Any) -> list[str]:
    return ["Déposer le bilan au comité de validation ?",
            f"Synthèse déposée : « {f.text(form, 'summary')} »",
            f"Le comité jugera ce bilan avec la version {coop.version} du dossier ; ni la synthèse ni le dossier ne "
            "pourront plus être modifiés jusqu'à sa décision."]  # fmt: skip


def _op(build: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    return lambda form: {"op": build(form)}


DROP = Confirm("change_dossier", _describe_drop, "Confirmer le retrait", _op(df.drop))
REMOVE_ACTION = Confirm("change_dossier", _describe_removal("action"), "Confirmer la suppression",
                        _op(df.remove("action")))  # fmt: skip
REMOVE_INDICATOR = Confirm("change_dossier", _describe_removal("indicator"), "Confirmer la suppression",
                           _op(df.remove("indicator")))  # fmt: skip
READJUST = Confirm("readjust_objectives", describe_readjustment, "Confirmer le réajustement", check=readjust_refusal)
SUBMIT = Confirm("submit_dossier", _describe_submit, "Confirmer le dépôt")
BILAN = Confirm("submit_bilan", _describe_bilan, "Confirmer le dépôt du bilan",
                lambda form: {"summary": f.text(form, "summary")})  # fmt: skip
