"""The analysis command line: the tag and summarize contracts, and clean failure on bad input."""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engage.analysis.cli import main

CODEBOOK = {
    "name": "tiny",
    "language": "en",
    "themes": [
        {"id": "parks", "label": "Parks", "description": "Parks, playgrounds and benches."},
        {"id": "roads", "label": "Roads", "description": "Potholes, traffic and road repair."},
    ],
}


@pytest.fixture
def files(tmp_path):
    def write(name, content, encoding="utf-8"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding)
        return path

    write("codebook.json", json.dumps(CODEBOOK))
    write("comments.csv", "comment_id,text\n1,The playground benches are broken\n2,\n3,Fix the potholes\n4,   \n")
    return tmp_path, write


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_tags(path):
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["comment_id"], r["themes"]) for r in csv.DictReader(f)]


def test_tag_writes_one_row_per_comment_in_order(files, capsys):
    folder, _ = files
    out = folder / "tags.csv"
    code, stdout, err = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "comments.csv", "--output", out)
    assert code == 0 and err == ""
    assert read_tags(out) == [("1", "parks"), ("2", ""), ("3", "roads"), ("4", "")]
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_tag_accepts_a_bom_and_a_language_column(files, capsys):
    folder, write = files
    write("bom.csv", "\ufeffcomment_id,text,language\na,Potholes on my road,en\n")
    code, _, _ = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "bom.csv", "--output", folder / "t.csv")
    assert code == 0 and read_tags(folder / "t.csv") == [("a", "roads")]


def test_a_language_written_as_its_name_is_read_as_its_code_and_an_unknown_one_is_a_warning(files, capsys):
    folder, write = files
    german = {"language": "de", "themes": [
        {"id": "parks", "label": "Parks", "description": "Parks, Spielplätze und Bänke."},
        {"id": "roads", "label": "Straßen", "description": "Schlaglöcher, Verkehr und Straßenbau."},
    ]}
    write("de.json", json.dumps(german))
    write("named.csv", "comment_id,text,language\na,Die Schlaglöcher in unserer Straße,de-DE\n"
                       "b,Die Schlaglöcher in unserer Straße,Deutsch\nc,Die Schlaglöcher in unserer Straße,German\n"
                       "d,Die Schlaglöcher in unserer Straße,klingon\n")
    out = folder / "named_tags.csv"
    code, _, err = run(capsys, "tag", "--codebook", folder / "de.json", "--input", folder / "named.csv", "--output", out)
    assert code == 0 and [t for _, t in read_tags(out)][:3] == ["roads"] * 3
    assert err.splitlines() == [
        f"warning: comments file {folder / 'named.csv'}: language 'klingon' (1 comment) is not one the tagger "
        "knows, so those comments are read without stemming or the sentence encoder; write it as an ISO 639-1 "
        "code such as 'en' or 'de'"]


def test_tag_learning_mode_and_report(files, capsys):
    folder, write = files
    lines = ["comment_id,text,themes"]
    for i in range(10):
        lines += [f"p{i},swings are broken again {i},parks", f"r{i},asphalt cracks {i},roads", f"n{i},nothing much {i},"]
    write("coded.csv", "\n".join(lines) + "\n")
    write("rest.csv", "comment_id,text\nx,the swings are broken\ny,asphalt cracks\n")
    code, stdout, err = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "rest.csv",
                            "--train", folder / "coded.csv", "--output", folder / "t.csv", "--report", folder / "q.json")
    assert code == 0, err
    assert read_tags(folder / "t.csv") == [("x", "parks"), ("y", "roads")]
    report = json.loads((folder / "q.json").read_text())
    assert report["en"]["mode"] == "learning" and 0 <= report["en"]["micro_f1"] <= 1
    assert "cross-validated" in stdout


def _fails_cleanly(capsys, folder, *args):
    out = folder / "out.csv"
    code, stdout, err = run(capsys, *args, "--output", out)
    assert code != 0
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert not out.exists()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    return err


def test_a_coded_sample_that_names_no_theme_leaves_the_codebook_to_tag_and_says_so(files, capsys):
    folder, write = files
    write("uncoded.csv", "comment_id,text,themes\nc1,Benches in the park,\nc2,Potholes again,\nc3,hello,\n"
                         "c4,the playground,\nc5,road works,\n")
    out, report = folder / "t.csv", folder / "q.json"
    code, stdout, _ = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "comments.csv",
                          "--train", folder / "uncoded.csv", "--output", out, "--report", report)
    assert code == 0 and read_tags(out) == [("1", "parks"), ("2", ""), ("3", "roads"), ("4", "")]
    assert json.loads(report.read_text()) == {
        "en": {"mode": "zero-shot", "reason": "the coded comments in this language name no theme", "coded": 5}}
    assert "en: the coded comments in this language name no theme, so tagged from the codebook alone" in stdout


