"""A deterministic demonstration network: ~165 Coop'HLM and their Quali'Coop histories from 2022 to "today".

Same seed, same ``today`` → same network, event for event. Every write goes through the application's use
cases with an explicit business date and a stable actor id, so the guards of the aggregate check the
generator: a refused command is a bug here, never something to swallow.

How a history is built:

1. each cooperative gets a *target* (where it stands today: preparing, submitted, engaged, bilan submitted,
   confirmed, renewed, continue work, expired, left, withdrawn) and a few variants (asked to mature first,
   asked to continue work before confirming…); the first ones cover every target, so even 20 cooperatives
   show every phase;
2. its *skeleton* (the dates of the phase changes) is drawn once, then slid along the calendar until the
   target holds on ``today`` (committee verdicts fall on the monthly sessions of the comité de validation);
3. the stages between phase changes are filled in chronological order: dossier preparation, rework after
   a « faire mûrir », checkpoints, measurements, objective readjustments, diplomas, identity updates.

The names of the first cooperatives are real Coop'HLM (public facts: domain-research §7.2); their Quali'Coop
histories here are invented, except Grand Delta Habitat's validation in March 2023 and its diploma on
3 October 2023.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from qualicoop_es import bootstrap
from qualicoop_es.aggregates import values as v
from qualicoop_es.aggregates.values import PHASE_LABELS, pillar_of

EPOCH = date(2022, 1, 3)

# -- reference data -------------------------------------------------------------------------------------------

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

GOVERNANCE = (
    "Conseil d'administration de {n} membres ; assemblée générale annuelle des coopérateurs ; collèges des "
    "locataires, des accédants, des salariés et des collectivités partenaires.",
    "Conseil d'administration de {n} membres, dont des représentants élus des locataires ; assemblée générale "
    "annuelle ; comité d'engagement des opérations.",
    "Directoire et conseil de surveillance de {n} membres ; assemblée générale ; conseil de concertation locative.",
)

CONTACTS = ("Direction générale — référent Quali'Coop", "Direction de la vie coopérative — référent Quali'Coop",
            "Secrétariat général — référent Quali'Coop", "Direction de l'accession — référent Quali'Coop")  # fmt: skip

MOTIVATIONS = (
    "Donner une forme lisible à ce que la coopérative fait déjà pour le logement abordable et l'ouvrir au regard "
    "de ses coopérateurs.",
    "Mettre la Raison d'être des Coop'HLM au cœur du projet stratégique et mobiliser les équipes autour d'objectifs "
    "partagés.",
    "Renforcer la relation de confiance avec les accédants et les locataires, et rendre compte de nos engagements.",
    "Faire de la démarche qualité un levier de dialogue avec les collectivités et les partenaires du territoire.",
)
AMBITIONS = (
    "Doubler l'offre en accession sociale sécurisée sur le territoire en trois ans, en priorité en zone tendue.",
    "Faire vivre la gouvernance coopérative : davantage d'usagers dans les instances, une assemblée générale "
    "plus participative.",
    "Réduire l'empreinte carbone du patrimoine et des opérations neuves tout en maîtrisant les charges.",
    "Accompagner chaque ménage du premier contact à l'après-livraison, avec des garanties de rachat et de relogement.",
)
HUMAN_MEANS = (
    "Un référent Quali'Coop à mi-temps, un comité de pilotage mensuel et {n} salariés associés aux groupes de travail.",
    "Un chef de projet dédié, l'appui de la direction générale et {n} collaborateurs formés à la démarche.",
)
FINANCIAL_MEANS = (
    "Budget annuel de {k} k€ (formation, études, communication aux coopérateurs).",
    "{k} k€ inscrits au plan stratégique, dont un fonds d'innovation sociale.",
)

# Actions and indicators by pillar. Engagement n°1 uses the public examples (domain-research §7.1).
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

CHECKPOINT_SUMMARIES = (
    "Point d'étape avec l'équipe fédérale : plan d'action dans les temps, indicateurs renseignés.",
    "Point d'étape : avancement conforme sur la plupart des engagements ; un indicateur à revoir.",
    "Point d'étape : retard sur une opération, décalage du calendrier discuté avec la fédération.",
    "Point d'étape en présence d'administrateurs : partage des premiers résultats avec les coopérateurs.",
    "Point d'étape : préparation du bilan, collecte des mesures et des preuves.",
)
READJUST_REASONS = (
    "Retard de chantier lié au marché local de la construction : cible décalée, moyens maintenus.",
    "Premiers résultats au-delà de l'objectif : la cible est relevée.",
    "Évolution du contexte local (foncier, financement) constatée au point d'étape.",
    "Recentrage du plan d'action après le point d'étape avec la fédération.",
)
MATURE_RATIONALES = (
    "Dossier pertinent mais indicateurs trop peu mesurables sur les engagements {axes} : préciser les cibles "
    "et les moyens.",
    "Le comité demande d'associer davantage les parties prenantes et de détailler les actions des engagements {axes}.",
)
VALIDATE_RATIONALES = (
    "Dossier pertinent et réaliste ; moyens proportionnés aux ambitions.",
    "Engagements cohérents avec la Raison d'être ; indicateurs mesurables ; parties prenantes associées.",
    "Le comité salue la qualité du travail collectif et valide le dossier.",
)
CONFIRM_RATIONALES = (
    "Bilan convaincant : actions engagées, résultats mesurés, gouvernance mobilisée.",
    "Les engagements sont tenus ou en bonne voie ; le comité confirme la mention.",
)
CONTINUE_RATIONALES = ("Bilan encourageant, mais les engagements {axes} doivent être poursuivis avant confirmation.",)
LEAVE_REASONS = (
    "Réorganisation de la coopérative (rapprochement avec un autre organisme) : démarche suspendue.",
    "Moyens humains insuffisants cette année : la coopérative se retire et pourra revenir plus tard.",
    "Priorité donnée à la fusion en cours ; sortie de la démarche décidée par le conseil d'administration.",
)
WITHDRAW_REASONS = (
    "Engagements non tenus et absence de points d'étape malgré les relances de la fédération.",
    "Changement de gouvernance : le conseil d'administration renonce aux engagements pris.",
)
CEREMONIES = (
    "Remise lors de l'assemblée générale de la Fédération des Coop'HLM",
    "Remise lors du Congrès HLM",
    "Remise lors de la Convention des Coop'HLM",
    "Remise en région, en présence des administrateurs de la coopérative",
)

TARGETS = ("preparing", "submitted", "engaged", "bilan_submitted", "confirmed", "renewed", "continue_work",
           "expired", "left", "withdrawn")  # fmt: skip
#: Share of each target in a network (roughly the network a few years into the approach).
WEIGHTS = {"preparing": 20, "submitted": 7, "engaged": 24, "bilan_submitted": 8, "confirmed": 28, "renewed": 12,
           "continue_work": 9, "expired": 14, "left": 10, "withdrawn": 4}  # fmt: skip
#: The first cooperatives take these (target, variants) so that any network of 13 or more shows every case.
MANDATORY: tuple[tuple[str, dict[str, Any]], ...] = (
    ("renewed", {}), ("engaged", {"mature": True}), ("preparing", {}), ("submitted", {}), ("confirmed", {}),
    ("bilan_submitted", {}), ("continue_work", {}), ("expired", {}), ("left", {}), ("withdrawn", {}),
    ("preparing", {"mature": True}), ("confirmed", {"continue": True}), ("expired", {"after": "confirm"}),
)  # fmt: skip


# -- the committee's calendar -----------------------------------------------------------------------------------


def session_on_or_after(day: date) -> date:
    """Sessions of the comité de validation: the second Tuesday of each month, none in August."""
    year, month = day.year, day.month
    while True:
        if month != 8:
            first = date(year, month, 1)
            second_tuesday = first + timedelta(days=(1 - first.weekday()) % 7 + 7)
            if second_tuesday >= day:
                return second_tuesday
        month += 1
        if month == 13:
            year, month = year + 1, 1


def session_reference(day: date) -> str:
    return f"CV-{day.year}-{day.month:02d}"


def session_members(seed: int, day: date) -> list[str]:
    rng = random.Random(f"{seed}:{day.isoformat()}")
    return sorted(rng.sample([f"comite-{n}" for n in range(1, 10)], rng.randint(4, 6)))


# -- identities ---------------------------------------------------------------------------------------------


def make_siren(rng: random.Random) -> str:
    """Nine digits with a right Luhn key."""
    return v.siren_with_key(str(rng.randint(30_000_000, 89_999_999)))


@dataclass
class Profile:
    name: str
    siren: str
    legal_form: str
    departement: str
    activities: list[str]
    target: str
    variants: dict[str, Any]


def _activities(rng: random.Random) -> list[str]:
    chosen = [a for a, odds in ACTIVITY_ODDS.items() if rng.random() < odds]
    return sorted(chosen or ["accession_sociale"])


def profiles(count: int, rng: random.Random) -> list[Profile]:
    """Who the cooperatives are and where each one stands today."""
    plan: list[tuple[str, dict[str, Any]]] = [(t, dict(variants)) for t, variants in MANDATORY[:count]]
    rest = count - len(plan)
    plan += [(t, {}) for t in rng.choices(TARGETS, weights=[WEIGHTS[t] for t in TARGETS], k=max(0, rest))]
    head, tail = plan[:1], plan[1:]  # the first (Grand Delta Habitat, pilot) stays renewed
    rng.shuffle(tail)
    plan = head + tail
    for target, variants in plan:
        if "mature" not in variants and target in ("submitted", "engaged", "bilan_submitted", "confirmed", "renewed",
                                       "continue_work", "expired", "withdrawn"):  # fmt: skip
            variants["mature"] = rng.random() < 0.25
        if not variants.get("continue") and target in ("confirmed", "renewed"):
            variants["continue"] = rng.random() < 0.15
        if target == "left" and "after_validation" not in variants:
            variants["after_validation"] = rng.random() < 0.4
    departements = list(DEPARTEMENTS)
    rng.shuffle(departements)
    names: set[str] = set()
    sirens: set[str] = set()
    out: list[Profile] = []
    for index, (target, variants) in enumerate(plan):
        if index < len(REAL_COOPS):
            name, dep, form, acts = REAL_COOPS[index]
            activities = sorted(acts) if acts else _activities(rng)
            legal_form = form or ("SCIC" if rng.random() < 0.64 else "SCP")
        else:
            dep = departements[(index - len(REAL_COOPS)) % len(departements)]
            name = rng.choice(NAME_PATTERNS).format(d=DEPARTEMENTS[dep])
            while name in names:
                name = rng.choice(NAME_PATTERNS).format(d=DEPARTEMENTS[dep])
                if name in names:
                    name = f"{name} {rng.choice(['Sud', 'Nord', 'Est', 'Ouest', 'Centre', 'Littoral', 'Val'])}"
            activities = _activities(rng)
            legal_form = "SCIC" if rng.random() < 0.64 else "SCP"
        names.add(name)
        siren = make_siren(rng)
        while siren in sirens:
            siren = make_siren(rng)
        sirens.add(siren)
        out.append(Profile(name, siren, legal_form, dep, activities, target, dict(variants)))
    return out


# -- skeletons: the dates of the phase changes ------------------------------------------------------------------


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))


@dataclass
class Gaps:
    kit: timedelta
    meeting: timedelta
    prep: timedelta
    rework: timedelta
    early: list[timedelta]
    continue_months: int
    leave: timedelta
    withdraw: timedelta

    @classmethod
    def draw(cls, rng: random.Random) -> Gaps:
        return cls(kit=_days(rng, 0, 25), meeting=_days(rng, 10, 45), prep=_days(rng, 100, 240),
                   rework=_days(rng, 45, 130), early=[_days(rng, 10, 75) for _ in range(4)],
                   continue_months=rng.randint(6, 12), leave=_days(rng, 40, 260), withdraw=_days(rng, 120, 420))  # fmt: skip


def skeleton(target: str, variants: dict[str, Any], gaps: Gaps, start: date) -> list[tuple[str, date, date | None]]:
    """(step, date, due date after it) for each phase change of the script leading to ``target``."""
    steps: list[tuple[str, date, date | None]] = [("register", start, None)]
    day = start + gaps.kit
    steps.append(("kit", day, None))
    day += gaps.meeting
    steps.append(("meeting", day, None))
    if target == "left" and not variants.get("after_validation"):
        steps.append(("leave", day + gaps.leave, None))
        return steps
    if target == "preparing" and not variants.get("mature"):
        return steps
    day += gaps.prep
    steps.append(("submit", day, None))
    if variants.get("mature"):
        day = session_on_or_after(day + timedelta(days=21))
        steps.append(("mature", day, None))
        if target == "preparing":
            return steps
        day += gaps.rework
        steps.append(("submit", day, None))
    if target == "submitted":
        return steps
    day = session_on_or_after(day + timedelta(days=21))
    due = v.add_months(day, v.ENGAGED_MONTHS)
    steps.append(("validate", day, due))
    if target == "left":
        steps.append(("leave", day + gaps.leave, None))
        return steps
    if target == "withdrawn" and variants.get("after") != "confirm":
        steps.append(("withdraw", day + gaps.withdraw, None))
        return steps
    if target in ("engaged",) or (target == "expired" and variants.get("after") != "confirm"):
        return steps
    early = iter(gaps.early)
    day = due - next(early)
    steps.append(("bilan", day, None))
    if target == "bilan_submitted":
        return steps
    day = session_on_or_after(day + timedelta(days=21))
    if target == "continue_work" or variants.get("continue"):
        due = v.add_months(day, gaps.continue_months)
        steps.append(("continue", day, due))
        if target == "continue_work":
            return steps
        day = due - timedelta(days=min(next(early).days, 25))
        steps.append(("bilan", day, None))
        day = session_on_or_after(day + timedelta(days=21))
    due = v.add_months(day, v.CONFIRMED_MONTHS)
    steps.append(("confirm", day, due))
    if target == "withdrawn":
        steps.append(("withdraw", day + gaps.withdraw, None))
        return steps
    if target in ("confirmed", "expired"):
        return steps
    day = due - next(early)
    steps.append(("bilan", day, None))
    day = session_on_or_after(day + timedelta(days=21))
    steps.append(("confirm", day, v.add_months(day, v.CONFIRMED_MONTHS)))
    return steps


def fits(target: str, steps: list[tuple[str, date, date | None]], today: date) -> bool:
    """Does this skeleton leave the cooperative exactly in ``target`` on ``today``, plausibly?"""
    step, last, due = steps[-1]
    if last > today:
        return False
    waited = (today - last).days
    if target == "preparing":
        return waited <= (120 if step == "mature" else 250)
    if target in ("submitted", "bilan_submitted"):
        return today < session_on_or_after(last + timedelta(days=21))
    if target == "expired":
        assert due is not None
        return today > due and (today - due).days <= 400
    if due is not None:
        return today <= due
    return True


def place(target: str, variants: dict[str, Any], gaps: Gaps, today: date, rng: random.Random,
          pin: Callable[[list[tuple[str, date, date | None]]], bool] | None = None,
          ) -> list[tuple[str, date, date | None]] | None:  # fmt: skip
    """Slide the skeleton along the calendar (week by week from 2022) and pick one start where it fits."""
    found: list[list[tuple[str, date, date | None]]] = []
    pinned: list[list[tuple[str, date, date | None]]] = []
    offset = rng.randint(0, 6)
    start = EPOCH + timedelta(days=offset)
    while start <= today:
        steps = skeleton(target, variants, gaps, start)
        if fits(target, steps, today):
            found.append(steps)
            if pin and pin(steps):
                pinned.append(steps)
        start += timedelta(days=7)
    if pinned:
        return pinned[len(pinned) // 2]
    return rng.choice(found) if found else None


# -- one cooperative's history, written through the application ------------------------------------------------


@dataclass
class Engagement:
    number: int
    activities: list[str]
    actions: list[str] = field(default_factory=list)
    indicators: dict[str, dict[str, Any]] = field(default_factory=dict)


class History:
    """Writes one cooperative's history in chronological order, mirroring just enough of its dossier."""

    def __init__(self, svc: bootstrap.Services, profile: Profile, rng: random.Random, seed: int, today: date):
        self.app, self.p, self.rng, self.seed, self.today = svc.app, profile, rng, seed, today
        self.id: UUID | None = None
        self.referent = f"referent-{profile.siren}"
        self.federation = f"federation-{rng.randint(1, 4)}"
        self.engagements: dict[int, Engagement] = {}
        self.seq = {"A": 0, "I": 0}
        self.version = 0
        self.events = 0
        self.used_actions: set[str] = set()
        self.used_indicators: set[str] = set()
        self.homes_managed = 0
        self.decisions: list[tuple[str, date]] = []

    # -- plumbing

    def _did(self, result: Any) -> int:
        self.version = result.version
        self.events += 1
        return int(result.version)

    @property
    def cid(self) -> UUID:
        assert self.id is not None
        return self.id

    # -- preparation

    def register(self, day: date) -> None:
        p = self.p
        result = self.app.register_cooperative(actor=self.federation, name=p.name, siren=p.siren,
                                               legal_form=p.legal_form, departement=p.departement,
                                               activities=p.activities, effective_on=day)  # fmt: skip
        self.id = result.aggregate_id
        self._did(result)

    def kit(self, day: date) -> None:
        self._did(self.app.request_kit(self.cid, actor=self.referent, effective_on=day))

    def meeting(self, day: date) -> None:
        summary = self.rng.choice((
            "Présentation de la démarche et du kit au comité de direction.",
            "Rencontre avec la direction et deux administrateurs : calendrier de préparation du dossier.",
            "Première rencontre : choix des engagements pressentis et des parties prenantes à associer.",
        ))  # fmt: skip
        self._did(self.app.hold_first_meeting(self.cid, actor=self.federation, summary=summary, effective_on=day))

    def identity_figures(self, day: date) -> None:
        rng = self.rng
        rental = "locatif_social" in self.p.activities
        big = self.p.name == "Grand Delta Habitat"
        self.homes_managed = 42_430 if big else (rng.randint(300, 9000) if rental else rng.randint(0, 400))
        changes = {"homes_managed": self.homes_managed,
                   "homes_delivered_per_year": 530 if big else rng.randint(8, 250),
                   "members": rng.randint(60, 4000), "staff": 320 if big else rng.randint(3, 180)}  # fmt: skip
        self._did(self.app.update_identity(self.cid, changes, actor=self.referent, effective_on=day))

    def identity_governance(self, day: date) -> None:
        changes = {"governance_bodies": self.rng.choice(GOVERNANCE).format(n=self.rng.randint(9, 18)),
                   "contact": self.rng.choice(CONTACTS)}  # fmt: skip
        self._did(self.app.update_identity(self.cid, changes, actor=self.referent, effective_on=day))

    def intent_why(self, day: date) -> None:
        changes = {"motivations": self.rng.choice(MOTIVATIONS), "ambitions": self.rng.choice(AMBITIONS)}
        self._did(self.app.update_intent_note(self.cid, changes, actor=self.referent, effective_on=day))

    def intent_means(self, day: date) -> None:
        rng = self.rng
        stakeholders = ["administrateurs", "salaries"] + [s for s in ("cooperateurs_usagers", "partenaires")
                                                          if rng.random() < 0.75]  # fmt: skip
        changes = {"human_means": rng.choice(HUMAN_MEANS).format(n=rng.randint(4, 25)),
                   "financial_means": rng.choice(FINANCIAL_MEANS).format(k=rng.randint(15, 250)),
                   "stakeholders": stakeholders}  # fmt: skip
        self._did(self.app.update_intent_note(self.cid, changes, actor=self.referent, effective_on=day))

    def choose(self, day: date, number: int, activities: list[str]) -> None:
        context = self.rng.choice((
            f"Engagement retenu au regard du projet stratégique ({v.ACTIVITIES[activities[0]].lower()}).",
            "Engagement travaillé avec les administrateurs et les salariés lors de deux ateliers.",
            "Engagement proposé par le collège des usagers et repris par le conseil d'administration.",
        ))  # fmt: skip
        self._did(self.app.choose_engagement(self.cid, number, actor=self.referent, activities=activities,
                                             context=context, effective_on=day))  # fmt: skip
        self.engagements[number] = Engagement(number, activities)

    def _action_op(self, number: int) -> dict[str, Any]:
        pool = ENGAGEMENT_1_ACTIONS + ACTIONS[1] if number == 1 else ACTIONS[pillar_of(number)]
        fresh = [a for a in pool if a[0] not in self.used_actions] or list(pool)
        title, description = self.rng.choice(fresh)
        if number == 1 and not self.used_actions & {a[0] for a in ENGAGEMENT_1_ACTIONS}:
            title, description = self.rng.choice(ENGAGEMENT_1_ACTIONS)
        self.used_actions.add(title)
        return {"op": "add_action", "number": number, "title": title, "description": description}

    def _indicator_op(self, number: int, day: date) -> dict[str, Any]:
        pool = INDICATORS[pillar_of(number)]
        fresh = [i for i in pool if i[0] not in self.used_indicators] or list(pool)
        label, unit, (low, high), (f_low, f_high) = self.rng.choice(fresh)
        self.used_indicators.add(label)
        baseline = self.rng.randint(low, high)
        factor = self.rng.uniform(f_low, f_high)
        target = round(baseline * factor) if baseline else self.rng.randint(2, 12)
        if unit == "%":
            target = min(target, 100)
        if target == baseline:
            target = baseline + (1 if factor >= 1 else -1)
        target_date = v.add_months(day, self.rng.choice((18, 24, 24, 30)))
        return {"op": "define_indicator", "number": number,
                "fields": {"label": label, "unit": unit, "baseline": baseline, "target": target,
                           "target_date": target_date}}  # fmt: skip

    def _mirror(self, op: dict[str, Any], day: date) -> None:
        """Keep the local copy of the dossier in step with an operation the aggregate accepted."""
        name = op["op"]
        if name == "add_action":
            self.seq["A"] += 1
            self.engagements[op["number"]].actions.append(f"A{self.seq['A']}")
        elif name == "define_indicator":
            self.seq["I"] += 1
            f = op["fields"]
            self.engagements[op["number"]].indicators[f"I{self.seq['I']}"] = {
                "baseline": Decimal(f["baseline"]), "target": Decimal(f["target"]), "since": day,
                "unit": f["unit"], "value": Decimal(f["baseline"])}  # fmt: skip
        elif name == "choose_engagement":
            self.engagements[op["number"]] = Engagement(op["number"], list(op["activities"]))
        elif name == "drop_engagement":
            del self.engagements[op["number"]]
        elif name == "revise_indicator":
            for e in self.engagements.values():
                if op["indicator_id"] in e.indicators:
                    e.indicators[op["indicator_id"]]["target"] = Decimal(op["changes"]["target"])

    def dossier_op(self, day: date, op: dict[str, Any]) -> None:
        self._did(self.app.change_dossier(self.cid, op, actor=self.referent, effective_on=day))
        self._mirror(op, day)

    def find_indicator(self, indicator_id: str) -> dict[str, Any]:
        for e in self.engagements.values():
            if indicator_id in e.indicators:
                return e.indicators[indicator_id]
        raise KeyError(indicator_id)

    def update_stakeholders(self, day: date) -> None:
        changes = {"stakeholders": sorted(v.STAKEHOLDERS),
                   "human_means": "Comité de pilotage élargi aux représentants des locataires et des accédants ; "
                                  "référent Quali'Coop à temps plein."}  # fmt: skip
        self._did(self.app.update_intent_note(self.cid, changes, actor=self.referent, effective_on=day))

    def submit(self, day: date) -> int:
        return self._did(self.app.submit_dossier(self.cid, actor=self.referent, effective_on=day)) - 1

    def verdict(self, day: date, kind: str, judged: int, rationale: str, *, axes: list[int] | None = None,
                next_due: date | None = None) -> None:  # fmt: skip
        members = session_members(self.seed, day)
        self._did(self.app.record_verdict(self.cid, actor=members[0], kind=kind, session_reference=session_reference(day),
                                          members_present=members, rationale=rationale, judged_version=judged,
                                          axes=axes, next_bilan_due=next_due, effective_on=day))  # fmt: skip
        if kind in ("validate", "confirm"):
            self.decisions.append(("engagee" if kind == "validate" else "confirmee", day))

    # -- implementation

    def checkpoint(self, day: date) -> None:
        self._did(self.app.hold_checkpoint(self.cid, actor=self.federation, effective_on=day,
                                           summary=self.rng.choice(CHECKPOINT_SUMMARIES)))  # fmt: skip

    def measure(self, day: date) -> None:
        """Measure a few indicators, each moving from its baseline towards its target."""
        rng = self.rng
        live = [(iid, ind) for e in self.engagements.values() for iid, ind in e.indicators.items()
                if ind["since"] <= day]  # fmt: skip
        for iid, ind in rng.sample(live, min(len(live), rng.randint(2, 5))):
            step = (ind["target"] - ind["baseline"]) * Decimal(str(round(rng.uniform(0.1, 0.45), 2)))
            value = ind["value"] + step
            value = value.quantize(Decimal("0.1")) if ind["unit"] == "%" else value.quantize(Decimal("1"))
            ind["value"] = value
            self._did(self.app.measure_indicator(self.cid, iid, value, actor=self.referent, effective_on=day,
                                                 comment=rng.choice(("", "Mesure consolidée au point d'étape.",
                                                                     "Source : tableau de bord interne.")),
                                                 ))  # fmt: skip

    def readjust(self, day: date) -> None:
        rng = self.rng
        changes: list[dict[str, Any]] = []
        indicators = [(iid, ind) for e in self.engagements.values() for iid, ind in e.indicators.items()]
        for iid, ind in rng.sample(indicators, min(len(indicators), rng.randint(1, 2))):
            factor = Decimal(rng.choice(("0.8", "0.9", "1.1", "1.2")))
            target = (ind["target"] * factor).quantize(Decimal("1"))
            if target == ind["target"]:
                target += 1
            changes.append({"op": "revise_indicator", "indicator_id": iid, "changes": {"target": target}})
        roll = rng.random()
        new: list[dict[str, Any]] = []
        if roll < 0.3 and len(self.engagements) < 12:
            number = rng.choice([n for n in v.ENGAGEMENT_NUMBERS if n not in self.engagements])
            acts = [rng.choice(self.p.activities)]
            new = [{"op": "choose_engagement", "number": number, "activities": acts,
                    "context": "Engagement ajouté au point d'étape, à la demande du collège des usagers."},
                   self._action_op(number), self._indicator_op(number, day)]  # fmt: skip
        elif roll < 0.45:
            droppable = self._droppable()
            if droppable:
                new = [{"op": "drop_engagement", "number": rng.choice(droppable),
                        "reason": "Engagement atteint ou devenu sans objet : moyens reportés sur les autres."}]  # fmt: skip
        elif roll < 0.8:
            number = rng.choice(sorted(self.engagements))
            new = [self._action_op(number)]
        changes += new
        self._did(self.app.readjust_objectives(self.cid, changes, actor=self.referent, effective_on=day,
                                               reason=rng.choice(READJUST_REASONS)))  # fmt: skip
        for op in changes:
            self._mirror(op, day)

    def _droppable(self) -> list[int]:
        if len(self.engagements) <= 8:
            return []
        out = []
        for n in self.engagements:
            others = [e for m, e in self.engagements.items() if m != n]
            same_pillar = sum(1 for e in others if pillar_of(e.number) == pillar_of(n))
            covered = {a for e in others for a in e.activities}
            if same_pillar >= 2 and set(self.p.activities) <= covered:
                out.append(n)
        return sorted(out)

    def grow(self, day: date) -> None:
        self.homes_managed += self.rng.randint(5, 400)
        self._did(self.app.update_identity(self.cid, {"homes_managed": self.homes_managed}, actor=self.referent,
                                           effective_on=day))  # fmt: skip

    def diploma(self, day: date, mention: str) -> None:
        self._did(self.app.award_diploma(self.cid, actor=self.federation, mention=mention, effective_on=day,
                                         ceremony=self.rng.choice(CEREMONIES)))  # fmt: skip

    def bilan(self, day: date) -> int:
        summary = self.rng.choice((
            "Bilan des 18 mois : actions réalisées, indicateurs mesurés, enseignements partagés en assemblée générale.",
            "Bilan : la plupart des cibles sont atteintes ; les écarts sont expliqués engagement par engagement.",
            "Bilan et repositionnement : nouvelles ambitions pour les deux années à venir.",
        ))  # fmt: skip
        return self._did(self.app.submit_bilan(self.cid, actor=self.referent, summary=summary, effective_on=day)) - 1

    def leave(self, day: date) -> None:
        self._did(self.app.leave_approach(self.cid, actor=self.federation, effective_on=day,
                                          reason=self.rng.choice(LEAVE_REASONS)))  # fmt: skip

    def withdraw(self, day: date) -> None:
        self._did(self.app.withdraw_mention(self.cid, actor=self.federation, effective_on=day,
                                            reason=self.rng.choice(WITHDRAW_REASONS)))  # fmt: skip


