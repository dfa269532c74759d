"""``qualicoop verify``: recompute the chain, compare it with the ledger, record the result (registered by cli.py)."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import click

from qualicoop_es.access import Actor, authorize
from qualicoop_es.cli_support import friendly, services
from qualicoop_es.integrity.describe import describe
from qualicoop_es.integrity.record import record
from qualicoop_es.integrity.verify import Outcome, verify

logger = logging.getLogger(__name__)
#: As the other commands run by an operator on the server (``accounts.cli.CLI_ACTOR``).
CLI_ACTOR = Actor.operator("cli")


def report(svc: Any, outcome: Outcome) -> dict[str, Any]:
    """The outcome as plain data, the first difference described for people."""
    return {"ok": outcome.ok, "start": outcome.start, "checked": outcome.checked, "count": outcome.count,
            "head_position": outcome.head_position, "head_digest": outcome.head_digest,
            "seconds": round(outcome.seconds, 3), "pending": outcome.pending,
            "difference": describe(svc.app, svc.engine, outcome.difference) if outcome.difference else None}  # fmt: skip


def text(data: dict[str, Any]) -> str:
    head = f"tête n°{data['head_position']} {data['head_digest'] or '(vide)'}"
    lines = [f"OK : {data['count']} événements chaînés, {data['checked']} vérifiés à partir du n°{data['start']} "
             f"en {data['seconds']:.2f} s ; {head}" if data["ok"] else
             f"ÉCHEC : {data['difference']['message']}\n  dernier maillon intact : {head}"]  # fmt: skip
    if data["pending"]:
        lines.append(f"  {data['pending']} événement(s) récent(s) pas encore dans le registre d'intégrité.")
    return "\n".join(lines)


def _actor(svc: Any, email: str | None) -> Actor:
    """The operator, or the account named (the policy then requires a federation or auditor role)."""
    if not email:
        return CLI_ACTOR
    from qualicoop_es.accounts.service import accounts_of

    return accounts_of(svc).find(email).actor()


def _record(svc: Any, outcome: Outcome, actor: Actor) -> None:
    try:
        record(svc.app, outcome, actor=actor)
    except Exception as error:  # a log that fails verification may not even load the register
        click.echo(f"Attention : résultat non enregistré dans le journal ({type(error).__name__}: {error}).", err=True)


@click.command("verify")
@click.option(
    "--from",
    "start",
    type=click.IntRange(min=1),
    default=None,
    help="Vérifier à partir de cette position du journal (défaut : depuis le début).",
)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.option("--actor", "email", default=None, help="E-mail du compte qui vérifie (défaut : l'opérateur).")
@click.pass_context
@friendly
def verify_command(ctx: click.Context, start: int | None, as_json: bool, email: str | None) -> None:
    """Recalcule la chaîne d'empreintes du journal et la compare au registre d'intégrité (code 1 si elle
    diffère, en nommant le premier événement en cause) ; enregistre le résultat comme un événement."""
    with services(ctx) as svc:
        actor = _actor(svc, email)
        authorize(actor, "check_integrity")  # refused before the work, not after it
        length = max((svc.app.recorder.max_notification_id() or 0) - (start or 1) + 1, 0)
        with click.progressbar(length=length, label="Vérification", file=sys.stderr) as bar:
            outcome = verify(svc.app.recorder, svc.engine, start=start, progress=bar.update)
        data = report(svc, outcome)
        _record(svc, outcome, actor)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2) if as_json else text(data))
    if not outcome.ok:
        sys.exit(1)
