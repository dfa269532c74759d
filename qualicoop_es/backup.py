"""Backups, restores and moves of a whole store, the same for SQLite and PostgreSQL, in either direction.

A backup is one SQLite file (mode 0600: it holds e-mails and password hashes) with:

- ``manifest``: what it is (``format`` ``qualicoop-backup``, ``format_version``), where it comes from (backend, code
  version), when it was made, and the chain's head at the last event copied (``events``, ``head_position``,
  ``head_digest``: the digest ``qualicoop verify`` gives there, recomputed here while copying);
- ``events``: every stored event up to that head, *at its position in the log* and with its bytes as stored
  (read through the recorder's public ``select_notifications``, never decoded);
- the people's tables (``qc_accounts``, ``qc_api_tokens``, ``qc_names_generation``): they are not events.

Left out on purpose: snapshots and read models (derived: rebuilt from the events), sessions and sign-in attempts
(short-lived: everyone signs in again), and the audit bundles' signing key (a secret: copy it apart, see
docs/backup.md).

A restore goes into an empty store only. Each event goes back at its own position: the library's
``insert_events`` numbers a fresh log from 1 in order; a gap in the positions (a PostgreSQL sequence skips the
numbers of refused inserts) is kept on PostgreSQL by moving the table's sequence on (``setval``), and refused on
SQLite (whose log has no gaps and cannot make one). The positions the store gives back are checked one by one.
Then the read models and the integrity ledger are rebuilt from the log, and the chain is verified: its head must
equal the manifest's, else the restore says so and fails.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import NamedTuple
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from sqlalchemy import Engine, create_engine, delete, func, insert, select

from qualicoop_es import bootstrap
from qualicoop_es.accounts.tables import accounts, api_tokens, names_generation
from qualicoop_es.config import Settings
from qualicoop_es.errors import InvalidInput
from qualicoop_es.integrity import append_only
from qualicoop_es.integrity.chain import GENESIS, digest_of
from qualicoop_es.integrity.verify import Outcome, verify

FORMAT, FORMAT_VERSION = "qualicoop-backup", "1"
PEOPLE = (accounts, api_tokens, names_generation)  # in the order their foreign keys need
PAGE = 5000
Progress = Callable[[int], None]

_SCHEMA = (
    "CREATE TABLE manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE events (position INTEGER PRIMARY KEY, originator_id TEXT NOT NULL, "
    "originator_version INTEGER NOT NULL, topic TEXT NOT NULL, state BLOB NOT NULL)",
)


@dataclass(frozen=True)
class Summary:
    """What a backup holds, or what a restore brought back and found."""

    events: int
    head_position: int
    head_digest: str
    people: int
    verified: Outcome | None = None


def code_version() -> str:
    try:
        return version("qualicoop-es")
    except PackageNotFoundError:  # run from a checkout without installing
        return "inconnue"


# -- backup ----------------------------------------------------------------------------------------------------


def backup(svc: bootstrap.Services, out: Path, progress: Progress | None = None) -> Summary:
    """Write the store's events (up to the head when it starts) and people into ``out`` (replaced atomically)."""
    out = Path(out)
    if out.is_dir():
        raise InvalidInput("out", f"« {out} » est un dossier : donnez un nom de fichier")
    try:
        fd, name = tempfile.mkstemp(prefix=".qualicoop-backup-", dir=out.parent if str(out.parent) else ".")
    except OSError:
        raise InvalidInput("out", f"impossible d'écrire dans « {out.parent} » (dossier absent ou interdit)") from None
    os.close(fd)
    partial = Path(name)
    try:
        summary = _write(svc, partial, progress)
        partial.chmod(0o600)
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    return summary


def _write(svc: bootstrap.Services, path: Path, progress: Progress | None) -> Summary:
    head = svc.app.recorder.max_notification_id() or 0
    conn = sqlite3.connect(path)
    try:
        for statement in _SCHEMA:
            conn.execute(statement)
        count, position, digest = _copy_events(svc, conn, head, progress)
        conn.commit()
        people = _copy_people(svc.engine, conn)
        manifest = {
            "format": FORMAT, "format_version": FORMAT_VERSION, "backend": svc.settings.backend,
            "code_version": code_version(), "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "events": str(count), "head_position": str(position), "head_digest": digest, "people": str(people),
        }  # fmt: skip
        conn.executemany("INSERT INTO manifest VALUES (?, ?)", sorted(manifest.items()))
        conn.commit()
    finally:
        conn.close()
    return Summary(count, position, digest, people)


