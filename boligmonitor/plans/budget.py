"""Budget and spent per year, by funding source, and the local co-financing share a funding period requires.

Local co-financing is what does not come from Landsbyggefonden (municipality, housing organisations and other
parties), as a share of the whole budget: LBF "kan finansiere op til 75 %" and requires "minimum 25 % lokal
medfinansiering – oftest fra beliggenhedskommune og deltagende boligorganisationer" (ADR 0010).
"""

from __future__ import annotations

from typing import Any

from boligmonitor.plans.model import Agreement, BudgetLine

SOURCES = ("lbf", "municipality", "housing_organisation", "other")


def by_source(lines: list[BudgetLine]) -> dict[str, float]:
    return {s: sum(b.amount for b in lines if b.source == s) for s in SOURCES}


def local_share(sources: dict[str, float]) -> float | None:
    """What does not come from Landsbyggefonden, of the total; None for an empty budget."""
    total = sum(sources.values())
    return None if total <= 0 else (total - sources.get("lbf", 0.0)) / total


def budget_by_year(plan: Agreement) -> list[dict[str, Any]]:
    out = []
    for y in sorted({b.year for b in plan.budget}):
        lines = [b for b in plan.budget if b.year == y]
        sources = by_source(lines)
        spent = [b.spent for b in lines if b.spent is not None]
        out.append({"year": y, "budget": sum(b.amount for b in lines), "spent": sum(spent) if spent else None,
                    "by_source": sources, "local_cofinancing_share": local_share(sources)})
    return out
