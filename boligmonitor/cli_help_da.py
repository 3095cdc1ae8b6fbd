"""The help screens of ``boligmonitor`` in Danish (issue 12: every text a user sees in Danish and English).

cli.py writes the help of each command and option in English, the developers' language, which ``--lang en``
shows. ``HELP`` holds the Danish of each of those texts, keyed by the English with its whitespace collapsed (a
docstring's line breaks are layout, not meaning). ``FRAME``, ``TYPES`` and the usage words are the Danish of what
typer and the copy of click it ships put around them: "Usage:", the panel titles, "[default: …]", "<int>".

``in_danish(command)`` puts all of it on a click command tree built by ``typer.main.get_command`` for one run. A
help text without a Danish entry stays English here; tests/unit/test_cli_help.py walks the tree and fails on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from typer import rich_utils
from typer._click import Command, Context, HelpFormatter
from typer.core import TyperGroup

# -- the help of each command and option in cli.py (English key -> Danish) -----------------------------------------
HELP: dict[str, str] = {
    # the program and its commands
    "Indicators, statutory lists and explanations for Danish almene boligområder.":
        "Indikatorer, lovbestemte lister og forklaringer for almene boligområder i Danmark.",
    "Generate a synthetic Denmark (SYNTHETIC DATA: invented persons and areas).":
        "Dan et syntetisk Danmark (SYNTETISKE DATA: opdigtede personer og områder).",
    "Validate the data, compute every indicator and list, write the aggregate bundle.":
        "Kontrollér data, beregn alle indikatorer og lister, og skriv det aggregerede bundt.",
    "The statutory lists of a year: each category as the law named it, with areas that came on or left.":
        "Et års lovbestemte lister: hver kategori med lovens egen betegnelse og de områder, der kom på eller forlod "
        "listen.",
    "Each criterion for one area: value vs threshold, met or not, the margin in residents, and history.":
        "Hvert kriterium for ét område: værdi over for grænse, opfyldt eller ej, marginen i beboere og historikken.",
    "Classify and explain published criterion values without microdata (Danish CSV conventions accepted).":
        "Klassificér og forklar offentliggjorte kriterieværdier uden mikrodata (danske CSV-konventioner "
        "accepteres).",
    "Audit a bundle as an attacker would: can a suppressed cell or a small group be worked out from what it "
    "publishes? Exit code 8 when anything can.":
        "Gennemgå et bundt, som en angriber ville: kan en diskretioneret celle eller en lille gruppe regnes ud af "
        "det, bundtet offentliggør? Afslutningskode 8, hvis noget kan.",
    "A composite index of every area: value, rank and class under a preset's method (named on every result).":
        "Et sammensat indeks for alle områder: værdi, rang og klasse efter en forudindstillet metode (som står ved "
        "hvert resultat).",
    "Every statutory area, listed or not: distance to each statutory line, direction of the last years, flags.":
        "Alle lovbestemte områder, på en liste eller ej: afstanden til hver lovbestemt grænse, udviklingen de "
        "seneste år og markeringer.",
    "Probability of each area being on each list 1-3 years ahead: the law's rule functions on simulated futures.":
        "Sandsynligheden for, at hvert område kommer på hver liste 1-3 år frem: lovens regler anvendt på "
        "simulerede fremtider.",
    # options shared by several commands
    "da | en: language of labels, sentences, numbers and messages":
        "da | en: sprog for betegnelser, sætninger, tal og meddelelser",
    # the program's own --lang (before the command)
    "da | en: language of the help screens and of what a command prints (a command's own --lang wins)":
        "da | en: sprog for hjælpeskærmene og for det, en kommando udskriver (en kommandos egen --lang går forud)",
    "Bundle folder": "Bundtmappe",
    "table | csv | json | xlsx": "table | csv | json | xlsx: format (table er en tabel på skærmen)",
    "Write to this file instead of stdout": "Skriv til denne fil i stedet for til skærmen (standard output)",
    "List year (default: the latest)": "Listeår (standard: det seneste)",
    "Only this municipality (DST code)": "Kun denne kommune (Danmarks Statistiks kommunekode)",
    # synth
    "Folder to write registry/ and persons/ into": "Mappe, som registry/ og persons/ skrives i",
    "1 = about 5.9 million persons": "1 = ca. 5,9 mio. personer",
    "Data years, FIRST-LAST": "Dataår, FØRSTE-SIDSTE",
    "Random seed (same seed, same data)": "Frø til tilfældige tal (samme frø, samme data)",
    # run
    "Data folder with registry/ and persons/": "Datamappe med registry/ og persons/",
    "Bundle folder to write": "Bundtmappe, der skal skrives",
    "Disclosure minimum for every count": "Mindste antal for hver optælling (diskretionering)",
    "Replace an existing bundle folder": "Erstat en eksisterende bundtmappe",
    # lists, explain, classify
    "Only this category, e.g. udsat_boligomraade": "Kun denne kategori, f.eks. udsat_boligomraade",
    "Area id": "Områdets id",
    "CSV with published criterion values": "CSV-fil med offentliggjorte kriterieværdier",
    # audit
    "minimum (default: the bundle's own)": "mindste antal (standard: bundtets eget)",
    "print the counts that can be worked out": "udskriv de antal, der kan regnes ud",
    # index
    "aarhus | berlin_mss | imd | kobenhavn_atlas | lovkriterier, or the path of your own definition file (.yaml)":
        "aarhus | berlin_mss | imd | kobenhavn_atlas | lovkriterier eller stien til din egen definitionsfil (.yaml)",
    "Data year of the indicators (default: the latest)": "Indikatorernes dataår (standard: det seneste)",
    "Only the areas of this municipality (DST code); statistics and ranks among them":
        "Kun denne kommunes områder (Danmarks Statistiks kommunekode); statistik og rangering blandt dem",
    "Monte Carlo runs for rank intervals (0 = none)": "Monte Carlo-kørsler til rangintervaller (0 = ingen)",
    "Seed of the Monte Carlo (same seed, same intervals)":
        "Frø til Monte Carlo-kørslerne (samme frø, samme intervaller)",
    # watchlist
    "Only areas with an afdeling of this organisation": "Kun områder med en afdeling under denne boligorganisation",
    "Only areas with this flag: approaching, leaving, near_udsat, near_floor, omdannelse":
        "Kun områder med denne markering: approaching (nærmer sig en liste), leaving (på vej af en liste), "
        "near_udsat (forebyggelsesområde tæt på udsat), near_floor (tæt på beboergrænsen), omdannelse "
        "(omdannelsesområde)",
    "One row per area, category and criterion": "Én række pr. område, kategori og kriterium",
    # forecast
    "Forecast from this list year, using only the data years that fed it (default: the latest list); with "
    "--backtest the first list year to forecast from":
        "Prognose fra dette listeår, kun ud fra de dataår, listen byggede på (standard: den seneste liste); med "
        "--backtest det første listeår, der laves prognose fra",
    "List years ahead (1-5)": "Antal listeår frem (1-5)",
    "Simulated futures per area": "Simulerede fremtider pr. område",
    "Random seed (same seed, same probabilities)": "Frø til tilfældige tal (samme frø, samme sandsynligheder)",
    "trend | no_change (every input stays as last published)":
        "trend | no_change (alle input forbliver som senest offentliggjort)",
    "Only rows of this municipality (the model is fitted on every area)":
        "Kun rækker for denne kommune (modellen tilpasses på alle områder)",
    "Score forecasts from every past list against what the bundle then decided (Brier score, calibration)":
        "Bedøm prognoser fra hver tidligere liste mod det, bundtet siden afgjorde (Brier-score, kalibrering)",
    # the help option click adds to every command
    "Show this message and exit.": "Vis denne hjælp og afslut.",
}

# -- the words typer and click put around the help --------------------------------------------------------------
# typer.rich_utils reads these module constants each time it draws a help screen (names as in typer 0.29; the test
# fails if one of them is renamed, rather than setting a name nothing reads)
FRAME: dict[str, str] = {
    "OPTIONS_PANEL_TITLE": "Tilvalg",
    "COMMANDS_PANEL_TITLE": "Kommandoer",
    "ARGUMENTS_PANEL_TITLE": "Argumenter",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljøvariabel: {}]",
    "REQUIRED_LONG_STRING": "[skal angives]",
    "DEPRECATED_STRING": "(forældet) ",
}
USAGE = "Brug: "
OPTIONS_METAVAR = "[TILVALG]"
SUBCOMMAND_METAVAR = "KOMMANDO [ARGUMENTER]..."
# the type of an option's value as typer shows it ("<int>"); a flag takes no value, it is switched on or off
TYPES: dict[str, str] = {"<int>": "<heltal>", "<float>": "<tal>", "<str>": "<tekst>", "<path>": "<sti>",
                         "<bool>": "<til/fra>"}


def key(text: str) -> str:
    """A help text as HELP keys it: whitespace collapsed, so a docstring's line breaks do not matter."""
    return " ".join(text.split())


