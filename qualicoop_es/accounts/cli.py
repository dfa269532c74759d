"""``qualicoop users …`` and ``qualicoop tokens …``: people, roles, passwords, API tokens (never a password in argv)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any
from uuid import UUID

import click

from qualicoop_es.accounts.demo import seed_demo_accounts
from qualicoop_es.accounts.service import accounts_of
from qualicoop_es.aggregates.cooperative import Cooperative
from qualicoop_es.aggregates.values import check_siren
from qualicoop_es.errors import InvalidInput

#: The actor recorded for changes made from the command line (an operator on the server, not an account).
CLI_ACTOR = "cli"


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


def build(services: Callable[[click.Context], Any], friendly: Callable[[Any], Any]) -> list[click.Command]:
    """The ``users`` and ``tokens`` groups, over the CLI's own ``services`` context manager and error wrapper."""

    @click.group()
    def users() -> None:
        """Comptes et rôles (les rôles sont des événements ; e-mails et mots de passe restent effaçables)."""

    @users.command("add")
    @click.argument("email")
    @click.option("--role", required=True, type=click.Choice(["federation", "committee", "cooperative", "auditor"]))
    @click.option("--cooperative", "cooperative", default=None, help="Coopérative (id ou SIREN) du référent.")
    @click.option("--affiliation", "affiliations", multiple=True, help="Coopérative dont le membre du comité est "
                  "adhérent (id ou SIREN ; répétable) : il n'en enregistrera jamais le verdict.")  # fmt: skip
    @click.option("--name", default="", help="Nom affiché.")
    @click.option("--password-stdin", is_flag=True, help="Lire le mot de passe sur l'entrée standard.")
    @click.option("--no-password", is_flag=True, help="Compte sans mot de passe (API par jeton seulement).")
    @click.pass_context
    @friendly
    def add(ctx: click.Context, email: str, role: str, cooperative: str | None, affiliations: tuple[str, ...],
            name: str, password_stdin: bool, no_password: bool) -> None:  # fmt: skip
        """Créer un compte avec un rôle (mot de passe demandé sans écho, ou lu sur l'entrée standard)."""
        password = None if no_password else _password(password_stdin)
        with services(ctx) as svc:
            view = accounts_of(svc).add(email, role=role, actor=CLI_ACTOR, password=password, display_name=name,
                                        cooperative_id=_coop(cooperative),
                                        affiliations=[c for a in affiliations if (c := _coop(a))])  # fmt: skip
        click.echo(f"Compte {view.email} créé : {view.account_id} ({view.role}).")

    @users.command("grant")
    @click.argument("email")
    @click.option("--role", required=True, type=click.Choice(["federation", "committee", "cooperative", "auditor"]))
    @click.option("--cooperative", default=None)
    @click.option("--affiliation", "affiliations", multiple=True)
    @click.pass_context
    @friendly
    def grant(
        ctx: click.Context, email: str, role: str, cooperative: str | None, affiliations: tuple[str, ...]
    ) -> None:
        """Attribuer un rôle (remplace le rôle actuel ; un événement)."""
        with services(ctx) as svc:
            view = accounts_of(svc).grant(email, role=role, actor=CLI_ACTOR, cooperative_id=_coop(cooperative),
                                          affiliations=[c for a in affiliations if (c := _coop(a))])  # fmt: skip
        click.echo(f"{view.email} : rôle {view.role}.")

    @users.command("revoke")
    @click.argument("email")
    @click.option("--reason", default="")
    @click.pass_context
    @friendly
    def revoke(ctx: click.Context, email: str, reason: str) -> None:
        """Retirer le rôle d'un compte (un événement) et révoquer ses jetons."""
        with services(ctx) as svc:
            accounts_of(svc).revoke(email, actor=CLI_ACTOR, reason=reason)
        click.echo(f"{email} : rôle retiré, jetons révoqués.")

    @users.command("password")
    @click.argument("email")
    @click.option("--password-stdin", is_flag=True)
    @click.pass_context
    @friendly
    def password(ctx: click.Context, email: str, password_stdin: bool) -> None:
        """Changer le mot de passe d'un compte."""
        secret = _password(password_stdin)
        with services(ctx) as svc:
            accounts_of(svc).set_password(email, secret)
        click.echo("Mot de passe changé.")

    @users.command("erase")
    @click.argument("email")
    @click.option("--yes", is_flag=True, help="Ne pas demander de confirmation.")
    @click.pass_context
    @friendly
    def erase(ctx: click.Context, email: str, yes: bool) -> None:
        """Effacer les données personnelles d'une personne (l'historique garde son identifiant opaque)."""
        if not yes:
            click.confirm(f"Effacer définitivement {email} ?", abort=True)
        with services(ctx) as svc:
            account_id = accounts_of(svc).erase(email, actor=CLI_ACTOR)
        click.echo(f"Données personnelles effacées ; l'historique garde l'identifiant {account_id}.")

    @users.command("list")
    @click.pass_context
    @friendly
    def list_(ctx: click.Context) -> None:
        """Les comptes actifs et leur rôle."""
        with services(ctx) as svc:
            for view in accounts_of(svc).all():
                coop = f" coopérative {view.cooperative_id}" if view.cooperative_id else ""
                click.echo(f"{view.account_id}  {view.role or '-':<12} {view.email}{coop}")

    @users.command("roles")
    @click.argument("email")
    @click.pass_context
    @friendly
    def roles(ctx: click.Context, email: str) -> None:
        """Qui a eu quel rôle, quand : l'historique des rôles d'un compte."""
        with services(ctx) as svc:
            service = accounts_of(svc)
            for e in service.role_history(service.find(email).account_id):
                click.echo(f"v{e['version']}  {e['effective_on']}  {e['kind']:<20} {e['role'] or ''} par {e['actor']}")

    @users.command("seed-demo")
    @click.pass_context
    @friendly
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

    @tokens.command("create")
    @click.argument("email")
    @click.option("--label", default="")
    @click.pass_context
    @friendly
    def create(ctx: click.Context, email: str, label: str) -> None:
        """Créer un jeton (affiché une seule fois)."""
        with services(ctx) as svc:
            token, token_id = accounts_of(svc).create_token(email, label=label)
        click.echo(f"Jeton {token_id} (notez-le, il ne sera plus affiché) :", err=True)
        click.echo(token)

    @tokens.command("revoke")
    @click.argument("token_or_id")
    @click.pass_context
    @friendly
    def revoke_token(ctx: click.Context, token_or_id: str) -> None:
        """Révoquer un jeton (donné lui-même ou par son identifiant)."""
        with services(ctx) as svc:
            if not accounts_of(svc).revoke_token(token_or_id):
                raise InvalidInput("TOKEN", "Jeton inconnu ou déjà révoqué.")
        click.echo("Jeton révoqué.")

    @tokens.command("list")
    @click.argument("email")
    @click.pass_context
    @friendly
    def list_tokens(ctx: click.Context, email: str) -> None:
        """Les jetons d'un compte (identifiants seulement)."""
        with services(ctx) as svc:
            for t in accounts_of(svc).tokens(email):
                state = f"révoqué le {t['revoked_at']:%Y-%m-%d}" if t["revoked_at"] else "actif"
                click.echo(f"{t['id']}  {t['created_at']:%Y-%m-%d}  {state}  {t['label']}")

    return [users, tokens]
