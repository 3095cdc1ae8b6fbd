"""Everything a command prints speaks the run's language (issue 12.6): each command is run as a user runs it (through
``cli.main``, stdout, stderr and its progress line captured) with the default language and with --lang en, and the
Danish output may hold no English word.

An "English word" is one the project's own catalogues use in English and never in Danish (the CLI's word tables,
the message catalogue, the help texts, the bilingual ``Text`` of the published sentences), plus the few English
words the CLI printed before it spoke Danish. The English output of each command must hold some of them: the
check sees English where there is English.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from rich.console import Console
from rich.progress import Progress

from boligmonitor import api, cli, cli_help_da, cli_output, messages, messages_da
from boligmonitor.messages import FINDING_KINDS
from boligmonitor.rules.texts import Text

ROOT = Path(__file__).resolve().parents[2]

# -- the English words ---------------------------------------------------------------------------------------------

_SPLIT = re.compile(r"[\s\u2500-\u257f]+")  # whitespace and the box drawing of Rich's tables
_PUNCTUATION = "()[]{}:;,.!?\"'«»“”…•—–%×≥≤<>=+*#"
# words of the English catalogues that are Danish words too ("by" is a town, "time" an hour, "nul" zero)
DANISH_TOO = {"by", "form", "plan", "model", "time", "hold", "fed", "nul", "total", "real", "score", "index"}
# words both languages write the same: names, months, units, file types, commands, loanwords ("bundle" is the
# project's Danish word on the web and in the index's method line, "bundt" the CLI's)
SHARED = {"aarhus", "administrator", "afdeling", "afdelinger", "almene", "april", "august", "backtest", "boligmonitor",
          "boligområder", "brier", "bundle", "christiansø", "csv", "da", "dagi", "data", "december", "excel",
          "geodatastyrelsen", "geojson", "id", "imd", "input", "json", "link", "links", "log", "margin", "mark",
          "minimum", "minus", "monte", "note", "november", "omdannelse", "parquet", "pca", "pdf", "person", "problem",
          "program", "region", "run", "september", "status", "synth", "trend", "version", "wgs", "xlsx", "yaml"}
# English the CLI printed before this work and no catalogue holds: the backtest's column ids, the index's
# sensitivity option, the words of "Wrote N rows"
PRINTED_BEFORE = {"wrote", "rows", "generating", "horizon", "persistence", "events", "observed", "low", "high",
                  "noise", "finding", "findings", "invented"}


def words(text: str) -> set[str]:
    """The plain words of a text, lowercased. Ids (daycare_1_5), paths, file names, options (--format) and
    hyphenated compounds are not words here: they are the same in both languages."""
    found = set()
    for token in _SPLIT.split(text):
        token = token.strip(_PUNCTUATION)
        if token.isalpha() and len(token) > 1:  # a letter alone is a paragraph's (§ 51 b), in both languages
            found.add(token.lower())
    return found


def _texts_in(value: Any, depth: int = 0) -> Iterator[Text]:
    if isinstance(value, Text):
        yield value
    elif depth < 4 and isinstance(value, dict):
        for v in value.values():
            yield from _texts_in(v, depth + 1)
    elif depth < 4 and isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts_in(v, depth + 1)


def catalogue_pairs() -> list[tuple[str, str]]:
    """(Danish, English) of every text the CLI's catalogues hold."""
    pairs: list[tuple[str, str]] = []
    for table in (cli.WORDS, cli.STEPS, cli.AUDIT_WORDS, FINDING_KINDS, cli.BACKTEST_WORDS, cli.INDEX_WORDS,
                  cli.MAIN_WORDS, cli.UNITS, cli_output.WORDS):
        pairs += table.values()
    pairs += [(da, en) for en, da in messages_da.DANISH.items()]
    pairs += [(da, en) for en, da in cli_help_da.HELP.items()]
    for name, module in list(sys.modules.items()):
        if name.startswith("boligmonitor.") and not name.startswith("boligmonitor.web"):
            for value in list(vars(module).values()):
                pairs += [(t.da, t.en) for t in _texts_in(value)]
    return pairs


