"""Who the demonstration cooperatives are called and where they are (départements, real Coop'HLM, name patterns),
and the fictional names of their referents."""

from __future__ import annotations

DEPARTEMENTS: dict[str, str] = dict(
    line.split(" ", 1)
    for line in """01 Ain|02 Aisne|03 Allier|04 Alpes-de-Haute-Provence|05 Hautes-Alpes|06 Alpes-Maritimes|07 Ardèche
08 Ardennes|09 Ariège|10 Aube|11 Aude|12 Aveyron|13 Bouches-du-Rhône|14 Calvados|15 Cantal|16 Charente
17 Charente-Maritime|18 Cher|19 Corrèze|2A Corse-du-Sud|2B Haute-Corse|21 Côte-d'Or|22 Côtes-d'Armor|23 Creuse
24 Dordogne|25 Doubs|26 Drôme|27 Eure|28 Eure-et-Loir|29 Finistère|30 Gard|31 Haute-Garonne|32 Gers|33 Gironde
34 Hérault|35 Ille-et-Vilaine|36 Indre|37 Indre-et-Loire|38 Isère|39 Jura|40 Landes|41 Loir-et-Cher|42 Loire
43 Haute-Loire|44 Loire-Atlantique|45 Loiret|46 Lot|47 Lot-et-Garonne|48 Lozère|49 Maine-et-Loire|50 Manche
51 Marne|52 Haute-Marne|53 Mayenne|54 Meurthe-et-Moselle|55 Meuse|56 Morbihan|57 Moselle|58 Nièvre|59 Nord
60 Oise|61 Orne|62 Pas-de-Calais|63 Puy-de-Dôme|64 Pyrénées-Atlantiques|65 Hautes-Pyrénées|66 Pyrénées-Orientales
67 Bas-Rhin|68 Haut-Rhin|69 Rhône|70 Haute-Saône|71 Saône-et-Loire|72 Sarthe|73 Savoie|74 Haute-Savoie|75 Paris
76 Seine-Maritime|77 Seine-et-Marne|78 Yvelines|79 Deux-Sèvres|80 Somme|81 Tarn|82 Tarn-et-Garonne|83 Var
84 Vaucluse|85 Vendée|86 Vienne|87 Haute-Vienne|88 Vosges|89 Yonne|90 Territoire de Belfort|91 Essonne
92 Hauts-de-Seine|93 Seine-Saint-Denis|94 Val-de-Marne|95 Val-d'Oise|971 Guadeloupe|972 Martinique|973 Guyane
974 La Réunion|975 Saint-Pierre-et-Miquelon|976 Mayotte""".replace("\n", "|").split("|")
)

#: Real Coop'HLM (name, département, legal form or None, activities or None) — domain-research §7.2.
REAL_COOPS: tuple[tuple[str, str, str | None, tuple[str, ...] | None], ...] = (
    ("Grand Delta Habitat", "84", "SCIC", ("locatif_social", "accession_sociale", "gestion_copropriete",
                                          "locatif_intermediaire", "gestion_tiers")),
    ("CAPS", "93", "SCP", ("accession_sociale",)),
    ("Le COL", "64", "SCIC", ("accession_sociale", "locatif_social", "gestion_copropriete")),
    ("Coopimmo", "94", None, ("accession_sociale", "gestion_copropriete")),
    ("Coop de Construction", "35", None, ("accession_sociale", "maisons_individuelles", "gestion_copropriete")),
    ("Terralia", "77", None, None),
    ("Coop Ivry", "94", None, None),
    ("Centre Alsace Habitat", "68", None, None),
    ("CIF Coopérative", "44", None, None),
    ("Maison Familiale de Provence", "06", None, None),
    ("Espacil Accession", "35", None, ("accession_sociale", "gestion_copropriete")),
    ("Maison Familiale de Loire-Atlantique", "44", None, None),
    ("Rhône Saône Habitat", "69", None, None),
    ("Polygone Massif Central", "15", None, None),
    ("Habitat Coopératif de Normandie", "27", None, None),
    ("Hippocampe Habitat", "976", None, ("accession_sociale", "locatif_social")),
    ("Coop Charente Maritime Habitat", "17", None, None),
)  # fmt: skip

NAME_PATTERNS = (
    "Coop Habitat {d}", "Habitat Coopératif {d}", "Coop'Accession {d}", "Les Toits Coopératifs {d}",
    "SCIC Habitat {d}", "Foyer Coopératif {d}", "Accession Solidaire {d}", "Coop Logis {d}",
    "Maison Coopérative {d}", "Coopérative Habitat et Territoires {d}",
)  # fmt: skip

ACTIVITY_ODDS = {"accession_sociale": 0.92, "locatif_social": 0.7, "gestion_copropriete": 0.45,
                 "maisons_individuelles": 0.3, "amenagement": 0.25, "gestion_tiers": 0.2,
                 "locatif_intermediaire": 0.2}  # fmt: skip

#: Fictional people (the cooperatives' referents): first names and surnames, none the committee's or the team's.
FIRST_NAMES = (
    "Anne", "Antoine", "Aurélie", "Baptiste", "Camille", "Cédric", "Chloé", "Damien", "Élise", "Fabrice",
    "Florence", "Guillaume", "Inès", "Isabelle", "Julien", "Karine", "Laurent", "Léa", "Malik", "Manon",
    "Marion", "Mathieu", "Nathalie", "Nicolas", "Pauline", "Philippe", "Rachid", "Sandrine", "Sébastien",
    "Sylvie", "Valérie", "Yannick",
)  # fmt: skip
SURNAMES = (
    "Arnaud", "Barbier", "Bertin", "Blanchard", "Bouvier", "Chevalier", "Colin", "Delattre", "Duval", "Fabre",
    "Gaillard", "Garnier", "Hamon", "Jacquet", "Lambert", "Le Goff", "Lemaire", "Marchand", "Mercier", "Meunier",
    "Morel", "Ollivier", "Perrin", "Picard", "Renaud", "Rivière", "Rolland", "Sanchez", "Schmitt", "Texier",
    "Vasseur", "Zimmermann",
)  # fmt: skip