# -- filling the stages between phase changes ----------------------------------------------------------------------


def _spread(rng: random.Random, start: date, end: date, n: int) -> list[date]:
    """``n`` sorted days in [start, end] (end ≥ start)."""
    span = max(0, (end - start).days)
    return sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(n))


def _pick_engagements(rng: random.Random, activities: list[str]) -> list[tuple[int, list[str]]]:
    """8–12 engagements, at least 2 per pillar, every activity covered."""
    chosen: list[int] = []
    for pillar in v.PILLARS:
        numbers = [n for n in v.ENGAGEMENT_NUMBERS if pillar_of(n) == pillar]
        chosen += rng.sample(numbers, 2)
    if 1 not in chosen and rng.random() < 0.85:
        chosen.append(1)
    extra = [n for n in v.ENGAGEMENT_NUMBERS if n not in chosen]
    chosen += rng.sample(extra, max(0, rng.choice((8, 8, 9, 9, 10, 11, 12)) - len(chosen)))
    chosen.sort()
    covers: dict[int, list[str]] = {n: [rng.choice(activities)] for n in chosen}
    for activity in activities:
        if not any(activity in acts for acts in covers.values()):
            covers[rng.choice(chosen)].append(activity)
    for n in chosen:
        if rng.random() < 0.3:
            covers[n].append(rng.choice(activities))
    return [(n, sorted(set(covers[n]))) for n in chosen]