def _catalogue_words(text: str) -> set[str]:
    return words(re.sub(r"\{[^{}]*\}", " ", text))  # a placeholder's name ({rows}) is not a word of the text


def english_words() -> set[str]:
    """Words the catalogues write in English and not in Danish. A word counts as Danish only where a Danish text
    has it and its English twin has not: a Danish text left (partly) in English makes none of its words Danish."""
    pairs = catalogue_pairs()
    english = set().union(*(_catalogue_words(en) for _, en in pairs)) | PRINTED_BEFORE
    danish = set().union(*(_catalogue_words(da) - _catalogue_words(en) for da, en in pairs))
    return english - danish - DANISH_TOO - SHARED


# -- running the commands ------------------------------------------------------------------------------------------

class _Recording(Progress):
    """The progress line, remembered: every label it shows."""

    shown: ClassVar[list[str]] = []

    def add_task(self, description: str, *args: Any, **kwargs: Any) -> Any:
        self.shown.append(description)
        return super().add_task(description, *args, **kwargs)

    def update(self, task_id: Any, **kwargs: Any) -> None:
        if kwargs.get("description"):
            self.shown.append(kwargs["description"])
        super().update(task_id, **kwargs)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    progress: list[str]

    @property
    def text(self) -> str:
        return "\n".join([self.stdout, self.stderr, *self.progress])


def invoke(argv: list[str]) -> Run:
    """``boligmonitor <argv>`` as a user runs it, in this process; BOLIGMONITOR_LANG is not set."""
    out, err = io.StringIO(), io.StringIO()
    _Recording.shown = []
    saved_argv, saved_lang = sys.argv, os.environ.pop(cli.LANG_ENV, None)
    sys.argv = ["boligmonitor", *argv]
    code: int = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 0
    finally:
        sys.argv = saved_argv
        if saved_lang is not None:
            os.environ[cli.LANG_ENV] = saved_lang
    return Run(code, out.getvalue(), err.getvalue(), list(_Recording.shown))


LANGS = {"da": [], "en": ["--lang", "en"]}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli_language")


@pytest.fixture(scope="module")
def runs(root: Path) -> dict[tuple[str, str], Run]:
    """Every command, in Danish (the default) and English, over one small synthetic bundle per language."""
    done: dict[tuple[str, str], Run] = {}
    with pytest.MonkeyPatch.context() as mp:
        # wide consoles: a long Danish word is not folded into two halves of a table cell
        mp.setattr(cli, "out", Console(width=250))
        mp.setattr(cli, "err", Console(width=250, stderr=True))
        mp.setattr(cli, "Progress", _Recording)
        for lang, flag in LANGS.items():
            data, bundle = root / f"data_{lang}", root / f"bundle_{lang}"
            done["synth", lang] = invoke(["synth", "--out", str(data), "--scale", "0.01", "--years", "2019-2024",
                                          "--seed", "1", *flag])
            done["run", lang] = invoke(["run", "--data", str(data), "--out", str(bundle), *flag])
            b = str(bundle)
            rows = api.lists(api.open_bundle(bundle), api.available_years(api.open_bundle(bundle))[-1])
            area = next((r["area_id"] for r in rows if r["member"]), rows[0]["area_id"])
            commands: dict[str, list[str]] = {
                "lists": ["lists", "--bundle", b],
                "lists csv file": ["lists", "--bundle", b, "--format", "csv", "--output", str(root / f"l_{lang}.csv")],
                "explain": ["explain", "--bundle", b, "--area", area],
                "classify": ["classify", "--values", str(ROOT / "examples" / "published_values.csv")],
                "audit": ["audit", "--bundle", b],
                "audit failing": ["audit", "--bundle", b, "--min-count", "6"],
                "audit json file": ["audit", "--bundle", b, "--min-count", "6", "--format", "json", "--output",
                                    str(root / f"a_{lang}.json")],
                "audit csv": ["audit", "--bundle", b, "--min-count", "6", "--format", "csv"],
                "index": ["index", "--bundle", b, "--preset", "berlin_mss", "--sensitivity", "20"],
                "index csv file": ["index", "--bundle", b, "--preset", "berlin_mss", "--format", "csv", "--output",
                                   str(root / f"i_{lang}.csv")],
                "watchlist": ["watchlist", "--bundle", b],
                "forecast": ["forecast", "--bundle", b, "--futures", "20"],
                "forecast xlsx file": ["forecast", "--bundle", b, "--futures", "20", "--format", "xlsx", "--output",
                                       str(root / f"f_{lang}.xlsx")],
                "backtest": ["forecast", "--bundle", b, "--futures", "20", "--backtest"],
                "error": ["lists", "--bundle", str(root / "missing_bundle")],
            }
            for name, argv in commands.items():
                done[name, lang] = invoke([*argv, *flag])
    return done


