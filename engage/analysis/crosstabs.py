"""Segment breakdowns of closed questions, with small-cell and complementary suppression.

A cell is the number of respondents in one segment group who gave one answer. Cells below
``min_cell`` (but above zero) are suppressed; then, so that no suppressed cell can be worked out
by subtraction from a published row or column total, more cells are suppressed until every row
and every column holding a suppressed cell holds at least two. Segment groups smaller than
``min_cell`` are suppressed whole. Suppression is decided on unweighted counts, since those are
what could identify a person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from engage.analysis.closed import answer_codes, summarize_question

MISSING_SEGMENT = "not_stated"


def segment_value(row: Mapping[str, Any], by: str) -> str:
    """The row's group for segment ``by``; missing, empty and "prefer_not" share one group."""
    if by in ("channel", "locale"):
        value = row.get(by)
    else:
        value = (row.get("segments") or {}).get(by)
    if value is None or str(value).strip() == "" or value == "prefer_not":
        return MISSING_SEGMENT
    return str(value)


def suppress(table: list[list[int]], min_cell: int, hidden_rows: Sequence[int] = ()) -> list[list[bool]]:
    """Which cells of a count table to hide (primary and complementary suppression).

    Primary: 0 < count < min_cell. Complementary: while some row or column has exactly one hidden
    cell, also hide the smallest non-zero visible cell of that line (if the line has none, a
    zero). Rows in ``hidden_rows`` (groups too small to show) are hidden whole.
    """
    rows = len(table)
    cols = len(table[0]) if rows else 0
    if any(len(row) != cols for row in table):
        raise ValueError("suppress needs a rectangular table (one column per answer code in every row)")
    hidden = [[0 < table[r][c] < min_cell or r in hidden_rows for c in range(cols)] for r in range(rows)]

    def lines() -> list[list[tuple[int, int]]]:
        return [[(r, c) for c in range(cols)] for r in range(rows)] + [
            [(r, c) for r in range(rows)] for c in range(cols)
        ]

    changed = True
    while changed:
        changed = False
        for line in lines():
            hidden_cells = [(r, c) for r, c in line if hidden[r][c]]
            if len(hidden_cells) != 1:
                continue
            candidates = [(table[r][c], r, c) for r, c in line if not hidden[r][c] and table[r][c] > 0]
            if not candidates:
                # Only zeros left visible: a zero is known, so the single hidden cell would follow
                # from the total. Hide a zero too; it is the cheapest cell to give up.
                candidates = [(0, r, c) for r, c in line if not hidden[r][c]]
            if not candidates:
                continue
            _, r, c = min(candidates)
            hidden[r][c] = True
            changed = True
    return hidden


def _cells(summary: dict) -> list[tuple[str, dict]]:
    kind = summary["type"]
    if kind in ("single_choice", "multiple_choice", "yes_no"):
        return [(c["code"], c) for c in summary["choices"]]
    if kind == "likert":
        return [(str(d["point"]), d) for d in summary["distribution"]] + [("dont_know", summary["dont_know"])]
    if kind == "ranking":
        return [(i["code"], i["first_choice"]) for i in summary["items"]]
    return []


def _raw_count(cell: dict) -> int:
    return int(cell.get("respondents", round(cell.get("count", 0))))


def breakdown(
    question: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    by: str = "district",
    min_cell: int = 10,
    weights: Mapping[str, float] | None = None,
) -> dict:
    """Summarise ``question`` within each group of segment ``by``, with suppression.

    Returns ``{"by", "min_cell", "groups": [{"group", "n", "suppressed"?, "summary"}], "total"}``.
    In each group's summary, a suppressed answer cell is replaced by ``{"suppressed": True, ...}``
    keeping only its code; a whole group below ``min_cell`` respondents is ``{"suppressed": True}``.

    Every group lists the same cells, in the order of ``codes``: the question's choices, then any
    code outside the choice list that some row gives (in order of first appearance), with zeros in
    groups where it does not occur (:func:`engage.analysis.closed.answer_codes`).
    """
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(segment_value(row, by), []).append(row)
    names = sorted(groups)
    all_codes = answer_codes(question, rows)
    summaries = {g: summarize_question(question, groups[g], weights, codes=all_codes) for g in names}
    unweighted = {
        g: summarize_question(question, groups[g], codes=all_codes) if weights is not None else summaries[g]
        for g in names
    }
    # Columns by code, not by position: ranking items come sorted by score, differently per group.
    per_group = [dict(_cells(unweighted[g])) for g in names]
    codes = [code for code, _ in _cells(unweighted[names[0]])] if names else []
    if question.get("type") == "ranking":
        codes = list(all_codes)
    table = [[_raw_count(cells[code]) for code in codes] for cells in per_group]
    # A group too small to show at all is a row of hidden cells (so its total is hidden too).
    small = [unweighted[g]["n"] < min_cell for g in names]
    if table and codes:
        hidden = suppress(table, min_cell, [r for r, is_small in enumerate(small) if is_small])
    else:
        hidden = [[] for _ in names]
    out_groups = []
    for r, g in enumerate(names):
        entry: dict[str, Any] = {"group": g, "n": unweighted[g]["n"]}
        if small[r]:
            entry = {"group": g, "suppressed": True, "reason": f"fewer than {min_cell} respondents"}
            out_groups.append(entry)
            continue
        summary = summaries[g]
        cells = dict(_cells(summary))
        hidden_codes = {code for c, code in enumerate(codes) if hidden[r][c]}
        for code in hidden_codes:
            cells[code].clear()
            cells[code].update({"suppressed": True, "code": code})
        entry["summary"] = summary
        out_groups.append(entry)
    return {
        "key": question["key"],
        "by": by,
        "min_cell": min_cell,
        "weighted": weights is not None,
        "codes": codes,
        "groups": out_groups,
        "total": summarize_question(question, rows, weights, codes=all_codes),
    }