def prepare(h: History, start: date, end: date, limit: date) -> None:
    """The dossier prepared between the first meeting and the submission (stopping at ``limit``)."""
    rng = h.rng
    steps: list[Callable[[date], None]] = [h.identity_figures, h.intent_why]
    for number, activities in _pick_engagements(rng, h.p.activities):
        steps.append(lambda d, n=number, a=activities: h.choose(d, n, a))
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            steps.append(lambda d, n=number: h.dossier_op(d, h._action_op(n)))
        for _ in range(rng.choice((1, 1, 1, 2))):
            steps.append(lambda d, n=number: h.dossier_op(d, h._indicator_op(n, d)))
    steps += [h.intent_means, h.identity_governance]
    if rng.random() < 0.5:
        steps.append(lambda d: _revise_one_action(h, d))
    for day, step in zip(_spread(rng, start, end, len(steps)), steps, strict=True):
        if day > limit:
            return
        step(day)


def _revise_one_action(h: History, day: date) -> None:
    number = h.rng.choice(sorted(h.engagements))
    action = h.engagements[number].actions[0]
    h.dossier_op(day, {"op": "revise_action", "action_id": action,
                       "changes": {"description": "Description précisée avec les parties prenantes : calendrier, "
                                                  "pilote et moyens de l'action."}})  # fmt: skip


