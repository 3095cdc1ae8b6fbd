"""Every message a user can see exists in Danish (the default) and English: the errors the code raises (matched
against boligmonitor/messages_da.py) and the texts of the web interface (the catalogue django.po)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from boligmonitor import messages
from boligmonitor.errors import InputFileError, Problem

ROOT = Path(__file__).resolve().parents[2] / "boligmonitor"
ERRORS = {"UserError", "InputFileError", "ParameterFileError", "ParameterNotInForce", "BundleError", "NotFound",
          "DisclosureAuditError", "Forbidden", "BoligmonitorError"}
# T10's plans package and its web pages raise through their own bilingual texts; they are not scanned here.
SKIP = ("plans/", "web/plans/")


def _template(node: ast.expr) -> str | None:
    """The English text of a message with {} where the f-string puts a value; None for a computed message."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return None if left is None or right is None else left + right
    return None


def raised_messages() -> list[tuple[str, str]]:
    """(where, template) of every user error and input problem the package raises with a written-out message."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        if rel.startswith(SKIP) or rel.startswith("messages"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            texts: list[ast.expr] = []
            if name in ERRORS and node.args:
                texts = [node.args[0]]
            elif name == "Problem":
                kw = {k.arg: k.value for k in node.keywords}
                texts = [x for x in (kw.get("message", node.args[1] if len(node.args) > 1 else None),
                                     kw.get("fix", node.args[2] if len(node.args) > 2 else None)) if x is not None]
            for t in texts:
                text = _template(t)
                if text is not None and re.search(r"[a-zA-Z]{3}", text.replace("{}", "")):
                    found.append((f"{rel}:{node.lineno}", text))
    return found


def _sample(template: str) -> str:
    values = iter(f"V{i}" for i in range(100))
    return re.sub(r"\{\}", lambda m: next(values), template)


def test_every_raised_message_has_a_danish_text() -> None:
    found = raised_messages()
    assert len(found) > 200  # the scan sees the package's messages
    missing = [f"{where}: {text}" for where, text in found if messages.danish(_sample(text)) is None]
    assert missing == [], "add these to boligmonitor/messages_da.py:\n" + "\n".join(missing)


def test_values_are_kept_and_phrases_inside_messages_translated() -> None:
    da = messages.localize(InputFileError([Problem("persons/2024.csv", "expected a whole number in plain digits "
                                                   "(e.g. 34; not 34.5, 3e1, 0x10 or 1_000)",
                                                   "correct the value or the column type", 4, "age", "7x")]), "da")
    assert da == ("1 problem(er) fundet i input; intet blev skrevet:\n  - persons/2024.csv, række 4, kolonne 'age': "
                  "forventede et helt tal skrevet med cifre (f.eks. 34; ikke 34.5, 3e1, 0x10 eller 1_000) (værdi "
                  "'7x'). Sådan rettes det: ret værdien eller kolonnens type")
    assert messages.localize("--years must look like 2006-2024 (got 'x')", "en") == \
        "--years must look like 2006-2024 (got 'x')"
    assert messages.localize("--output a: the folder b does not exist. Fix: create it first.", "da") == \
        "--output a: mappen b findes ikke. Sådan rettes det: opret den først."


def test_an_unknown_message_is_reported_and_shown_in_english() -> None:
    assert messages.untranslated("a sentence nobody wrote down") == ["a sentence nobody wrote down"]
    assert messages.localize("a sentence nobody wrote down", "da") == "a sentence nobody wrote down"


@pytest.mark.parametrize(("argv", "danish", "english"), [
    (["lists", "--bogus"], "Fejl: Ukendt tilvalg: --bogus", "Error: No such option: --bogus"),
    (["lists"], "Fejl: Tilvalget '--bundle' mangler.", "Error: Missing option '--bundle'."),
    (["lists", "--bundle", "x", "--year", "abc"], "Fejl: Ugyldig værdi for '--year': skal være et helt tal",
     "Error: Invalid value for '--year'"),
    (["nocommand"], "Fejl: Ukendt kommando 'nocommand'.", "Error: No such command 'nocommand'."),
])
def test_command_line_mistakes_are_told_in_the_run_language(argv: list[str], danish: str, english: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.integration.corpus import run_in_process

    monkeypatch.delenv("BOLIGMONITOR_LANG", raising=False)
    en = run_in_process([*argv, "--lang", "en"])  # run_in_process sets BOLIGMONITOR_LANG=en itself
    assert en.code == 2 and english in en.stderr and "Try '" in en.stderr, en.stderr
    from boligmonitor import cli

    monkeypatch.setattr("sys.argv", ["boligmonitor", *argv])
    with pytest.raises(SystemExit) as exit_:
        import contextlib
        import io

        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            cli.main()
    assert exit_.value.code == 2
    assert danish in err.getvalue() and "Prøv '" in err.getvalue(), err.getvalue()


# -- the web interface's catalogue --------------------------------------------------------------------------------

WEB = ROOT / "web"
PO = WEB / "locale" / "en" / "LC_MESSAGES" / "django.po"
TEMPLATE_TEXT = re.compile(r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q)""")
CODE_TEXT = re.compile(r"""\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*(?P<q>["'])"""
                       r"""(?P<text>(?:(?!(?P=q)).)*)(?P=q)\s*\)""")


def _catalogue() -> dict[str, str]:
    entries = re.findall(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', PO.read_text(encoding="utf-8"), re.MULTILINE)

    def unquote(block: str) -> str:
        return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")

    return {unquote(i): unquote(s) for i, s in entries}


def web_texts() -> list[tuple[str, str]]:
    """(where, text) of every {% translate "…" %} in a template and every _("…") in the web's Python code."""
    found = []
    for path in sorted(WEB.rglob("*.html")):
        for m in TEMPLATE_TEXT.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), m["text"]))
    for path in sorted(WEB.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for m in CODE_TEXT.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), m["text"]))
    return found


def test_every_text_of_the_web_interface_has_an_english_translation() -> None:
    catalogue = _catalogue()
    found = web_texts()
    assert len(found) > 100
    missing = sorted({f"{where}: {text!r}" for where, text in found if not catalogue.get(text)})
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)
