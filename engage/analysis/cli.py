"""The analysis command line (``python -m engage.analysis``): ``tag`` and ``summarize``.

Contract (ARCHITECTURE.md): bad input exits non-zero with one line on stderr and writes no
output file; outputs are written to a temporary file and renamed into place.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import IO, Any

from engage.analysis.closed import summarize_question
from engage.analysis.crosstabs import breakdown
from engage.analysis.csvfiles import check_writable, read_csv, read_text, unique_ids, write_atomically
from engage.analysis.errors import InputError
from engage.analysis.text.codebook import load_codebook, review_codebook
from engage.analysis.text.embeddings import SUPPORTED_LANGUAGES
from engage.analysis.text.normalize import SNOWBALL_LANGUAGES, base_language
from engage.analysis.text.pipeline import tag_comments
from engage.analysis.weighting import compare_with_population, load_population, rake

SEGMENT_COLUMNS = ("district", "age_band", "home_language", "race_ethnicity", "housing")
BASE_COLUMNS = ("response_id", "channel", "locale") + SEGMENT_COLUMNS
# Languages the tagger reads with a stemmer or the sentence encoder (or both).
KNOWN_LANGUAGES = frozenset(SNOWBALL_LANGUAGES) | SUPPORTED_LANGUAGES
QUESTION_TYPES = {"single_choice", "multiple_choice", "likert", "ranking", "text", "number", "yes_no"}


def _split_themes(value: str) -> list[str]:
    """A coded answer's theme ids: joined by ";" as the contract says, or by "," or "|" as some
    tools join them (no theme id can hold any of the three)."""
    return [t.strip() for t in re.split(r"[;,|]", value or "") if t.strip()]


def _unknown_languages(languages: Sequence[str | None], default: str) -> dict[str, int]:
    """Language values (as written) that name no language the tagger has a stemmer or encoder for,
    with how many comments carry each ("klingon", "xx"; "German" and "de-DE" are known)."""
    counts: dict[str, int] = {}
    for language in languages:
        if language and base_language(language, default) not in KNOWN_LANGUAGES:
            counts[language] = counts.get(language, 0) + 1
    return counts


def cmd_tag(args: argparse.Namespace) -> str:
    if args.encoder:
        # Read when the encoder is first loaded, which is later, inside tagging.
        os.environ["ENGAGE_EMBEDDINGS"] = {"exact": "on"}.get(args.encoder, args.encoder)
    for path in (args.output, args.report):
        if path:
            check_writable(path)
    codebook = load_codebook(args.codebook)
    # Advice, not errors: the codebook still tags, and the analyst learns what to fix in it.
    for note in review_codebook(codebook):
        print(f"warning: codebook {args.codebook}: {note.message()}", file=sys.stderr)
    rows = read_csv(args.input, ("comment_id", "text"), "comments file")
    unique_ids(rows, "comment_id", args.input, "comments file")
    coded = None
    if args.train:
        coded_rows = read_csv(args.train, ("comment_id", "text", "themes"), "coded sample")
        unique_ids(coded_rows, "comment_id", args.train, "coded sample")
        known = set(codebook.ids)
        coded = []
        for number, row in enumerate(coded_rows, start=2):
            themes = _split_themes(row["themes"])
            for theme in themes:
                if theme not in known:
                    raise InputError(f"coded sample {args.train} line {number} names unknown theme {theme!r}")
            coded.append({"text": row["text"], "themes": themes, "language": row.get("language") or None})
    texts = [r["text"] for r in rows]
    languages = [r.get("language") or None for r in rows]
    for language, count in _unknown_languages(languages, codebook.language).items():
        print(f"warning: comments file {args.input}: language {language!r} ({count} comment{'s' * (count != 1)}) "
              "is not one the tagger knows, so those comments are read without stemming or the sentence "
              "encoder; write it as an ISO 639-1 code such as 'en' or 'de'", file=sys.stderr)
    tags, report = tag_comments(codebook, texts, languages, coded)

    def write(out: IO[str]) -> None:
        writer = csv.writer(out)
        writer.writerow(["comment_id", "themes"])
        for row, themes in zip(rows, tags):
            writer.writerow([row["comment_id"], ";".join(themes)])

    write_atomically(args.output, write)
    if args.report and report is not None:
        write_atomically(args.report, lambda out: json.dump(report, out, indent=2, ensure_ascii=False))
    summary = f"tagged {len(rows)} comments"
    if report:
        parts = [f"{lang}: cross-validated micro-F1 {r['micro_f1']:.3f}"
                 + (" (95% interval {:.3f}-{:.3f})".format(*r["micro_f1_interval"]) if r.get("micro_f1_interval") else "")
                 if "micro_f1" in r else f"{lang}: {r['reason']}, so tagged from the codebook alone"
                 for lang, r in report.items() if "micro_f1" in r or "reason" in r]
        summary += " (learning mode" + ("; " + ", ".join(parts) if parts else "") + ")"
    return summary


def _load_questions(path: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(read_text(path, "questions file"))
    except json.JSONDecodeError as exc:
        raise InputError(f"questions file {path} is not valid JSON: {exc.msg} at line {exc.lineno}") from exc
    questions = data.get("questions") if isinstance(data, dict) else data
    if not isinstance(questions, list) or not questions:
        raise InputError(f"questions file {path} must hold a non-empty list of questions")
    seen = set()
    for i, q in enumerate(questions):
        if not isinstance(q, dict) or not isinstance(q.get("key"), str):
            raise InputError(f"questions file {path}: question #{i + 1} needs a string 'key'")
        if q.get("type") not in QUESTION_TYPES:
            raise InputError(f"questions file {path}: question {q['key']!r} has unknown type {q.get('type')!r}")
        if q["key"] in seen:
            raise InputError(f"questions file {path}: duplicate question key {q['key']!r}")
        seen.add(q["key"])
    return questions


def _value(question: dict[str, Any], raw: str, where: str) -> Any:
    raw = raw.strip()
    if not raw:
        return None
    kind = question["type"]
    if kind in ("multiple_choice", "ranking"):
        return [v.strip() for v in raw.split(";") if v.strip()]
    if kind == "likert":
        if raw == "dont_know":
            return raw
        try:
            value = int(raw)
        except ValueError as exc:
            raise InputError(f"{where}: likert answer {raw!r} is not a whole number or dont_know") from exc
        if not 1 <= value <= int(question.get("scale") or 5):
            raise InputError(f"{where}: likert answer {value} is outside 1..{question.get('scale') or 5}")
        return value
    if kind == "number":
        try:
            return float(raw)
        except ValueError as exc:
            raise InputError(f"{where}: {raw!r} is not a number") from exc
    return raw


def responses_from_rows(rows: Sequence[dict[str, str]], questions: list[dict[str, Any]], source: str) -> list[dict]:
    """Plain response dicts (the web app's contract) from responses-CSV rows."""
    out = []
    for number, row in enumerate(rows, start=2):
        answers: dict[str, Any] = {}
        for q in questions:
            answers[q["key"]] = _value(q, row.get(q["key"], ""), f"{source} line {number}, {q['key']}")
            other = row.get(f"{q['key']}__other")
            if other:
                answers[f"{q['key']}__other"] = other
        out.append({
            "response_id": row["response_id"].strip(),
            "channel": row.get("channel") or None,
            "locale": row.get("locale") or None,
            "segments": {s: (row.get(s) or None) for s in SEGMENT_COLUMNS},
            "answers": answers,
        })
    return out


def cmd_summarize(args: argparse.Namespace) -> str:
    check_writable(args.output)
    questions = _load_questions(args.questions)
    required = ("response_id",) + tuple(q["key"] for q in questions)
    rows = read_csv(args.input, required, "responses file")
    unique_ids(rows, "response_id", args.input, "responses file")
    responses = responses_from_rows(rows, questions, args.input)
    population = load_population(args.population) if args.population else None
    weights = None
    result: dict[str, Any] = {"n_responses": len(responses), "min_cell": args.min_cell}
    if population:
        raking = rake(responses, population)
        weights = raking.weights
        result["weighting"] = raking.as_dict()
        result["representativeness"] = compare_with_population(responses, population, weights)
    result["questions"] = []
    for q in questions:
        entry = {"unweighted": summarize_question(q, responses)}
        if weights is not None:
            entry["weighted"] = summarize_question(q, responses, weights)
        breakdowns = {}
        for by in args.by or ():
            breakdowns[by] = {"unweighted": breakdown(q, responses, by, args.min_cell)}
            if weights is not None:
                breakdowns[by]["weighted"] = breakdown(q, responses, by, args.min_cell, weights)
        if breakdowns:
            entry["breakdowns"] = breakdowns
        result["questions"].append(entry)
    write_atomically(args.output, lambda out: json.dump(result, out, indent=2, ensure_ascii=False))
    return f"summarized {len(questions)} questions over {len(responses)} responses"


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line (the contract) instead of a usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise InputError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m engage.analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    tag = sub.add_parser("tag", help="tag open-text comments with codebook themes")
    tag.add_argument("--codebook", required=True)
    tag.add_argument("--input", required=True, help="CSV: comment_id,text[,language]")
    tag.add_argument("--output", required=True, help="CSV written: comment_id,themes")
    tag.add_argument("--train", help="coded sample CSV: comment_id,text,themes")
    tag.add_argument("--report", help="write the learning mode's cross-validated quality report (JSON)")
    tag.add_argument("--encoder", choices=("exact", "words", "off"),
                     help="sentence encoder: exact (default; best tagging), words (each word read alone: "
                          "several times faster, a little less accurate) or off (lexical only)")
    tag.set_defaults(func=cmd_tag)
    summarize = sub.add_parser("summarize", help="closed questions, segments and weighting from a responses CSV")
    summarize.add_argument("--input", required=True, help="responses CSV (see engage/analysis/README.md)")
    summarize.add_argument("--questions", required=True, help="questions JSON: a list of question objects")
    summarize.add_argument("--by", action="append", help="segment to break down by (repeatable)")
    summarize.add_argument("--population", help="population shares CSV: segment,category,share")
    summarize.add_argument("--min-cell", type=int, default=10)
    summarize.add_argument("--output", required=True, help="summary JSON written")
    summarize.set_defaults(func=cmd_summarize)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        message = args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    print(message)
    return 0
