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

import numpy as np

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


def suppress(
    table: list[list[int]],
    min_cell: int,
    hidden_rows: Sequence[int] = (),
    row_lines: Sequence[Sequence[int]] = (),
) -> list[list[bool]]:
    """Which cells of a count table to hide (primary and complementary suppression).

    Primary: 0 < count < min_cell. Complementary: while some row or column has exactly one hidden
    cell, also hide the smallest non-zero visible cell of that line (if the line has none, a
    zero). Rows in ``hidden_rows`` (groups too small to show) are hidden whole. ``row_lines`` are
    further subsets of columns whose sum is published in every row (a Likert question's rated
    points, whose total is the number who gave a rating): they are protected the same way.
    Then an audit: while a hidden non-zero cell still follows from the line totals (hidden zeros
    in a line with nothing left to share are known zeros; chains of lines can pin a cell; see
    :func:`_exposed`), the smallest visible cell of a line through it is hidden too.
    """
    rows = len(table)
    cols = len(table[0]) if rows else 0
    if any(len(row) != cols for row in table):
        raise ValueError("suppress needs a rectangular table (one column per answer code in every row)")
    hidden = [[0 < table[r][c] < min_cell or r in hidden_rows for c in range(cols)] for r in range(rows)]

    def lines() -> list[list[tuple[int, int]]]:
        out = [[(r, c) for c in range(cols)] for r in range(rows)]
        out += [[(r, c) for c in subset] for r in range(rows) for subset in row_lines]
        return out + [[(r, c) for r in range(rows)] for c in range(cols)]

    all_lines = lines()

    def complete_lines() -> None:
        changed = True
        while changed:
            changed = False
            for line in all_lines:
                hidden_cells = [(r, c) for r, c in line if hidden[r][c]]
                if len(hidden_cells) != 1:
                    continue
                if _hide_one_more(table, hidden, line):
                    changed = True

    complete_lines()
    # Audit: two hidden cells per line is not always enough (hidden zeros in a line with nothing
    # left to share are known zeros; chains of lines can pin a cell). Hide more until no hidden
    # non-zero cell follows from the published totals.
    # A one-cell line (a column of a one-row table) is the cell itself, not a total published
    # beside it: it is left out of the audit, as the complementary step cannot protect it anyway.
    totals = [line for line in all_lines if len(line) > 1]
    while True:
        exposed = _exposed(table, hidden, totals)
        if not exposed:
            break
        r, c = exposed[0]
        through = [line for line in all_lines if (r, c) in line]
        if not any(_hide_one_more(table, hidden, line) for line in through):
            break  # everything around it is hidden already: nothing more to give up
        complete_lines()
    return hidden


def _hide_one_more(table: list[list[int]], hidden: list[list[bool]], line: list[tuple[int, int]]) -> bool:
    """Hide the smallest non-zero visible cell of ``line`` (a zero if that is all it has)."""
    candidates = [(table[r][c], r, c) for r, c in line if not hidden[r][c] and table[r][c] > 0]
    if not candidates:
        # Only zeros left visible: a zero is known, so the single hidden cell would follow
        # from the total. Hide a zero too; it is the cheapest cell to give up.
        candidates = [(0, r, c) for r, c in line if not hidden[r][c]]
    if not candidates:
        return False
    _, r, c = min(candidates)
    hidden[r][c] = True
    return True