def rework(h: History, axes: list[int], start: date, end: date, limit: date) -> None:
    """After « faire mûrir »: sharper indicators and more actions on the named engagements."""
    rng = h.rng
    steps: list[Callable[[date], None]] = []
    for number in axes:
        indicators = list(h.engagements[number].indicators)
        steps.append(lambda d, i=indicators[0]: h.dossier_op(d, {
            "op": "revise_indicator", "indicator_id": i,
            "changes": {"target": h.find_indicator(i)["target"] + rng.randint(1, 5)}}))  # fmt: skip
        steps.append(lambda d, n=number: h.dossier_op(d, h._action_op(n)))
    steps.append(lambda d: h.update_stakeholders(d))
    for day, step in zip(_spread(rng, start, end, len(steps)), steps, strict=True):
        if day > limit:
            return
        step(day)


def implement(h: History, start: date, end: date, limit: date, *, diploma: str | None,
              diploma_on: date | None = None) -> None:  # fmt: skip
    """Checkpoints, measurements, readjustments, a diploma: from a decision to the next phase change."""
    rng = h.rng
    stop = min(end, limit)
    plan: list[tuple[date, int, Callable[[date], None]]] = []
    day = start + _days(rng, 75, 130)
    readjust_at = rng.randint(0, 3) if rng.random() < 0.7 else -1
    for index in range(12):
        if day > stop:
            break
        plan.append((day, 0, h.checkpoint))
        plan.append((day + _days(rng, 0, 10), 1, h.measure))
        if index == readjust_at:
            plan.append((day + _days(rng, 3, 20), 2, h.readjust))
        if index % 3 == 2:
            plan.append((day + _days(rng, 0, 30), 3, h.grow))
        day += _days(rng, 90, 150)
    if diploma:
        award = diploma_on or start + _days(rng, 45, 200)
        plan.append((award, 4, lambda d, m=diploma: h.diploma(d, m)))
    for when, _, step in sorted(plan, key=lambda x: (x[0], x[1])):
        if when <= stop and when < end:
            step(when)