def test_an_output_that_cannot_be_written_fails_before_tagging_in_one_line(files, capsys):
    folder, _ = files
    for target, message in ((folder, "it is a directory"), (folder / "missing" / "t.csv", f"no folder {folder / 'missing'}")):
        for option in ("--output", "--report"):
            paths = {"--output": folder / "ok.csv", "--report": folder / "ok.json", option: target}
            code, _, err = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "comments.csv",
                               "--output", paths["--output"], "--report", paths["--report"])
            assert code == 2 and err == f"error: cannot write {target}: {message}\n"
    assert not (folder / "ok.csv").exists() and not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_missing_column(files, capsys):
    folder, write = files
    write("bad.csv", "id,text\n1,hello\n")
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", folder / "bad.csv")
    assert "comment_id" in err


def test_non_utf8_input(files, capsys):
    folder, write = files
    write("latin1.csv", "comment_id,text\n1,se\xf1or polic\xeda\n".encode("latin-1"))
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", folder / "latin1.csv")
    assert "UTF-8" in err


def test_a_quote_left_open_fails_instead_of_swallowing_later_rows(files, capsys):
    folder, write = files
    write("open.csv", 'comment_id,text\n1,fine\n2,"never closed\n3,a later answer\n4,another\n')
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", folder / "open.csv")
    assert "line 3" in err and "never closed" in err
    write("stray.csv", 'comment_id,text\n1,"Fix roads" now\n')
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", folder / "stray.csv")
    assert "line 2" in err and "not valid CSV" in err
    # A quote inside an unquoted field is text, as every spreadsheet writes it.
    write("inner.csv", 'comment_id,text\n1,He said "fix it" twice\n')
    assert run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "inner.csv",
               "--output", folder / "inner_out.csv")[0] == 0


def test_an_answer_longer_than_csvs_default_field_limit_is_read(files, capsys):
    folder, write = files
    letter = "The playground benches are broken. " * 5_000  # 175,000 characters, a pasted letter
    write("letter.csv", f'comment_id,text\n1,"{letter}"\n2,Fix the potholes\n')
    out = folder / "letter_tags.csv"
    code, _, err = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "letter.csv",
                       "--output", out)
    assert code == 0 and err == "" and read_tags(out) == [("1", "parks"), ("2", "roads")]


def test_semicolon_and_tab_separated_files_from_european_spreadsheets_are_read(files, capsys):
    folder, write = files
    write("semi.csv", 'comment_id;text\n1;"The playground benches, all of them, are broken"\n2;Fix the potholes\n')
    write("tabs.tsv", "comment_id\ttext\n1\tThe playground benches are broken\n2\tFix the potholes\n")
    write("coded.csv", 'comment_id;text;themes\nc1;Benches in the park;parks\nc2;"Potholes; and benches";"roads;parks"\n')
    for name in ("semi.csv", "tabs.tsv"):
        out = folder / f"{name}.tags.csv"
        code, _, _ = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / name, "--output", out)
        assert code == 0 and read_tags(out) == [("1", "parks"), ("2", "roads")]
    from engage.analysis.csvfiles import read_csv
    assert [r["themes"] for r in read_csv(folder / "coded.csv", ("comment_id", "text", "themes"), "coded sample")] == [
        "parks", "roads;parks"]
    from engage.analysis.cli import _split_themes
    assert _split_themes("roads;parks") == _split_themes("roads, parks") == _split_themes(" roads|parks ") == ["roads", "parks"]


def test_duplicate_comment_ids(files, capsys):
    folder, write = files
    write("dup.csv", "comment_id,text\n1,a\n1,b\n")
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", folder / "dup.csv")
    assert "duplicate" in err


def test_codebook_with_duplicate_theme_ids(files, capsys):
    folder, write = files
    write("cb2.json", json.dumps({"themes": [CODEBOOK["themes"][0], CODEBOOK["themes"][0]]}))
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "cb2.json", "--input", folder / "comments.csv")
    assert "duplicate theme id" in err


def test_a_codebook_reference_gone_wrong_is_a_warning_and_the_comments_are_still_tagged(files, capsys):
    folder, write = files
    themes = [dict(CODEBOOK["themes"][0], description="Parks and benches. Not potholes (road)."),
              CODEBOOK["themes"][1], {"id": "trees", "label": "Trees"}]
    write("typo.json", json.dumps({"themes": themes}))
    out = folder / "tags.csv"
    code, _, err = run(capsys, "tag", "--codebook", folder / "typo.json", "--input", folder / "comments.csv", "--output", out)
    assert code == 0 and read_tags(out)[0] == ("1", "parks")
    assert err.splitlines() == [
        f"warning: codebook {folder / 'typo.json'}: theme 'parks' names 'road', which is not a theme in this "
        "codebook (did you mean 'roads'?)",
        f"warning: codebook {folder / 'typo.json'}: theme 'trees' has only a label: add a description, "
        "keywords or examples, which the tagger reads",
    ]