COMMANDS = ["synth", "run", "lists", "lists csv file", "explain", "classify", "audit", "audit failing",
            "audit json file", "audit csv", "index", "index csv file", "watchlist", "forecast", "forecast xlsx file",
            "backtest", "error"]
EXIT_CODES = {"audit failing": 8, "audit json file": 8, "audit csv": 8, "error": 6}  # errors.py


@pytest.fixture(scope="module")
def english() -> set[str]:
    return english_words()


def test_the_english_words_are_english() -> None:
    found = english_words()
    assert {"the", "of", "and", "wrote", "rows", "published", "municipality", "area", "finding"} <= found
    # and no Danish word of the output is taken for English
    assert not found & {"og", "af", "til", "område", "kommune", "for", "over", "under", "i", "er", "ikke"}


@pytest.mark.parametrize("name", COMMANDS)
def test_danish_output_has_no_english_word(runs: dict[tuple[str, str], Run], english: set[str], name: str) -> None:
    da, en = runs[name, "da"], runs[name, "en"]
    want = EXIT_CODES.get(name, 0)
    assert da.code == want and en.code == want, (da.text, en.text)
    lines = [line for line in da.text.splitlines() if words(line) & english]
    assert lines == [], f"English in the Danish output of {name}:\n" + "\n".join(
        f"{sorted(words(line) & english)}: {line.strip()}" for line in lines)
    # the check is not blind: the English output of the same command is caught by it (an English CSV on stdout
    # has English in its headers or the synthetic marker's English half)
    assert words(en.text) & english, en.text


def test_the_progress_lines_speak_the_run_language(runs: dict[tuple[str, str], Run]) -> None:
    assert runs["synth", "da"].progress[:2] == ["danner årene", "år 2019"]
    assert runs["synth", "en"].progress[:2] == ["generating years", "year 2019"]
    assert runs["run", "da"].progress[0] == "læser" and runs["run", "en"].progress[0] == "reading"
    assert runs["forecast", "da"].progress[0] == "fremskriver listerne"
    assert runs["forecast", "en"].progress[0] == "forecast"
    assert runs["backtest", "da"].progress[0] == "efterprøver fremskrivningen på tidligere lister"
    assert runs["backtest", "en"].progress[0] == "backtest"
    assert runs["index", "da"].progress[0] == "Monte Carlo-kørsler"
    assert runs["index", "en"].progress[0] == "Monte Carlo"


def test_the_run_summary_names_every_timed_step_in_the_run_language(runs: dict[tuple[str, str], Run]) -> None:
    for lang in LANGS:
        text = " ".join(runs["run", lang].stdout.split())  # the summary may be wrapped
        steps = re.findall(r"(?:; |, )([^,;]+?) [\d.,]+ s", text)  # "…); kontrol 0,4 s, gennemløb 0,2 s, …"
        # each step the pipeline timed, by its name in the run's language (an unknown step shows its English key)
        assert len(steps) == len(cli.STEPS), text
        assert set(steps) == {names[lang == "en"] for names in cli.STEPS.values()}, steps


