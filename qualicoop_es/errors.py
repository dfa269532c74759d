"""One tree of domain errors. Only ``web/`` and ``cli`` know how to present them."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import psycopg
from eventsourcing import persistence
from sqlalchemy import exc as sqlalchemy_errors

#: The event store did not answer (a lock, a lost connection): named here so the web adapter maps it to a 503
#: without importing eventsourcing.
StoreUnavailable = persistence.OperationalError

#: What the stores raise when they cannot serve, whatever the layer (eventsourcing's recorders, SQLAlchemy's read
#: models, the driver's own cursors): the database refused or lost the connection, timed out, is read-only
#: (PostgreSQL's ``ReadOnlySqlTransaction`` is an ``InternalError``), or its disk is full. Each is a 503 for the
#: web adapter and a one-line message for the CLI, never a 500: the command was not stored, or its outcome is
#: checked (``qualicoop_es.outcomes``). Integrity and programming errors are not in it: they are conflicts or bugs.
STORE_FAULTS: tuple[type[Exception], ...] = (
    persistence.OperationalError, persistence.InterfaceError, persistence.InternalError,
    sqlalchemy_errors.OperationalError, sqlalchemy_errors.InterfaceError, sqlalchemy_errors.InternalError,
    sqlalchemy_errors.TimeoutError,  # no connection of the read models' pool free within ``store_timeout``
    psycopg.OperationalError, psycopg.InterfaceError, psycopg.InternalError,
    sqlite3.OperationalError, sqlite3.InterfaceError, sqlite3.InternalError,
)  # fmt: skip


def is_store_fault(error: BaseException) -> bool:
    """Whether ``error`` (or what it wraps) is a store fault: a connection SQLAlchemy found invalidated too."""
    if isinstance(error, STORE_FAULTS):
        return True
    if isinstance(error, sqlalchemy_errors.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error.__cause__, STORE_FAULTS)


def describe_fault(error: BaseException) -> str:
    """A store fault in one line (driver messages span several: the SQL, a hint, SQLAlchemy's link)."""
    cause = error.__cause__ if isinstance(error, sqlalchemy_errors.StatementError) and error.__cause__ else error
    first = next((line.strip() for line in str(cause).splitlines() if line.strip()), "")
    return f"{type(cause).__name__}: {first[:200]}"


class QualicoopError(Exception):
    """Base of every error the domain and the application raise on purpose."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message}


class InvalidInput(QualicoopError):
    """A value is malformed or out of range. ``field`` names the culprit."""

    code = "invalid_input"

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.errors = {field_name: [message]}

    @classmethod
    def every(cls, errors: dict[str, str]) -> InvalidInput:
        """One refusal naming every faulty field at once (``{field: message}``, in the order of the input), so a
        form shows all the mistakes of a submission in one round trip; ``field`` is the first of them."""
        first = next(iter(errors))
        refusal = cls(first, errors[first])
        refusal.errors = {name: [message] for name, message in errors.items()}
        refusal.message = "; ".join(f"{name}: {message}" for name, message in errors.items())
        refusal.args = (refusal.message,)
        return refusal

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "errors": self.errors}


class NotFound(QualicoopError):
    code = "not_found"


class Forbidden(QualicoopError):
    code = "forbidden"


class Conflict(QualicoopError):
    """The command clashes with the stored state."""

    code = "conflict"


class AlreadyExists(Conflict):
    code = "already_exists"


class StaleVersion(Conflict):
    """The caller's expected version is not the current one, or a concurrent write won."""

    code = "stale_version"

    def __init__(self, message: str, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class OutcomeUnknown(QualicoopError):
    """The store failed while committing and cannot yet say whether the command was stored: a 503 the caller may
    retry safely with the same ``Idempotency-Key`` (the command is then either answered again or stored once)."""

    code = "outcome_unknown"
    retry_after = 1

    def __init__(self) -> None:
        super().__init__("Issue inconnue : la base de données ne permet pas encore de savoir si la commande a été "
                         "enregistrée. Réessayez avec la même Idempotency-Key.")  # fmt: skip


class KeyReused(InvalidInput):
    """An ``Idempotency-Key`` already used by this caller for another request."""

    def __init__(self) -> None:
        super().__init__("Idempotency-Key", "Clé déjà utilisée pour une autre requête : choisissez-en une nouvelle.")


class LifecycleError(Conflict):
    """The command is not allowed in the cooperative's current phase."""

    code = "lifecycle"

    def __init__(self, message: str, phase: str, step: str | None = None) -> None:
        super().__init__(message)
        self.phase = phase
        self.step = step

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "phase": self.phase, "step": self.step}


@dataclass(frozen=True)
class RuleFailure:
    """One dossier rule that does not hold, with a French explanation."""

    rule: str
    message: str
    details: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "message": self.message, "details": self.details}


class RuleViolation(Conflict):
    """The dossier would break one or more rules; ``failures`` lists every one."""

    code = "rule_violation"

    def __init__(self, failures: list[RuleFailure], intro: str = "Le dossier ne respecte pas les règles") -> None:
        lines = "; ".join(f.message for f in failures)
        super().__init__(f"{intro} : {lines}")
        self.intro = intro
        self.failures = failures

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "failures": [f.to_dict() for f in self.failures]}


class Throttled(QualicoopError):
    """Too many failed sign-ins (or bearer tokens) for an account or a client address: locked ``retry_after``
    seconds more."""

    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__(f"Trop de tentatives de connexion échouées : accès verrouillé temporairement, réessayez dans "
                         f"{minutes} minute{'s' if minutes > 1 else ''}.")  # fmt: skip
        self.retry_after = max(1, retry_after)

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "retry_after": self.retry_after}
