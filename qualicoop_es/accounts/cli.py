"""``qualicoop users …`` and ``qualicoop tokens …``: people, roles, passwords, API tokens (never a password in argv).

Registered in ``qualicoop_es.cli``; they act as the operator on the server (``CLI_ACTOR``), through the same
account service and policy as every other caller."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

import click

from qualicoop_es.access import Actor
from qualicoop_es.accounts.demo import seed_demo_accounts
from qualicoop_es.accounts.service import accounts_of
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import check_siren
from qualicoop_es.cli_support import friendly, services
from qualicoop_es.errors import InvalidInput

#: Who acts from the command line: the operator on the server (not an account), recorded as "cli".
CLI_ACTOR = Actor.operator("cli")


def _coop(ref: str | None) -> UUID | None:
    if not ref:
        return None
    try:
        return UUID(ref)
    except ValueError:
        return Cooperative.id_for_siren(check_siren(ref))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(click.prompt("Mot de passe", hide_input=True, confirmation_prompt=True))


ROLE_CHOICE = click.Choice(["federation", "committee", "cooperative", "auditor"])


def command(group: click.Group, name: str, *params: Callable[[Any], Any]) -> Callable[[Callable[..., Any]], Any]:
    """``group``'s command ``name`` with its click ``params`` (in order): the context passed, failures friendly."""

    def decorate(func: Callable[..., Any]) -> Any:
        runner = click.pass_context(friendly(func))
        for param in reversed(params):
            runner = param(runner)
        return group.command(name)(runner)

    return decorate


@contextmanager
def accounts(ctx: click.Context) -> Iterator[Any]:
    """The account service, over services opened for one command (closed after it)."""
    with services(ctx) as svc:
        yield accounts_of(svc)


email_arg = click.argument("email")


@click.group()
def users() -> None:
    """Comptes et rôles (les rôles sont des événements ; e-mails et mots de passe restent effaçables)."""


@command(users, "add", email_arg, click.option("--role", required=True, type=ROLE_CHOICE),
         click.option("--cooperative", "cooperative", default=None, help="Coopérative (id ou SIREN) du référent."),
         click.option("--affiliation", "affiliations", multiple=True, help="Coopérative dont le membre du comité "
                      "est adhérent (id ou SIREN ; répétable) : il n'en enregistrera jamais le verdict."),
         click.option("--name", default="", help="Nom affiché."),
         click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard."),
         click.option("--no-password", is_flag=True, help="Compte sans mot de passe (API par jeton seulement)."))  # fmt: skip
def add(ctx: click.Context, email: str, role: str, cooperative: str | None, affiliations: tuple[str, ...],
        name: str, password_stdin: bool, no_password: bool) -> None:  # fmt: skip
    """Créer un compte avec un rôle (mot de passe demandé sans écho, ou lu sur l'entrée standard)."""
    password = None if no_password else _password(password_stdin)
    with accounts(ctx) as service:
        view = service.add(email, role=role, actor=CLI_ACTOR, password=password, display_name=name,
                           cooperative_id=_coop(cooperative),
                           affiliations=[c for a in affiliations if (c := _coop(a))])  # fmt: skip
    click.echo(f"Compte {view.email} créé : {view.account_id} ({view.role}).")


@command(users, "grant", email_arg, click.option("--role", required=True, type=ROLE_CHOICE),
         click.option("--cooperative", default=None), click.option("--affiliation", "affiliations", multiple=True))  # fmt: skip
def grant(ctx: click.Context, email: str, role: str, cooperative: str | None, affiliations: tuple[str, ...]) -> None:
    """Attribuer un rôle (remplace le rôle actuel ; un événement)."""
    with accounts(ctx) as service:
        view = service.grant(email, role=role, actor=CLI_ACTOR, cooperative_id=_coop(cooperative),
                             affiliations=[c for a in affiliations if (c := _coop(a))])  # fmt: skip
    click.echo(f"{view.email} : rôle {view.role}.")


