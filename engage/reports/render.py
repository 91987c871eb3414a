"""Render report data: the HTML page, the tagged PDF (WeasyPrint, PDF/UA-1), the XLSX workbook, open-data CSV.

Everything reads the frozen data dict only, so a published version renders the same forever, in
any interface language. Spreadsheet cells go through `safe_cell` (formula injection).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from flask import render_template
from flask_babel import gettext as _

from engage.manage.exports import neutralise
from engage.reports.charts import bar_chart
from engage.reports.wording import Wording

HERE = Path(__file__).resolve().parent
# Spreadsheet formula injection is neutralised the same way as the organizers' CSV download.
safe_cell = neutralise


# --- view models ----------------------------------------------------------------------------------

def _cell_text(w: Wording, cell: dict) -> str:
    return _("hidden") if cell.get("suppressed") or cell.get("share_suppressed") else w.pct(cell.get("share"))


def question_view(q: dict[str, Any], w: Wording, number: int) -> dict[str, Any]:
    """Chart, result table and breakdown tables of one design question, with labels resolved."""
    s = q["summary"]
    kind = q["type"]
    title = w.question(q["key"])
    rows: list[dict[str, Any]] = []
    if kind in ("single_choice", "yes_no", "multiple_choice"):
        for c in sorted(s["choices"], key=lambda c: -c["share"]) if kind == "multiple_choice" else s["choices"]:
            rows.append({"label": str(w.choice(q["key"], c["code"])), "share": c["share"], "ci": c["ci95"],
                         "count": c["respondents"]})
    elif kind == "likert":
        for d in s["distribution"]:
            rows.append({"label": str(w.choice(q["key"], str(d["point"]))), "share": d["share"], "ci": d["ci95"],
                         "count": None if s.get("weighted") else round(d["count"])})
    elif kind == "ranking":
        for item in s["items"]:
            fc = item["first_choice"]
            rows.append({"label": str(w.choice(q["key"], item["code"])), "share": fc["share"], "ci": fc["ci95"],
                         "count": None, "borda": item["borda_mean"], "mean_rank": item["mean_rank"]})
    chart = None
    if rows:
        described = "; ".join(f"{r['label']}: {w.pct(r['share'])}" for r in rows)
        caption = {
            "ranking": _("Share who ranked each option first"),
            "likert": _("Share of ratings at each point"),
            "multiple_choice": _("Share of people who picked each option (several allowed)"),
        }.get(kind, _("Share of people who gave each answer"))
        chart = bar_chart(f"chart-{number}", f"{title.text} — {caption}",
                          _("Bar chart with 95%% intervals. %(values)s", values=described),
                          [(r["label"], r["share"], r["ci"], w.pct(r["share"])) for r in rows],
                          tick_text=w.pct)
        chart.caption = caption  # type: ignore[attr-defined]
    return {
        "number": number, "key": q["key"], "kind": kind, "title": title, "section": w.text(q.get("section")),
        "summary": s, "rows": rows, "chart": chart,
        "finding": w.finding(q["finding"]) if q.get("finding") else None,
        "breakdowns": [breakdown_view(q, t, w) for t in q.get("breakdowns", [])],
    }


def breakdown_view(q: dict[str, Any], table: dict[str, Any], w: Wording) -> dict[str, Any]:
    kind = q["type"]
    codes = table["codes"]
    columns = [str(w.choice(q["key"], c)) for c in codes]
    if kind == "number":
        columns = [_("Average"), _("Median")]
    if kind == "likert":
        columns = columns + [_("Top two")]
    rows = []
    for g in w.ordered(table["by"], table["groups"], key="group"):
        label = str(w.group(table["by"], g["group"]))
        if g.get("suppressed"):
            rows.append({"label": label, "n": None, "cells": [_("hidden")] * len(columns), "suppressed": True})
            continue
        s = g["summary"]
        if kind in ("single_choice", "yes_no", "multiple_choice"):
            cells = [_cell_text(w, c) for c in s["choices"]]
        elif kind == "likert":
            cells = [_cell_text(w, d) for d in s["distribution"]] + [_cell_text(w, s["dont_know"]),
                                                                     _cell_text(w, s["top2_box"])]
        elif kind == "ranking":
            cells = [_cell_text(w, i["first_choice"]) for i in s["items"]]
            order = [i["code"] for i in s["items"]]
            cells = [cells[order.index(c)] if c in order else "–" for c in codes]
        else:
            cells = [w.num(s.get("mean")), w.num(s.get("median"), 0)]
        rows.append({"label": label, "n": g["n"], "cells": cells, "suppressed": False})
    return {"by": table["by"], "segment": w.segment(table["by"]), "columns": columns, "rows": rows}


def report_context(data: dict[str, Any], locale: str) -> dict[str, Any]:
    w = Wording(data, locale)
    questions = [question_view(q, w, i + 1) for i, q in enumerate(data["questions"])]
    return {"data": data, "w": w, "questions": questions, "findings": [w.finding(f) for f in data["findings"]]}


# --- outputs ---------------------------------------------------------------------------------------

def render_pdf(data: dict[str, Any], locale: str, version: Any = None, base_url: str | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1): headings, tables and figures carry structure for screen readers."""
    from weasyprint import CSS, HTML

    html = render_template("reports/pdf.html", version=version, **report_context(data, locale))
    css = CSS(filename=str(HERE / "report_print.css"))
    return HTML(string=html, base_url=base_url or str(HERE)).write_pdf(
        stylesheets=[css], pdf_variant="pdf/ua-1", pdf_identifier=False,
    )


