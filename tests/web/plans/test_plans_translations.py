"""Every Danish text of the plan pages and forms has its English translation in the compiled catalogue.

The site's catalogue test checks the entries the catalogue has; this one checks that the plans' templates and forms
have no text the catalogue lacks (an English page would otherwise show it in Danish). The texts are found the way
`make messages` finds them, without GNU gettext: the templates' translate and blocktranslate tags, and the
gettext calls in the plans' Python modules."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
PLANS = ROOT / "boligmonitor" / "web" / "plans"
MO = ROOT / "boligmonitor" / "web" / "locale" / "en" / "LC_MESSAGES" / "django.mo"

TRANSLATE = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')\s*%\}""")
BLOCK = re.compile(r"\{%\s*blocktranslate(?:\s[^%]*)?%\}(.*?)\{%\s*endblocktranslate\s*%\}", re.DOTALL)
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.MULTILINE)
GETTEXT = {"_", "gettext", "gettext_lazy", "pgettext"}


def plan_texts() -> dict[str, str]:
    """Every text of the plans' interface that goes through gettext, with where it is."""
    found: dict[str, str] = {}
    for path in sorted((PLANS / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for m in TRANSLATE.finditer(text):
            found[m.group(1) if m.group(1) is not None else m.group(2)] = path.name
        for m in BLOCK.finditer(text):
            found[VARIABLE.sub(r"%(\1)s", m.group(1))] = path.name
    for path in sorted(PLANS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found[node.args[0].value] = path.name
    return found


def test_the_finder_sees_the_plans_texts() -> None:
    texts = plan_texts()
    assert len(texts) > 250
    assert texts["Strategier og helhedsplaner"] == "list.html"  # a translate tag
    assert texts["Årsrapport %(year)s"] in ("plan.html", "report.html")  # a blocktranslate with a variable
    assert texts["Skriv et tal, fx 12,5 eller 750.000."] == "forms.py"  # gettext_lazy in a form


def test_every_plan_text_has_english() -> None:
    catalogue = _catalogue()
    missing = {t: where for t, where in plan_texts().items() if t and not catalogue.get(t)}
    assert missing == {}, "add the English to boligmonitor/web/locale/en/LC_MESSAGES/django.po, then compile it"
    with MO.open("rb") as fh:  # and compiled (the site's catalogue test checks every entry against the .mo)
        compiled = gettext.GNUTranslations(fh)
    assert compiled.gettext("Strategier og helhedsplaner") == catalogue["Strategier og helhedsplaner"]


def _catalogue() -> dict[str, str]:
    """The .po's entries (msgid -> msgstr), obsolete ones left out."""
    po = MO.with_suffix(".po").read_text(encoding="utf-8")

    def unquote(block: str) -> str:
        return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).encode().decode("unicode_escape").encode(
            "latin-1").decode("utf-8")

    return {unquote(i): unquote(s) for i, s in ENTRY.findall(po)}


def test_an_english_plan_page_has_no_danish_interface_text(db: object) -> None:
    from tests.web.plans import factories as f

    editor = f.editor_of_plan_area()
    plan = f.create(f.agreement_doc(), by=editor)
    c: Client = f.client(editor)
    html = c.get(f"/plans/{plan.pk}/?lang=en").content.decode()
    for danish in ("Aftalens parter", "Mål og indikatorer", "Baseline boligområde", "Årlig opfølgning",
                   "Start årsrapport for år", "Milepælsplan"):
        assert danish not in html, danish
    assert "Baseline housing area" in html and "Parties to the agreement" in html