def write_history(svc: bootstrap.Services, profile: Profile, rng: random.Random, seed: int, today: date) -> History:
    h = History(svc, profile, rng, seed, today)
    gaps = Gaps.draw(rng)
    pin = None
    if profile.name == "Grand Delta Habitat":

        def pin(steps: list[tuple[str, date, date | None]]) -> bool:
            return any(s == "validate" and d.year == 2023 and d.month == 3 for s, d, _ in steps)

    steps = place(profile.target, profile.variants, gaps, today, rng, pin)
    if steps is None:  # the calendar is too short for this story: drop the detours, then settle for less
        profile.variants = {}
        steps = place(profile.target, {}, gaps, today, rng, pin)
    if steps is None:
        profile.target = "preparing"
        steps = place("preparing", {}, gaps, today, rng)
        assert steps is not None, "a preparing cooperative fits any calendar from 2022"
    dates = [d for _, d, _ in steps] + [today + timedelta(days=1)]
    judged = 0
    for index, (step, day, due) in enumerate(steps):
        following = dates[index + 1]
        stage_end = following - timedelta(days=1)
        if step == "register":
            h.register(day)
        elif step == "kit":
            h.kit(day)
        elif step == "meeting":
            h.meeting(day)
            prepare(h, day, min(stage_end - timedelta(days=3), day + gaps.prep), today)
        elif step == "submit":
            judged = h.submit(day)
        elif step == "mature":
            axes = rng.sample(sorted(h.engagements), 2)
            h.verdict(day, "mature", judged, rng.choice(MATURE_RATIONALES).format(axes=_numbers(axes)))
            rework(h, sorted(axes), day, min(stage_end - timedelta(days=3), day + gaps.rework), today)
        elif step == "validate":
            h.verdict(day, "validate", judged, rng.choice(VALIDATE_RATIONALES))
            pinned = pin is not None and (day.year, day.month) == (2023, 3) and date(2023, 10, 3) < following
            special = date(2023, 10, 3) if pinned else None
            implement(h, day, following, today, diploma="engagee", diploma_on=special)
        elif step == "bilan":
            judged = h.bilan(day)
        elif step == "continue":
            axes = sorted(rng.sample(sorted(h.engagements), rng.randint(1, 3)))
            h.verdict(day, "continue_work", judged, CONTINUE_RATIONALES[0].format(axes=_numbers(axes)), axes=axes,
                      next_due=due)  # fmt: skip
            implement(h, day, following, today, diploma=None)
        elif step == "confirm":
            h.verdict(day, "confirm", judged, rng.choice(CONFIRM_RATIONALES))
            implement(h, day, following, today, diploma="confirmee")
        elif step == "leave":
            h.leave(day)
        elif step == "withdraw":
            h.withdraw(day)
        else:  # pragma: no cover
            raise AssertionError(step)
    return h