@command(users, "revoke", email_arg, click.option("--reason", default=""))
def revoke(ctx: click.Context, email: str, reason: str) -> None:
    """Retirer le rôle d'un compte (un événement) et révoquer ses jetons."""
    with accounts(ctx) as service:
        service.revoke(email, actor=CLI_ACTOR, reason=reason)
    click.echo(f"{email} : rôle retiré, jetons révoqués.")


@command(users, "password", email_arg, click.option("--password-stdin", is_flag=True))
def password(ctx: click.Context, email: str, password_stdin: bool) -> None:
    """Changer le mot de passe d'un compte."""
    secret = _password(password_stdin)
    with accounts(ctx) as service:
        service.set_password(email, secret)
    click.echo("Mot de passe changé.")


@command(users, "erase", email_arg, click.option("--yes", is_flag=True, help="Ne pas demander de confirmation."))
def erase(ctx: click.Context, email: str, yes: bool) -> None:
    """Effacer les données personnelles d'une personne (l'historique garde son identifiant opaque)."""
    if not yes:
        click.confirm(f"Effacer définitivement {email} ?", abort=True)
    with accounts(ctx) as service:
        account_id = service.erase(email, actor=CLI_ACTOR)
    click.echo(f"Données personnelles effacées ; l'historique garde l'identifiant {account_id}.")


@command(users, "list")
def list_(ctx: click.Context) -> None:
    """Les comptes actifs et leur rôle."""
    with accounts(ctx) as service:
        for view in service.all():
            coop = f" coopérative {view.cooperative_id}" if view.cooperative_id else ""
            click.echo(f"{view.account_id}  {view.role or '-':<12} {view.email}{coop}")


@command(users, "roles", email_arg)
def roles(ctx: click.Context, email: str) -> None:
    """Qui a eu quel rôle, quand : l'historique des rôles d'un compte."""
    with accounts(ctx) as service:
        for e in service.role_history(service.find(email).account_id):
            click.echo(f"v{e['version']}  {e['effective_on']}  {e['kind']:<20} {e['role'] or ''} par {e['actor']}")


@command(users, "seed-demo")
def seed_demo(ctx: click.Context) -> None:
    """Créer (une fois) les comptes de démonstration et les afficher (liste dans instance/demo-accounts.txt)."""
    with services(ctx) as svc:
        seeded = seed_demo_accounts(svc)
    click.echo("Comptes de démonstration (mots de passe aussi dans instance/demo-accounts.txt) :")
    for email, role, secret in seeded:
        click.echo(f"  {role:<12} {email:<34} {secret}")


@click.group()
def tokens() -> None:
    """Jetons d'accès à l'API (affichés une seule fois, conservés hachés, révocables)."""


@command(tokens, "create", email_arg, click.option("--label", default=""))
def create(ctx: click.Context, email: str, label: str) -> None:
    """Créer un jeton (affiché une seule fois)."""
    with accounts(ctx) as service:
        token, token_id = service.create_token(email, label=label)
    click.echo(f"Jeton {token_id} (notez-le, il ne sera plus affiché) :", err=True)
    click.echo(token)


@command(tokens, "revoke", click.argument("token_or_id"))
def revoke_token(ctx: click.Context, token_or_id: str) -> None:
    """Révoquer un jeton (donné lui-même ou par son identifiant)."""
    with accounts(ctx) as service:
        if not service.revoke_token(token_or_id):
            raise InvalidInput("TOKEN", "Jeton inconnu ou déjà révoqué.")
    click.echo("Jeton révoqué.")


@command(tokens, "list", email_arg)
def list_tokens(ctx: click.Context, email: str) -> None:
    """Les jetons d'un compte (identifiants seulement)."""
    with accounts(ctx) as service:
        for t in service.tokens(email):
            state = f"révoqué le {t['revoked_at']:%Y-%m-%d}" if t["revoked_at"] else "actif"
            click.echo(f"{t['id']}  {t['created_at']:%Y-%m-%d}  {state}  {t['label']}")
