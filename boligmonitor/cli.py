"""``boligmonitor``: one CLI over the same functions as the Python API.

User errors print a clear message (no traceback) and exit with the code of their class (see errors.py);
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from boligmonitor import api
from boligmonitor.cli_help_da import in_danish
from boligmonitor.cli_output import comparator, count, write, wrote
from boligmonitor.disclosure.workers import harmless_threads_started_inside
from boligmonitor.errors import UserError
from boligmonitor.messages import (
    FINDING_KINDS,
    LANG_ENV,
    LANGS,
    finding_kind,
    finding_text,
    language_of,
    localize,
)
from boligmonitor.output import FORMATS, render
from boligmonitor.rules.classify import categories_in_force
from boligmonitor.rules.display import threshold_text, value_text
from boligmonitor.rules.texts import CATEGORY_LABELS, CRITERION_LABELS, number

if TYPE_CHECKING:
    from boligmonitor.disclosure.audit import AuditReport

# No locals in tracebacks: a local variable of a crashed pipeline may hold person-level values (protection 6).
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Indicators, statutory lists and explanations for Danish almene boligområder.")
out = Console()
err = Console(stderr=True)

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table | csv | json | xlsx")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout")]
# The language of everything a command prints, its errors included: --lang, else BOLIGMONITOR_LANG, else Danish.
# --lang may also stand before the command (boligmonitor --lang en lists ...); the command's own --lang wins.


def _run_language(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """A command's --lang: its own on the command line, else one given before the command, else the environment's
    or Danish. Checked here, so a command that prints only progress and a summary refuses 'fr' like the others."""
    from typer._click.core import ParameterSource

    given = ParameterSource.COMMANDLINE
    if (ctx.get_parameter_source(param.name or "lang") is not given and ctx.parent is not None
            and ctx.parent.get_parameter_source("lang") is given):
        value = ctx.parent.params["lang"]
    if value not in LANGS:
        raise UserError(f"--lang must be da or en (got '{value}')")
    return value


LangOpt = Annotated[str, typer.Option("--lang", envvar=LANG_ENV, callback=_run_language,
                                      help="da | en: language of labels, sentences, numbers and messages")]
BundleOpt = Annotated[Path, typer.Option("--bundle", help="Bundle folder")]
YearOpt = Annotated[int | None, typer.Option(help="List year (default: the latest)")]


@app.callback()
def _program(lang: Annotated[str, typer.Option("--lang", envvar=LANG_ENV, callback=_run_language,
                                               help="da | en: language of the help screens and of what a command "
                                                    "prints (a command's own --lang wins)")] = "da") -> None:
    # no docstring: the program's help is the app's; the value reaches the commands through their own --lang
    del lang


# Words of the table output, Danish first (the interface's default), English on --lang en.
WORDS: dict[str, tuple[str, str]] = {
    "area": ("Område", "Area"), "name": ("Navn", "Name"), "municipality": ("Kommune", "Municipality"),
    "criteria": ("Kriterier", "Criteria"), "change": ("Ændring", "Change"), "difference": ("Forskel", "Difference"),
    "areas": ("områder", "areas"), "left": ("Forlod listen", "Left the list"),
    "none": ("Ingen områder på nogen liste i {year}.", "No areas on any list in {year}."),
    "new": ("ny", "new"), "stays": ("fortsat", "stays"), "went": ("forlod", "left"),
    "criterion": ("Kriterium", "Criterion"), "value": ("Værdi", "Value"), "threshold": ("Tærskel", "Threshold"),
    "met": ("Opfyldt", "Met"), "margin": ("Margin", "Margin"), "years": ("År", "Years"), "source": ("Kilde", "Source"),
    "withheld": ("tilbageholdt", "withheld"), "yes": ("ja", "yes"), "no": ("nej", "no"),
    "on": ("[green]på listen[/]", "[green]on the list[/]"), "off": ("ikke på listen", "not on the list"),
    "undetermined": ("[yellow]ubestemt[/]", "[yellow]undetermined[/]"),
    "in_a_row": ("{n} år i træk", "{n} years in a row"), "history": ("Historik", "History"),
    "list_as_of": ("liste pr. {date}", "list as of {date}"),
    "undetermined_rows": ("Kan ikke afgøres", "Cannot be decided"), "obligations": ("Forpligtelser", "Obligations"),
    "list_year": ("Listeår", "List year"), "category": ("Kategori", "Category"),
    "on_list": ("På listen", "On the list"), "withheld_head": ("Tilbageholdt", "Withheld"),
    "criteria_met": ("Kriterier opfyldt", "Criteria met"), "consecutive": ("År i træk", "Years in a row"),
    "undetermined_plain": ("ubestemt", "undetermined"), "unit": ("Enhed", "Unit"),
    "comparator": ("Sammenligning", "Comparison"), "margin_persons": ("Margin (beboere)", "Margin (residents)"),
    "margin_dkk": ("Margin (kr. pr. beboer)", "Margin (DKK per resident)"), "note": ("Bemærk", "Note"),
    "wrote_synth": ("Skrev {rows} person-år-rækker, {areas} lovbestemte områder og {afd} afdelinger til {out}",
                    "Wrote {rows} person-year rows, {areas} statutory areas and {afd} afdelinger to {out}"),
    "bundle_written": ("Bundtet er skrevet til {out} (regler {rules}); ", "Bundle written to {out} (rules {rules}); "),
    # on the terminal the marker speaks the run's language, as on a web page; files keep the bilingual one (they
    # travel)
    "synthetic": ("SYNTETISKE DATA — opdigtede personer og områder", "SYNTHETIC DATA — invented persons and areas"),
    "area_one": ("område", "area"),
    # the progress lines of synth, forecast and index
    "generating": ("danner årene", "generating years"), "year_n": ("år {year}", "year {year}"),
    "forecasting": ("fremskriver listerne", "forecast"),
    "backtesting": ("efterprøver fremskrivningen på tidligere lister", "backtest"),
    "monte_carlo": ("Monte Carlo-kørsler", "Monte Carlo"),
    "left_out": ("{n} rækker med sandsynlighed 0 og ikke på listen nu er udeladt (alle rækker: --format csv)",
                 "{n} rows with probability 0 and not on the list now are left out (every row: --format csv)"),
}

# The steps `boligmonitor run` times (runs/pipeline.py), as its summary line names them.
STEPS: dict[str, tuple[str, str]] = {
    "validate": ("kontrol", "validate"), "scan": ("gennemløb", "scan"), "indicators": ("indikatorer", "indicators"),
    "classify": ("klassifikation", "classify"), "write": ("skrivning", "write"),
    "audit": ("diskretionskontrol", "audit"), "total": ("i alt", "total"),
}


def _w(key: str, lang: str) -> str:
    da, en = WORDS[key]
    return en if lang == "en" else da


def _say_synthetic(lang: str) -> None:
    out.print(f"[bold yellow]{_w('synthetic', lang)}[/]", highlight=False)


def _wrote(n: int, path: Path, lang: str) -> None:
    out.print(wrote(n, path, lang), highlight=False)


def _check_options(fmt: str, lang: str = "da", output: Path | None = None) -> None:
    if fmt not in FORMATS:
        raise UserError(f"--format must be one of {', '.join(FORMATS)} (got '{fmt}')")
    if lang not in ("da", "en"):
        raise UserError(f"--lang must be da or en (got '{lang}')")
    if output is not None and output.is_dir():
        raise UserError(f"--output {output} is a folder. Fix: give a file name, e.g. {output / ('lister.' + fmt)}")
    if output is not None and not output.parent.is_dir():
        raise UserError(f"--output {output}: the folder {output.parent} does not exist. Fix: create it first.")


def _years(text: str) -> tuple[int, int]:
    try:
        a, _, b = text.partition("-")
        return int(a), int(b or a)
    except ValueError:
        raise UserError(f"--years must look like 2006-2024 (got '{text}')") from None


@app.command()
def synth(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write registry/ and persons/ into")],
    scale: Annotated[float, typer.Option(help="1 = about 5.9 million persons")] = 0.05,
    years: Annotated[str, typer.Option(help="Data years, FIRST-LAST")] = "2006-2024",
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same data)")] = 1,
    lang: LangOpt = "da",
) -> None:
    """Generate a synthetic Denmark (SYNTHETIC DATA: invented persons and areas)."""
    first, last = _years(years)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err, transient=True) as bar:
        task = bar.add_task(_w("generating", lang), total=last - first + 1)
        summary = api.synth(out_dir, scale, (first, last), seed,
                            progress=lambda y: bar.update(task, advance=1,
                                                          description=_w("year_n", lang).format(year=y)))
    _say_synthetic(lang)
    out.print(_w("wrote_synth", lang).format(rows=count(summary["person_rows"], lang),
                                             areas=count(summary["statutory_areas"], lang),
                                             afd=count(summary["afdelinger"], lang), out=out_dir), highlight=False)


@app.command()
def run(
    data: Annotated[Path, typer.Option("--data", help="Data folder with registry/ and persons/")],
    bundle: Annotated[Path, typer.Option("--out", help="Bundle folder to write")],
    min_count: Annotated[int, typer.Option("--min-count", help="Disclosure minimum for every count")] = 5,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing bundle folder")] = False,
    lang: LangOpt = "da",
) -> None:
    """Validate the data, compute every indicator and list, write the aggregate bundle."""
    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                   transient=True)
    with harmless_threads_started_inside():  # the progress line's refresh thread: disclosure control may fork
        bar.start()
    with bar:
        task = bar.add_task(localize("reading", lang), total=None)
        # the pipeline says its steps in English; the line shows them in the run's language (messages_da.py)
        report = api.run(data, bundle, min_count, overwrite,
                         progress=lambda m: bar.update(task, description=localize(m, lang)))
    if report.manifest["data"]["synthetic"]:
        _say_synthetic(lang)
    for notice in report.manifest["data"].get("notices", []):
        err.print(f"[yellow]{_w('note', lang)}:[/] {localize(notice, lang)}", highlight=False, soft_wrap=True)
    t = report.timings
    out.print(_w("bundle_written", lang).format(out=bundle, rules=report.manifest["rules_version"])
              + ", ".join(f"{STEPS[k][lang == 'en'] if k in STEPS else k} {number(v, 1, lang)} s"
                          for k, v in t.items()), highlight=False)


@app.command("lists")
def lists_cmd(
    bundle: BundleOpt,
    year: YearOpt = None,
    category: Annotated[str | None, typer.Option(help="Only this category, e.g. udsat_boligomraade")] = None,
    municipality: Annotated[int | None, typer.Option(help="Only this municipality (DST code)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    lang: LangOpt = "da",
) -> None:
    """The statutory lists of a year: each category as the law named it, with areas that came on or left."""
    _check_options(fmt, lang, output)
    b = api.open_bundle(bundle)
    y = year or api.available_years(b)[-1]
    rows = api.lists(b, y, category, municipality, lang)
    banner = api.SYNTHETIC_BANNER if b.synthetic else ""
    # every category the law had that year, an empty one as 0 (a list with no areas is a result too)
    labels = [CATEGORY_LABELS[c].pick(lang) for c in categories_in_force(y) if category in (None, c)]
    if fmt == "table":
        if banner:
            _say_synthetic(lang)
        _print_lists(rows, y, lang, labels)
    elif fmt == "json":
        counts = {label: sum(1 for r in rows if r["category_label"] == label and r["member"]) for label in labels}
        write(rows, fmt, out, lang, banner, f"lister {y}", output, {"list_year": y, "members": counts})
    else:
        write([_list_row(r, lang) for r in rows], fmt, out, lang, banner, f"lister {y}", output)


def _list_row(r: dict[str, Any], lang: str) -> dict[str, Any]:
    """One row of a list export with labels: the category and the change as words, not ids."""
    member = {True: _w("yes", lang), False: _w("no", lang), None: _w("undetermined_plain", lang)}[r["member"]]
    return {_w("list_year", lang): r["list_year"], _w("category", lang): r["category_label"],
            _w("area", lang): r["area_id"], _w("name", lang): r["name"], _w("municipality", lang): r["municipality"],
            _w("on_list", lang): member, _w("change", lang): r["change_label"],
            _w("criteria_met", lang): r["criteria_met"], _w("consecutive", lang): r["consecutive_years"],
            _w("difference", lang): r["difference"]}


def _print_lists(rows: list[dict[str, Any]], year: int, lang: str, labels: list[str] | None = None) -> None:
    cats: dict[str, list[dict[str, Any]]] = {label: [] for label in labels or []}
    for r in rows:
        cats.setdefault(r["category_label"], []).append(r)
    if not any(r["member"] for r in rows):
        out.print(_w("none", lang).format(year=year))
    change = {"new": _w("new", lang), "stays": _w("stays", lang), "left": _w("went", lang)}
    for label, items in cats.items():
        members = [r for r in items if r["member"]]
        left = [r for r in items if r["member"] is False]
        undetermined = [r for r in items if r["member"] is None]  # never "left": shown with the reason
        if not members:
            out.print(f"[bold]{label} {year}: 0 {_w('areas', lang)}[/]", highlight=False)
        else:
            render([{_w("area", lang): r["area_id"], _w("name", lang): r["name"],
                     _w("municipality", lang): r["municipality"], _w("criteria", lang): r["criteria_met"],
                     _w("change", lang): change.get(r["change"], r["change"]),
                     _w("difference", lang): r["difference"]}
                    for r in members], "table", out,
                   title=f"{label} {year}: {len(members)} {_w('area_one' if len(members) == 1 else 'areas', lang)}")
        if left:
            out.print(f"  {_w('left', lang)}: " + ", ".join(f"{r['name']} ({r['difference']})" for r in left))
        if undetermined:
            out.print(f"  {_w('undetermined_rows', lang)}: "
                      + ", ".join(f"{r['name']} ({r['difference']})" for r in undetermined))


@app.command()
def explain(
    bundle: BundleOpt,
    area: Annotated[str, typer.Option("--area", help="Area id")],
    year: YearOpt = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    lang: LangOpt = "da",
) -> None:
    """Each criterion for one area: value vs threshold, met or not, the margin in residents, and history."""
    _check_options(fmt, lang, output)
    info = api.explain(bundle, area, year, lang)
    banner = api.SYNTHETIC_BANNER if info["synthetic"] else ""
    if fmt == "json":
        for d in info["decisions"]:
            for c in d["criteria"]:
                c["comparator_sign"] = comparator(c["comparator"])
        write([], fmt, out, lang, banner, "forklaring", output, info)
        return
    if fmt != "table":
        write([_explain_row(d, c, info, lang) for d in info["decisions"] for c in d["criteria"]], fmt, out, lang,
              banner, f"{info['area_id']} {info['list_year']}", output)
        return
    if info["synthetic"]:
        _say_synthetic(lang)
    out.print(f"[bold]{info['name']}[/] ({info['area_id']}, {info['municipality']}) — "
              + _w("list_as_of", lang).format(date=info.get("list_date_text", info["list_date"])), highlight=False)
    for d in info["decisions"]:
        status = _w({True: "on", False: "off", None: "undetermined"}[d["member"]], lang)
        run = d["consecutive_years"]
        out.print(f"\n[bold]{d['category_label']}[/]: {status}"
                  + (", " + _w("in_a_row", lang).format(n=run) if run else ""))
        render([_criterion_row(c, lang) for c in d["criteria"]], "table", out)
        for n in d["notes"]:
            out.print(f"  {_w('note', lang)}: {n}", highlight=False)
    if info.get("obligations"):
        out.print(f"\n[bold]{_w('obligations', lang)}[/]")
        for o in info["obligations"]:
            out.print(f"  • {o['title']} — {o['why']} ({o['reference']})", highlight=False)
    hist = info["history"]
    out.print(f"\n{_w('history', lang)}: " + "; ".join(
        f"{h['list_year']}: " + (", ".join(CATEGORY_LABELS[k].pick(lang) for k, v in h.items()
                                           if k != "list_year" and v) or "–") for h in hist))


# the units of criteria as words (share values are fractions: 0.4 = 40 %)
UNITS: dict[str, tuple[str, str]] = {"persons": ("beboere", "residents"), "share": ("andel (0-1)", "share (0-1)"),
                                     "ratio": ("forhold", "ratio"), "dkk": ("kr.", "DKK"),
                                     "percent": ("procent", "percent")}


def _explain_row(d: dict[str, Any], c: dict[str, Any], info: dict[str, Any], lang: str) -> dict[str, Any]:
    """One criterion of one category as a labelled export row; the law's reference, not the parameter's id."""
    margin = c["margin"] or {}
    return {_w("area", lang): info["area_id"], _w("name", lang): info["name"], _w("list_year", lang): info["list_year"],
            _w("category", lang): d["category_label"],
            _w("on_list", lang): {True: _w("yes", lang), False: _w("no", lang),
                                  None: _w("undetermined_plain", lang)}[d["member"]],
            _w("criterion", lang): c["label"], _w("value", lang): c["value"],
            _w("unit", lang): UNITS.get(c["unit"], (c["unit"], c["unit"]))[lang == "en"],
            _w("comparator", lang): comparator(c["comparator"]), _w("threshold", lang): c["threshold"],
            _w("met", lang): c["met"], _w("withheld_head", lang): c["withheld"],
            _w("margin_persons", lang): margin.get("persons"), _w("margin_dkk", lang): margin.get("dkk_per_person"),
            _w("margin", lang): c["exit_path"], _w("years", lang): ", ".join(map(str, c["data_years"])),
            _w("source", lang): c["legal_reference"]}


def _criterion_row(c: dict[str, Any], lang: str) -> dict[str, Any]:
    unit = c["unit"]

    decimals = 2 if unit in ("share", "ratio") else 0
    suffix = "×" if unit == "ratio" else ""
    # written so that the value never reads as the opposite of "met" (rules/display.py): 40,00001 %, not 40,00 %
    value = (value_text(c["value"], unit, lang, c["threshold"], c["comparator"], c["met"], decimals) + suffix
             if c["value"] is not None else _w("withheld", lang) if c["withheld"] else "–")
    threshold = (threshold_text(c["threshold"], unit, lang, decimals) + suffix
                 if c["threshold"] is not None else "–")
    return {_w("criterion", lang): c["label"], _w("value", lang): value,
            _w("threshold", lang): f"{comparator(c['comparator'])} {threshold}",
            _w("met", lang): {True: _w("yes", lang), False: _w("no", lang), None: "?"}[c["met"]],
            _w("margin", lang): c["exit_path"],
            _w("years", lang): ", ".join(map(str, c["data_years"])),
            # the provision itself; the consolidation act it is quoted from is in CSV and JSON
            _w("source", lang): (c.get("legal_reference") or c["parameter"]).split(" (")[0]}


@app.command()
def classify(
    values: Annotated[Path, typer.Option("--values", help="CSV with published criterion values")],
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    lang: LangOpt = "da",
) -> None:
    """Classify and explain published criterion values without microdata (Danish CSV conventions accepted)."""
    _check_options(fmt, lang, output)
    decisions = api.classify_values(values)
    rows = api.decision_rows(decisions)
    for r in rows:
        r["category_label"] = CATEGORY_LABELS[r["category"]].pick(lang)
        for c in r["criteria"]:
            c["label"] = CRITERION_LABELS[c["id"]].pick(lang) if c["id"] in CRITERION_LABELS else c["id"]
            c["comparator_sign"] = comparator(c.get("comparator"))
    if fmt == "json":
        write(rows, fmt, out, lang, "", "klassifikation", output)
        return
    yes_no = {True: _w("yes", lang), False: _w("no", lang), None: "?"}
    flat = [{_w("area", lang): r["area_id"], _w("list_year", lang): r["list_year"],
             _w("category", lang): r["category_label"],
             _w("on_list", lang): yes_no[r["member"]] if fmt == "table" else r["member"],
             _w("criteria_met", lang): r["criteria_met"], _w("consecutive", lang): r["consecutive_years"],
             _w("criteria", lang): "; ".join(f"{c['label']}: {yes_no[c['met']]}" for c in r["criteria"])}
            for r in rows]
    if fmt == "table":  # which criteria held, by name, is too wide for a terminal: CSV, XLSX and JSON carry it
        render([{k: v for k, v in r.items() if k != _w("criteria", lang)} for r in flat], fmt, out)
    else:
        write(flat, fmt, out, lang, "", "klassifikation", output)


# -- the disclosure audit of a bundle ---------------------------------------------------------------------------

AUDIT_WORDS: dict[str, tuple[str, str]] = {
    "ok": ("diskretionskontrol: intet kan regnes ud ({suppressed} af {checked} kontrollerede celler er "
           "diskretioneret)",
           "disclosure audit: nothing can be worked out ({suppressed} suppressed of {checked} cells checked)"),
    "failed": ("diskretionskontrollen fejlede: {n} fund ({kinds})",
               "disclosure audit failed: {n} finding(s) ({kinds})"),
    "more": ("… og {n} mere", "… and {n} more"),
    "kind": ("Art", "Kind"), "finding": ("Fund", "Finding"), "value": ("Værdi", "Value"),
    # the kinds of finding (disclosure/audit.py) are worded by messages.FINDING_KINDS; JSON keeps their ids
}
def _aw(key: str, lang: str) -> str:
    if key in FINDING_KINDS:
        return finding_kind(key, lang)
    da, en = AUDIT_WORDS.get(key, (key, key))
    return en if lang == "en" else da


def _audit_summary(report: AuditReport, lang: str, limit: int) -> str:
    if report.ok:
        return _aw("ok", lang).format(suppressed=count(report.suppressed_cells, lang),
                                      checked=count(report.checked_cells, lang))
    kinds = ", ".join(f"{_aw(k, lang)} {count(n, lang)}" for k, n in report.counts().items())
    lines = [_aw("failed", lang).format(n=count(len(report.issues), lang), kinds=kinds)]
    lines += [f"  - {finding_text(i.text, lang)}" for i in report.issues[:limit]]
    if limit and len(report.issues) > limit:
        lines.append("  " + _aw("more", lang).format(n=count(len(report.issues) - limit, lang)))
    return "\n".join(lines)


@app.command("audit")
def audit_cmd(
    bundle: BundleOpt,
    min_count: Annotated[int | None, typer.Option("--min-count", help="minimum (default: the bundle's own)")] = None,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    show_values: Annotated[bool, typer.Option("--show-values", help="print the counts that can be worked out")] = False,
    lang: LangOpt = "da",
) -> None:
    """Audit a bundle as an attacker would: can a suppressed cell or a small group be worked out from what it
    publishes? Exit code 8 when anything can."""
    import json

    _check_options(fmt, lang, output)
    report = api.audit(bundle, min_count)
    if fmt == "json":  # a list of findings, the kinds as ids: for programs
        text = json.dumps([{"kind": i.kind, "finding": finding_text(i.text, lang),
                            **({"value": i.value} if show_values else {})} for i in report.issues],
                          ensure_ascii=False, indent=2, default=str) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
            _wrote(len(report.issues), output, lang)
        else:
            print(text, end="")
    else:
        rows = [{_aw("kind", lang): _aw(i.kind, lang), _aw("finding", lang): finding_text(i.text, lang),
                 **({_aw("value", lang): i.value} if show_values else {})} for i in report.issues]
        if fmt != "table":
            write(rows, fmt, out, lang, "", "audit", output)
        else:
            (err if not report.ok else out).print(_audit_summary(report, lang, 0 if rows and output is None else 10),
                                                  markup=False, highlight=False, soft_wrap=True)
            if rows:
                render(rows, fmt, out)
    if not report.ok:
        raise typer.Exit(8)


# -- issue 11: the composite index (boligmonitor.index) ------------------------------------------------------------

INDEX_WORDS: dict[str, tuple[str, str]] = {
    "rank": ("Rang", "Rank"), "value": ("Værdi", "Value"), "class": ("Klasse", "Class"), "note": ("Note", "Note"),
    "interval": ("Rang-interval (90 %)", "Rank interval (90 %)"),
    "stands_for": ("Indikatorer (svarer til / erstatter)", "Indicators (corresponds to / stands in for)"),
    "not_covered": ("Ikke med (ingen data)", "Not covered (no data)"), "assumptions": ("Antagelser", "Assumptions"),
    "moves": ("Det valg, der flytter rangene mest: {dim} (gns. {shift} pladser)",
              "The choice that moves ranks most: {dim} (mean {shift} places)"),
    "effects": ("Følsomhed: ét valg ad gangen", "Sensitivity: one choice at a time"),
    "dimension": ("Valg", "Choice"), "option": ("Alternativ", "Alternative"),
    "mean_shift": ("Gns. ændring af rang", "Mean rank change"), "max_shift": ("Største", "Largest"),
    "moved_share": ("Områder flyttet", "Areas moved"),
}


def _iw(key: str, lang: str) -> str:
    da, en = INDEX_WORDS[key]
    return en if lang == "en" else da


@app.command("index")
def index_cmd(
    bundle: BundleOpt,
    preset: Annotated[str, typer.Option("--preset", help="aarhus | berlin_mss | imd | kobenhavn_atlas | lovkriterier, "
                                        "or the path of your own definition file (.yaml)")],
    year: Annotated[int | None, typer.Option(help="Data year of the indicators (default: the latest)")] = None,
    municipality: Annotated[int | None, typer.Option(help="Only the areas of this municipality (DST code); "
                                                     "statistics and ranks among them")] = None,
    runs: Annotated[int, typer.Option("--sensitivity", help="Monte Carlo runs for rank intervals (0 = none)")] = 0,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo (same seed, same intervals)")] = 1,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    lang: LangOpt = "da",
) -> None:
    """A composite index of every area: value, rank and class under a preset's method (named on every result)."""
    import json

    from boligmonitor.errors import NotFound
    from boligmonitor.index.compute import compute_index
    from boligmonitor.index.data import BundleIndexData
    from boligmonitor.index.presets import load_preset
    from boligmonitor.index.sensitivity import sensitivity
    from boligmonitor.output import to_csv, xlsx_bytes
    from boligmonitor.rules.texts import number

    _check_options(fmt, lang, output)
    if not 0 <= runs <= 100_000:
        raise UserError(f"--sensitivity must be from 0 to 100,000 runs (got {runs}). Fix: 1000 is plenty.")
    spec = load_preset(preset)
    b = api.open_bundle(bundle)
    data = BundleIndexData(b)
    names = {u.municipality_code: u.name for u in data.units("municipality") if u.municipality_code is not None}
    units = None
    if municipality is not None:
        if municipality not in names:
            raise NotFound(f"municipality {municipality} is not in the bundle's registry")
        units = [u.unit_id for u in data.units(spec.units) if u.municipality_code == municipality]
    sens = None
    if runs:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      console=err, transient=True) as bar:
            task = bar.add_task(_w("monte_carlo", lang), total=runs)
            sens = sensitivity(data, spec, year, runs, seed, units,
                               progress=lambda n: bar.update(task, completed=n))
        result = sens.nominal
    else:
        result = compute_index(data, spec, year, units)
    rows = result.flat(lang, names)
    if sens is not None:
        by_id = {r["area_id"]: r for r in sens.flat(lang)}
        key = "area_id" if spec.units == "area" else "municipality_code"
        for r in rows:
            i = by_id.get(r[key], {})
            r |= {k: i.get(k) for k in ("rank_median", "rank_low", "rank_high", "runs")}
    banner = api.SYNTHETIC_BANNER if b.synthetic else ""
    if fmt == "json":
        doc: dict[str, Any] = {"synthetic": b.synthetic, "method": result.method.as_dict(lang), "rows": rows}
        if sens is not None:
            doc["sensitivity"] = {"runs": sens.runs, "seed": sens.seed, "effects": sens.effect_rows(lang),
                                  "ranking": [{"dimension": d, "mean_shift": s} for d, s in sens.ranking],
                                  "skipped": sens.skipped}
        text = json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
            _wrote(len(rows), output, lang)
        else:
            print(text, end="")
    elif fmt == "csv":
        text = to_csv(rows, delimiter=";" if lang == "da" else ",", decimal="," if lang == "da" else ".",
                      yes_no=("ja", "nej") if lang == "da" else ("yes", "no"), banner=banner)
        if output:
            output.write_text(text, encoding="utf-8")
            _wrote(len(rows), output, lang)
        else:
            print(text, end="")
    elif fmt == "xlsx":
        target = output or Path("boligmonitor.xlsx")
        target.write_bytes(xlsx_bytes(rows, sheet=f"indeks {spec.id}", banner=banner))
        _wrote(len(rows), target, lang)
    else:
        if banner:
            _say_synthetic(lang)
        out.print(result.method.text(lang), style="bold", markup=False, highlight=False)
        key = "area_id" if spec.units == "area" else "municipality_code"
        ordered = sorted(rows, key=lambda r: (r["rank"] is None, r["rank"] or 0, r[key]))
        table = [{_iw("rank", lang): r["rank"], _w("area", lang): r[key], _w("name", lang): r["name"],
                  _w("municipality", lang): r["municipality"],
                  _iw("value", lang): None if r["value"] is None else number(r["value"], 2, lang),
                  **({_iw("interval", lang): None if r["rank_low"] is None else f"{r['rank_low']}–{r['rank_high']}"}
                     if sens is not None else {}),
                  _iw("class", lang): r["class_label"]} for r in ordered]
        render(table, "table", out)
        for r in ordered:  # below the table: a note per row is a sentence, too long for a column
            if r["note"]:
                out.print(f"  {r[key]}: {r['note']}", markup=False, highlight=False)
        m = result.method.as_dict(lang)
        word = {True: ("erstatter", "stands in for"), False: ("svarer til", "corresponds to")}
        out.print(f"{_iw('stands_for', lang)}: " + "; ".join(
            f"{i['label']} ({word[i['substitute']][lang == 'en']}: {i['stands_for']})" if i["stands_for"]
            else i["label"] for i in m["indicators"]), highlight=False)
        for k in ("not_covered", "assumptions"):
            if m[k]:
                out.print(f"{_iw(k, lang)}: " + "; ".join(m[k]), highlight=False)
        if sens is not None:
            heads = {"dimension": _iw("dimension", lang), "option": _iw("option", lang),
                     "mean_shift": _iw("mean_shift", lang), "max_shift": _iw("max_shift", lang),
                     "moved_share": _iw("moved_share", lang)}
            render([{heads[k]: number(v * 100, 0, lang) + " %" if k == "moved_share"
                     else number(v, 2, lang) if k == "mean_shift" else v for k, v in e.items()}
                    for e in sens.effect_rows(lang)], "table", out, title=_iw("effects", lang))
            if sens.ranking:
                dim, shift = sens.ranking[0]
                from boligmonitor.index.texts import DIMENSION

                out.print(_iw("moves", lang).format(dim=DIMENSION[dim].pick(lang), shift=number(shift, 1, lang)))