def table_rows(data: dict[str, Any], w: Wording) -> list[list[Any]]:
    """Every published number as one long table: the open-data CSV and the XLSX "Data" sheet."""
    out: list[list[Any]] = [["question_key", "question", "segment", "group", "answer_code", "answer", "n",
                             "share", "ci95_low", "ci95_high", "suppressed", "weighted"]]
    weighted = data["settings"]["weighted"]
    for q in data["questions"]:
        label = w.question(q["key"]).text
        groups = [("all", "all", None, q["summary"])]
        for t in q["breakdowns"]:
            for g in t["groups"]:
                groups.append((t["by"], g["group"], g, g.get("summary")))
        for by, group, g, s in groups:
            if s is None:
                out.append([q["key"], label, by, group, "", "", "", "", "", "", "yes", weighted])
                continue
            n = s.get("n")
            cells: list[tuple[str, dict]] = []
            if q["type"] in ("single_choice", "yes_no", "multiple_choice"):
                cells = [(c["code"], c) for c in s["choices"]]
            elif q["type"] == "likert":
                cells = [(str(i), d) for i, d in enumerate(s["distribution"], 1)] + [("dont_know", s["dont_know"])]
            elif q["type"] == "ranking":
                cells = [(i["code"], i["first_choice"]) for i in s["items"]]
            else:
                out.append([q["key"], label, by, group, "mean", _("Average"), n, s.get("mean"), "", "", "no", weighted])
                continue
            for code, c in cells:
                if c.get("suppressed") or c.get("share_suppressed"):
                    out.append([q["key"], label, by, group, code, str(w.choice(q["key"], code)), "", "", "", "", "yes", weighted])
                else:
                    out.append([q["key"], label, by, group, code, str(w.choice(q["key"], code)), n,
                                c["share"], c["ci95"][0], c["ci95"][1], "no", weighted])
    return out


def open_data_csv(data: dict[str, Any], locale: str) -> str:
    w = Wording(data, locale)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table_rows(data, w):
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def render_xlsx(data: dict[str, Any], locale: str) -> bytes:
    """The report's every table as a workbook; text cells neutralised against formula injection."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    ctx = report_context(data, locale)
    w: Wording = ctx["w"]
    book = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]], first: bool = False):
        ws = book.active if first else book.create_sheet()
        ws.title = title[:31]
        ws.append([safe_cell(h) for h in header])
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        ws.freeze_panes = "A2"
        return ws

    sheet(_("Key findings"), [_("Finding")], [[f] for f in ctx["findings"]], first=True)
    part = data["participation"]
    prow = []
    for t in part["tables"]:
        for r in t["rows"]:
            prow.append([w.segment(t["by"]), str(w.group(t["by"], r["code"])), r["code"],
                         r.get("n", _("hidden")), r.get("share"), r.get("population_share"), r.get("weighted_share")])
    sheet(_("Who took part"), [_("Segment"), _("Group"), "code", _("Responses"), _("Share"), _("Population share"),
                               _("Weighted share")], prow)
    qrows = []
    for view in ctx["questions"]:
        for r in view["rows"]:
            qrows.append([view["key"], view["title"].text, r["label"], r["share"], r["ci"][0], r["ci"][1],
                          r.get("count"), view["summary"].get("n")])
        if view["kind"] == "number":
            s = view["summary"]
            qrows.append([view["key"], view["title"].text, _("Average"), s.get("mean"), "", "", "", s.get("n")])
    sheet(_("Results"), ["question_key", _("Question"), _("Answer"), _("Share"), _("Lowest likely share"),
                         _("Highest likely share"), _("People"), _("Answered")], qrows)
    brows = []
    for view in ctx["questions"]:
        for b in view["breakdowns"]:
            for r in b["rows"]:
                for col, cell in zip(b["columns"], r["cells"]):
                    brows.append([view["key"], view["title"].text, b["segment"], r["label"], r["n"], col, cell])
    sheet(_("Breakdowns"), ["question_key", _("Question"), _("Segment"), _("Group"), _("Answered"), _("Answer"),
                            _("Share")], brows)
    sheet(_("Data"), table_rows(data, w)[0], table_rows(data, w)[1:])
    themes = data["themes"]
    trows, qts = [], []
    for t in themes.get("items", []):
        sent = t.get("sentiment") or {}
        trows.append([t["id"], w.theme(t["id"]).text, t.get("n", _("hidden")), t.get("share"),
                      sent.get("positive"), sent.get("neutral"), sent.get("negative"), sent.get("mean_compound")])
        for kind, items in ((_("Quote"), t.get("quotes", [])), (_("Minority view"), t.get("minority_views", []))):
            for quote in items:
                qts.append([w.theme(t["id"]).text, kind, quote["language"], quote["text"], quote.get("translation", "")])
    sheet(_("Themes"), ["theme_id", _("Theme"), _("Comments"), _("Share"), _("Positive"), _("Neutral"),
                        _("Negative"), _("Average sentiment")], trows)
    sheet(_("Quotes"), [_("Theme"), _("Kind"), _("Language"), _("Quote"), _("Translation")], qts)
    review = themes.get("review") or {}
    methods = data["methods"]
    sheet(_("Methods"), [_("Item"), _("Value")], [
        [_("Responses"), methods["responses"]],
        [_("Response policy"), methods["response_policy"]],
        [_("Repeat browsers flagged"), methods["repeat_browser"]],
        [_("Suppression threshold"), methods["min_cell"]],
        [_("Weighted"), bool(methods["weighting"])],
        [_("Effective sample size"), part["effective_n"]],
        [_("Comments checked by an analyst"), review.get("checked", 0)],
        [_("Agreement on theme decisions"), review.get("percent_agreement")],
        [_("Cohen's kappa"), review.get("kappa")],
    ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