def test_files_written_are_told_in_the_run_language(runs: dict[tuple[str, str], Run]) -> None:
    for name in ("lists csv file", "index csv file", "forecast xlsx file", "audit json file"):
        assert re.search(r"^Skrev [\d.]+ række(r)? til ", runs[name, "da"].stdout, re.M), runs[name, "da"].stdout
        assert re.search(r"^Wrote [\d,]+ rows? to ", runs[name, "en"].stdout, re.M), runs[name, "en"].stdout


def test_the_terminal_marker_speaks_the_run_language(runs: dict[tuple[str, str], Run]) -> None:
    for name in ("synth", "run", "lists", "explain", "index", "watchlist", "forecast", "backtest"):
        assert "SYNTETISKE DATA — opdigtede personer og områder" in runs[name, "da"].stdout, name
        assert "SYNTHETIC DATA — invented persons and areas" in runs[name, "en"].stdout, name
        assert "SYNTETISKE DATA" not in runs[name, "en"].stdout, name


# -- audit ---------------------------------------------------------------------------------------------------------

def test_audit_speaks_the_run_language(runs: dict[tuple[str, str], Run], root: Path) -> None:
    assert runs["audit", "da"].stdout.startswith("diskretionskontrol: intet kan regnes ud (")
    assert runs["audit", "en"].stdout.startswith("disclosure audit: nothing can be worked out (")
    da, en = runs["audit failing", "da"], runs["audit failing", "en"]
    assert da.stderr.startswith("diskretionskontrollen fejlede: ") and "Fund" in da.stdout
    assert en.stderr.startswith("disclosure audit failed: ") and "Finding" in en.stdout
    # JSON keeps the kinds' ids (for programs) and words the findings in the run's language; as many findings
    found = {lang: json.loads((root / f"a_{lang}.json").read_text(encoding="utf-8")) for lang in LANGS}
    assert [f["kind"] for f in found["da"]] == [f["kind"] for f in found["en"]]
    assert {f["kind"] for f in found["da"]} <= set(FINDING_KINDS)
    assert any("kan regnes ud" in f["finding"] for f in found["da"])
    assert any("can be worked out" in f["finding"] for f in found["en"])


# One finding of each form disclosure/ writes (audit.py, check.py, solve.py), as it writes them.
FINDINGS = [
    "2022 region 1081 daycare_1_5: published denominator minus numerator below the minimum 5",
    "2021 area A0003 charged_15_29: published numerator and denominator below the minimum 5",
    "2020 municipality 101 nonwestern_share: published without a finite nonwestern",
    "2020 municipality 101: age_18_64 is published as 120 and 121",
    "2020 nation DK: age_18_64 is published as 5000, its parts add up to 4990",
    "2020 area A0001: its published cells contradict each other",
    "2020: a region or the nation is not the sum of its parts",
    "2020 areas A0001/A0002: their published cells contradict",
    "2021: the afdelinger of AFD1 and AFD2 (areas A0001/A0002): age_18_64 can be worked out",
    "2021: municipality 101 minus area(s) A0001/A0002; A0003: age_18_64 can be worked out",
    "2021 municipality 147: suppressed convicted_18plus can be worked out (convicted_18plus)",
    "2021 region 1084 minus its published parts: band_0_5 for municipality 101, area A0001",
    "2021 afdeling group (0, 2) of areas A0001/A0002: age_18_64 can be worked out",
    "2021 afdeling group (1,): age_18_64 can be worked out",
    "2021 municipality 101 minus area part(s) ((0, (1,)),): neet_15_29 can be worked out",
    "2023 area A0002 convicted_ratio: published although convicted_18plus is not published for area A0002 2022, "
    "nation DK 2022",
    "list 2024 area A0002: criterion convicted_ratio shows its value or margin although convicted_18plus is "
    "suppressed in [2023]",
]