def _copy_events(svc: bootstrap.Services, conn: sqlite3.Connection, head: int,
                 progress: Progress | None) -> tuple[int, int, str]:  # fmt: skip
    """Every event up to ``head``, at its position, and the chain's digest at the last one."""
    previous, count, after, last = GENESIS, 0, 0, 0
    while after < head:
        page = svc.app.recorder.select_notifications(after, PAGE, stop=head, inclusive_of_start=False)
        if not page:
            break
        rows = []
        for n in page:
            previous = digest_of(previous, n)
            rows.append((n.id, str(n.originator_id), n.originator_version, n.topic, bytes(n.state)))
        conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", rows)
        count, after, last = count + len(page), page[-1].id, page[-1].id
        if progress is not None:
            progress(len(page))
    return count, last, previous.hex() if count else ""


def _copy_people(source: Engine, conn: sqlite3.Connection) -> int:
    """The people's tables, row for row, through SQLAlchemy (the same tables on both stores)."""
    target = create_engine("sqlite://", creator=lambda: conn)
    copied = 0
    with source.connect() as read, target.begin() as write:
        for table in PEOPLE:
            table.create(write)
            rows = [dict(row._mapping) for row in read.execute(select(table))]
            if rows:
                write.execute(insert(table), rows)
            copied += len(rows) if table is accounts else 0
    return copied


# -- reading a backup ------------------------------------------------------------------------------------------


def manifest_of(path: Path) -> dict[str, str]:
    """The manifest of a backup file (``InvalidInput`` on ``file`` when it is none)."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput("file", f"sauvegarde introuvable : « {path} »")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = dict(conn.execute("SELECT key, value FROM manifest").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise InvalidInput("file", f"« {path} » n'est pas une sauvegarde Quali'Coop ES (fichier illisible)") from None
    if found.get("format") != FORMAT:
        raise InvalidInput("file", f"« {path} » n'est pas une sauvegarde Quali'Coop ES")
    if found.get("format_version") != FORMAT_VERSION:
        raise InvalidInput("file", f"format de sauvegarde {found.get('format_version')} inconnu de cette version")
    return found


def _stored(path: Path) -> Iterator[list[tuple[int, StoredEvent]]]:
    """The backup's events in pages, in log order: (position, stored event)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = conn.execute("SELECT position, originator_id, originator_version, topic, state FROM events "
                              "ORDER BY position")  # fmt: skip
        while rows := cursor.fetchmany(PAGE):
            yield [(p, StoredEvent(originator_id=_originator(o), originator_version=v, topic=t, state=s))
                   for p, o, v, t, s in rows]  # fmt: skip
    finally:
        conn.close()


class _Row(NamedTuple):
    """A backed-up event as the chain reads it."""

    id: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


def check(path: Path, manifest: dict[str, str]) -> None:
    """Recompute the chain over the backup's events: it must end on the manifest's head (else nothing is restored)."""
    previous, count, last = GENESIS, 0, 0
    for page in _stored(path):
        for position, e in page:
            previous = digest_of(previous, _Row(position, e.originator_id, e.originator_version, e.topic, e.state))
            count, last = count + 1, position
    found = (count, last, previous.hex() if count else "")
    expected = (int(manifest["events"]), int(manifest["head_position"]), manifest["head_digest"])
    if found != expected:
        raise InvalidInput("file", f"sauvegarde altérée ou incomplète : ses événements donnent {found[0]} événements, "
                                   f"position {found[1]}, empreinte {found[2][:12]}… au lieu de {expected[0]}, "
                                   f"{expected[1]}, {expected[2][:12]}… (rien n'a été restauré)")  # fmt: skip


def _originator(text: str) -> UUID | str:
    try:
        return UUID(text)
    except ValueError:
        return text


# -- restore ---------------------------------------------------------------------------------------------------


