"""Value objects and validators of the Quali'Coop domain (standard library only)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Self

from qualicoop_es.errors import InvalidInput


class Code(Enum):
    """A closed list of codes, stored in events as itself (a transcoding per enum, ``transcodings.py``) and shown
    to the outside world as its value (``str()`` gives the value, so do JSON outputs): a plain ``Enum``, not a
    ``StrEnum``, whose members the JSON transcoder would store and give back as plain strings."""

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, value: Any, field_name: str, allowed: tuple[Self, ...] | None = None) -> Self:
        """The member named by ``value`` (a member or its value), one of ``allowed`` (default: any), else
        ``InvalidInput`` naming ``field_name`` and the values expected."""
        choices = allowed or tuple(cls)
        member = value if isinstance(value, cls) else next((c for c in choices if c.value == value), None)
        if member is None or member not in choices:
            expected = ", ".join(c.described() for c in choices)
            raise InvalidInput(field_name, f"Valeur attendue parmi : {expected}.")
        return member

    def described(self) -> str:
        """« its French label » (its code) when it has a label, else its code: what an error lists."""
        label = getattr(self, "label", None)
        return f"« {label} » ({self.value})" if isinstance(label, str) else str(self.value)


class Phase(Code):
    """Stored phases of a cooperative's approach. "Expired" is derived, never stored."""

    PREPARING = "preparing"
    SUBMITTED = "submitted"
    ENGAGED = "engaged"
    BILAN_SUBMITTED = "bilan_submitted"
    CONFIRMED = "confirmed"
    CONTINUE_WORK = "continue_work"
    LEFT = "left"
    WITHDRAWN = "withdrawn"


EXPIRED = "expired"

#: Labels by the public code (the enum's value): what pages and the command line show.
PHASE_LABELS: dict[str, str] = {
    "preparing": "En préparation",
    "submitted": "Dossier déposé",
    "engaged": "Quali'Coop Engagée !",
    "bilan_submitted": "Bilan déposé",
    "confirmed": "Quali'Coop Confirmée !",
    "continue_work": "Travail à poursuivre",
    "left": "Sortie de la démarche",
    "withdrawn": "Mention retirée",
    EXPIRED: "Expirée",
}

#: Phases in which the coop carries out its action plans (readjustments, checkpoints, measurements).
IMPLEMENTATION_PHASES = frozenset({Phase.ENGAGED, Phase.CONFIRMED, Phase.CONTINUE_WORK})
#: When the identity card and the intent note may change: not while the committee judges a version, nor once over.
EDITABLE_PHASES = (Phase.PREPARING, *IMPLEMENTATION_PHASES)
#: Phases that end the approach.
TERMINAL_PHASES = frozenset({Phase.LEFT, Phase.WITHDRAWN})


class VerdictKind(Code):
    VALIDATE = "validate"
    MATURE = "mature"
    CONFIRM = "confirm"
    CONTINUE_WORK = "continue_work"

    @property
    def label(self) -> str:
        return VERDICT_CHOICES[self.value]


#: What the committee decides, as a form offers it.
VERDICT_CHOICES: dict[str, str] = {
    "validate": "Valider le dossier",
    "mature": "Faire mûrir le dossier",
    "confirm": "Confirmer la mention",
    "continue_work": "Poursuivre le travail",
}


#: The step a verdict leads to.
PHASE_AFTER_VERDICT: dict[VerdictKind, Phase] = {
    VerdictKind.VALIDATE: Phase.ENGAGED,
    VerdictKind.MATURE: Phase.PREPARING,
    VerdictKind.CONFIRM: Phase.CONFIRMED,
    VerdictKind.CONTINUE_WORK: Phase.CONTINUE_WORK,
}


VERDICT_LABELS: dict[str, str] = {
    "validate": "a validé le dossier",
    "mature": "a demandé de faire mûrir le dossier",
    "confirm": "a confirmé la mention",
    "continue_work": "a demandé de poursuivre le travail",
}

LEGAL_FORMS: dict[str, str] = {"SCP": "SCP d'HLM", "SCIC": "SCIC d'HLM"}

ACTIVITIES: dict[str, str] = {
    "locatif_social": "Locatif social",
    "accession_sociale": "Accession sociale à la propriété",
    "gestion_copropriete": "Syndic / gestion de copropriété",
    "gestion_tiers": "Gestion immobilière pour compte de tiers",
    "maisons_individuelles": "Construction de maisons individuelles",
    "amenagement": "Aménagement foncier",
    "locatif_intermediaire": "Locatif intermédiaire",
}

STAKEHOLDERS: dict[str, str] = {
    "administrateurs": "Administrateurs",
    "salaries": "Salariés",
    "cooperateurs_usagers": "Coopérateurs-usagers",
    "partenaires": "Partenaires",
}

MENTIONS: dict[str, str] = {
    "engagee": "Quali'Coop Engagée !",
    "confirmee": "Quali'Coop Confirmée !",
}

ENGAGEMENT_NUMBERS = range(1, 13)
PILLARS = (1, 2, 3)

ENGAGED_MONTHS = 18
CONFIRMED_MONTHS = 24

