"""Search as French people type: accents, case and the kind of apostrophe make no difference.

``fold`` gives the searched form of a text (« Coopérative de l’Œuvre » → « cooperative de l'oeuvre »), in Python;
``folded(column)`` gives the same form of a column in SQL, for the two databases the read models live in:

- SQLite: ``qc_fold(column)``, ``fold`` itself registered on each connection of the read models' engine
  (``install``, called by ``bootstrap.make_engine``; a deterministic function, as SQLite allows);
- PostgreSQL: ``translate(lower(column), …)`` over the letters of ``FOLDED_LETTERS`` (their table built from
  ``fold``, so the two cannot disagree), and ``replace`` for the two ligatures — standard functions, no
  ``unaccent`` extension to install.

Nothing is stored: no read-model column to fill, no schema to migrate.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Engine, event, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

#: The letters (and apostrophes) search ignores the accent (or kind) of: French, and the Latin-1 ones around it.
FOLDED_LETTERS = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿœæ’‘ʼ´`"
_SPECIAL = {"œ": "oe", "æ": "ae", "’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'"}


def fold(text: str) -> str:
    """``text`` lower-cased, without accents, its apostrophes straight and its spaces single."""
    lowered = text.lower()
    for letter, plain in _SPECIAL.items():
        lowered = lowered.replace(letter, plain)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return " ".join(stripped.split())


class Folded(FunctionElement[str]):
    """``fold`` of a text column, in SQL (see the module)."""

    type = String()
    name = "qc_fold"
    inherit_cache = True


def folded(column: Any) -> ColumnElement[str]:
    return Folded(column)


@compiles(Folded, "sqlite")
def _sqlite(element: Folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"qc_fold({compiler.process(element.clauses, **kw)})"


@compiles(Folded)
def _standard(element: Folded, compiler: SQLCompiler, **kw: Any) -> str:
    source, target = _one_to_one()
    expression: ColumnElement[str] = func.translate(func.lower(*element.clauses.clauses), source, target)
    for letter, plain in _SPECIAL.items():
        if len(plain) > 1:
            expression = func.replace(expression, letter, plain)
    return compiler.process(expression, **kw)


@cache
def _one_to_one() -> tuple[str, str]:
    """The letters ``fold`` turns into one other letter, and those letters (both cases: any ``lower()``)."""
    letters = dict.fromkeys(FOLDED_LETTERS + FOLDED_LETTERS.upper())
    pairs = [(letter, fold(letter)) for letter in letters if len(fold(letter)) == 1 and fold(letter) != letter]
    return "".join(a for a, _ in pairs), "".join(b for _, b in pairs)


def install(engine: Engine) -> None:
    """Give each SQLite connection of ``engine`` the ``qc_fold`` function ``folded`` compiles to."""

    @event.listens_for(engine, "connect")
    def _fold(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.create_function("qc_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)
