"""The help screens of our own ``boligmonitor-web`` commands in Danish (default) and English (issue 12).

Django builds each command's argparse parser itself (``BaseCommand.create_parser``) and writes its help in English.
``HelpedCommand`` is the base of our commands: it gives the parser the command's ``help_text`` and every argument
help written with ``said(Text(da, en))`` in the language of the run, puts Danish on Django's own options, and puts
Danish on argparse's own words ("usage:", "options:", ...) while our parser is built and while its help is written;
never for Django's own commands, whose parsers are built without it.

The language is decided as ``boligmonitor``'s CLI decides it (``cli.language_of``): the last ``--lang da|en`` on the
command line, else ``BOLIGMONITOR_LANG=en``, else Danish. It is repeated here rather than imported because the web
may not import the CLI (import-linter: the two faces are independent) and the CLI loads typer and the pipeline.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.management.base import BaseCommand, CommandParser, DjangoHelpFormatter

from boligmonitor.messages import language_of
from boligmonitor.rules.texts import Text

# argparse's own words (its gettext msgids) that appear in a help screen, in Danish
ARGPARSE_DA: dict[str, str] = {
    "usage: ": "brug: ",
    "options": "tilvalg",
    "positional arguments": "positionelle argumenter",
    "show this help message and exit": "vis denne hjælp og afslut",
}

# Django's own options, which every command has (by option string; Django writes their help in English)
DJANGO_OPTIONS: dict[str, Text] = {
    "--version": Text("Vis programmets versionsnummer og afslut.", "Show program's version number and exit."),
    "--verbosity": Text("Detaljeringsgrad; 0=minimalt output, 1=normalt output, 2=detaljeret output, "
                        "3=meget detaljeret output",
                        "Verbosity level; 0=minimal output, 1=normal output, 2=verbose output, 3=very verbose output"),
    "--settings": Text('Python-stien til et indstillingsmodul, f.eks. "myproject.settings.main". Uden den bruges '
                       "miljøvariablen DJANGO_SETTINGS_MODULE.",
                       'The Python path to a settings module, e.g. "myproject.settings.main". If this isn\'t '
                       "provided, the DJANGO_SETTINGS_MODULE environment variable will be used."),
    "--pythonpath": Text('En mappe, der føjes til Python-stien, f.eks. "/home/djangoprojects/myproject".',
                         'A directory to add to the Python path, e.g. "/home/djangoprojects/myproject".'),
    "--traceback": Text("Vis hele staksporet ved CommandError-fejl.",
                        "Display a full stack trace on CommandError exceptions."),
    "--no-color": Text("Ingen farver i kommandoens output.", "Don't colorize the command output."),
    "--force-color": Text("Farver i kommandoens output, også når det ikke går til en terminal.",
                          "Force colorization of the command output."),
    "--skip-checks": Text("Spring systemkontrollerne over.", "Skip system checks."),
}

# the --lang of the commands that print messages
MESSAGES_LANG = Text("sprog for meddelelserne (da | en)", "language of the messages (da | en)")

_speaking: list[str] = []  # the language forced by speaking() (tests build both languages in one process)


def current() -> str:
    return _speaking[-1] if _speaking else language_of(sys.argv[1:])


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Build help in this language whatever the command line says."""
    _speaking.append(lang)
    try:
        yield
    finally:
        _speaking.pop()


def said(text: Text) -> str:
    """A help text in the language of the run, for ``add_argument(help=...)`` inside a HelpedCommand."""
    return text.pick(current())


@contextmanager
def argparse_words(lang: str) -> Iterator[None]:
    """argparse looks its words up through its module-level ``_`` each time it uses one; while this runs, the ones
    of a help screen are Danish. Everything else (its error messages) stays as gettext gives it."""
    if lang == "en":
        yield
        return
    english = argparse._  # type: ignore[attr-defined]

    def danish(message: str) -> str:
        return ARGPARSE_DA.get(message) or english(message)

    argparse._ = danish  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = english  # type: ignore[attr-defined]


class DanishHelpFormatter(DjangoHelpFormatter):
    """Django's formatter ("usage:" is looked up when the help is written, after the parser was built)."""

    def format_help(self) -> str:
        with argparse_words("da"):
            return super().format_help()


class HelpedCommand(BaseCommand):
    """Base of our management commands: their help, arguments' help and argparse's words in the run's language."""

    help_text = Text("", "")

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        lang = current()
        self.help = self.help_text.pick(lang)
        if lang != "en":
            kwargs.setdefault("formatter_class", DanishHelpFormatter)
        with argparse_words(lang):
            parser = super().create_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            for option in action.option_strings:
                if option in DJANGO_OPTIONS:
                    action.help = DJANGO_OPTIONS[option].pick(lang)
        if lang != "en":
            for sub in subparsers(parser):
                sub.formatter_class = DanishHelpFormatter
        return parser


def subparsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """Every parser under this one (``plan list``, ``plan export``, ...), depth first."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                yield sub
                yield from subparsers(sub)