_DEPARTEMENT = re.compile(r"^(0[1-9]|1[0-9]|2[1-9]|[3-8][0-9]|9[0-5]|2A|2B|97[1-6])$")  # no "20": Corsica is 2A, 2B
_CODE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def pillar_of(number: int) -> int:
    """Engagements 1–4 belong to pillar 1, 5–8 to pillar 2, 9–12 to pillar 3."""
    return (number - 1) // 4 + 1


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")  # fmt: skip


def french_date(day: date) -> str:
    """« 12 mars 2023 », « 1er avril 2024 » (no locale needed)."""
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def french_moment(moment: datetime | str) -> str:
    """« 26 novembre 2026 à 14 h 05 UTC » from a date-time (or its ISO text); the zone named when it has one."""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    zone = value.tzname() or ""
    return f"{french_date(value.date())} à {value.hour} h {value.minute:02d}" + (f" {zone}" if zone else "")


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months``, clamped to the end of a shorter month (31 Aug + 18 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def siren_is_valid(siren: str) -> bool:
    """Nine digits whose Luhn checksum is right (the INSEE rule for SIREN)."""
    if not re.fullmatch(r"\d{9}", siren):
        return False
    total = 0
    for position, char in enumerate(reversed(siren)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return total % 10 == 0


def siren_with_key(body: str) -> str:
    """The valid SIREN made of an 8-digit ``body`` and the one key digit that satisfies the checksum."""
    for key in "0123456789":
        if siren_is_valid(body + key):
            return body + key
    raise ValueError(f"not an 8-digit body: {body!r}")


def check_siren(value: object) -> str:
    siren = str(value or "").replace(" ", "")
    if not siren_is_valid(siren):
        raise InvalidInput("siren", "SIREN invalide : 9 chiffres dont la clé de contrôle est juste.")
    return siren


def check_departement(value: object) -> str:
    code = str(value or "").strip().upper()
    if not code:
        raise InvalidInput("departement", "Ce champ est obligatoire.")
    if not _DEPARTEMENT.match(code):
        raise InvalidInput("departement", "Code de département inconnu (01–95, 2A, 2B, 971–976).")
    return code


def check_legal_form(value: object) -> str:
    if value not in LEGAL_FORMS:
        raise InvalidInput("legal_form", "Forme juridique attendue : SCP ou SCIC.")
    return str(value)


def check_activities(value: object, field_name: str = "activities") -> list[str]:
    if not isinstance(value, (list, tuple)) or not value:
        raise InvalidInput(field_name, "Au moins une activité est attendue.")
    unknown = [a for a in value if a not in ACTIVITIES]
    if unknown:
        raise InvalidInput(field_name, f"Activité inconnue : {', '.join(map(str, unknown))}.")
    return sorted(set(value))


def check_text(value: object, field_name: str, *, max_length: int = 20000, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field_name, "Texte attendu.")
    text = value.strip()
    if required and not text:
        raise InvalidInput(field_name, "Ce champ est obligatoire.")
    if len(text) > max_length:
        raise InvalidInput(field_name, f"Texte trop long ({max_length} caractères au plus).")
    return text


def check_count(value: object, field_name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 10_000_000:
        raise InvalidInput(field_name, "Nombre entier positif attendu.")
    return value


def check_decimal(value: object, field_name: str, *, required: bool = True) -> Decimal | None:
    if value is None or value == "":
        if required:
            raise InvalidInput(field_name, "Valeur numérique obligatoire.")
        return None
    if isinstance(value, bool):
        raise InvalidInput(field_name, "Valeur numérique attendue.")
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(field_name, "Valeur numérique attendue.") from None
    if not number.is_finite() or abs(number) > Decimal("1e12"):
        raise InvalidInput(field_name, "Valeur numérique hors limites.")
    return number


def check_engagement_number(value: object, field_name: str = "engagement") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in ENGAGEMENT_NUMBERS:
        raise InvalidInput(field_name, "Numéro d'engagement attendu entre 1 et 12.")
    return value


def check_actor(value: object) -> str:
    if not isinstance(value, str) or not _CODE.match(value):
        raise InvalidInput("actor", "Identifiant stable de l'auteur attendu (jamais un nom).")
    return value


def check_date(value: object, field_name: str) -> date:
    if value is None or value == "":
        raise InvalidInput(field_name, "Ce champ est obligatoire.")
    if not isinstance(value, date):
        raise InvalidInput(field_name, "Date attendue (AAAA-MM-JJ).")
    return value


def gather(checks: Mapping[str, Callable[[], Any]]) -> dict[str, Any]:
    """Every check's result by name; when some refuse, one ``InvalidInput`` naming every refused field (a check may
    itself name several), so the caller hears of all the mistakes of an input at once, not one per round trip."""
    results: dict[str, Any] = {}
    refused: dict[str, str] = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except InvalidInput as error:
            for field_name, messages in error.errors.items():
                refused.setdefault(field_name, messages[0])
    if refused:
        raise InvalidInput.every(refused)
    return results


def check_not_past(value: date, field_name: str, day: date) -> date:
    """A date no earlier than ``day`` (an indicator's target date: an objective lies ahead of when it is set)."""
    if value < day:
        raise InvalidInput(field_name, f"L'échéance ne peut pas être passée : choisissez une date à partir du "
                           f"{french_date(day)}.")  # fmt: skip
    return value
