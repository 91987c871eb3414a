"""Wilson intervals, Kish effective n and closed-question summaries."""

import json

import pytest


def approx(value, abs=1e-5):
    """Results are rounded to 6 decimals for JSON."""
    return pytest.approx(value, abs=abs)

from engage.analysis import kish_effective_n, summarize_question, wilson_interval


@pytest.mark.parametrize(
    "successes,n,low,high",
    [
        (5, 10, 0.2366, 0.7634),  # textbook value
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 20, 0.0089, 0.2361),
    ],
)
def test_wilson_interval_matches_known_values(successes, n, low, high):
    got = wilson_interval(successes, n)
    assert got[0] == approx(low, abs=1e-4)
    assert got[1] == approx(high, abs=1e-4)


def test_wilson_interval_of_nothing_is_empty():
    assert wilson_interval(0, 0) == (0.0, 0.0)


def test_kish_effective_n():
    assert kish_effective_n([1, 1, 1, 1]) == approx(4)
    assert kish_effective_n([2, 1, 1]) == approx(16 / 6)


def rows(*answers, key="q"):
    return [{"response_id": f"r{i}", "answers": {key: a} if a is not None else {}} for i, a in enumerate(answers)]


def test_single_choice_counts_shares_and_missing():
    q = {"key": "q", "type": "single_choice", "choices": [{"code": "a"}, {"code": "b"}, {"code": "c"}]}
    out = summarize_question(q, rows("a", "a", "b", None, ""))
    assert out["n"] == 3 and out["n_missing"] == 2
    shares = {c["code"]: c["share"] for c in out["choices"]}
    assert shares == approx({"a": 2 / 3, "b": 1 / 3, "c": 0.0})
    a = next(c for c in out["choices"] if c["code"] == "a")
    assert a["ci95"] == approx(list(wilson_interval(2, 3)), abs=1e-6)
    json.dumps(out)


def test_multiple_choice_shares_sum_past_one_and_collect_other_text():
    q = {"key": "q", "type": "multiple_choice", "choices": [{"code": "a"}, {"code": "b"}, {"code": "other"}]}
    data = rows(["a", "b"], ["a"], ["other"])
    data[2]["answers"]["q__other"] = "street outreach"
    out = summarize_question(q, data)
    assert out["shares_sum"] == approx(4 / 3)
    assert "100%" in out["note"]
    assert out["other_texts"] == [{"response_id": "r2", "locale": None, "text": "street outreach"}]


def test_likert_distribution_mean_top2_and_dont_know():
    q = {"key": "q", "type": "likert", "scale": 5}
    out = summarize_question(q, rows(5, 4, 4, 2, 1, "dont_know"))
    assert out["n"] == 6 and out["n_rated"] == 5
    assert out["mean"] == approx(16 / 5)
    assert out["top2_box"]["share"] == approx(3 / 5)
    assert out["bottom2_box"]["share"] == approx(2 / 5)
    assert out["dont_know"]["share"] == approx(1 / 6)
    assert [d["count"] for d in out["distribution"]] == [1, 1, 0, 2, 1]


def test_ranking_borda_first_choice_and_mean_rank():
    q = {"key": "q", "type": "ranking", "choices": [{"code": "a"}, {"code": "b"}, {"code": "c"}]}
    out = summarize_question(q, rows(["a", "b", "c"], ["b", "a", "c"], ["a", "c"]))
    items = {i["code"]: i for i in out["items"]}
    # m = 3: first place 2 points, second 1, third 0.
    assert items["a"]["borda"] == 2 + 1 + 2
    assert items["b"]["borda"] == 1 + 2
    assert items["c"]["borda"] == 0 + 0 + 1
    assert items["a"]["first_choice"]["share"] == approx(2 / 3)
    assert items["a"]["mean_rank"] == approx(4 / 3)
    assert out["items"][0]["code"] == "a"


def test_weighted_summary_uses_weights_and_effective_n():
    q = {"key": "q", "type": "yes_no"}
    data = rows("yes", "no", "no")
    out = summarize_question(q, data, weights={"r0": 2.0, "r1": 1.0, "r2": 1.0})
    yes = next(c for c in out["choices"] if c["code"] == "yes")
    assert yes["share"] == approx(0.5)
    assert out["n_effective"] == approx(16 / 6, abs=1e-3)
    assert out["weighted"] is True


def test_number_question():
    out = summarize_question({"key": "q", "type": "number"}, rows(1, 2, 3, 10))
    assert out["mean"] == approx(4) and out["median"] == 2 and out["max"] == 10


def test_other_texts_are_redacted_before_they_are_in_any_result():
    from engage.analysis import breakdown

    q = {"key": "q", "type": "single_choice", "choices": [{"code": "a"}, {"code": "other"}]}
    data = rows("other", "other", "a")
    data[0]["answers"]["q__other"] = "My name is Ann Lee, call 270-555-0134 or ann@example.com"
    data[1]["answers"]["q__other"] = "I'm Mike Johnson from Westfield: street outreach"
    for r in data:
        r["segments"] = {"district": "d1"}
    results = [summarize_question(q, data), breakdown(q, data, by="district", min_cell=1)]
    dumped = json.dumps(results)
    for raw in ("Ann", "Lee", "555-0134", "ann@example.com", "Mike", "Johnson"):
        assert raw not in dumped
    texts = [t["text"] for t in results[0]["other_texts"]]
    assert texts == ["My name is [name], call [phone] or [email]", "I'm [name] from Westfield: street outreach"]
