"""Every sentence the index shows, in Danish (the default) and English."""

from __future__ import annotations

from boligmonitor.rules.texts import Text

REFERENCE_UNIT = {
    "municipality": Text("kommunen", "the municipality"),
    "region": Text("regionen", "the region"),
    "nation": Text("hele landet", "the whole country"),
}

NORMALISATION = {
    "reference": Text("i forhold til {ref} (= 100)", "relative to {ref} (= 100)"),
    "zscore": Text("z-score (afvigelse fra gennemsnittet i standardafvigelser)",
                   "z-score (distance from the mean in standard deviations)"),
    "minmax": Text("min-max (0 = mindst, 100 = mest udsat)", "min-max (0 = least, 100 = most disadvantaged)"),
    "rank": Text("rang (1 = mindst udsat)", "rank (1 = least disadvantaged)"),
    "percentile": Text("percentil (0-100)", "percentile (0-100)"),
    "target": Text("afstand til et mål (pct. af målet)", "distance to a target (per cent of the target)"),
    "exponential": Text("rang med IMD's eksponentielle transformation (0-100)",
                        "rank with the IMD's exponential transformation (0-100)"),
    "points": Text("point efter afstand til {ref} (= 100)", "points by distance from {ref} (= 100)"),
}

WEIGHTS = {
    "equal": Text("lige vægte", "equal weights"),
    "expert": Text("ekspertvægte", "expert weights"),
    "pca": Text("vægte fra første hovedkomponent (PCA)", "weights from the first principal component (PCA)"),
}

AGGREGATION = {
    "arithmetic": Text("vægtet gennemsnit", "weighted arithmetic mean"),
    "geometric": Text("vægtet geometrisk gennemsnit", "weighted geometric mean"),
    "generalised": Text("generaliseret gennemsnit (p = {p})", "generalised mean (p = {p})"),
    "sum": Text("sum", "sum"),
}

CLASSES = {
    "quantiles": Text("{count} lige store grupper efter rang (1 = mest udsatte)",
                      "{count} equal groups by rank (1 = most disadvantaged)"),
    "cuts": Text("faste skæringspunkter", "fixed cut points"),
    "cuts_z": Text("faste skæringspunkter i standardafvigelser", "fixed cut points in standard deviations"),
}

MISSING_RULE = {
    "exclude": Text("et område med et diskretioneret eller manglende input får intet indeks (intet tal udfyldes)",
                    "an area with a suppressed or missing input gets no index (nothing is filled in)"),
    "reweight": Text("beregnes af de offentliggjorte input, hvis de bærer mindst {pct} % af vægten; deres vægte "
                     "skaleres op (intet tal udfyldes)",
                     "computed from the published inputs when they carry at least {pct} % of the weight; their "
                     "weights are scaled up (nothing is filled in)"),
}

MISSING_SHORT = {
    "exclude": Text("manglende input: intet indeks", "missing inputs: no index"),
    "reweight": Text("manglende input: de øvrige vægtes op (mindst {pct} %)",
                     "missing inputs: the others weighted up (at least {pct} %)"),
}

MISSING_REASON = {
    "suppressed": Text("diskretioneret", "suppressed"),
    "absent": Text("ikke opgjort", "not available"),
    "reference_suppressed": Text("referencens tal er diskretioneret", "the reference's value is suppressed"),
    "reference_absent": Text("referencens tal er ikke opgjort", "the reference's value is not available"),
    "not_comparable": Text("kan ikke sættes i forhold til referencen (værdien eller referencen er 0)",
                           "cannot be related to the reference (the value or the reference is 0)"),
}

NOTE = {
    "kind": Text("Indgår ikke: metoden omfatter ikke områder af typen '{kind}'.",
                 "Not included: the method does not cover areas of kind '{kind}'."),
    "residents_unknown": Text("Indgår ikke: beboertallet for {year} er diskretioneret eller ikke opgjort.",
                              "Not included: the number of residents for {year} is suppressed or not available."),
    "residents_more_than": Text("Indgår ikke: {residents} beboere; metoden omfatter områder med mere end {limit}.",
                                "Not included: {residents} residents; the method covers areas with more than "
                                "{limit}."),
    "residents_at_least": Text("Indgår ikke: {residents} beboere; metoden omfatter områder med mindst {limit}.",
                               "Not included: {residents} residents; the method covers areas with at least {limit}."),
    "excluded": Text("Intet indeks: {inputs}. Reglen for manglende input: {rule}.",
                     "No index: {inputs}. The rule for missing inputs: {rule}."),
    "reweighted": Text("Beregnet uden {inputs}; de øvrige input bærer {pct} % af vægten og er skaleret op.",
                       "Computed without {inputs}; the other inputs carry {pct} % of the weight and are scaled up."),
    "too_little": Text("Intet indeks: {inputs}; de offentliggjorte input bærer kun {pct} % af vægten (mindst {min} % "
                       "kræves).",
                       "No index: {inputs}; the published inputs carry only {pct} % of the weight (at least {min} % "
                       "is required)."),
    "no_dynamics": Text("Ingen udvikling: {inputs} ({years}).", "No dynamics: {inputs} ({years})."),
    "pca_against": Text("{indicator} peger modsat de øvrige indikatorer i første hovedkomponent; vægten er dens "
                        "kvadrerede ladning.",
                        "{indicator} points against the other indicators in the first principal component; its "
                        "weight is its squared loading."),
}

STATUS = {
    "scored": Text("beregnet", "scored"),
    "excluded": Text("intet indeks", "no index"),
    "not_eligible": Text("indgår ikke", "not included"),
}

DIMENSION = {
    "weights": Text("vægte", "weights"),
    "normalisation": Text("normalisering", "normalisation"),
    "aggregation": Text("aggregering", "aggregation"),
    "indicators": Text("indikatorsæt", "indicator set"),
}

SUBSTITUTE = Text("erstatter", "stands in for")
STANDS_FOR = Text("svarer til", "corresponds to")
DYNAMICS = Text("udvikling over {years} år", "change over {years} years")
COMBINED_CLASS = Text("{status} · udvikling {dynamics}", "{status} · dynamics {dynamics}")
DATA_YEAR = Text("dataår {year}", "data year {year}")
VINTAGE = Text("bundle {label}, regler {rules}", "bundle {label}, rules {rules}")
QUANTILE_LABEL = Text("Gruppe {group} af {count}", "Group {group} of {count}")
LEFT_OUT = Text("{indicator} udeladt", "{indicator} left out")