def restore(path: Path, settings: Settings, progress: Progress | None = None) -> Summary:
    """Bring a backup back into the empty store of ``settings``; rebuild; verify the chain against the manifest."""
    manifest = manifest_of(path)
    check(Path(path), manifest)
    if settings.backend == "memory":
        raise InvalidInput(
            "to", "un stockage en mémoire disparaît à la fin de la commande : donnez sqlite:/// ou postgresql://"
        )
    svc = bootstrap.build(settings)
    try:
        _refuse_a_used_store(svc)
        count, last = _put_events(svc, Path(path), progress)
        people = _put_people(Path(path), svc.engine)
        if svc.settings.backend != "memory":
            append_only.install(svc.app, svc.engine)
        if svc.projector is not None:
            svc.projector.catch_up()  # the read models and the integrity ledger, from the restored log
        outcome = verify(svc.app.recorder, svc.engine)
    finally:
        svc.close()
    summary = Summary(count, last, outcome.head_digest, people, outcome)
    _check_against(manifest, summary)
    return summary


def _refuse_a_used_store(svc: bootstrap.Services) -> None:
    if svc.app.recorder.max_notification_id():
        raise InvalidInput("destination", "le stockage de destination contient déjà des événements : il doit être vide")
    with svc.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(accounts)).scalar_one():
            raise InvalidInput(
                "destination", "le stockage de destination contient déjà des comptes : il doit être vide"
            )


def _put_events(svc: bootstrap.Services, path: Path, progress: Progress | None) -> tuple[int, int]:
    """Each event at its position (see the module's docstring): returns (events, last position)."""
    recorder, count, last = svc.app.recorder, 0, 0
    for page in _stored(path):
        for run in _runs(page):
            first = run[0][0]
            if first != last + 1:
                _skip_to(svc, first, last)
            got = list(recorder.insert_events([event for _, event in run]) or [])
            expected = [p for p, _ in run]
            if got and got != expected:
                raise InvalidInput("file", f"positions rendues par le stockage {got[:3]}… au lieu de {expected[:3]}…")
            last = expected[-1]
        count += len(page)
        if progress is not None:
            progress(len(page))
    return count, last


def _runs(page: list[tuple[int, StoredEvent]]) -> Iterator[list[tuple[int, StoredEvent]]]:
    """The page cut where positions jump (a gap left by the source's sequence)."""
    start = 0
    for i in range(1, len(page) + 1):
        if i == len(page) or page[i][0] != page[i - 1][0] + 1:
            yield page[start:i]
            start = i


def _skip_to(svc: bootstrap.Services, first: int, last: int) -> None:
    """Leave the gap before position ``first`` (the previous event is at ``last``)."""
    if svc.settings.backend != "postgresql":
        raise InvalidInput("file", f"le journal sauvegardé saute de la position {last} à {first} : un stockage "
                                   "SQLite ne peut pas garder ce trou (restaurez vers PostgreSQL)")  # fmt: skip
    events, _, schema = append_only.tables(svc.app)
    table = f'"{schema or "public"}"."{events}"'
    with svc.engine.begin() as conn:
        conn.exec_driver_sql("SELECT setval(pg_get_serial_sequence(%(t)s, 'notification_id'), %(p)s)",
                             {"t": table, "p": first - 1})  # fmt: skip


def _put_people(path: Path, engine: Engine) -> int:
    source = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with source.connect() as read, engine.begin() as write:
            for table in PEOPLE:
                rows = [dict(row._mapping) for row in read.execute(select(table))]
                write.execute(delete(table))  # the generation counter's row, set afresh by every start
                if rows:
                    write.execute(insert(table), rows)
            return int(read.execute(select(func.count()).select_from(accounts)).scalar_one())
    finally:
        source.dispose()


def _check_against(manifest: dict[str, str], summary: Summary) -> None:
    outcome = summary.verified
    if outcome is None or not outcome.ok:
        raise InvalidInput(
            "file", "la chaîne d'intégrité du stockage restauré ne se vérifie pas : lancez qualicoop verify"
        )
    expected = (int(manifest["events"]), int(manifest["head_position"]), manifest["head_digest"])
    if (summary.events, summary.head_position, summary.head_digest) != expected:
        raise InvalidInput("file", f"le stockage restauré ne redonne pas la tête de la sauvegarde : "
                                   f"{summary.events} événements, position {summary.head_position}, empreinte "
                                   f"{summary.head_digest[:12]}… au lieu de {expected[0]}, {expected[1]}, "
                                   f"{expected[2][:12]}…")  # fmt: skip