@pytest.mark.parametrize("finding", FINDINGS)
def test_every_form_of_finding_is_worded_in_danish(finding: str, english: set[str]) -> None:
    da = cli.finding_text(finding, "da")
    assert not words(da) & english, da
    assert cli.finding_text(finding, "en") == finding
    # the values stay as they were: ids, years, numbers
    ids = set(re.findall(r"[A-Z]\d{4}|\d{4}|[a-z]+_[a-z0-9_]+", finding))
    assert ids <= set(re.findall(r"[A-Z]\d{4}|\d{4}|[a-z]+_[a-z0-9_]+", da)), da


def _finding_templates() -> list[tuple[str, str]]:
    """(where, English with {} for values) of every finding sentence disclosure/ writes: the text of an Issue, an
    inconsistency noted while solving, and Finding.describe's sentences."""
    found = []
    for name in ("audit.py", "check.py", "solve.py"):
        path = ROOT / "boligmonitor" / "disclosure" / name
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            texts: list[ast.expr] = []
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Issue" and len(node.args) > 1:
                texts = [node.args[1]]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                  and "inconsistent" in ast.unparse(node.func.value) + ast.unparse(node)):
                texts = node.args[:1]
            elif isinstance(node, ast.FunctionDef) and node.name == "describe":
                texts = [n.value for n in ast.walk(node) if isinstance(n, ast.Return) and n.value is not None]
            for t in texts:
                if isinstance(t, ast.JoinedStr):
                    text = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in t.values)
                    found.append((f"{name}:{t.lineno}", text))
    return found


def test_every_finding_sentence_in_the_source_has_a_danish_frame() -> None:
    found = _finding_templates()
    assert len(found) >= 12  # the walk sees the audit's sentences
    samples = {where: re.sub(r"(\{\})+", lambda m: f"V{m.start()}", text) for where, text in found}
    missing = [f"{where}: {text}" for (where, text) in found if messages.danish(samples[where]) is None]
    assert missing == [], "add these to boligmonitor/messages_da.py:\n" + "\n".join(missing)


# -- --lang before the command -------------------------------------------------------------------------------------

def test_lang_before_the_command_and_the_command_own_wins(runs: dict[tuple[str, str], Run], root: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "out", Console(width=250))
    audit = ["audit", "--bundle", str(root / "bundle_da")]
    assert invoke(["--lang", "en", *audit]).stdout.startswith("disclosure audit:")
    assert invoke(["--lang", "en", *audit, "--lang", "da"]).stdout.startswith("diskretionskontrol:")
    assert invoke(["--lang", "da", *audit]).stdout.startswith("diskretionskontrol:")
    monkeypatch.setenv(cli.LANG_ENV, "en")
    assert cli.language_of(["--lang", "da", *audit]) == "da"
    assert cli.language_of(["--lang", "en", *audit, "--lang", "da"]) == "da"
    assert cli.language_of(audit) == "en"


def test_an_unknown_language_is_refused_before_or_after_the_command(tmp_path: Path) -> None:
    """synth and run print no table, so no other check of --lang reaches them."""
    target = tmp_path / "x"
    small = ["--scale", "0.01", "--years", "2023-2024"]  # little to do should the check be missing
    for argv in (["--lang", "fr", "synth", "--out", str(target), *small],
                 ["synth", "--out", str(target), *small, "--lang", "fr"]):
        done = invoke(argv)
        assert done.code == 2 and "--lang skal være da eller en (fik 'fr')" in done.stderr, done.stderr
        assert not target.exists()


@pytest.mark.parametrize(("n", "lang", "expected"), [
    (1, "da", "Skrev 1 række til x.csv"), (1, "en", "Wrote 1 row to x.csv"),
    (12345, "da", "Skrev 12.345 rækker til x.csv"), (2, "en", "Wrote 2 rows to x.csv")])
def test_wrote_says_one_row_in_the_singular(n: int, lang: str, expected: str) -> None:
    from boligmonitor.cli_output import wrote

    assert wrote(n, "x.csv", lang) == expected