def _numbers(axes: list[int]) -> str:
    return ", ".join(f"n°{n}" for n in sorted(axes))


# -- the network ---------------------------------------------------------------------------------------------------


def load(svc: bootstrap.Services, *, count: int, seed: int, today: date, progress: bool,
         on_progress: Callable[[int], None] | None = None) -> str:  # fmt: skip
    """Write the demonstration network and return a French summary (status of every cooperative on ``today``).

    ``svc.app.clock`` should return ``today`` (the guards refuse business dates after the application's today).
    ``on_progress(1)`` is called after each cooperative when ``progress`` is true.
    """
    if today < EPOCH + timedelta(days=90):
        raise ValueError(f"La date du jour simulée doit suivre le {(EPOCH + timedelta(days=90)).isoformat()}.")
    master = random.Random(seed)
    network = profiles(count, master)
    statuses: Counter[str] = Counter()
    events = 0
    # A bulk load: the read models catch up once at the end rather than after every command.
    projector = svc.projector
    suspended = projector is not None and projector.after_save in svc.app.after_save
    if projector is not None and suspended:
        svc.app.after_save.remove(projector.after_save)
    try:
        for profile in network:
            rng = random.Random(master.getrandbits(64))
            h = write_history(svc, profile, rng, seed, today)
            events += h.events
            statuses[svc.app.cooperative(h.cid).status_on(today)] += 1
            if progress and on_progress is not None:
                on_progress(1)
    finally:
        if projector is not None and suspended:
            svc.app.after_save.append(projector.after_save)
            projector.catch_up()
    lines = [f"Réseau de démonstration chargé : {count} coopératives, {events} événements "
             f"(graine {seed}, situation au {today.isoformat()})."]  # fmt: skip
    order = ["preparing", "submitted", "engaged", "bilan_submitted", "confirmed", "continue_work", "expired",
             "left", "withdrawn"]  # fmt: skip
    lines += [f"  {PHASE_LABELS[s]:<28} {statuses[s]:>5}" for s in order if statuses[s]]
    return "\n".join(lines)
