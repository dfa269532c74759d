"""``qualicoop users sessions / end-sessions / locks / unlock``: a person's sign-ins and the temporary locks.

Registered on the ``users`` group of ``accounts.cli``; they act as the operator (``CLI_ACTOR``) through the account
service, which checks the ``manage_accounts`` use case like every other caller."""

from __future__ import annotations

from datetime import datetime

import click

from qualicoop_es.accounts.cli import CLI_ACTOR, accounts, command, email_arg, users
from qualicoop_es.accounts.sessions import REASONS


def _when(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "-"


@command(users, "sessions", email_arg)
def sessions(ctx: click.Context, email: str) -> None:
    """Les sessions d'une personne : ouvertes et terminées (pourquoi), d'où, vue pour la dernière fois quand."""
    with accounts(ctx) as service:
        found = service.sessions(email, actor=CLI_ACTOR)
    if not found:
        click.echo(f"Aucune session pour {email}.")
    for s in found:
        state = (
            "ouverte" if s.active else f"terminée le {_when(s.ended_at)} ({REASONS.get(s.end_reason, s.end_reason)})"
        )
        click.echo(f"{s.ref}  ouverte le {_when(s.created_at)}  vue le {_when(s.last_seen_at)}  {state}  {s.client}")


@command(users, "end-sessions", email_arg)
def end_sessions(ctx: click.Context, email: str) -> None:
    """Terminer toutes les sessions ouvertes d'une personne (elle devra se reconnecter)."""
    with accounts(ctx) as service:
        ended = service.end_sessions(email, actor=CLI_ACTOR)
    click.echo(f"{ended} session{'s' if ended > 1 else ''} terminée{'s' if ended > 1 else ''} pour {email}.")


@command(users, "locks", click.option("--all", "show_all", is_flag=True, help="Aussi les échecs sans verrou."))
def locks(ctx: click.Context, show_all: bool) -> None:
    """Les verrous temporaires de connexion (par adresse e-mail ou adresse IP) : en cours, ou levés et quand."""
    with accounts(ctx) as service:
        found = service.locks(actor=CLI_ACTOR)
        now = service.now()
    shown = [a for a in found if show_all or a.locked_until is not None]
    if not shown:
        click.echo("Aucun verrou.")
    for a in shown:
        if a.locked(now):
            state = f"VERROUILLÉ jusqu'au {_when(a.locked_until)}"
        else:
            state = f"levé le {_when(a.locked_until)}" if a.locked_until else "non verrouillé"
        click.echo(f"{a.subject:<50} {a.failures:>3} échec(s), dernier le {_when(a.last_failure_at)}  {state}")


@command(users, "unlock", click.argument("email_or_address"))
def unlock(ctx: click.Context, email_or_address: str) -> None:
    """Lever tout de suite le verrou d'une adresse e-mail (ou « address:IP ») et oublier ses échecs."""
    with accounts(ctx) as service:
        lifted = service.unlock(email_or_address, actor=CLI_ACTOR)
    click.echo("Verrou levé." if lifted else "Aucun verrou ni échec pour cette adresse.")
