"""Every sentence and column title of the watchlist and the forecast, in Danish (the default) and English."""

from __future__ import annotations

from boligmonitor.rules.texts import Text

FLAGS: dict[str, Text] = {
    "approaching": Text("Nærmer sig en liste", "Approaching a list"),
    "leaving": Text("På vej af en liste", "May leave a list"),
    "near_udsat": Text("Forebyggelsesområde tæt på udsat", "Prevention area close to vulnerable"),
    "near_floor": Text("Tæt på beboergrænsen", "Close to the resident floor"),
    "omdannelse": Text("Omdannelsesområde", "Transformation area"),
}

# One sentence per flag and area, filled with the area's own numbers.
FLAG_WHY: dict[str, Text] = {
    "approaching": Text(
        "{category}: {criterion} er {value} mod grænsen {threshold} og bevæger sig mod den ({slope} om året); det "
        "er det eneste kriterium, der mangler",
        "{category}: {criterion} is {value} against the line {threshold} and moving towards it ({slope} a year); it "
        "is the only criterion missing"),
    "leaving": Text(
        "{category}: {criterion} er {value} mod grænsen {threshold} og bevæger sig mod den ({slope} om året); "
        "uden det kriterium er området ikke længere på listen",
        "{category}: {criterion} is {value} against the line {threshold} and moving towards it ({slope} a year); "
        "without that criterion the area is no longer on the list"),
    "near_udsat": Text(
        "Forebyggelsesområde, der bliver udsat boligområde, hvis {criterion} også opfyldes ({value} mod grænsen "
        "{threshold}; {exit})",
        "Prevention area that becomes a vulnerable housing area if {criterion} is met too ({value} against the "
        "line {threshold}; {exit})"),
    "near_floor": Text("{value} beboere; grænsen er mindst {threshold}", "{value} residents; the floor is at least "
                       "{threshold}"),
    "omdannelse": Text(
        "Omdannelsesområde {years} år i træk; kan tidligst forlade listen pr. 1. december {leave}{persons}{until}",
        "Transformation area {years} years in a row; can leave the list on 1 December {leave} at the earliest"
        "{persons}{until}"),
}
OMDANNELSE_PERSONS = Text(" (det kræver mindst {n} beboere med ændret status i det seneste dataår)",
                          " (it takes at least {n} residents changing status in the latest data year)")
OMDANNELSE_UNTIL = Text("; følgerne af udviklingsplanen gælder derefter til og med listen {year}",
                        "; the consequences of the development plan then apply up to the list of {year}")

DIRECTIONS: dict[str, Text] = {
    "towards": Text("mod grænsen", "towards the line"),
    "away": Text("væk fra grænsen", "away from the line"),
    "flat": Text("uændret", "unchanged"),
    "unknown": Text("ukendt", "unknown"),
}

WATCH_COLUMNS: dict[str, Text] = {
    "area_id": Text("Område-id", "Area id"), "name": Text("Navn", "Name"),
    "municipality": Text("Kommune", "Municipality"), "list_year": Text("Listeår", "List year"),
    "lists": Text("Lister", "Lists"), "flags": Text("Markeringer", "Flags"),
    "nearest": Text("Nærmeste grænse", "Nearest line"), "why": Text("Hvorfor", "Why"),
    "category": Text("Kategori", "Category"), "criterion": Text("Kriterium", "Criterion"),
    "value": Text("Værdi", "Value"), "threshold": Text("Grænse", "Line"), "met": Text("Opfyldt", "Met"),
    "gap": Text("Afstand", "Distance"), "persons": Text("Beboere fra grænsen", "Residents from the line"),
    "direction": Text("Retning", "Direction"), "change_per_year": Text("Ændring om året", "Change a year"),
    "years_at_pace": Text("År til grænsen i samme tempo", "Years to the line at this pace"),
}

FORECAST_COLUMNS: dict[str, Text] = {
    "area_id": Text("Område-id", "Area id"), "name": Text("Navn", "Name"),
    "municipality": Text("Kommune", "Municipality"), "list_year": Text("Listeår", "List year"),
    "category": Text("Kategori", "Category"), "probability": Text("Sandsynlighed", "Probability"),
    "p_undetermined": Text("Kan ikke afgøres", "Cannot be decided"),
    "member_as_of": Text("På listen nu", "On the list now"), "horizon": Text("År frem", "Years ahead"),
}

WITHHELD = Text("tilbageholdt", "withheld")
NOT_ASSESSABLE = Text("kan ikke vurderes: de offentliggjorte kriterier genskaber ikke afgørelsen",
                      "cannot be assessed: the published criteria do not reproduce the decision")

FORECAST_METHOD = Text(
    "Fremskrivning pr. listen {as_of} (dataår {first}–{last}): {futures} simulerede forløb pr. område af hvert "
    "kriteriums tal (dæmpet lokal lineær trend pr. mål, tilpasset på offentliggjorte celler; diskretionerede år "
    "tæller som ukendte), klassificeret med lovens egne regelfunktioner ({rules}); frø {seed}.",
    "Forecast as of the list of {as_of} (data years {first}–{last}): {futures} simulated futures per area of each "
    "criterion's figures (a damped local linear trend per measure, fitted on published cells; suppressed years "
    "count as unknown), classified by the law's own rule functions ({rules}); seed {seed}.")
NO_CHANGE_METHOD = Text(
    "Fremskrivning pr. listen {as_of} (dataår {first}–{last}) under antagelsen, at hvert kriteriums tal bliver som "
    "i det seneste offentliggjorte år, klassificeret med lovens egne regelfunktioner ({rules}).",
    "Forecast as of the list of {as_of} (data years {first}–{last}) assuming every criterion's figures stay as in "
    "the latest published year, classified by the law's own rule functions ({rules}).")
UNKNOWN_INPUTS = Text("Ikke offentliggjort i nogen af årene (ukendt i fremskrivningen): {items}",
                      "Never published (unknown in the forecast): {items}")
STARTED_FROM = Text("Seneste offentliggjorte år ligger før det seneste dataår (simuleringen starter der): {items}",
                    "Last published year before the latest data year (the simulation starts there): {items}")
WATCH_METHOD = Text(
    "Overvågningsliste for listen {year}: afstande og marginer er klassifikationens egne (tilbageholdt, hvor en "
    "celle bag dem er diskretioneret); tæt på = højst {share} procentpoint, {ratio} for forhold og {persons} "
    "beboere; retning = ændringen over listeårene {first}–{year}; markeringer afgøres med lovens egne "
    "regelfunktioner ({rules}).",
    "Watchlist for the list of {year}: distances and margins are the classification's own (withheld where a cell "
    "behind them is suppressed); close = at most {share} percentage points, {ratio} for ratios and {persons} "
    "residents; direction = the change over the list years {first}–{year}; flags are decided by the law's own rule "
    "functions ({rules}).")
MEASURE_NAMES: dict[str, Text] = {
    "residents": Text("beboere", "residents"),
    "nonwestern": Text("ikke-vestlig andel", "non-western share"),
    "outside_labour": Text("uden for arbejde og uddannelse", "outside work and education"),
    "basic_education": Text("alene grundskole", "basic schooling only"),
    "convicted": Text("dømte", "convicted"),
    "income": Text("indkomst", "income"),
}
