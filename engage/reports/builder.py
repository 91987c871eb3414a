"""The report data: plain rows in, one JSON-serialisable dict out — the exact data a published version freezes.

Flask-free. Numbers come from `engage.analysis` (raking, suppression, Wilson intervals, agreement,
sentiment) and from `tables` (the same summaries in bulk). Nothing here writes prose: findings are
kinds with numbers (`{"kind", "params"}`), turned into sentences by translatable templates when the
report is rendered, so every claim is a number the data holds.

Only what may be published goes in: suppressed cells carry no numbers, free text appears only as
redacted, approved quotes.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

from engage.analysis import agreement, compare_with_population, rake, redact
from engage.analysis.crosstabs import MISSING_SEGMENT, suppress
from engage.analysis.text.codebook import Codebook
from engage.analysis.text.redact import redact_details
from engage.analysis.text.sentiment import summarize_sentiment, theme_sentiment
from engage.reports.dataset import Dataset
from engage.reports.tables import EncodedQuestion, Frame

SCHEMA = 1
DEFAULT_MIN_CELL = 10
TRIM = (0.2, 5.0)
#: Segments a report can break results down by (the engine's names).
BREAKDOWN_SEGMENTS = ("district", "age_band", "home_language", "race_ethnicity", "housing", "channel", "locale")
PARTICIPATION_SEGMENTS = ("channel", "locale", "district", "age_band", "home_language", "race_ethnicity", "housing")
QUOTES_PER_THEME = 3
MINORITY_PER_THEME = 2


def build_report_data(
    dataset: Dataset,
    *,
    title: Mapping[str, str] | None = None,
    segments: Sequence[str] = ("district",),
    population: Mapping[str, Mapping[str, float]] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    codebook: Codebook | None = None,
    comments: Sequence[Mapping[str, Any]] = (),
    candidates: Mapping[str, Mapping[str, Sequence[int]]] | None = None,
    sessions: Mapping[str, Any] | None = None,
    redaction: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Assemble every section of a report.

    ``comments`` are reviewed open-text answers: ``{"id", "question_key", "language", "text"
    (redacted), "machine_themes", "analyst_themes" (None until reviewed), "quote_status",
    "translation"}``. ``candidates`` maps theme id to ``{"quotes": [comment ids], "minority_views":
    [...]}`` (the machine's suggestions); only approved ones are published. ``sessions`` is
    ``{"available": bool, "summaries": [...], "totals": {...}}`` from the listening-session feature.
    """
    rows = dataset.rows
    segments = [s for s in segments if s in BREAKDOWN_SEGMENTS]
    weighting = None
    weights = None
    if population:
        raked = rake(rows, {k: dict(v) for k, v in population.items()}, trim=TRIM)
        weights = raked.weights
        weighting = dict(raked.as_dict(), segments=sorted(population), trim=list(TRIM))
    frame = Frame(rows, weights)
    segment_labels = dataset.segment_labels()
    questions = [_question_result(frame, q, segments, min_cell, segment_labels) for q in dataset.questions
                 if q.get("source_type") != "demographic" and q["type"] != "text"]
    themes = _themes(dataset, comments, candidates or {}, codebook, min_cell)
    participation = _participation(dataset, frame, population, weights, weighting, min_cell)
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "generated_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "title": dict(title or dataset.survey["title"]),
        "survey": {k: dataset.survey[k] for k in ("slug", "title", "default_locale", "locales", "response_policy")},
        "settings": {"segments": segments, "min_cell": min_cell, "weighted": weights is not None,
                     "codebook": codebook.name if codebook else None},
        "segment_labels": {s: segment_labels.get(s, {}) for s in set(segments) | set(PARTICIPATION_SEGMENTS)},
        "participation": participation,
        "questions": questions,
        "themes": themes,
        "sessions": _sessions(sessions),
        "methods": _methods(dataset, weighting, min_cell, themes, redaction),
    }
    data["findings"] = key_findings(data)
    return data


# --- design questions -------------------------------------------------------------------------

def _question_result(frame: Frame, question: dict, segments: Sequence[str], min_cell: int,
                     segment_labels: Mapping[str, Any]) -> dict[str, Any]:
    enc: EncodedQuestion = frame.encode(question)
    summary = _publishable(enc.summary(None, frame.weights), min_cell)
    unweighted = _publishable(enc.summary(), min_cell) if frame.weights is not None else None
    breakdowns = []
    for by in segments:
        if by == question.get("segment"):
            continue  # a question broken down by its own answer says nothing
        table = frame.breakdown(enc, by, min_cell, total=summary)
        table.pop("total")
        for group in table["groups"]:
            if "summary" in group:
                group["summary"]["label"] = None
        breakdowns.append(table)
    summary["label"] = None
    if unweighted:
        unweighted["label"] = None
    keep = ("key", "type", "source_type", "label", "section", "choices", "scale", "point_labels", "dont_know")
    result = {k: question[k] for k in keep if k in question}
    result.update({"summary": summary, "unweighted": unweighted, "breakdowns": breakdowns})
    return result


