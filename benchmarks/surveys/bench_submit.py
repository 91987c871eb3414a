"""How many residents per second can complete a 10-question, one-page survey? (cf. LimeSurvey's
~3.5 completed responses/s and 1,614 SQL queries per response on a 2-core machine.)

Starts gunicorn against its own database (SQLite file, or PostgreSQL with TEST_DATABASE_URL set),
then N residents each load the landing page, start, load the page and submit it, C at a time.
Prints completed responses per second, median and 95th-percentile time per respondent, and the SQL
statements one response costs (counted in-process through the same routes).

    .venv/bin/python benchmarks/surveys/bench_submit.py [--residents 1000] [--concurrency 16] [--workers 2]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from engage.database import make_engine  # noqa: E402
from engage.models import Response  # noqa: E402
from engage.surveys.definition import build_survey  # noqa: E402
from tests.live import live_server, separate_database_url  # noqa: E402
from tests.surveys.test_concurrency import Browser, field, ten_question_survey  # noqa: E402


def one_resident(base: str, i: int) -> float:
    started = time.perf_counter()
    b = Browser(base)
    _s, html, _l = b.get("/s/load")
    b.post("/s/load/start", {"csrf_token": field(html, "csrf_token")})
    _s, html, _l = b.get("/s/load/p/1")
    data = {f"q{k}": f"c{(i + k) % 5}" for k in range(8)}
    data.update({"q_num": str(i % 100), "q_text": f"resident {i}", "action": "next",
                 "csrf_token": field(html, "csrf_token"), "draft": field(html, "draft")})
    status, _h, _l = b.post("/s/load/p/1", data)
    assert status == 302, status
    return time.perf_counter() - started


def statements_per_response(url: str) -> int:
    """Count SQL statements for one resident's whole visit, in-process through the same routes."""
    from engage import create_app
    from engage.extensions import db
    from tests.conftest import csrf_from, draft_from

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-" + "x" * 40, "RATELIMIT_ENABLED": False})
    client = app.test_client()
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counter)
    html = client.get("/s/load").get_data(as_text=True)
    client.post("/s/load/start", data={"csrf_token": csrf_from(html)})
    html = client.get("/s/load/p/1").get_data(as_text=True)
    data = {f"q{k}": "c1" for k in range(8)}
    data.update({"action": "next", "csrf_token": csrf_from(html), "draft": draft_from(html)})
    assert client.post("/s/load/p/1", data=data).status_code == 302
    event.remove(db.engine, "before_cursor_execute", counter)
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--residents", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = separate_database_url("engage_bench_submit", Path(tmp))
        with live_server(url, workers=args.workers, threads=8) as base:
            engine = make_engine(url)
            with Session(engine) as session:
                build_survey(session, ten_question_survey())
                session.commit()
            one_resident(base, -1)  # warm up
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
                times = list(pool.map(lambda i: one_resident(base, i), range(args.residents)))
            elapsed = time.perf_counter() - started
            with engine.connect() as conn:
                stored = conn.scalar(sa.select(sa.func.count()).select_from(Response))
            engine.dispose()
        queries = statements_per_response(url)
    times.sort()
    print(f"database: {url.split(':')[0]}, gunicorn {args.workers} workers x 8 threads, "
          f"{args.residents} residents, {args.concurrency} at once")
    print(f"completed responses: {stored - 1} in {elapsed:.1f} s = {args.residents / elapsed:.1f} per second")
    print(f"time per respondent (4 requests): median {statistics.median(times) * 1000:.0f} ms, "
          f"p95 {times[int(len(times) * 0.95)] * 1000:.0f} ms")
    print(f"SQL statements for one resident's whole visit: {queries}")


if __name__ == "__main__":
    main()
