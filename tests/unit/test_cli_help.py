"""The command line speaks the run's language in its help screens and its progress line too (issue 12): Danish by
default, English on --lang en or BOLIGMONITOR_LANG=en."""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
import typer
from rich.progress import Progress
from typer import rich_utils
from typer._click import Context

from boligmonitor import api, cli, cli_help_da, messages
from boligmonitor.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
# typer's own words, read when this module is collected, before any test has drawn a Danish help screen (a
# renamed constant fails here with AttributeError)
TYPER_WORDS = {name: getattr(rich_utils, name) for name in cli_help_da.FRAME}


def _tree() -> Any:
    return typer.main.get_command(cli.app)


# -- every help text has its Danish -------------------------------------------------------------------------------

def test_every_command_and_option_has_a_danish_help() -> None:
    found = list(cli_help_da.help_texts(_tree()))
    assert len(found) > 60  # the walk reaches every command's options, --help included
    assert any(where == "run --help" for where, _ in found)
    missing = [f"{where}: {text!r}" for where, text in found if cli_help_da.danish(text) is None]
    assert missing == [], "add these to boligmonitor/cli_help_da.py HELP:\n" + "\n".join(missing)
    # an entry that repeats the English is not a translation
    same = [f"{where}: {text!r}" for where, text in found if cli_help_da.danish(text) == cli_help_da.key(text)]
    assert same == []


def test_the_danish_tree_shows_only_danish_help_and_types() -> None:
    tree = _tree()
    with cli_help_da.in_danish(tree):
        for cmd in cli_help_da.walk(tree):
            ctx = Context(cmd)
            assert cmd.help in cli_help_da.HELP.values(), cmd.name
            assert cmd.options_metavar == cli_help_da.OPTIONS_METAVAR
            assert cmd.get_usage(cmd.context_class(cmd)).startswith("Brug: "), cmd.name
            for param in cmd.get_params(ctx):
                assert param.help in cli_help_da.HELP.values(), (cmd.name, param.opts)  # type: ignore[attr-defined]
                # the type of each value in Danish ("<heltal>", not "<int>")
                assert param.display_type_rich(ctx) in cli_help_da.TYPES.values(), (  # type: ignore[attr-defined]
                    cmd.name, param.opts)


def test_the_frame_words_are_typers_own_and_are_put_back() -> None:
    """Each frame word names a constant typer's help screen reads (an upgrade that renames one fails here rather
    than setting a name nothing reads), and a Danish run leaves typer's words as they were for whatever runs next
    in the same process."""
    assert set(TYPER_WORDS) == set(cli_help_da.FRAME)
    with cli_help_da.in_danish(_tree()):
        assert {name: getattr(rich_utils, name) for name in cli_help_da.FRAME} == cli_help_da.FRAME
    assert {name: getattr(rich_utils, name) for name in cli_help_da.FRAME} == TYPER_WORDS


# -- the help screens, as a user runs them -------------------------------------------------------------------------

DANISH_WORDS = ("Brug: ", "Tilvalg", "Vis denne hjælp og afslut.")
ENGLISH_WORDS = ("Usage: ", "Options", "Show this message and exit.")


