"""Every indicator cell re-checked against the site's minimum before import, whatever the bundle says of itself.

The pipeline's disclosure control is the first line; this is the second, for bundles that were made with a lower
``--min-count``, altered, or made elsewhere. A cell is refused when it

* is marked suppressed without a reason, or carries a reason without being marked suppressed;
* is suppressed yet carries a number (suppressed cells are stored without numbers: nothing to show by mistake);
* holds NaN or an infinite value;
* is published as a count, share or mean without the counts behind it, or as a derived value with counts;
* publishes a count, a share's numerator, denominator or complement, or a mean's denominator below the minimum.

Messages name row, column, unit, year and indicator; never the small number itself.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from boligmonitor.indicators.catalogue import DERIVED, INDICATORS
from boligmonitor.rules.texts import Text
from boligmonitor.web.refusal import FIX_RERUN, refuse, rows_text, where

KIND = {i.id: i.kind for i in INDICATORS} | {d.id: "derived" for d in DERIVED}
NUMBERS = ("numerator", "denominator", "value")
# Published FTE counts have six decimals; a complement computed from two floats may miss 5 by rounding only.
TOLERANCE = 1e-7


def check_cells(t: pa.Table, minimum: int, label: str) -> None:
    suppressed = t.column("suppressed")
    published = pc.invert(suppressed)
    reason = pc.is_valid(t.column("suppression"))
    num, den = t.column("numerator"), t.column("denominator")
    kind = pc.fill_null(_kinds(t.column("indicator_id")), "")

    _refuse_where(t, label, "indicator_id", pc.equal(kind, ""), "unknown_indicator",
                  Text("indikatoren findes ikke i denne versions katalog",
                       "the indicator is not in this version's catalogue"),
                  Text("opdatér webapplikationen til den version der skrev bundlen",
                       "upgrade the web application to the version that wrote the bundle"))
    _refuse_where(t, label, "suppression", pc.and_(suppressed, pc.invert(reason)), "suppressed_without_reason",
                  Text("cellen er markeret skjult uden en begrundelse",
                       "the cell is marked suppressed without a reason"))
    _refuse_where(t, label, "suppression", pc.and_(published, reason), "reason_on_published",
                  Text("cellen er offentliggjort men har en begrundelse for at være skjult",
                       "the cell is published but carries a reason for suppression"))
    for col in NUMBERS:
        _refuse_where(t, label, col, pc.and_(suppressed, pc.is_valid(t.column(col))), "suppressed_with_numbers",
                      Text("cellen er skjult men indeholder et tal", "the cell is suppressed but carries a number"))
    for col in NUMBERS:
        values = t.column(col)
        _refuse_where(t, label, col, pc.or_(pc.is_nan(values), pc.is_inf(values)), "not_finite",
                      Text("NaN eller uendelig værdi; forventede et endeligt tal eller ingen værdi",
                           "NaN or an infinite value; expected a finite number or no value"))

    def of(k: str) -> pa.ChunkedArray:
        return pc.and_(published, pc.equal(kind, k))

    needs_num = pc.or_(of("count"), pc.or_(of("share"), of("mean")))
    needs_den = pc.or_(of("share"), of("mean"))
    _refuse_where(t, label, "numerator", pc.and_(needs_num, pc.is_null(num)), "missing_counts",
                  Text("en offentliggjort optælling, andel eller gennemsnit uden tælleren bag den",
                       "a published count, share or mean without the numerator behind it"))
    _refuse_where(t, label, "denominator", pc.and_(needs_den, pc.is_null(den)), "missing_counts",
                  Text("en offentliggjort andel eller et gennemsnit uden nævneren bag den",
                       "a published share or mean without the denominator behind it"))
    _refuse_where(t, label, "numerator", pc.and_(of("derived"), pc.or_(pc.is_valid(num), pc.is_valid(den))),
                  "derived_with_counts",
                  Text("et afledt gennemsnit eller forhold må ikke bære tæller eller nævner",
                       "a derived mean or ratio must carry no numerator or denominator"))

    small = Text(f"under sidens diskretionsgrænse {minimum}", f"below the site's disclosure minimum {minimum}")
    fix = Text(f"lav bundlen med --min-count {minimum} eller højere", f"make the bundle with --min-count {minimum} "
               "or higher")
    below = minimum - TOLERANCE
    _refuse_where(t, label, "numerator", pc.and_(pc.or_(of("count"), of("share")), pc.less(num, below)),
                  "small_count", small, fix)
    _refuse_where(t, label, "denominator", pc.and_(needs_den, pc.less(den, below)), "small_count", small, fix)
    complement = Text(f"nævner minus tæller er {small.da}", f"denominator minus numerator is {small.en}")
    _refuse_where(t, label, "numerator", pc.and_(of("share"), pc.less(pc.subtract(den, num), below)),
                  "small_count", complement, fix)


def _kinds(ids: pa.ChunkedArray) -> pa.ChunkedArray:
    keys = sorted(KIND)
    idx = pc.index_in(ids, value_set=pa.array(keys, pa.string()))
    return pc.take(pa.array([KIND[k] for k in keys], pa.string()), idx)


def _refuse_where(t: pa.Table, label: str, column: str, mask: pa.ChunkedArray, kind: str, problem: Text,
                  fix: Text | None = None) -> None:
    hit = pc.fill_null(mask, False)
    n = pc.sum(pc.cast(hit, "int64")).as_py() or 0
    if not n:
        return
    rows = pc.indices_nonzero(hit).to_pylist()[:3]
    first = t.slice(rows[0], 1).select(["unit_type", "unit_id", "year", "indicator_id"]).to_pylist()[0]
    cell = f"{first['unit_type']} {first['unit_id']}, {first['year']}, {first['indicator_id']}"
    listed = rows_text([r + 1 for r in rows], n)
    text = Text(f"{listed.da} (første: {cell}): {problem.da}", f"{listed.en} (first: {cell}): {problem.en}")
    raise refuse(kind, where(label, column=column), text, fix or FIX_RERUN)