def _exposed(table: list[list[int]], hidden: list[list[bool]], lines: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """Hidden non-zero cells that the published line totals give away.

    Counts are not negative, so hidden cells of a line whose hidden part sums to 0 are known
    zeros; the rest are unknowns of the linear system "each line's hidden cells sum to its total
    minus its visible cells". An unknown is determined when it takes part in no solution of the
    homogeneous system, i.e. its coordinate vanishes on the whole null space.
    """
    known: set[tuple[int, int]] = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            unknown = [(r, c) for r, c in line if hidden[r][c] and (r, c) not in known]
            if unknown and sum(table[r][c] for r, c in unknown) == 0:
                known.update(unknown)
                changed = True
    exposed = [cell for cell in known if table[cell[0]][cell[1]] > 0]
    unknowns = sorted({(r, c) for line in lines for r, c in line if hidden[r][c]} - known)
    if unknowns:
        index = {cell: i for i, cell in enumerate(unknowns)}
        matrix = np.zeros((len(lines), len(unknowns)))
        for i, line in enumerate(lines):
            for cell in line:
                j = index.get(cell)
                if j is not None:
                    matrix[i, j] = 1.0
        _, singular, vt = np.linalg.svd(matrix)
        rank = int((singular > 1e-9).sum())
        null = vt[rank:]
        for cell, j in index.items():
            if table[cell[0]][cell[1]] > 0 and (null.shape[0] == 0 or np.abs(null[:, j]).max() < 1e-9):
                exposed.append(cell)
    return sorted(exposed)


def _cells(summary: dict) -> list[tuple[str, dict]]:
    """The count cells of a summary, in the summary's own order."""
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


# Figures of a Likert summary computed from its points: with any point hidden, each of them would
# give the hidden count back (top-2 box minus a visible point 5 is point 4).
LIKERT_DERIVED = ("mean", "sd", "top2_box", "bottom2_box")


def hide_likert_derived(summary: dict, hidden_codes: set[str]) -> None:
    """In a Likert group with a hidden cell, hide what would let it be worked out."""
    if not hidden_codes:
        return
    for name in LIKERT_DERIVED:
        summary[name] = {"suppressed": True}
    summary["derived_suppressed"] = True
    if "dont_know" in hidden_codes:
        # "Don't know" = n - n_rated, and every rated point's share and "n" give n_rated away, so
        # the rated base goes too: visible points keep their counts only.
        summary["n_rated"] = {"suppressed": True}
        summary["n_effective"] = {"suppressed": True}
        for cell in summary["distribution"]:
            if not cell.get("suppressed"):
                for name in ("n", "share", "ci95"):
                    cell.pop(name, None)
                cell["share_suppressed"] = True


def suppress_groups(
    names: Sequence[str],
    summaries: Sequence[dict],
    unweighted: Sequence[dict],
    min_cell: int,
    *,
    codes: Sequence[str] | None = None,
    likert: bool = False,
) -> tuple[list[str], list[dict]]:
    """Apply small-cell and complementary suppression to per-group summaries (mutated in place).

    ``summaries`` are what gets published (weighted or not); ``unweighted`` give the counts that
    decide. Columns are matched by code, not position (ranking items come sorted by score,
    differently per group): ``codes`` names them, default the first group's cells. Returns the
    codes and the groups as :func:`breakdown` publishes them. Shared with the council report's
    bulk tables so both suppress identically.
    """
    per_group = [dict(_cells(u)) for u in unweighted]
    if codes is None:
        codes = [code for code, _ in _cells(unweighted[0])] if unweighted else []
    codes = list(codes)
    table = [[_raw_count(cells[code]) for code in codes] for cells in per_group]
    # A group too small to show at all is a row of hidden cells (so its total is hidden too).
    small = [u["n"] < min_cell for u in unweighted]
    # A Likert question publishes how many gave a rating: the rated points are a line of their own.
    rated_line = [[c for c, code in enumerate(codes) if code != "dont_know"]] if likert else []
    if table and codes:
        hidden = suppress(table, min_cell, [r for r, is_small in enumerate(small) if is_small], rated_line)
    else:
        hidden = [[] for _ in names]
    out_groups: list[dict] = []
    for r, name in enumerate(names):
        if small[r]:
            out_groups.append({"group": name, "suppressed": True, "reason": f"fewer than {min_cell} respondents"})
            continue
        summary = summaries[r]
        cells = dict(_cells(summary))
        hidden_codes = {code for c, code in enumerate(codes) if hidden[r][c]}
        for code in hidden_codes:
            cells[code].clear()
            cells[code].update({"suppressed": True, "code": code})
        if likert:
            hide_likert_derived(summary, hidden_codes)
        out_groups.append({"group": name, "n": unweighted[r]["n"], "summary": summary})
    return codes, out_groups


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
    groups where it does not occur (:func:`engage.analysis.closed.answer_codes`). In a Likert group
    with a hidden cell, mean, sd and top/bottom-two boxes are ``{"suppressed": True}`` too (and,
    when "don't know" is hidden, the rated base: ``n_rated`` and the points' shares).
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
    codes = list(all_codes) if question.get("type") == "ranking" else None
    codes, out_groups = suppress_groups(
        names, [summaries[g] for g in names], [unweighted[g] for g in names], min_cell, codes=codes,
        likert=question.get("type") == "likert",
    )
    return {
        "key": question["key"],
        "by": by,
        "min_cell": min_cell,
        "weighted": weights is not None,
        "codes": codes,
        "groups": out_groups,
        "total": summarize_question(question, rows, weights, codes=all_codes),
    }
