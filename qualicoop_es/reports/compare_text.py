"""The comparison of a report as published and as corrected, as French lines for the command line."""

from __future__ import annotations

from typing import Any


def _figure(d: dict[str, Any]) -> str:
    before, after = ("—" if x is None else x for x in (d["before"], d["after"]))
    return f"{d['table_title']} › {d['row_label']} › {d['column_label']} : {before} → {after}"


def as_text(result: dict[str, Any]) -> str:
    published = result["published"]["last_event"] or {}
    lines = [f"Rapport {result['year']} tel que publié (faits enregistrés jusqu'au {result['recorded_by']}, dernier "
             f"événement n°{published.get('position', '—')}) et tel que corrigé : {result['late_facts']} fait(s) "
             f"enregistré(s) après coup.", ""]  # fmt: skip
    for step in result["changes"]:
        fact = step["fact"]
        extra = f" (et {step['with_earlier_unlisted']} autre(s) fait(s) tardif(s) avant lui)" if step[
            "with_earlier_unlisted"] else ""  # fmt: skip
        lines.append(f"• n°{fact['position']} « {fact['kind_label']} » de {fact['cooperative']} (SIREN {fact['siren']}), daté du "
                     f"{fact['effective_on']}, enregistré le {fact['recorded_at']}{extra} :")  # fmt: skip
        lines += [f"    {_figure(d)}" for d in step["figures"]] or ["    aucun chiffre du rapport ne change"]
    lines += ["", f"En tout, {len(result['figures'])} chiffre(s) diffèrent :"]
    lines += [f"  {_figure(d)}" for d in result["figures"]]
    return "\n".join(lines) + "\n"
