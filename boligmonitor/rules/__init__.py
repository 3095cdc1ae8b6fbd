"""The law as data and dated rule functions. Consumes plain area-level records, never person-level data."""

from boligmonitor.rules.classify import CATEGORIES, categories_in_force, classify_area, list_date, rules_version
from boligmonitor.rules.model import CriterionResult, Decision, Margin, MeasureValue
from boligmonitor.rules.sources import FactsSource, PublishedSource, YearCounts

__all__ = [
    "CATEGORIES",
    "CriterionResult",
    "Decision",
    "FactsSource",
    "Margin",
    "MeasureValue",
    "PublishedSource",
    "YearCounts",
    "categories_in_force",
    "classify_area",
    "list_date",
    "rules_version",
]
