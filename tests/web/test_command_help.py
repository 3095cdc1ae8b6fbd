"""`boligmonitor-web <our command> --help` is Danish by default and English with --lang en or BOLIGMONITOR_LANG=en.

The texts a help screen must show are read from the commands' own parsers, built once in each language, so the test
follows the commands: every help of ours (the command's, each argument's, Django's options, argparse's -h) must be
on the screen in the run's language and none of the other language's may be.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from boligmonitor.web.command_help import HelpedCommand, speaking

PROGRAM = str(Path(sys.executable).with_name("boligmonitor-web"))


def our_commands() -> dict[str, str]:
    """Our management commands (name -> app), found the way Django finds them: a new one is covered by itself."""
    return {name: app for name, app in get_commands().items() if app.startswith("boligmonitor")}


def parser_of(name: str, lang: str) -> argparse.ArgumentParser:
    command = load_command_class(our_commands()[name], name)
    assert isinstance(command, HelpedCommand), f"{name} does not build its help with HelpedCommand"
    with speaking(lang):
        parser: argparse.ArgumentParser = command.create_parser("boligmonitor-web", name)
    return parser


def screens(name: str, lang: str) -> dict[tuple[str, ...], argparse.ArgumentParser]:
    """The parser behind each help screen of a command: the command's, and one per subcommand (plan export, ...)."""
    found: dict[tuple[str, ...], argparse.ArgumentParser] = {}

    def visit(path: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
        found[path] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    visit((*path, sub), child)

    visit((name,), parser_of(name, lang))
    return found


def helps(parser: argparse.ArgumentParser) -> list[str]:
    """The screen's own texts in the order of its arguments: description, then each argument's and subcommand's."""
    texts = [parser.description or ""]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):  # its own line is the list of choices, no help
            texts.extend(choice.help or "" for choice in action._choices_actions)
        elif action.help != argparse.SUPPRESS:
            texts.append(action.help or "")
    return texts

def squeezed(text: str) -> str:
    # argparse wraps lines (also after a hyphen); what is said does not depend on where
    return "".join(text.split())


ALL_SCREENS = [path for name in sorted(our_commands()) for path in screens(name, "da")]


def test_our_commands_are_all_there() -> None:
    assert {"create_user", "demo_users", "import_bundle", "serve", "plan"} <= set(our_commands())
    assert {("plan", "list"), ("plan", "export"), ("plan", "import"), ("plan", "report")} <= set(ALL_SCREENS)


@pytest.mark.parametrize("path", ALL_SCREENS, ids=" ".join)
def test_every_help_has_both_languages(path: tuple[str, ...]) -> None:
    """Walk the parsers built in Danish and in English: every text is there in both, and they differ."""
    da, en = screens(path[0], "da")[path], screens(path[0], "en")[path]
    for text_da, text_en in zip(helps(da), helps(en), strict=True):
        if path != (path[0],) and not text_da and not text_en:
            continue  # a subcommand's parser has no description of its own (its help is on the parent's screen)
        assert text_da and text_en, f"{' '.join(path)}: a help text is missing ({text_da!r} / {text_en!r})"
        assert text_da != text_en, f"{' '.join(path)}: {text_en!r} has no Danish"


def run_help(path: tuple[str, ...], *extra: str, env_lang: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "BOLIGMONITOR_LANG"}
    if env_lang:
        env["BOLIGMONITOR_LANG"] = env_lang
    done = subprocess.run([PROGRAM, *path, *extra, "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("how", ["default", "--lang en", "BOLIGMONITOR_LANG=en"])
@pytest.mark.parametrize("path", ALL_SCREENS, ids=" ".join)
def test_help_screen_language(path: tuple[str, ...], how: str) -> None:
    lang = "da" if how == "default" else "en"
    out = run_help(path, *(["--lang", "en"] if how == "--lang en" else []),
                   env_lang="en" if how.startswith("BOLIGMONITOR") else None)
    wanted = helps(screens(path[0], lang)[path])
    other = helps(screens(path[0], "da" if lang == "en" else "en")[path])
    flat = squeezed(out)
    for text in wanted:
        assert squeezed(text) in flat, f"{' '.join(path)} ({how}): {text!r} is not on the screen:\n{out}"
    for text in other:
        if text:
            assert squeezed(text) not in flat, f"{' '.join(path)} ({how}): {text!r} is on the screen:\n{out}"
    if lang == "da":
        assert out.startswith("brug: ") and "tilvalg:" in out and "usage:" not in out and "options:" not in out
    else:
        assert out.startswith("usage: ") and "options:" in out and "brug:" not in out


def test_django_own_commands_keep_their_help() -> None:
    """The Danish words are put on our commands' parsers only, not on Django's (migrate here)."""
    out = run_help(("migrate",))
    assert out.startswith("usage: ") and "show this help message and exit" in out and "brug:" not in out


def test_danish_words_do_not_outlive_our_parser() -> None:
    """After one of our parsers was built and its help written in Danish, Django's own parsers speak English."""
    assert parser_of("serve", "da").format_help().startswith("brug: ")
    migrate = load_command_class("django.core", "migrate").create_parser("boligmonitor-web", "migrate")
    assert migrate.format_help().startswith("usage: ") and "show this help message and exit" in migrate.format_help()


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "heading", "public"), [
    ("da", "Demokonti (adgangskoderne er nye", "(uden login) offentligt"),
    ("en", "Demo accounts (passwords are new", "(no login)  public")])
def test_demo_users_speaks_the_run_language(lang: str, heading: str, public: str) -> None:
    """`make demo` prints the demo accounts; what they may see is told in the run's language."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    with speaking(lang):
        call_command("demo_users", stdout=out)
    text = out.getvalue()
    assert heading in text and public in text
    other = "everything, plus import" if lang == "da" else "alt, også import"
    assert other not in text
