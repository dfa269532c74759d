"""The command line in French, Click's own words included (« Utilisation : », « Option manquante », the help's
headings…): Click marks them for ``gettext``, so a French catalog of them (``CATALOG``, compiled to
``locale/fr/LC_MESSAGES/qualicoop-click.mo`` by ``python -m qualicoop_es.cli_french``) makes every message of the
command line French. A user who set ``LANGUAGE`` keeps the language they chose.
"""

from __future__ import annotations

import gettext
import os
import struct
import sys
from pathlib import Path

import click

DOMAIN = "qualicoop-click"
LOCALES = Path(__file__).resolve().parent / "locale"
MO_FILE = LOCALES / "fr" / "LC_MESSAGES" / f"{DOMAIN}.mo"

#: Click's messages (8.x) → French; a pair of messages (singular, plural) → its two French forms.
CATALOG: dict[str | tuple[str, str], str | tuple[str, str]] = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Aborted!": "Interrompu.",
    "deprecated": "obsolète",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "unknown error": "erreur inconnue",
    "Invalid value for {param_hint}: {message}": "Valeur refusée pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur refusée : {message}",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir le fichier {filename!r} : {message}",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Voir « {command} {option} » pour l'aide.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'une de : {possibilities} ?)",
    ),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Argument en trop : {args}",
        "Arguments en trop : {args}",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Attend {nargs} valeurs, 1 seule donnée.",
        "Attend {nargs} valeurs, {len} données.",
    ),
    "Value must be an iterable.": "Une liste de valeurs est attendue.",
    "env var: {var}": "variable d'environnement : {var}",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "(dynamic)": "(calculé)",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "L'option {name!r} attend une valeur.",
        "L'option {name!r} attend {nargs} valeurs.",
    ),
    "Argument {name!r} takes {nargs} values.": "L'argument {name!r} attend {nargs} valeurs.",
    "Invalid start character for option ({option})": "Début d'option invalide ({option})",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "Choose from:\n\t{choices}": "Choisir parmi :\n\t{choices}",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} n'est pas {choice}.",
        "{value!r} n'est pas l'une des valeurs {choices}.",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} ne suit pas le format {format}.",
        "{value!r} ne suit aucun des formats {formats}.",
    ),
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} n'est pas une valeur oui/non. Valeurs reconnues : {states}",
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): ("{len_type} valeurs attendues, {len_value} donnée.", "{len_type} valeurs attendues, {len_value} données."),
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un nombre valide ({number_type}).",
    "{value!r} is not a valid UUID.": "{value!r} n'est pas un identifiant (UUID) valide.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} ne peut pas être lu.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} ne peut pas être écrit.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} n'est pas exécutable.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} n'existe pas.",
    "Do you want to continue?": "Continuer ?",
    "Confirm the action without prompting.": "Confirme l'action sans la demander.",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux valeurs saisies diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
}

_HEADER = ("Project-Id-Version: qualicoop-es\nLanguage: fr\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
           "Plural-Forms: nplurals=2; plural=(n > 1);\n")  # fmt: skip


#: What the help shows for an option's value, by Click's type (its public ``name``, upper-cased in the help and
#: named in its messages: « 'x' n'est pas un nombre valide (entier) »).
TYPE_NAMES: dict[type[click.ParamType], str] = {
    click.types.StringParamType: "texte", click.types.IntParamType: "entier", click.types.IntRange: "entier",
    click.types.FloatParamType: "nombre", click.types.FloatRange: "nombre", click.types.BoolParamType: "oui/non",
    click.types.Path: "chemin", click.types.File: "fichier", click.types.Choice: "choix",
    click.types.DateTime: "date", click.types.UUIDParameterType: "uuid",
}  # fmt: skip
#: What a group's help shows for its commands (Click's « COMMAND [ARGS]... »).
SUBCOMMANDS = "COMMANDE [ARGUMENTS]..."


def use(*groups: click.Group) -> None:
    """Click's messages, its value types' names and ``groups``' usage line in French for this process (called by
    the command line's entry point)."""
    os.environ.setdefault("LANGUAGE", "fr")
    gettext.bindtextdomain(DOMAIN, str(LOCALES))
    gettext.textdomain(DOMAIN)
    for kind, name in TYPE_NAMES.items():
        kind.name = name
    for group in groups:
        group.subcommand_metavar = SUBCOMMANDS
        for command in group.commands.values():
            if isinstance(command, click.Group):
                use(command)


def compiled() -> bytes:
    """``CATALOG`` as a GNU ``.mo`` file (the format ``gettext`` reads: a header, then sorted keys and values)."""
    entries: dict[bytes, bytes] = {b"": _HEADER.encode()}
    for key, value in CATALOG.items():
        if isinstance(key, tuple) and isinstance(value, tuple):
            entries["\0".join(key).encode()] = "\0".join(value).encode()
        elif isinstance(key, str) and isinstance(value, str):
            entries[key.encode()] = value.encode()
        else:
            raise ValueError(f"a message and its translation must both be plural or both not: {key!r}")
    keys = sorted(entries)
    count, keys_at = len(keys), 7 * 4
    values_at = keys_at + count * 8
    data_at = values_at + count * 8
    key_table, value_table, data = [], [], b""
    for original in keys:
        key_table.append((len(original), data_at + len(data)))
        data += original + b"\0"
    for original in keys:
        value_table.append((len(entries[original]), data_at + len(data)))
        data += entries[original] + b"\0"
    head = struct.pack("<7I", 0x950412DE, 0, count, keys_at, values_at, 0, 0)
    tables = b"".join(struct.pack("<2I", *pair) for pair in key_table + value_table)
    return head + tables + data


if __name__ == "__main__":  # python -m qualicoop_es.cli_french: write the .mo file from CATALOG
    MO_FILE.parent.mkdir(parents=True, exist_ok=True)
    MO_FILE.write_bytes(compiled())
    print(f"{MO_FILE} : {len(CATALOG)} messages", file=sys.stderr)