# -- issue 11: the watchlist and the forecast of the lists (boligmonitor.forecast) ---------------------------------

# The backtest's tables on the terminal (forecast/tables.py backtest_rows); CSV and JSON keep the ids.
BACKTEST_WORDS: dict[str, tuple[str, str]] = {
    "by_horizon": ("Brier-score pr. antal år frem", "Brier score by years ahead"),
    "by_category": ("Brier-score pr. kategori", "Brier score by category"),
    "calibration": ("Kalibrering", "Calibration"),
    "horizon": ("År frem", "Years ahead"), "n": ("Fremskrivninger", "Forecasts"),
    "forecast": ("Brier: fremskrivning", "Brier: forecast"),
    "persistence": ("Brier: samme som sidste år", "Brier: same as last year"),
    "skill": ("Forbedring", "Skill"), "events": ("På listen", "On the list"),
    "category_label": ("Kategori", "Category"),
    "low": ("Sandsynlighed fra", "Probability from"), "high": ("til", "to"),
    "mean_probability": ("Gns. sandsynlighed", "Mean probability"),
    "observed": ("Andel på listen", "Share on the list"),
}


def _backtest_word(key: str, lang: str) -> str:
    da, en = BACKTEST_WORDS.get(key, (key, key))  # a new column shows its id (the test fails on it)
    return en if lang == "en" else da


