"""Segment breakdowns: suppression that cannot be undone, and raking to population margins."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engage.analysis import breakdown, compare_with_population, population_from_rows, rake, suppress
from engage.analysis.errors import InputError


def approx(value, abs=1e-5):
    """Results are rounded to 6 decimals for JSON."""
    return pytest.approx(value, abs=abs)


def _unrecoverable(table, hidden, min_cell):
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            if 0 < value < min_cell:
                assert hidden[r][c], "every small cell is hidden"
    lines = [[(r, c) for c in range(len(table[0]))] for r in range(len(table))]
    lines += [[(r, c) for r in range(len(table))] for c in range(len(table[0]))]
    for line in lines:
        count = sum(1 for r, c in line if hidden[r][c])
        # One hidden cell in a line would follow from the line's published total.
        assert count != 1


tables = st.integers(2, 6).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 40), min_size=cols, max_size=cols), min_size=2, max_size=7)
)


@settings(max_examples=300, deadline=None)
@given(tables, st.integers(2, 15))
def test_no_suppressed_cell_is_recoverable_from_totals(table, min_cell):
    hidden = suppress(table, min_cell)
    _unrecoverable(table, hidden, min_cell)


@settings(max_examples=100, deadline=None)
@given(tables, st.integers(2, 15), st.data())
def test_whole_small_groups_are_hidden_and_still_protected(table, min_cell, data):
    row = data.draw(st.integers(0, len(table) - 1))
    hidden = suppress(table, min_cell, [row])
    assert all(hidden[row])
    _unrecoverable(table, hidden, min_cell)


def response(i, district, answer, age="35-44"):
    return {"response_id": f"r{i}", "segments": {"district": district, "age_band": age}, "answers": {"q": answer}}


def test_breakdown_marks_suppressed_cells_and_small_groups():
    q = {"key": "q", "type": "single_choice", "choices": [{"code": "yes"}, {"code": "no"}]}
    rows = [response(i, "d1", "yes") for i in range(30)] + [response(100 + i, "d1", "no") for i in range(3)]
    rows += [response(200 + i, "d2", "yes") for i in range(20)] + [response(300 + i, "d2", "no") for i in range(15)]
    rows += [response(400 + i, "d3", "yes") for i in range(4)]
    out = breakdown(q, rows, by="district", min_cell=10)
    groups = {g["group"]: g for g in out["groups"]}
    assert groups["d3"]["suppressed"] is True and "summary" not in groups["d3"]
    d1 = {c["code"]: c for c in groups["d1"]["summary"]["choices"]}
    assert d1["no"] == {"suppressed": True, "code": "no"}
    # Complementary: d1's "yes" would give "no" away from d1's total.
    assert d1["yes"]["suppressed"] is True
    assert out["total"]["n"] == len(rows)


def test_missing_and_prefer_not_segments_share_a_group():
    q = {"key": "q", "type": "yes_no"}
    rows = [response(i, None if i % 2 else "prefer_not", "yes") for i in range(12)]
    out = breakdown(q, rows, by="district", min_cell=10)
    assert [g["group"] for g in out["groups"]] == ["not_stated"]


def test_raking_converges_to_every_margin():
    rows = []
    i = 0
    for district, age, count in [("d1", "young", 40), ("d1", "old", 10), ("d2", "young", 10), ("d2", "old", 40)]:
        for _ in range(count):
            rows.append(response(i, district, "yes", age))
            i += 1
    rows.append({"response_id": "x", "segments": {"district": None, "age_band": "old"}, "answers": {}})
    population = population_from_rows([
        {"segment": "district", "category": "d1", "share": "0.3"},
        {"segment": "district", "category": "d2", "share": "0.7"},
        {"segment": "age_band", "category": "young", "share": "60"},
        {"segment": "age_band", "category": "old", "share": "40"},
    ])
    result = rake(rows, population, trim=(0.01, 100))
    assert result.converged
    w = result.weights
    stated = [r for r in rows if r["segments"]["district"]]
    d1 = sum(w[r["response_id"]] for r in stated if r["segments"]["district"] == "d1")
    assert d1 / sum(w[r["response_id"]] for r in stated) == approx(0.3, abs=1e-5)
    young = sum(w[r["response_id"]] for r in rows if r["segments"]["age_band"] == "young")
    assert young / sum(w.values()) == approx(0.6, abs=1e-5)
    assert sum(w.values()) / len(w) == approx(1.0)
    assert result.effective_n < len(rows)
    comparison = compare_with_population(rows, population, w)
    d1_line = comparison["district"]["categories"][0]
    assert d1_line["share"] == approx(0.5) and d1_line["weighted_share"] == approx(0.3, abs=1e-5)
    assert comparison["district"]["not_stated"] == 1


def test_trimming_bounds_weights():
    rows = [response(i, "d1", "yes") for i in range(95)] + [response(100 + i, "d2", "yes") for i in range(5)]
    population = population_from_rows([
        {"segment": "district", "category": "d1", "share": "0.5"},
        {"segment": "district", "category": "d2", "share": "0.5"},
    ])
    result = rake(rows, population, trim=(0.5, 3.0))
    assert max(result.weights.values()) <= 3.0 * 1.0001
    assert result.trimmed > 0 and not result.converged


def test_population_rows_are_checked():
    with pytest.raises(InputError):
        population_from_rows([{"segment": "district", "category": "d1", "share": "lots"}])
    with pytest.raises(InputError):
        population_from_rows([{"segment": "district", "category": "d1", "share": "1"}] * 2)
