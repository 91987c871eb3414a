"""Breakdowns line cells up by code and hide whatever would give a suppressed cell back."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engage.analysis import breakdown


def response(i, district, answer):
    return {"response_id": f"r{i}", "segments": {"district": district}, "answers": {"q": answer}}


def test_a_code_outside_the_choice_list_in_some_groups_only_is_a_column_everywhere():
    q = {"key": "q", "type": "single_choice", "choices": [{"code": "yes"}, {"code": "no"}]}
    rows = [response(i, "d1", "yes") for i in range(20)] + [response(50 + i, "d1", "retired_code") for i in range(12)]
    rows += [response(100 + i, "d2", "no") for i in range(25)]
    out = breakdown(q, rows, by="district", min_cell=10)  # used to raise IndexError (ragged table)
    assert out["codes"] == ["yes", "no", "retired_code"]
    for group in out["groups"]:
        assert [c["code"] for c in group["summary"]["choices"]] == out["codes"]
        assert sum(c["share"] for c in group["summary"]["choices"]) == 1.0
    d2 = {c["code"]: c for c in out["groups"][1]["summary"]["choices"]}
    assert d2["retired_code"]["count"] == 0
    assert [c["code"] for c in out["total"]["choices"]] == out["codes"]


def test_multiple_choice_and_ranking_with_unlisted_codes_do_not_crash():
    for kind in ("multiple_choice", "ranking"):
        q = {"key": "q", "type": kind, "choices": [{"code": c} for c in "abc"]}
        rows = [response(i, "d1", ["a", "b"]) for i in range(15)] + [response(20 + i, "d1", ["zz"]) for i in range(3)]
        rows += [response(40 + i, "d2", ["c", "a"]) for i in range(15)]
        out = breakdown(q, rows, by="district", min_cell=10)
        assert out["codes"] == ["a", "b", "c", "zz"]


def _hidden_table(out, key_of_cells):
    """Count table and hidden mask by code over every group (whole hidden groups included)."""
    hidden = []
    for g in out["groups"]:
        if g.get("suppressed"):
            hidden.append([True] * len(out["codes"]))
            continue
        cells = key_of_cells(g["summary"])
        hidden.append([bool(cells[code].get("suppressed")) for code in out["codes"]])
    return hidden


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.permutations("abcd").map(lambda p: list(p[:2])), min_size=0, max_size=40),
                min_size=2, max_size=5), st.integers(3, 12))
def test_ranking_columns_are_codes_so_complementary_suppression_holds(groups, min_cell):
    q = {"key": "q", "type": "ranking", "choices": [{"code": c} for c in "abcd"]}
    rows = [response(f"{g}-{i}", f"d{g}", answer) for g, answers in enumerate(groups) for i, answer in enumerate(answers)]
    if len({r["segments"]["district"] for r in rows}) < 2:
        return  # one group is the total: nothing to hide it behind
    out = breakdown(q, rows, by="district", min_cell=min_cell)
    hidden = _hidden_table(out, lambda s: {i["code"]: i["first_choice"] for i in s["items"]})
    for c in range(len(out["codes"])):
        # Each code's first-choice count is published in the total: one hidden cell would follow.
        assert sum(row[c] for row in hidden) != 1


# --- Likert: derived figures -------------------------------------------------------------------------

SCALE = 5
CODES = [str(p) for p in range(1, SCALE + 1)] + ["dont_know"]


def likert_rows(counts):
    rows, i = [], 0
    for g, row in enumerate(counts):
        for code, count in zip(CODES, row):
            for _ in range(count):
                rows.append(response(i, f"d{g}", code if code == "dont_know" else int(code)))
                i += 1
    return rows


def _equations(out):
    """Every published figure of a Likert breakdown as a linear equation over all its cells.

    Unknowns: one per (group, answer) cell. Returns (A, b) for A @ x = b.
    """
    groups = out["groups"]
    k = len(CODES)
    nvar = len(groups) * k
    A, b = [], []

    def eq(coeffs, value):
        row = np.zeros(nvar)
        for index, coef in coeffs:
            row[index] = coef
        A.append(row)
        b.append(value)

    for g, group in enumerate(groups):
        at = lambda c: g * k + c  # noqa: E731
        if group.get("suppressed"):
            continue
        s = group["summary"]
        eq([(at(c), 1.0) for c in range(k)], group["n"])  # the group's total
        cells = [*s["distribution"], s["dont_know"]]
        for c, cell in enumerate(cells):
            if not cell.get("suppressed"):
                eq([(at(c), 1.0)], cell["count"])
        rated = [(at(c), 1.0) for c in range(SCALE)]
        n_rated = s["n_rated"] if isinstance(s["n_rated"], int) else None
        for cell in s["distribution"]:
            if n_rated is None and "n" in cell:
                n_rated = cell["n"]
            if n_rated is None and cell.get("share"):
                n_rated = round(cell["count"] / cell["share"])
        if n_rated is not None:
            eq(rated, n_rated)
        for name, points in (("top2_box", (SCALE - 1, SCALE)), ("bottom2_box", (1, 2))):
            box = s[name]
            if not box.get("suppressed"):
                eq([(at(p - 1), 1.0) for p in points], box["count"])
        mean, sd = s["mean"], s["sd"]
        if isinstance(mean, float):
            # sum p * x_p = mean * n_rated, written without n_rated: sum (p - mean) x_p = 0
            eq([(at(p - 1), p - mean) for p in range(1, SCALE + 1)], 0.0)
            if isinstance(sd, float):
                eq([(at(p - 1), (p - mean) ** 2 - sd ** 2) for p in range(1, SCALE + 1)], 0.0)
    total = out["total"]
    for c, cell in enumerate([*total["distribution"], total["dont_know"]]):
        eq([(g * k + c, 1.0) for g in range(len(groups))], cell["count"])
    return np.array(A), np.array(b)


def _determined(A, index):
    """Whether x[index] follows from A @ x = b (its unit vector lies in A's row space)."""
    e = np.zeros(A.shape[1])
    e[index] = 1.0
    return np.linalg.matrix_rank(np.vstack([A, e]), tol=1e-6) == np.linalg.matrix_rank(A, tol=1e-6)


likert_tables = st.lists(st.lists(st.integers(0, 25), min_size=len(CODES), max_size=len(CODES)), min_size=2, max_size=4)


@settings(max_examples=200, deadline=None)
@given(likert_tables, st.integers(3, 12))
def test_no_suppressed_likert_cell_is_recoverable_from_published_figures(counts, min_cell):
    rows = likert_rows(counts)
    if len({r["segments"]["district"] for r in rows}) < 2:
        return  # one group is the total: nothing to hide it behind
    counts = [row for row in counts if sum(row)]  # groups without rows do not exist
    out = breakdown({"key": "q", "type": "likert", "scale": SCALE}, rows, by="district", min_cell=min_cell)
    A, _ = _equations(out)
    for g, group in enumerate(out["groups"]):
        if group.get("suppressed"):
            hidden = range(len(CODES))
        else:
            s = group["summary"]
            hidden = [c for c, cell in enumerate([*s["distribution"], s["dont_know"]]) if cell.get("suppressed")]
            if hidden:
                assert all(s[name] == {"suppressed": True} for name in ("mean", "sd", "top2_box", "bottom2_box"))
        for c in hidden:
            if counts[g][c] == 0:
                continue  # a hidden zero is nobody: only cells with people in them must stay unknown
            assert not _determined(A, g * len(CODES) + c), (group["group"], CODES[c])


def test_top2_box_no_longer_gives_a_hidden_point_away():
    # d1: 3 people chose 4 (hidden), 20 chose 5; top-2 = 23 used to stay visible.
    counts = [[10, 10, 10, 3, 20, 10], [10, 10, 10, 12, 20, 10]]
    out = breakdown({"key": "q", "type": "likert", "scale": SCALE}, likert_rows(counts), by="district")
    d0 = out["groups"][0]["summary"]
    assert d0["distribution"][3]["suppressed"] is True
    assert d0["top2_box"] == {"suppressed": True} and d0["mean"] == {"suppressed": True}
    assert d0["derived_suppressed"] is True


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 6).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 30), min_size=cols, max_size=cols), min_size=2, max_size=6)),
    st.integers(2, 12))
def test_suppression_leaves_no_non_zero_cell_determined_by_row_and_column_totals(table, min_cell):
    from engage.analysis import suppress

    hidden = suppress(table, min_cell)
    rows, cols = len(table), len(table[0])
    cells = [(r, c) for r in range(rows) for c in range(cols) if hidden[r][c]]
    if not cells:
        return
    A = np.array([[1.0 if r == row else 0.0 for r, _ in cells] for row in range(rows)]
                 + [[1.0 if c == col else 0.0 for _, c in cells] for col in range(cols)])
    for j, (r, c) in enumerate(cells):
        if table[r][c] > 0:
            assert not _determined(A, j), (r, c)
