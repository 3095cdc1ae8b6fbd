"""Query parameters checked before they reach the database: an absurd number is a 400, a year the vintage does
not have is a 404, never a 500 (SQLite cannot bind an integer beyond 64 bits, PostgreSQL's integer is 32 bits,
and the law's calendar has no year 99999)."""

from __future__ import annotations

from boligmonitor.errors import NotFound, UserError
from boligmonitor.rules.texts import Text
from boligmonitor.web import models as m

INT_MIN, INT_MAX = -(2**31), 2**31 - 1
ID_MAX = 2**63 - 1


class BadParameter(UserError):
    """A parameter that cannot mean anything (400)."""


def parse_int(raw: str | None, name: str, lang: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(Text(f"parameteren '{name}' skal være et helt tal, ikke '{raw[:20]}'",
                                f"parameter '{name}' must be a whole number, got '{raw[:20]}'").pick(lang)) from None
    return bounded(value, name, lang)


def bounded(value: int | None, name: str, lang: str) -> int | None:
    if value is not None and not INT_MIN <= value <= INT_MAX:
        raise BadParameter(Text(f"parameteren '{name}' er uden for det mulige interval",
                                f"parameter '{name}' is out of range").pick(lang))
    return value


def vintage_id(raw: int | str | None, lang: str) -> int | None:
    if raw in (None, ""):
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise NotFound(Text(f"dataudgave '{str(raw)[:20]}' er ikke et tal",
                            f"vintage '{str(raw)[:20]}' is not a number").pick(lang)) from None
    if not 1 <= value <= ID_MAX:
        raise NotFound(Text(f"ingen dataudgave med id {str(raw)[:20]}",
                            f"no data vintage with id {str(raw)[:20]}").pick(lang))
    return value


def list_year(v: m.Vintage, year: int | None, lang: str) -> int | None:
    return _year(year, v.first_list_year, v.last_list_year, Text("listeår", "list year"), lang)


def data_year(v: m.Vintage, year: int | None, lang: str) -> int | None:
    return _year(year, v.first_data_year, v.last_data_year, Text("dataår", "data year"), lang)


def _year(year: int | None, first: int, last: int, what: Text, lang: str) -> int | None:
    bounded(year, "year", lang)
    if year is not None and not first <= year <= last:
        raise NotFound(Text(f"{what.da} {year} findes ikke i denne dataudgave; den har {first}–{last}",
                            f"{what.en} {year} is not in this data vintage; it has {first}–{last}").pick(lang))
    return year