def _write_rows(rows: list[dict[str, Any]], fmt: str, output: Path | None, lang: str, banner: str, sheet: str,
                doc: dict[str, Any]) -> None:
    """csv / json / xlsx of forecast and watchlist rows: Danish CSV conventions by default, the method in JSON."""
    import json

    from boligmonitor.output import to_csv, xlsx_bytes

    if fmt == "xlsx":
        target = output or Path("boligmonitor.xlsx")
        target.write_bytes(xlsx_bytes(rows, sheet=sheet, banner=banner))
        _wrote(len(rows), target, lang)
        return
    text = (json.dumps(doc | {"rows": rows}, ensure_ascii=False, indent=2, default=str) + "\n" if fmt == "json"
            else to_csv(rows, delimiter=";" if lang == "da" else ",", decimal="," if lang == "da" else ".",
                        yes_no=("ja", "nej") if lang == "da" else ("yes", "no"), banner=banner))
    if output:
        output.write_text(text, encoding="utf-8")
        _wrote(len(rows), output, lang)
    else:
        print(text, end="")


@app.command("watchlist")
def watchlist_cmd(
    bundle: BundleOpt,
    year: YearOpt = None,
    municipality: Annotated[int | None, typer.Option(help="Only this municipality (DST code)")] = None,
    organisation: Annotated[str | None, typer.Option(help="Only areas with an afdeling of this organisation")] = None,
    flag: Annotated[str | None, typer.Option(help="Only areas with this flag: approaching, leaving, near_udsat, "
                                             "near_floor, omdannelse")] = None,
    lines: Annotated[bool, typer.Option("--lines", help="One row per area, category and criterion")] = False,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    lang: LangOpt = "da",
) -> None:
    """Every statutory area, listed or not: distance to each statutory line, direction of the last years, flags."""
    from boligmonitor.forecast.data import from_bundle
    from boligmonitor.forecast.texts import WATCH_COLUMNS
    from boligmonitor.forecast.watchlist import watchlist

    _check_options(fmt, lang, output)
    b = api.open_bundle(bundle)
    w = watchlist(from_bundle(b), year, municipality, organisation, flag)
    rows = w.lines(lang) if lines else w.rows(lang)
    banner = api.SYNTHETIC_BANNER if b.synthetic else ""
    if fmt != "table":
        _write_rows(rows, fmt, output, lang, banner, f"watchlist {w.year}",
                    {"synthetic": b.synthetic, "method": w.method | {"text": w.method["text"].pick(lang)}})
        return
    if banner:
        _say_synthetic(lang)
    out.print(w.method["text"].pick(lang), markup=False, highlight=False)
    keys = (("area_id", "category", "criterion_label", "value_text", "threshold_text", "exit_path", "direction_text",
             "flags") if lines else ("area_id", "name", "municipality", "lists", "flags"))
    titles = {"criterion_label": "criterion", "value_text": "value", "threshold_text": "threshold",
              "exit_path": "persons", "direction_text": "direction"}
    render([{WATCH_COLUMNS[titles.get(k, k)].pick(lang): r[k] for k in keys} for r in rows], "table", out)
    if not lines:
        for r in rows:  # a flag's reason is a sentence, too long for a column
            if r["why"]:
                out.print(f"  {r['area_id']}: {r['why']}", markup=False, highlight=False)


