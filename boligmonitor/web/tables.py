"""The tables behind rank, compare and the map as download rows (CSV and XLSX through web/exports.py).

A download says what the page says: one unit per indicator (a share in percent, as on the pages), a suppressed cell
as the word for it (never a number), labels in the reader's language, never internal codes.
"""

from __future__ import annotations

from typing import Any

from boligmonitor.rules.texts import Text

Columns = list[tuple[str, str, str]]

UNITS: dict[str, Text] = {
    "share": Text("%", "%"), "ratio": Text("forhold", "ratio"), "mean": Text("gennemsnit", "mean"),
    "count": Text("antal", "count"),
}
SUPPRESSED = Text("diskretioneret", "suppressed")


def number(value: float | None, kind: str) -> float | None:
    """A published value in the unit the pages show it in: shares in percent."""
    if value is None:
        return None
    return round(value * 100, 6) if kind == "share" else value


def unit(kind: str, lang: str) -> str:
    return UNITS.get(kind, UNITS["count"]).pick(lang)


def rank_table(data: dict[str, Any], lang: str) -> tuple[list[dict[str, Any]], Columns]:
    kind = data["kind_of_value"]
    u = unit(kind, lang)
    rows = [{**r, **{k: number(r[k], kind) for k in ("value", "municipality_value", "region_value",
                                                     "nation_value")}} for r in data["rows"]]
    columns: Columns = [
        ("rank", "Placering", "Rank"), ("name", "Område", "Area"), ("area_id", "Område-id", "Area id"),
        ("kind_label", "Type", "Kind"), ("municipality", "Kommune", "Municipality"),
        ("status", f"Listestatus {data['status_year']}", f"List status {data['status_year']}"),
        ("value", f"{data['indicator_label']} ({u})", f"{data['indicator_label']} ({u})"),
        ("municipality_value", f"I kommunen ({u})", f"In its municipality ({u})"),
        ("region_value", f"I regionen ({u})", f"In its region ({u})"), ("nation_value", f"Hele landet ({u})",
                                                               f"Denmark ({u})"),
    ]
    not_ranked = [{"rank": None, "name": r["name"], "area_id": r["area_id"], "status": r["reason_text"]}
                  for r in data["not_ranked"]]
    return rows + not_ranked, columns


def compare_table(data: dict[str, Any], lang: str) -> tuple[list[dict[str, Any]], Columns]:
    columns: Columns = [("label", "Indikator", "Indicator"), ("unit", "Enhed", "Unit")]
    for i, c in enumerate(data["columns"]):
        title = f"{c['name']} ({c['kind_label']})" if c["kind_label"] else c["name"]
        columns.append((f"c{i}", title, title))
    status = {"label": Text(f"Listestatus {data['status_year']}", f"List status {data['status_year']}").pick(lang),
              "unit": ""}
    status.update({f"c{i}": a["status"] for i, a in enumerate(data["areas"])})
    rows: list[dict[str, Any]] = [status]
    for r in data["rows"]:
        row: dict[str, Any] = {"label": r["label"], "unit": unit(r["kind"], lang)}
        for i, p in enumerate(r["values"]):
            row[f"c{i}"] = SUPPRESSED.pick(lang) if p["suppressed"] else number(p["value"], r["kind"])
        rows.append(row)
    return rows, columns


def map_table(data: dict[str, Any], lang: str, municipalities: dict[int, str]) -> tuple[list[dict[str, Any]],
                                                                                          Columns]:
    """The map's "same data as a table", whatever the map is coloured by."""
    mode = data["mode"]
    if data.get("unit") == "municipality":
        kind = data.get("indicator_kind", "share")
        u = unit(kind, lang)
        rows = [{"name": r["name"], "code": r["code"], "value": SUPPRESSED.pick(lang) if r.get("suppressed")
                 else number(r["value"], kind) if mode == "indicator" else r["value"],
                 "class": r.get("class_label"), "note": r.get("note")} for r in data["municipalities"]]
        columns: Columns = [("name", "Kommune", "Municipality"), ("code", "Kommunekode", "Municipality code")]
        if mode == "indicator":
            return rows, [*columns, ("value", f"{data['indicator_label']} ({u})", f"{data['indicator_label']} ({u})")]
        return rows, [*columns, ("value", "Indeksværdi", "Index value"), ("class", "Klasse", "Class"),
                      ("note", "Note", "Note")]
    base: Columns = [("name", "Område", "Area"), ("area_id", "Område-id", "Area id"),
                     ("municipality", "Kommune", "Municipality")]
    rows = []
    for f in data["features"]:
        row: dict[str, Any] = {"name": f["name"], "area_id": f["area_id"],
                               "municipality": municipalities.get(f["municipality_code"], "")}
        if mode == "indicator":
            row["value"] = SUPPRESSED.pick(lang) if f.get("suppressed") else number(
                f["value"], data.get("indicator_kind", "share"))
        elif mode == "index":
            row.update({"value": f["value"], "rank": f["rank"], "class": f["class_label"], "note": f["note"]})
        elif mode == "watchlist":
            labels = {c["flag"]: c["label"] for c in data["legend"]}
            row["value"] = ", ".join(labels[x] for x in f["flags"])
        else:
            labels = {c["category"]: c["label"] for c in data["legend"]}
            row["value"] = ", ".join(labels[c] for c in f["categories"])
        rows.append(row)
    if mode == "indicator":
        u = unit(data.get("indicator_kind", "share"), lang)
        return rows, [*base, ("value", f"{data['indicator_label']} ({u})", f"{data['indicator_label']} ({u})")]
    if mode == "index":
        return rows, [*base, ("value", "Indeksværdi", "Index value"), ("rank", "Placering", "Rank"),
                      ("class", "Klasse", "Class"), ("note", "Note", "Note")]
    if mode == "watchlist":
        return rows, [*base, ("value", f"Overvågningsflag {data['year']}", f"Watchlist flags {data['year']}")]
    return rows, [*base, ("value", f"Lister {data['year']}", f"Lists {data['year']}")]


def rank_rows_html(rows: list[dict[str, Any]], with_status: bool) -> str:
    """The ranking's table body, written here rather than in the template: 2,000 rows of eight cells through
    Django's template engine took two thirds of the page's time. Every text is escaped."""
    from django.utils.html import escape

    out = []
    for r in rows:
        status = f"<td>{escape(r['status'])}</td>" if with_status else ""
        out.append(f"<tr><td>{r['rank']}</td><td><a href=\"/areas/{escape(r['area_id'])}/\">{escape(r['name'])}</a>"
                   f"</td><td>{escape(r['municipality'])}</td>{status}<td><strong>{escape(r['value_shown'])}</strong>"
                   f"</td><td>{escape(r['municipality_value_shown'])}</td><td>{escape(r['region_value_shown'])}</td>"
                   f"<td>{escape(r['nation_value_shown'])}</td></tr>")
    return "\n".join(out)
