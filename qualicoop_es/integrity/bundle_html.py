"""A judged dossier version as a readable French HTML document (self-contained: no script, no external resource)."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from qualicoop_es.aggregates.dossier import IDENTITY_FIELDS, INDICATOR_FIELDS, INTENT_FIELDS
from qualicoop_es.aggregates.values import ACTIVITIES, LEGAL_FORMS, STAKEHOLDERS, french_date
from qualicoop_es.dossier_diff import FIELD_LABELS

_STYLE = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
          "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.2em .5em;"
          "text-align:left;vertical-align:top}code{font-size:.85em;word-break:break-all}")  # fmt: skip


def _label(name: str) -> str:
    label = FIELD_LABELS.get(name, (name.replace("_", " "), False))[0]
    return label[:1].upper() + label[1:]


def _value(name: str, value: Any) -> str:
    """A field's value for people: codes by their French label, lists joined, empty as « — »."""
    if value in (None, "", [], {}):
        return "—"
    names = {"activities": ACTIVITIES, "stakeholders": STAKEHOLDERS, "legal_form": LEGAL_FORMS}.get(name, {})
    if isinstance(value, list):
        return escape(", ".join(names.get(str(x), str(x)) for x in value))
    return escape(names.get(str(value), str(value)))


def _table(record: dict[str, Any], order: tuple[str, ...]) -> str:
    rows = "".join(f"<tr><th>{escape(_label(n))}</th><td>{_value(n, record.get(n))}</td></tr>" for n in order)
    return f"<table>{rows}</table>"


def _engagement(number: str, item: dict[str, Any], titles: dict[int, str]) -> str:
    parts = [f"<h3>Engagement n°{escape(number)} — {escape(titles.get(int(number), ''))}</h3>",
             f"<p>Activités couvertes : {_value('activities', item.get('activities'))}</p>",
             f"<p>Contexte : {_value('context', item.get('context'))}</p>", "<h4>Actions</h4><ul>"]  # fmt: skip
    for action_id, action in sorted((item.get("actions") or {}).items()):
        parts.append(f"<li>{escape(action_id)} — {_value('title', action.get('title'))}"
                     f"{': ' + _value('description', action['description']) if action.get('description') else ''}"
                     "</li>")  # fmt: skip
    parts.append("</ul><h4>Indicateurs</h4>")
    for indicator_id, indicator in sorted((item.get("indicators") or {}).items()):
        parts.append(f"<p>{escape(indicator_id)}</p>" + _table(indicator, INDICATOR_FIELDS))
    return "".join(parts)


def _judgements(verdicts: list[dict[str, Any]]) -> str:
    if not verdicts:
        return "<p>Aucun verdict n'a encore jugé cette version.</p>"
    items = []
    for verdict in verdicts:
        members = ", ".join(m["name"] for m in verdict["members_present"])
        items.append(f"<li>{escape(french_date_iso(verdict['effective_on']))} — le comité {escape(verdict['label'])}"
                     f" ({escape(verdict['session_reference'])} ; membres présents : {escape(members)}) : "
                     f"{escape(verdict['rationale'])}</li>")  # fmt: skip
    return "<ul>" + "".join(items) + "</ul>"


def french_date_iso(value: str) -> str:
    return french_date(date.fromisoformat(value))


def render(document: dict[str, Any], titles: dict[int, str]) -> bytes:
    """The HTML of one dossier file (``bundle.dossier_document``): identity, intent note, engagements, rules,
    and the verdicts that judged it."""
    dossier, name = document["dossier"], document["cooperative"]["name"]
    checklist = "".join(f"<li>{'✔' if rule['ok'] else '✘'} {escape(rule['label'])}</li>"
                        for rule in document["checklist"])  # fmt: skip
    engagements = "".join(_engagement(n, e, titles)
                          for n, e in sorted(dossier["engagements"].items(), key=lambda kv: int(kv[0])))  # fmt: skip
    body = (f"<h1>Dossier Quali'Coop de {escape(name)} — version {document['version']}</h1>"
            f"<p>SIREN {escape(document['cooperative']['siren'])} ; empreinte SHA-256 du dossier : "
            f"<code>{escape(document['dossier_digest'])}</code></p>"
            f"<h2>Jugements</h2>{_judgements(document['verdicts'])}"
            f"<h2>Fiche d'identité</h2>{_table(dossier['identity'], (*IDENTITY_FIELDS, 'siren'))}"
            f"<h2>Note d'intention stratégique</h2>{_table(dossier['intent'], INTENT_FIELDS)}"
            f"<h2>Engagements</h2>{engagements}<h2>Règles du dossier</h2><ul>{checklist}</ul>")  # fmt: skip
    title = f"Dossier de {escape(name)} — version {document['version']}"
    return (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_STYLE}</style></head><body>{body}</body></html>\n").encode()  # fmt: skip