def _publishable(summary: dict, min_cell: int) -> dict:
    """Whole-sample cells are published as they are, except "other" texts (free text, never here)."""
    summary.pop("other_texts", None)
    return summary


# --- who took part ----------------------------------------------------------------------------

def _participation(dataset: Dataset, frame: Frame, population: Mapping | None, weights: Mapping | None,
                   weighting: dict | None, min_cell: int) -> dict[str, Any]:
    rows = dataset.rows
    total = len(rows)
    compared = compare_with_population(rows, {k: dict(v) for k, v in population.items()}, weights) if population else {}
    tables = []
    for by in PARTICIPATION_SEGMENTS:
        groups = frame.groups(by)
        if by not in ("channel", "locale") and all(name == MISSING_SEGMENT for name, _ in groups):
            continue
        counts = {name: int(mask.sum()) for name, mask in groups}
        stated = sum(n for name, n in counts.items() if name != MISSING_SEGMENT)
        pop = (population or {}).get(by, {})
        comp = {c["category"]: c for c in compared.get(by, {}).get("categories", [])}
        names = [c for c in pop if c in counts or True] + sorted(n for n in counts if n not in pop and n != MISSING_SEGMENT)
        names = list(dict.fromkeys(names))
        if MISSING_SEGMENT in counts:
            names.append(MISSING_SEGMENT)
        line = [counts.get(name, 0) for name in names]
        hidden = suppress([line], min_cell)[0] if line else []
        table_rows = []
        for name, count, hide in zip(names, line, hidden):
            entry: dict[str, Any] = {"code": name, "population_share": pop.get(name)}
            if hide:
                entry["suppressed"] = True
            else:
                entry["n"] = count
                base = stated if name != MISSING_SEGMENT else total
                entry["share"] = round(count / base, 6) if base else 0.0
                if name in comp and "weighted_share" in comp[name]:
                    entry["weighted_share"] = comp[name]["weighted_share"]
            table_rows.append(entry)
        tables.append({"by": by, "rows": table_rows, "stated": stated, "weighted": by in (population or {})})
    return {
        "total": total,
        "repeat_browser": sum(1 for r in rows if r.get("repeat_browser")),
        "tables": tables,
        "weighting": weighting,
        "effective_n": weighting["effective_n"] if weighting else float(total),
    }


# --- themes from open text --------------------------------------------------------------------

def _themes(dataset: Dataset, comments: Sequence[Mapping[str, Any]], candidates: Mapping[str, Mapping[str, Sequence[int]]],
            codebook: Codebook | None, min_cell: int) -> dict[str, Any]:
    text_questions = [{"key": q["key"], "label": q["label"]} for q in dataset.questions if q["type"] == "text"]
    base = {"questions": text_questions, "comments": len(comments), "codebook": codebook.name if codebook else None}
    if not codebook or not comments:
        return dict(base, items=[], review={"checked": 0, "comments": len(comments)}, analysed=bool(comments))
    final = [_final_themes(c) for c in comments]
    ids = codebook.ids
    feelings = theme_sentiment_from(comments, final, ids)
    by_id = {int(c["id"]): c for c in comments}
    tagged = sum(1 for t in final if t)
    items = []
    for theme in codebook.themes:
        n = sum(1 for t in final if theme.id in t)
        entry: dict[str, Any] = {"id": theme.id, "label": dict(theme.label)}
        if 0 < n < min_cell:
            entry["suppressed"] = True
        else:
            entry.update({"n": n, "share": round(n / len(comments), 6), "sentiment": _sentiment(feelings.get(theme.id))})
        picks = candidates.get(theme.id) or {}
        entry["quotes"] = _approved(picks.get("quotes", ()), by_id, theme.id, QUOTES_PER_THEME)
        entry["minority_views"] = _approved(picks.get("minority_views", ()), by_id, theme.id, MINORITY_PER_THEME)
        items.append(entry)
    items.sort(key=lambda e: -(e.get("n") or 0))
    shown: set[int] = set()
    for entry in items:  # an answer tagged with several themes is quoted once, under its largest theme
        for part in ("quotes", "minority_views"):
            entry[part] = [q for q in entry[part] if q["id"] not in shown]
            shown.update(q["id"] for q in entry[part])
    return dict(base, items=items, tagged=tagged, review=review_figures(comments, ids), analysed=True,
                sentiment_languages=sorted({c["language"] for c in comments if c["language"] == "en"}))