def danish(text: str) -> str | None:
    return HELP.get(key(text))


def walk(command: Command) -> Iterator[Command]:
    """The command and every command under it."""
    yield command
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            yield from walk(sub)


def help_texts(command: Command) -> Iterator[tuple[str, str]]:
    """(where, English text) of every help a user can ask for under ``command``: commands, options, --help."""
    for cmd in walk(command):
        name = cmd.name or "?"
        if cmd.help:
            yield name, cmd.help
        if cmd.short_help:
            yield f"{name} (short)", cmd.short_help
        for param in cmd.get_params(Context(cmd)):  # get_params adds the --help option
            text = getattr(param, "help", None)
            if text:
                yield f"{name} {'/'.join(param.opts)}", text


class _DanishFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        # click's own default is the hard-coded "Usage: "
        super().write_usage(prog, args, USAGE if prefix is None else prefix)


class _DanishContext(Context):
    formatter_class = _DanishFormatter


def _translate(command: Command) -> None:
    for cmd in walk(command):
        ctx = Context(cmd)
        cmd.help = cmd.help and (danish(cmd.help) or cmd.help)
        cmd.short_help = cmd.short_help and (danish(cmd.short_help) or cmd.short_help)
        cmd.context_class = _DanishContext
        if cmd.options_metavar == "[OPTIONS]":
            cmd.options_metavar = OPTIONS_METAVAR
        if isinstance(cmd, TyperGroup) and cmd.subcommand_metavar == "COMMAND [ARGS]...":
            cmd.subcommand_metavar = SUBCOMMAND_METAVAR
        for param in cmd.get_params(ctx):  # the --help option is created here and kept by the command
            text = getattr(param, "help", None)
            if text:
                param.help = danish(text) or text  # type: ignore[attr-defined]  # options and typer's arguments
            shown = getattr(param, "display_type_rich", None)
            if param.metavar is None and shown is not None:
                param.metavar = TYPES.get(shown(ctx))


@contextmanager
def in_danish(command: Command) -> Iterator[None]:
    """Show the help of ``command`` (freshly built for this run) in Danish while inside; typer's frame words are
    module constants, so they are put back on the way out (in-process callers, such as tests, run on)."""
    _translate(command)
    saved = {name: getattr(rich_utils, name) for name in FRAME}
    try:
        for name, text in FRAME.items():
            setattr(rich_utils, name, text)
        yield
    finally:
        for name, text in saved.items():
            setattr(rich_utils, name, text)