def test_unknown_theme_in_coded_sample(files, capsys):
    folder, write = files
    write("coded.csv", "comment_id,text,themes\n1,benches,parks;weather\n")
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", folder / "comments.csv",
                         "--train", folder / "coded.csv")
    assert "weather" in err


@pytest.mark.parametrize("target", ["missing.csv", "."])
def test_unreadable_input(files, capsys, target):
    folder, _ = files
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", folder / target)
    assert "cannot read" in err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(files, capsys):
    folder, write = files
    path = write("secret.csv", "comment_id,text\n")
    path.chmod(0)
    _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "codebook.json", "--input", path)


def test_invalid_codebook_json(files, capsys):
    folder, write = files
    write("broken.json", "{not json")
    err = _fails_cleanly(capsys, folder, "tag", "--codebook", folder / "broken.json", "--input", folder / "comments.csv")
    assert "JSON" in err


def test_missing_argument_is_one_line(files, capsys):
    folder, _ = files
    _fails_cleanly(capsys, folder, "tag", "--input", folder / "comments.csv")


QUESTIONS = [
    {"key": "q_categories", "type": "multiple_choice", "choices": [{"code": "mental_health"}, {"code": "welfare"}]},
    {"key": "q_trust", "type": "likert", "scale": 5},
    {"key": "q_rank", "type": "ranking", "choices": [{"code": "a"}, {"code": "b"}]},
]


def _responses(n=40):
    header = "response_id,channel,locale,district,age_band,home_language,race_ethnicity,housing,q_categories,q_trust,q_rank"
    lines = [header]
    for i in range(n):
        district = "d1" if i % 4 else "d2"
        age = "18-34" if i % 2 else "35+"
        trust = "dont_know" if i % 10 == 0 else str(1 + i % 5)
        lines.append(f"r{i},web,en,{district},{age},en,,,mental_health;welfare,{trust},a;b")
    return "\n".join(lines) + "\n"


def test_summarize_with_breakdowns_and_weights(files, capsys):
    folder, write = files
    write("responses.csv", _responses())
    write("questions.json", json.dumps(QUESTIONS))
    write("pop.csv", "segment,category,share\ndistrict,d1,0.5\ndistrict,d2,0.5\nage_band,18-34,0.4\nage_band,35+,0.6\n")
    out = folder / "summary.json"
    code, _, err = run(capsys, "summarize", "--input", folder / "responses.csv", "--questions", folder / "questions.json",
                       "--by", "district", "--population", folder / "pop.csv", "--min-cell", "5", "--output", out)
    assert code == 0, err
    summary = json.loads(out.read_text())
    assert summary["n_responses"] == 40 and summary["weighting"]["converged"]
    categories = summary["questions"][0]["unweighted"]
    assert categories["shares_sum"] == pytest.approx(2.0)
    assert "weighted" in summary["questions"][1]
    assert summary["questions"][1]["breakdowns"]["district"]["weighted"]["by"] == "district"
    assert summary["representativeness"]["district"]["categories"][0]["share"] == pytest.approx(0.75)


def test_summarize_bad_likert_value_fails_cleanly(files, capsys):
    folder, write = files
    write("responses.csv", _responses().replace(",3,a;b", ",seven,a;b", 1))
    write("questions.json", json.dumps(QUESTIONS))
    err = _fails_cleanly(capsys, folder, "summarize", "--input", folder / "responses.csv", "--questions", folder / "questions.json")
    assert "likert" in err


def test_summarize_missing_question_column(files, capsys):
    folder, write = files
    write("responses.csv", "response_id,q_trust\nr1,3\n")
    write("questions.json", json.dumps(QUESTIONS))
    err = _fails_cleanly(capsys, folder, "summarize", "--input", folder / "responses.csv", "--questions", folder / "questions.json")
    assert "q_categories" in err


def test_python_dash_m_entry_point(files):
    folder, _ = files
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "engage.analysis", "tag", "--codebook", str(folder / "codebook.json"),
         "--input", str(folder / "nope.csv"), "--output", str(folder / "o.csv")],
        capture_output=True, text=True, cwd=root, timeout=60,
    )
    assert result.returncode != 0 and result.stderr.count("\n") == 1
    assert not (folder / "o.csv").exists()


def test_tag_encoder_choice(files, capsys, monkeypatch):
    folder, _ = files
    monkeypatch.setenv("ENGAGE_EMBEDDINGS", "on")  # restored after the test
    out = folder / "tags.csv"
    code, _, err = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "comments.csv",
                       "--output", out, "--encoder", "off")
    assert code == 0 and err == ""
    assert os.environ["ENGAGE_EMBEDDINGS"] == "off"
    assert read_tags(out)[0] == ("1", "parks")
    code, _, err = run(capsys, "tag", "--codebook", folder / "codebook.json", "--input", folder / "comments.csv",
                       "--output", folder / "other.csv", "--encoder", "fastest")
    assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1
    assert not (folder / "other.csv").exists()
