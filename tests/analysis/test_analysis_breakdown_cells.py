"""Breakdowns line cells up by code and hide whatever would give a suppressed cell back."""

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