@app.command("forecast")
def forecast_cmd(
    bundle: BundleOpt,
    as_of: Annotated[int | None, typer.Option("--as-of", help="Forecast from this list year, using only the data "
                                              "years that fed it (default: the latest list); with --backtest the "
                                              "first list year to forecast from")] = None,
    horizon: Annotated[int, typer.Option(help="List years ahead (1-5)")] = 3,
    futures: Annotated[int, typer.Option(help="Simulated futures per area")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same probabilities)")] = 1,
    model: Annotated[str, typer.Option("--model", help="trend | no_change (every input stays as last published)")]
    = "trend",
    municipality: Annotated[int | None, typer.Option(help="Only rows of this municipality (the model is fitted on "
                                                     "every area)")] = None,
    backtest: Annotated[bool, typer.Option("--backtest", help="Score forecasts from every past list against what "
                                           "the bundle then decided (Brier score, calibration)")] = False,
    fmt: FormatOpt = "table",
    output: OutputOpt = None,
    lang: LangOpt = "da",
) -> None:
    """Probability of each area being on each list 1-3 years ahead: the law's rule functions on simulated futures."""
    from boligmonitor.forecast.backtest import backtest as run_backtest
    from boligmonitor.forecast.data import from_bundle
    from boligmonitor.forecast.lists import forecast
    from boligmonitor.forecast.tables import backtest_rows, forecast_method, forecast_rows
    from boligmonitor.forecast.texts import FORECAST_COLUMNS
    from boligmonitor.rules.texts import number

    _check_options(fmt, lang, output)
    b = api.open_bundle(bundle)
    v = from_bundle(b)
    banner = api.SYNTHETIC_BANNER if b.synthetic else ""
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task(_w("backtesting" if backtest else "forecasting", lang), total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        if backtest:
            bt = run_backtest(v, horizon, futures, seed, first_as_of=as_of, progress=step)
        else:
            fc = forecast(v, as_of, horizon, futures, seed, how=model, progress=step)
    if backtest:
        tables = backtest_rows(bt, lang)
        if fmt != "table":
            flat = [{"table": name, **row} for name, rows in tables.items() for row in rows]
            _write_rows(flat, fmt, output, lang, banner, "backtest", {"synthetic": b.synthetic,
                                                                       "as_of_years": bt.as_of_years})
            return
        if banner:
            _say_synthetic(lang)
        for name, rows in tables.items():
            render([{_backtest_word(k, lang): number(x, 4, lang) if isinstance(x, float) else x
                     for k, x in r.items() if k != "category"} for r in rows],  # the category's label is shown
                   "table", out, title=_backtest_word(name, lang))
        return
    rows = forecast_rows(fc, v, lang, municipality)
    method = forecast_method(fc, lang)
    if fmt != "table":
        _write_rows(rows, fmt, output, lang, banner, f"forecast {fc.as_of}",
                    {"synthetic": b.synthetic, "method": fc.method | {"text": method}})
        return
    if banner:
        _say_synthetic(lang)
    for sentence in method:
        out.print(sentence, markup=False, highlight=False)
    keys = ("area_id", "name", "list_year", "category_label", "probability", "p_undetermined", "member_as_of")
    titles = {"category_label": "category"}
    shown = [r for r in rows if r["probability"] > 0 or r["member_as_of"] or r["p_undetermined"] > 0]
    yes_no = {True: _w("yes", lang), False: _w("no", lang), None: "–"}
    render([{FORECAST_COLUMNS[titles.get(k, k)].pick(lang):
             number(r[k] * 100, 1, lang) + " %" if k in ("probability", "p_undetermined")
             else yes_no[r[k]] if k == "member_as_of" else r[k] for k in keys} for r in shown], "table", out)
    hidden = len(rows) - len(shown)
    if hidden:
        out.print(_w("left_out", lang).format(n=count(hidden, lang)), highlight=False)

INTERNAL_ERROR = 1
MAIN_WORDS: dict[str, tuple[str, str]] = {
    "error": ("Fejl:", "Error:"),
    "interrupted": ("Afbrudt: intet blev skrevet.", "Interrupted: nothing was written."),
    "internal": ("Intern fejl: {name} (en fejl i boligmonitor, ikke i dine data). Kør igen med BOLIGMONITOR_DEBUG=1 "
                 "for at se detaljerne, og meld dem uden data.",
                 "Internal error: {name} (a bug in boligmonitor, not in your input). Run again with "
                 "BOLIGMONITOR_DEBUG=1 to see the details, and report them without any data."),
    "try": ("Prøv '{command} --help' for hjælp.", "Try '{command} --help' for help."),
}


def _fail(lang: str, message: str) -> None:
    # soft_wrap: a message piped to a log keeps its paths and commands on one line; markup=False: a path or a
    # cell value in brackets is shown as written, not read as Rich markup
    err.print(f"[bold red]{_m('error', lang)}[/] ", end="", markup=True)
    err.print(message, markup=False, highlight=False, soft_wrap=True)


def _m(key: str, lang: str) -> str:
    da, en = MAIN_WORDS[key]
    return en if lang == "en" else da


def main() -> None:
    # typer carries its own copy of click; its exceptions are what the command line's parsing raises
    from typer._click import exceptions as click
    from typer.exceptions import Abort

    lang = language_of(sys.argv[1:])
    # The command tree of this run: with Danish (the default) its help screens are Danish (cli_help_da.py)
    command = typer.main.get_command(app)
    with in_danish(command) if lang == "da" else contextlib.nullcontext():
        try:
            code = command(standalone_mode=False)
        except UserError as exc:
            _fail(lang, localize(exc, lang))
            sys.exit(exc.exit_code)
        except click.NoArgsIsHelpError as exc:
            err.print(exc.ctx.get_help() if exc.ctx else "", markup=False, highlight=False)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            # click's own sentences (unknown option, missing value, not a whole number) in the run's language
            _fail(lang, localize(exc.format_message(), lang))
            if exc.ctx is not None:
                err.print(_m("try", lang).format(command=exc.ctx.command_path), markup=False, highlight=False)
            sys.exit(exc.exit_code)
        except (KeyboardInterrupt, Abort):
            err.print(_m("interrupted", lang), markup=False)
            sys.exit(130)
        except Exception as exc:
            # A bug, not the user's input. No traceback by default: its text and frames may carry person-level values.
            if os.environ.get("BOLIGMONITOR_DEBUG"):
                raise
            err.print(f"[bold red]{_m('internal', lang).format(name=type(exc).__name__)}[/]", markup=True,
                      highlight=False, soft_wrap=True)
            sys.exit(INTERNAL_ERROR)
        if code == 130:  # typer turns Ctrl+C into exit code 130
            err.print(_m("interrupted", lang), markup=False)
        sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
