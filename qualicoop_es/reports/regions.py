"""Départements and régions (the 2016 map; INSEE codes), read from ``departements.csv`` beside this module."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources

REGIONS: dict[str, str] = {
    "84": "Auvergne-Rhône-Alpes", "27": "Bourgogne-Franche-Comté", "53": "Bretagne", "24": "Centre-Val de Loire",
    "94": "Corse", "44": "Grand Est", "32": "Hauts-de-France", "11": "Île-de-France", "28": "Normandie",
    "75": "Nouvelle-Aquitaine", "76": "Occitanie", "52": "Pays de la Loire", "93": "Provence-Alpes-Côte d'Azur",
    "01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
    "975": "Saint-Pierre-et-Miquelon (collectivité d'outre-mer)",
}  # fmt: skip
UNKNOWN = "inconnu"


@cache
def departements() -> dict[str, tuple[str, str]]:
    """département code → (its name, its région's code)."""
    text = resources.files(__package__).joinpath("departements.csv").read_text(encoding="utf-8")
    return {row["departement"]: (row["nom"], row["region"]) for row in csv.DictReader(text.splitlines(), delimiter=";")}


def departement_label(code: str) -> str:
    found = departements().get(code)
    return f"{code} — {found[0]}" if found else f"{code} (inconnu)"


def region_of(code: str) -> str:
    found = departements().get(code)
    return found[1] if found else UNKNOWN


def region_label(code: str) -> str:
    return REGIONS.get(code, "Région inconnue")
