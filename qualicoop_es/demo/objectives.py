"""Actions and indicators a demonstration dossier picks from, by pillar."""

from __future__ import annotations

# Engagement n°1 uses the public examples (domain-research §7.1).
ENGAGEMENT_1_ACTIONS = (
    ("Élargir l'offre en zone tendue : logements PSLA et locatif intermédiaire",
     "Programmer chaque année des opérations en PSLA et en LLI dans les communes en zone tendue."),
    ("Prioriser les locataires du parc social dans la commercialisation",
     "Procédures de vente revues avec le territoire, les villes partenaires et les habitants."),
    ("Faire connaître l'accession sociale aux salariés des entreprises locales",
     "Réunions d'information avec les employeurs pour permettre aux salariés de s'installer durablement."),
    ("Former les équipes au bail réel solidaire (BRS)",
     "Parcours de formation des équipes commerciales et de gestion, avec l'organisme de foncier solidaire."),
)  # fmt: skip
ACTIONS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        ("Lancer une première opération en BRS avec l'OFS du territoire", "Montage foncier, agrément, commercialisation."),
        ("Sécuriser les parcours d'accession", "Garanties de rachat et de relogement présentées à chaque ménage."),
        ("Créer un fonds d'aide aux charges énergétiques des locataires",
         "Fonds décidé avec les représentants des locataires au conseil de concertation locative."),
        ("Développer l'accession progressive", "Montée au capital progressive des ménages modestes."),
        ("Proposer des logements adaptés au vieillissement", "Adaptation des logements et services de proximité."),
        ("Maîtriser les prix de sortie", "Prix de vente de 15 à 20 % sous le marché local, suivis opération par opération."),
        ("Accompagner les ménages après la livraison", "Visite à un an, aide à la première assemblée de copropriété."),
    ),
    2: (
        ("Associer les locataires au conseil d'administration", "Élection de représentants des locataires et des accédants."),
        ("Former les administrateurs à la vie coopérative", "Programme de formation annuel, suite à la révision coopérative."),
        ("Faire vivre le collège des usagers", "Réunions trimestrielles du collège et compte rendu au conseil."),
        ("Rendre l'assemblée générale plus participative", "Ateliers ouverts aux coopérateurs avant l'assemblée."),
        ("Mesurer la satisfaction des accédants et des locataires", "Enquête annuelle et plan d'action partagé."),
        ("Accueillir chaque nouveau coopérateur", "Livret d'accueil et réunion de bienvenue des nouveaux sociétaires."),
        ("Lancer un syndic solidaire", "Accompagnement des copropriétés fragiles issues de nos opérations."),
        ("Associer les salariés au projet coopératif", "Séminaire annuel et groupes de travail ouverts."),
    ),
    3: (
        ("Réhabiliter énergétiquement le patrimoine ancien", "Programme pluriannuel de rénovation (étiquettes F et G)."),
        ("Construire en bois et en matériaux biosourcés", "Opérations pilotes en ossature bois et isolants biosourcés."),
        ("Établir le bilan carbone de la coopérative", "Bilan carbone, puis trajectoire de réduction."),
        ("Intégrer des clauses d'insertion dans les marchés", "Heures d'insertion dans les marchés de travaux."),
        ("Développer l'habitat participatif", "Programmes conçus avec les futurs habitants."),
        ("Acheter de façon responsable", "Critères environnementaux et sociaux dans les consultations."),
        ("Améliorer la qualité de vie au travail", "Accord d'entreprise, télétravail et formation des salariés."),
        ("Nouer des partenariats avec l'économie sociale locale", "Conventions avec associations et régies de quartier."),
    ),
}  # fmt: skip

# (label, unit, baseline range, target factor range)
INDICATORS: dict[int, tuple[tuple[str, str, tuple[int, int], tuple[float, float]], ...]] = {
    1: (
        ("Logements PSLA lancés par an", "logements", (8, 60), (1.3, 2.0)),
        ("Logements locatifs intermédiaires livrés", "logements", (0, 40), (1.5, 3.0)),
        ("Part de la production en zone tendue", "%", (30, 60), (1.1, 1.4)),
        ("Part des acquéreurs issus du parc locatif social", "%", (10, 35), (1.2, 1.6)),
        ("Villes partenaires signataires", "communes", (1, 8), (1.5, 2.5)),
        ("Réunions d'information avec les employeurs", "réunions", (0, 6), (2.0, 4.0)),
        ("Salariés formés au BRS", "salariés", (0, 10), (2.0, 5.0)),
        ("Logements commercialisés en BRS", "logements", (0, 20), (2.0, 4.0)),
    ),
    2: (
        ("Administrateurs formés dans l'année", "administrateurs", (0, 6), (2.0, 3.0)),
        ("Taux de participation à l'assemblée générale", "%", (8, 25), (1.3, 1.8)),
        ("Usagers siégeant au conseil d'administration", "membres", (1, 3), (1.5, 2.5)),
        ("Taux de satisfaction des accédants", "%", (70, 85), (1.05, 1.15)),
        ("Nouveaux coopérateurs accueillis", "coopérateurs", (20, 200), (1.2, 1.6)),
        ("Réunions du collège des usagers", "réunions", (0, 2), (2.0, 4.0)),
    ),
    3: (
        ("Logements réhabilités (étiquettes F et G)", "logements", (0, 150), (1.5, 3.0)),
        ("Part des opérations en matériaux biosourcés", "%", (0, 15), (2.0, 4.0)),
        ("Émissions de gaz à effet de serre", "tCO2e", (800, 5000), (0.75, 0.9)),
        ("Heures d'insertion réalisées", "heures", (500, 5000), (1.3, 2.0)),
        ("Salariés formés dans l'année", "salariés", (5, 60), (1.2, 1.6)),
        ("Marchés comportant des critères responsables", "%", (20, 50), (1.3, 2.0)),
    ),
}  # fmt: skip
