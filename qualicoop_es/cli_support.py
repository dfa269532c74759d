"""What every ``qualicoop`` command shares: services opened for one command, expected failures as one French line
and a non-zero exit (never a traceback), dates parsed from options."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import wraps
from typing import Any, TypeVar
from uuid import UUID

import click
from eventsourcing.persistence import PersistenceError

from qualicoop_es import bootstrap
from qualicoop_es.errors import STORE_FAULTS, InvalidInput, NotFound, QualicoopError, describe_fault

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 2) -> None:
    click.echo(f"Erreur : {message}", err=True)
    sys.exit(code)


def friendly(func: F) -> F:
    """Turn every expected failure into a one-line message and a non-zero exit, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (NotFound, InvalidInput) as error:
            fail(error.message, 2)
        except QualicoopError as error:
            fail(error.message, 1)
        except STORE_FAULTS as error:
            fail(f"base de données indisponible : réessayez ({describe_fault(error)})", 1)
        except PersistenceError as error:
            fail(f"base de données indisponible ou illisible ({type(error).__name__}: {error})", 1)
        except OSError as error:
            fail(f"{error}", 1)

    return wrapper  # type: ignore[return-value]


@contextmanager
def services(ctx: click.Context) -> Iterator[bootstrap.Services]:
    built = bootstrap.build(ctx.obj["settings"])
    try:
        yield built
    finally:
        built.close()


def resolve(svc: bootstrap.Services, ref: str) -> UUID:
    """A cooperative given by its id or its SIREN."""
    try:
        return UUID(ref)
    except ValueError:
        pass
    if ref.replace(" ", "").isdigit():
        return svc.app.find_by_siren(ref).id
    raise InvalidInput("COOP", f"« {ref} » n'est ni un identifiant ni un SIREN.")


def parse_day(_: Any, __: Any, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"date attendue au format AAAA-MM-JJ, reçu « {value} »") from None
