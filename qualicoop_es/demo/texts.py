"""The French prose of the demonstration histories: notes, meetings, checkpoints, committee and federation texts."""

from __future__ import annotations

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
MEETING_SUMMARIES = (
    "Présentation de la démarche et du kit au comité de direction.",
    "Rencontre avec la direction et deux administrateurs : calendrier de préparation du dossier.",
    "Première rencontre : choix des engagements pressentis et des parties prenantes à associer.",
)
#: Why an engagement was chosen; ``{activity}`` is the label of its first activity, in lower case.
CHOICE_CONTEXTS = (
    "Engagement retenu au regard du projet stratégique ({activity}).",
    "Engagement travaillé avec les administrateurs et les salariés lors de deux ateliers.",
    "Engagement proposé par le collège des usagers et repris par le conseil d'administration.",
)
MEASURE_COMMENTS = ("", "Mesure consolidée au point d'étape.", "Source : tableau de bord interne.")
BILAN_SUMMARIES = (
    "Bilan des 18 mois : actions réalisées, indicateurs mesurés, enseignements partagés en assemblée générale.",
    "Bilan : la plupart des cibles sont atteintes ; les écarts sont expliqués engagement par engagement.",
    "Bilan et repositionnement : nouvelles ambitions pour les deux années à venir.",
)
