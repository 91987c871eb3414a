"""Theme-tagging benchmark: quality on the shared development set, speed and memory.

Run from the repository root (reads ../shared, writes only to a temporary folder):

    .venv/bin/python benchmarks/analysis/bench_tagging.py [--shared ../shared] [--skip-memory]

Prints zero-shot micro/macro F1 over all comments; learning-mode F1 on the uncoded rest of
``score_themes.py split --fraction 0.2 --seed 0`` next to ``score_themes.py baseline`` on the same
split; zero-shot comments per second on one core; learning-mode time on 10,000 comments; and
peak memory for zero-shot tagging of 100,000 comments; zero-shot micro-F1 on the hand-written
check sets in ``data/`` (other codebooks, Spanish and German). Everything is run twice when the
optional sentence encoder (``engage[embeddings]``) is installed: with it and with
``ENGAGE_EMBEDDINGS=off`` (the pure lexical engine). Not a test: numbers, not assertions.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def score(tool: Path, gold: Path, pred: Path, only: Path | None = None) -> str:
    cmd = [sys.executable, str(tool), "score", "--gold", str(gold), "--pred", str(pred)]
    if only:
        cmd += ["--only", str(only)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def tag(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "engage.analysis", "tag", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, env=os.environ.copy())
    return time.perf_counter() - start


def synthetic(rows: list[dict], n: int, seed: int) -> list[dict]:
    """n comments made by splicing halves of real ones, so vocabulary grows like real data."""
    rng = random.Random(seed)
    words = [r["text"].split() for r in rows]
    out = []
    for i in range(n):
        a, b = rng.choice(words), rng.choice(words)
        text = " ".join(a[: max(1, len(a) // 2)] + b[len(b) // 2 :])
        out.append({"comment_id": f"s{i}", "text": text})
    return out


def write_csv(path: Path, rows: list[dict], fields: list[str]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def check_sets() -> None:
    """Zero-shot micro-F1 on the hand-written check sets (not the development set)."""
    sys.path.insert(0, str(ROOT))
    from engage.analysis.text.codebook import default_codebook, load_codebook
    from engage.analysis.text.learning import tag_f1
    from engage.analysis.text.pipeline import tag_comments

    data = Path(__file__).resolve().parent / "data"
    for book, name, language in (
        (default_codebook(), "responder_en.csv", "en"),
        (default_codebook(), "responder_es.csv", "es"),
        (default_codebook(), "responder_de.csv", "de"),
        (default_codebook(), "responder_ar.csv", "ar"),
        (load_codebook(data / "quartier_de.json"), "quartier_de.csv", "de"),
        (load_codebook(data / "library_en.json"), "library_en.csv", "en"),
        (load_codebook(data / "klima_de.json"), "klima_de.csv", "de"),
        (load_codebook(data / "county_en.json"), "county_en.csv", "en"),
        (load_codebook(data / "innenstadt_de.json"), "innenstadt_de.csv", "de"),
        (load_codebook(data / "transit_en.json"), "transit_en.csv", "en"),
        (load_codebook(data / "schule_de.json"), "schule_de.csv", "de"),
        (load_codebook(data / "water_en.json"), "water_en.csv", "en"),
        (load_codebook(data / "buergerhaushalt_de.json"), "buergerhaushalt_de.csv", "de"),
    ):
        with open(data / name, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        tags, _ = tag_comments(book, [r["text"] for r in rows], [language] * len(rows))
        micro, macro = tag_f1(book.ids, [[t for t in r["themes"].split(";") if t] for r in rows], tags)
        print(f"check set {name:17s} ({book.name}, {len(rows)} comments): micro_f1={micro:.3f} macro_f1={macro:.3f}")


def joined_answers(real: list[dict], gold: dict[str, list[str]], k: int, seed: int = 5) -> tuple[list[str], list[list[str]]]:
    """Long answers made of k real comments each (shuffled once), with the union of their themes."""
    order = real[:]
    random.Random(seed).shuffle(order)
    texts, themes = [], []
    for i in range(0, len(order) - k + 1, k):
        group = order[i : i + k]
        texts.append(" ".join(r["text"].rstrip(" .") + "." for r in group))
        themes.append(sorted({t for r in group for t in gold[r["comment_id"]]}))
    return texts, themes


def long_answers(codebook_path: Path, comments: Path, labels: Path) -> None:
    """Answers that make several points: 2-4 real comments joined into one answer.

    Bowling-green's comments are Polis statements (at most 140 characters); consultations' open
    answers run longer and raise several themes. Zero-shot micro-F1 on the joined answers, and
    learning mode's (20% of the joined answers coded at random, seeds 0-2, F1 on the rest), read
    part by part (the default) and whole (as before ``parts``).
    """
    sys.path.insert(0, str(ROOT))
    from engage.analysis.text import parts
    from engage.analysis.text.codebook import load_codebook
    from engage.analysis.text.learning import learn_and_tag, tag_f1
    from engage.analysis.text.pipeline import tag_comments

    book = load_codebook(codebook_path)
    with open(comments, newline="", encoding="utf-8-sig") as f:
        real = list(csv.DictReader(f))
    with open(labels, newline="", encoding="utf-8") as f:
        gold = {r["comment_id"]: [t for t in r["themes"].split(";") if t] for r in csv.DictReader(f)}
    default = parts.LONG_ANSWER_WORDS
    for reading, words in (("part by part", default), ("whole", 10**9)):
        parts.LONG_ANSWER_WORDS = words
        cells = []
        for k in (2, 3, 4):
            texts, want = joined_answers(real, gold, k)
            got, _ = tag_comments(book, texts, ["en"] * len(texts))
            cells.append(f"{k} joined {tag_f1(book.ids, want, got)[0]:.3f} ({sum(map(len, got)) / len(got):.2f} themes/answer, gold {sum(map(len, want)) / len(want):.2f})")
        print(f"long answers, zero-shot, read {reading}: " + "; ".join(cells))
        cells = []
        for k in (2, 3):
            texts, want = joined_answers(real, gold, k)
            scores = []
            for seed in range(3):
                order = list(range(len(texts)))
                random.Random(seed).shuffle(order)
                coded, rest = order[: len(texts) // 5], order[len(texts) // 5 :]
                result = learn_and_tag(book, [texts[i] for i in coded], [want[i] for i in coded], [texts[i] for i in rest])
                scores.append(tag_f1(book.ids, [want[i] for i in rest], result.themes)[0])
            cells.append(f"{k} joined {sum(scores) / len(scores):.3f} (seeds 0-2: {' / '.join(f'{v:.3f}' for v in scores)})")
        print(f"long answers, learning (20% coded), read {reading}: " + "; ".join(cells), flush=True)
    parts.LONG_ANSWER_WORDS = default
    spliced = [r["text"].rstrip(" .") + "." for r in synthetic(real, 10_000, seed=6)]
    texts = [" ".join(spliced[i : i + 4]) for i in range(0, len(spliced), 4)]
    start = time.perf_counter()
    tag_comments(book, texts, ["en"] * len(texts))
    elapsed = time.perf_counter() - start
    print(f"long answers, zero-shot speed: 2,500 answers of 4 spliced comments each in {elapsed:.2f} s = {len(texts) / elapsed:,.0f} answers/s")


def emerging_check(codebook_path: Path, comments: Path, labels: Path) -> None:
    """Leave one theme out of the codebook at a time: is there an emerging group of its answers?

    Found: a group with at least 5 of the held-out theme's answers, which make up half of it or
    more (what an analyst would recognise as that theme).
    """
    sys.path.insert(0, str(ROOT))
    from dataclasses import replace

    from engage.analysis import analyze_comments
    from engage.analysis.text.codebook import load_codebook

    book = load_codebook(codebook_path)
    with open(comments, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(labels, newline="", encoding="utf-8") as f:
        gold = {r["comment_id"]: set(t for t in r["themes"].split(";") if t) for r in csv.DictReader(f)}
    found = []
    for theme in book.ids:
        smaller = replace(book, themes=tuple(t for t in book.themes if t.id != theme))
        out = analyze_comments([{"id": r["comment_id"], "text": r["text"], "language": "en"} for r in rows], smaller)
        wanted = {r["comment_id"] for r in rows if theme in gold[r["comment_id"]]}
        for group in out["emerging"]:
            hits = len(wanted & set(group["members"]))
            if hits >= 5 and hits >= len(group["members"]) / 2:
                found.append(theme)
                break
    print(f"emerging themes, one theme left out at a time: found {len(found)} of {len(book.ids)} ({', '.join(found)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--only-memory", action="store_true",
                        help="only the peak-memory run (100,000 comments through the CLI)")
    parser.add_argument("--mode", choices=("both", "current"), default="both",
                        help="both: run once with the optional encoder (if installed) and once without")
    args = parser.parse_args()
    if args.mode == "both":
        sys.path.insert(0, str(ROOT))
        from engage.analysis.text import embeddings

        runs = [("on", "with engage[embeddings], exact encoder (default)"),
                ("words", "with engage[embeddings], word-level encoder (ENGAGE_EMBEDDINGS=words)"),
                ("off", "lexical only (ENGAGE_EMBEDDINGS=off)")]
        if not embeddings.available():
            runs = [("off", "lexical only (engage[embeddings] not installed)")]
        for value, title in runs:
            print(f"== {title}", flush=True)
            env = dict(os.environ, ENGAGE_EMBEDDINGS=value)
            cmd = [sys.executable, __file__, "--shared", args.shared, "--mode", "current"]
            if args.skip_memory:
                cmd.append("--skip-memory")
            if args.only_memory:
                cmd.append("--only-memory")
            subprocess.run(cmd, check=True, env=env)
        return
    shared = Path(args.shared)
    data = shared / "data" / "themes" / "bowling-green"
    tool = shared / "tools" / "score_themes.py"
    codebook, comments, labels = data / "codebook.json", data / "comments.csv", data / "labels.csv"
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.only_memory:
            with open(comments, newline="", encoding="utf-8-sig") as f:
                memory(list(csv.DictReader(f)), codebook, labels, tmp)
            return
        seconds = tag("--codebook", str(codebook), "--input", str(comments), "--output", str(tmp / "zs.csv"))
        print(f"zero-shot (all 607): {score(tool, labels, tmp / 'zs.csv')}  [{seconds:.2f} s incl. start-up]")

        subprocess.run([sys.executable, str(tool), "split", "--comments", str(comments), "--gold", str(labels),
                        "--fraction", "0.2", "--seed", "0", "--coded-out", str(tmp / "coded.csv"),
                        "--rest-out", str(tmp / "rest.csv")], check=True, stdout=subprocess.DEVNULL)
        tag("--codebook", str(codebook), "--input", str(tmp / "rest.csv"), "--train", str(tmp / "coded.csv"),
            "--output", str(tmp / "learn.csv"))
        print(f"learning (seed-0 20% split, rest): {score(tool, labels, tmp / 'learn.csv', tmp / 'rest.csv')}")
        tag("--codebook", str(codebook), "--input", str(tmp / "rest.csv"), "--output", str(tmp / "zs_rest.csv"))
        print(f"zero-shot on the same rest:        {score(tool, labels, tmp / 'zs_rest.csv', tmp / 'rest.csv')}")
        subprocess.run([sys.executable, str(tool), "baseline", "--codebook", str(codebook), "--train",
                        str(tmp / "coded.csv"), "--input", str(tmp / "rest.csv"), "--output", str(tmp / "base.csv")],
                       check=True)
        print(f"baseline (TF-IDF + LR) same split: {score(tool, labels, tmp / 'base.csv', tmp / 'rest.csv')}")
        check_sets()
        long_answers(codebook, comments, labels)
        emerging_check(codebook, comments, labels)

        # Speed, in process, on one core (BLAS threads pinned by the caller's environment below).
        sys.path.insert(0, str(ROOT))
        from engage.analysis.text.codebook import load_codebook
        from engage.analysis.text.learning import learn_and_tag
        from engage.analysis.text.pipeline import tag_comments

        book = load_codebook(codebook)
        with open(comments, newline="", encoding="utf-8-sig") as f:
            real = list(csv.DictReader(f))
        tag_comments(book, ["warm up the encoder"], ["en"])  # loading the weights is not tagging
        # First, before any other batch has filled the encoder's caches: real comments, every
        # word new (the synthetic comments below reuse these words, so they are the kind case).
        start = time.perf_counter()
        tag_comments(book, [r["text"] for r in real], ["en"] * len(real))
        elapsed = time.perf_counter() - start
        print(f"zero-shot speed, real comments: {len(real)} in {elapsed:.2f} s = {len(real) / elapsed:,.0f} comments/s")
        for n in (10_000,):
            texts = [r["text"] for r in synthetic(real, n, seed=1)]
            start = time.perf_counter()
            tag_comments(book, texts, ["en"] * n)
            elapsed = time.perf_counter() - start
            print(f"zero-shot speed: {n} comments in {elapsed:.2f} s = {n / elapsed:,.0f} comments/s (redaction included)")
        coded, coded_themes = coded_sample(real, labels, 2_000)
        rest = [r["text"] for r in synthetic(real, 8_000, seed=3)]
        start = time.perf_counter()
        learn_and_tag(book, [r["text"] for r in coded], coded_themes, rest)
        print(f"learning mode: 10,000 comments (2,000 coded) in {time.perf_counter() - start:.1f} s")

        if not args.skip_memory:
            memory(real, codebook, labels, tmp)


def coded_sample(real: list[dict], labels: Path, n: int) -> tuple[list[dict], list[list[str]]]:
    """n synthetic coded comments; each takes the themes of the comment its first half came from."""
    with open(labels, newline="", encoding="utf-8") as f:
        gold = {r["comment_id"]: [t for t in r["themes"].split(";") if t] for r in csv.DictReader(f)}
    coded = synthetic(real, n, seed=2)
    first_half = {" ".join(r["text"].split()[: max(1, len(r["text"].split()) // 2)]): r["comment_id"] for r in real}
    themes = []
    for row in coded:
        key = next((k for k in first_half if row["text"].startswith(k)), None)
        themes.append(gold.get(first_half.get(key, ""), []))
    return coded, themes


def memory(real: list[dict], codebook: Path, labels: Path, tmp: Path) -> None:
    """Peak RSS of tagging 100,000 synthetic comments through the CLI, zero-shot and learning
    from 2,000 coded ones."""
    big = tmp / "big.csv"
    write_csv(big, synthetic(real, 100_000, seed=4), ["comment_id", "text"])
    coded, themes = coded_sample(real, labels, 2_000)
    train = tmp / "coded.csv"
    write_csv(train, [{"comment_id": f"c{i}", "text": r["text"], "themes": ";".join(t)}
                      for i, (r, t) in enumerate(zip(coded, themes))], ["comment_id", "text", "themes"])
    for title, extra in (("zero-shot", []), ("learning (2,000 coded)", ["--train", str(train)])):
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M %e %U", sys.executable, "-m", "engage.analysis", "tag", "--codebook",
             str(codebook), "--input", str(big), *extra, "--output", str(tmp / "big_tags.csv")],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        peak_kb, seconds, user = result.stderr.strip().splitlines()[-1].split()
        print(f"memory: 100,000 comments {title} via the CLI: peak RSS {int(peak_kb) / 1024:.0f} MiB, "
              f"{float(seconds):.1f} s wall, {float(user):.1f} s CPU", flush=True)


if __name__ == "__main__":
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    main()