def theme_sentiment_from(comments: Sequence[Mapping[str, Any]], tags: Sequence[Sequence[str]],
                         theme_ids: Sequence[str]) -> dict[str, dict]:
    """The engine's `theme_sentiment`, from each comment's sentiment stored when it was tagged
    (with, for a long answer, the sentiment of the part that speaks for each machine theme)."""
    stored = [c.get("sentiment") for c in comments]
    if any(s is None for s in stored):
        return theme_sentiment([{"text": c["text"], "language": c["language"]} for c in comments], tags, theme_ids)
    return summarize_sentiment(stored, tags, theme_ids, [s.get("themes") for s in stored])


def _final_themes(comment: Mapping[str, Any]) -> list[str]:
    analyst = comment.get("analyst_themes")
    return list(analyst) if analyst is not None else list(comment.get("machine_themes") or [])


def _sentiment(slot: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not slot:
        return None
    return {k: slot.get(k) for k in ("n", "positive", "neutral", "negative", "without_sentiment", "mean_compound")}


def _approved(ids: Sequence[int], by_id: Mapping[int, Mapping[str, Any]], theme: str, limit: int) -> list[dict]:
    out = []
    for cid in ids:
        c = by_id.get(int(cid))
        if not c or c.get("quote_status") != "approved" or theme not in _final_themes(c):
            continue
        # Redacted when stored; redacted again so a later edit can never publish raw text.
        quote = {"id": int(cid), "text": redact(c["text"]), "language": c["language"], "question_key": c["question_key"]}
        if c.get("translation"):
            quote["translation"] = redact(c["translation"])
        out.append(quote)
        if len(out) >= limit:
            break
    return out


def review_figures(comments: Sequence[Mapping[str, Any]], theme_ids: Sequence[str]) -> dict[str, Any]:
    """How many comments an analyst checked and how far the machine agreed with them."""
    reviewed = [c for c in comments if c.get("analyst_themes") is not None]
    out: dict[str, Any] = {"checked": len(reviewed), "comments": len(comments)}
    if not reviewed:
        return out
    analyst = {str(c["id"]): list(c["analyst_themes"]) for c in reviewed}
    machine = {str(c["id"]): list(c.get("machine_themes") or []) for c in reviewed}
    result = agreement(analyst, machine, list(theme_ids))
    decisions = len(reviewed) * len(theme_ids)
    agree = sum(1 for cid in analyst for t in theme_ids if (t in analyst[cid]) == (t in machine[cid]))
    out.update({
        "kappa": result["mean_kappa"], "exact_match": result["exact_match"],
        "precision": result["micro"]["precision"], "recall": result["micro"]["recall"],
        "f1": result["micro"]["f1"], "percent_agreement": round(agree / decisions, 4) if decisions else None,
        "added": sum(len(set(analyst[c]) - set(machine[c])) for c in analyst),
        "removed": sum(len(set(machine[c]) - set(analyst[c])) for c in analyst),
    })
    return out


# --- listening sessions, methods ---------------------------------------------------------------

def _sessions(sessions: Mapping[str, Any] | None) -> dict[str, Any]:
    if not sessions or not sessions.get("available"):
        return {"available": False, "items": [], "totals": {}}
    items = []
    for s in sessions.get("summaries") or []:
        if s.get("cancelled"):
            continue
        items.append({
            "title": s.get("title") or {}, "starts_at": s.get("starts_at"), "place": s.get("place"),
            "languages": list(s.get("languages") or []), "host_organization": s.get("host_organization"),
            "attendance": s.get("attendance"), "cards": s.get("cards", 0), "paper_forms": s.get("paper_forms", 0),
            "tallies": [
                {k: t.get(k) for k in ("topic_key", "topic_title", "option_code", "option_label", "hands", "dots")}
                for t in s.get("tallies") or []
            ],
            # Facilitators' notes are staff text, but people get named in rooms: redact them too.
            "notes": [{"topic_title": n.get("topic_title"), "text": redact(n.get("text") or "")} for n in s.get("notes") or []],
        })
    totals = {k: v for k, v in (sessions.get("totals") or {}).items() if isinstance(v, (int, float))}
    return {"available": True, "items": items, "totals": totals}


def _methods(dataset: Dataset, weighting: dict | None, min_cell: int, themes: Mapping[str, Any],
             redaction: Mapping[str, Any] | None) -> dict[str, Any]:
    if redaction is None:  # not tagged yet: count what redaction would find
        found: dict[str, int] = {}
        for t in dataset.texts:
            for kind, count in redact_details(t["text"]).found.items():
                found[kind] = found.get(kind, 0) + count
        redaction = {"texts": len(dataset.texts), "found": found}
    return {
        "response_policy": dataset.survey["response_policy"],
        "responses": len(dataset.rows),
        "repeat_browser": sum(1 for r in dataset.rows if r.get("repeat_browser")),
        "min_cell": min_cell,
        "weighting": weighting,
        "redaction": dict(redaction),
        "review": themes.get("review", {}),
        "codebook": themes.get("codebook"),
    }


# --- key findings -------------------------------------------------------------------------------

def _top(choices: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    visible = [c for c in choices if "share" in c]
    return max(visible, key=lambda c: c["share"]) if visible else None


def question_finding(q: Mapping[str, Any]) -> dict[str, Any] | None:
    """One sentence's worth of numbers for a question: its leading answer with the interval."""
    s = q["summary"]
    if not s.get("n"):
        return None
    base = {"question": q["key"], "n": s["n"]}
    if q["type"] in ("single_choice", "yes_no", "multiple_choice"):
        top = _top(s["choices"])
        if not top:
            return None
        kind = "top_multi" if q["type"] == "multiple_choice" else "top_choice"
        return {"kind": kind, "params": dict(base, choice=top["code"], share=top["share"], low=top["ci95"][0], high=top["ci95"][1])}
    if q["type"] == "likert":
        box = s["top2_box"]
        if s.get("mean") is None:
            return None
        return {"kind": "likert", "params": dict(base, n=s["n_rated"], share=box["share"], low=box["ci95"][0],
                                                 high=box["ci95"][1], mean=s["mean"], scale=s["scale"])}
    if q["type"] == "ranking":
        if not s["items"]:
            return None
        first = s["items"][0]
        return {"kind": "ranking_top", "params": dict(base, choice=first["code"], share=first["first_choice"]["share"])}
    if q["type"] == "number" and s.get("mean") is not None:
        return {"kind": "number", "params": dict(base, mean=s["mean"], median=s["median"])}
    return None


def segment_gaps(data: Mapping[str, Any], limit: int = 3) -> list[dict[str, Any]]:
    """The widest differences between segment groups whose 95% intervals do not overlap."""
    gaps = []
    for q in data["questions"]:
        if q["type"] not in ("single_choice", "yes_no", "multiple_choice"):
            continue
        top = _top(q["summary"]["choices"])
        if not top:
            continue
        for table in q["breakdowns"]:
            shown = []
            for g in table["groups"]:
                if g.get("suppressed") or g["group"] == MISSING_SEGMENT:
                    continue
                cell = next((c for c in g["summary"]["choices"] if c.get("code") == top["code"]), None)
                if cell and "share" in cell:
                    shown.append((g["group"], cell))
            if len(shown) < 2:
                continue
            high = max(shown, key=lambda x: x[1]["share"])
            low = min(shown, key=lambda x: x[1]["share"])
            if low[1]["ci95"][1] < high[1]["ci95"][0]:
                gaps.append({"kind": "segment_gap", "params": {
                    "question": q["key"], "choice": top["code"], "by": table["by"],
                    "high_group": high[0], "high_share": high[1]["share"], "low_group": low[0], "low_share": low[1]["share"],
                    "gap": round(high[1]["share"] - low[1]["share"], 6),
                }})
    gaps.sort(key=lambda g: -g["params"]["gap"])
    return gaps[:limit]


def key_findings(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    p = data["participation"]
    channels = next((t for t in p["tables"] if t["by"] == "channel"), {"rows": []})
    locales = next((t for t in p["tables"] if t["by"] == "locale"), {"rows": []})
    findings = [{"kind": "participation", "params": {
        "n": p["total"], "channels": len(channels["rows"]), "languages": len(locales["rows"]),
    }}]
    if p["weighting"]:
        findings.append({"kind": "weighted", "params": {"n": p["total"], "effective_n": round(p["effective_n"])}})
    for q in data["questions"]:
        finding = question_finding(q)
        q["finding"] = finding
        if finding:
            findings.append(finding)
    findings.extend(segment_gaps(data))
    items = [t for t in data["themes"].get("items", []) if t.get("n")]
    if items:
        top = items[0]
        findings.append({"kind": "theme_top", "params": {"theme": top["id"], "n": top["n"], "share": top["share"],
                                                          "comments": data["themes"]["comments"]}})
    review = data["themes"].get("review") or {}
    if review.get("checked"):
        findings.append({"kind": "review", "params": {"checked": review["checked"], "comments": review["comments"],
                                                      "percent_agreement": review.get("percent_agreement"),
                                                      "kappa": review.get("kappa")}})
    return findings
