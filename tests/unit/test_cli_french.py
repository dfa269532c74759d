"""The command line speaks French, Click's own messages included, from the catalog shipped with the package."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from qualicoop_es import cli_french


def qualicoop(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line's entry point in a process of its own (its language is set for the whole process)."""
    code = "import sys; from web.serve import run; run(sys.argv[1:])"
    environment = {k: v for k, v in os.environ.items() if k != "LANGUAGE"} | (env or {})
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=environment,
                          check=False, timeout=60)  # fmt: skip


def test_the_shipped_catalog_is_the_compiled_one() -> None:
    """``python -m qualicoop_es.cli_french`` was run after the last change of ``CATALOG``."""
    assert cli_french.MO_FILE.read_bytes() == cli_french.compiled()


def test_every_message_of_the_catalog_is_one_click_still_uses() -> None:
    """A Click upgrade that rewords a message leaves it untranslated: this test names it."""
    used: set[str | tuple[str, str]] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = [a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if node.func.id == "_" and len(texts) == 1:
                    used.add(texts[0])
                elif node.func.id == "ngettext" and len(texts) == 2:
                    used.add((texts[0], texts[1]))
    used.add("required")  # passed through ``_`` as a variable (``_(extra["required"])``)
    assert set(cli_french.CATALOG) - used == set()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--help"], "Utilisation : qualicoop [OPTIONS] COMMANDE [ARGUMENTS]..."),
        (["--help"], "Affiche cette aide et quitte."),
        (["demo", "--help"], "--cooperatives ENTIER"),
        (["commande-inconnue"], "Erreur : Commande inconnue : 'commande-inconnue'."),
        (["report"], "Erreur : Option manquante '--year'."),
        (["serve", "--port", "abc"], "'abc' n'est pas un nombre valide (entier)"),
        (["demo", "--years", "99"], "99 n'est pas dans l'intervalle 1<=x<=30."),
    ],
)
def test_click_s_own_words_are_french(args: list[str], expected: str) -> None:
    done = qualicoop(*args)
    assert expected in done.stdout + done.stderr
    assert done.returncode == (0 if "--help" in args else 2)


def test_a_language_the_user_chose_is_kept() -> None:
    done = qualicoop("--help", env={"LANGUAGE": "en"})
    assert "Usage: qualicoop" in done.stdout