def _help(argv: list[str], lang_env: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "BOLIGMONITOR_LANG"}
    env |= {"COLUMNS": "300", "TERMINAL_WIDTH": "300"}  # one line per help text: phrases are not broken by wrapping
    if lang_env is not None:
        env["BOLIGMONITOR_LANG"] = lang_env
    done = subprocess.run([sys.executable, "-m", "boligmonitor.cli", *argv], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return re.sub(r"[ \t]+", " ", done.stdout)


@pytest.mark.parametrize(("argv", "lang_env", "danish"), [
    (["--help"], None, True),
    (["run", "--help"], None, True),
    (["--help"], "en", False),
    (["--lang", "en", "--help"], None, False),  # the program's own --lang, before any command
    (["--lang", "da", "--help"], "en", True),
    (["--lang", "en", "run", "--help"], None, False),  # --lang before the command reaches the command's help
    (["--lang", "en", "run", "--help", "--lang", "da"], None, True),  # the command's own --lang wins
    (["run", "--help", "--lang", "en"], None, False),
    (["run", "--help"], "en", False),
    (["run", "--help", "--lang", "da"], "en", True),  # --lang wins over the environment
])
def test_help_screens_speak_the_run_language(argv: list[str], lang_env: str | None, danish: bool) -> None:
    text = _help(argv, lang_env)
    shown, hidden = (DANISH_WORDS, ENGLISH_WORDS) if danish else (ENGLISH_WORDS, DANISH_WORDS)
    for word in shown:
        assert word in text, text
    for word in hidden:
        assert word not in text, text
    if "run" in argv:
        assert ("Kontrollér data, beregn alle indikatorer" in text) is danish, text
        assert ("[skal angives]" in text) is danish and ("[required]" in text) is not danish, text
        assert ("Mindste antal for hver optælling" in text) is danish, text
        assert ("[standard: 5]" in text) is danish and ("[default: 5]" in text) is not danish, text
    else:
        assert ("Kommandoer" in text) is danish and ("Commands" in text) is not danish, text
        assert ("Indikatorer, lovbestemte lister og forklaringer" in text) is danish, text
        assert ("sprog for hjælpeskærmene" in text) is danish, text  # the program's own --lang, in the language


def test_a_danish_help_in_process_does_not_leave_danish_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOLIGMONITOR_LANG", raising=False)
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setattr("sys.argv", ["boligmonitor", "run", "--help"])
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 0
    assert "Tilvalg" in out.getvalue() and "Erstat en eksisterende bundtmappe" in out.getvalue(), out.getvalue()
    assert rich_utils.OPTIONS_PANEL_TITLE == "Options" and rich_utils.REQUIRED_LONG_STRING == "[required]"


# -- the progress line of `boligmonitor run` -----------------------------------------------------------------------

def _template(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def said_labels() -> list[tuple[str, str]]:
    """(where, template) of every step the package says on a progress callback named ``say``."""
    found = []
    for path in sorted((ROOT / "boligmonitor").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "say":
                text = _template(node.args[0]) if node.args else None
                assert text is not None, f"{path}:{node.lineno}: a progress label must be a literal or f-string"
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", text))
    return found


def _sample(template: str) -> str:
    values = iter(str(i) for i in range(100))
    return re.sub(r"\{\}", lambda _m: next(values), template)


def test_every_progress_label_in_the_source_has_a_danish_text() -> None:
    found = said_labels()
    assert len(found) >= 7  # the pipeline's six steps and the disclosure passes
    missing = [f"{where}: {text}" for where, text in found if messages.danish(_sample(text)) is None]
    assert missing == [], "add these to boligmonitor/messages_da.py:\n" + "\n".join(missing)


def test_every_label_a_real_run_says_has_a_danish_text(tmp_path: Path) -> None:
    api.synth(tmp_path / "data", 0.01, (2020, 2024), 3)
    said: list[str] = []
    api.run(tmp_path / "data", tmp_path / "bundle", progress=said.append)
    assert any(m.startswith("disclosure control: pass") for m in said), said
    assert [m for m in said if messages.danish(m) is None] == []


class _Recording(Progress):
    shown: ClassVar[list[str]] = []

    def update(self, task_id: Any, **kwargs: Any) -> None:
        if "description" in kwargs:
            self.shown.append(kwargs["description"])
        super().update(task_id, **kwargs)

    def add_task(self, description: str, *args: Any, **kwargs: Any) -> Any:
        self.shown.append(description)
        return super().add_task(description, *args, **kwargs)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_run_progress_line_shows_the_labels_in_the_run_language(lang: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    labels = ["validating person-years", "disclosure control: pass 2, 17 finding(s)",
              "auditing the bundle as an attacker would"]

    def fake_run(*_args: Any, progress: Callable[[str], None], **_kwargs: Any) -> None:
        for m in labels:
            progress(m)
        raise UserError("--years must look like 2006-2024 (got 'x')")  # ends the run before a bundle is needed

    monkeypatch.setattr(_Recording, "shown", [])
    monkeypatch.setattr(cli, "Progress", _Recording)
    monkeypatch.setattr(api, "run", fake_run)  # the module cli.py calls
    monkeypatch.delenv("BOLIGMONITOR_LANG", raising=False)
    monkeypatch.setattr("sys.argv", ["boligmonitor", "run", "--data", str(tmp_path), "--out",
                                     str(tmp_path / "b"), "--lang", lang])
    with contextlib.redirect_stderr(io.StringIO()), pytest.raises(SystemExit):
        cli.main()
    if lang == "en":
        assert _Recording.shown == ["reading", *labels]
    else:
        assert _Recording.shown == ["læser", "kontrollerer person-år", "diskretionering: gennemløb 2, 17 fund",
                                    "gennemgår bundtet, som en angriber ville"]


def test_the_preset_help_names_every_shipped_preset() -> None:
    import typer

    from boligmonitor import cli
    from boligmonitor.index.presets import preset_names

    command = typer.main.get_command(cli.app)
    index = command.commands["index"]  # type: ignore[attr-defined]
    help_text = next(p.help for p in index.params if p.name == "preset")
    assert set(preset_names()) <= set(help_text.replace(",", " ").split())
