"""Many residents at once against a real server process: every response stored exactly once."""
from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from engage.database import make_engine
from engage.models import Answer, Response
from engage.surveys.definition import build_survey
from tests.live import live_server, separate_database_url
from tests.surveys.definitions import t

pytestmark = pytest.mark.slow

RESIDENTS = 200


def ten_question_survey() -> dict:
    choices = [{"code": f"c{i}", "label": t(f"Choice {i}")} for i in range(5)]
    questions = [
        {"key": f"q{i}", "type": "single_choice", "required": True, "label": t(f"Question {i}"), "choices": choices}
        for i in range(8)
    ] + [
        {"key": "q_num", "type": "number", "label": t("A number"), "settings": {"min": 0, "max": 100}},
        {"key": "q_text", "type": "long_text", "label": t("Your words")},
    ]
    return {"slug": "load", "title": t("Load"), "status": "open", "locales": ["en"],
            "sections": [{"title": t("All"), "questions": questions}]}


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str, str]:
        return self._send(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict | list) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self._send(urllib.request.Request(self.base + path, data=body))

    def _send(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=60) as r:
                return r.status, r.read().decode(), r.headers.get("Location", "")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace"), e.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # we follow redirects by hand to see them
        return None


def field(html: str, name: str) -> str:
    return re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1)


def test_200_concurrent_residents_and_double_posts_store_exactly_200(tmp_path):
    url = separate_database_url("engage_concurrency", tmp_path)
    with live_server(url, workers=3, threads=16) as base:
        engine = make_engine(url)
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            build_survey(session, ten_question_survey())
            session.commit()

        barrier = threading.Barrier(RESIDENTS, timeout=120)

        def resident(i: int) -> list[int]:
            b = Browser(base)
            status, html, _ = b.get("/s/load")
            assert status == 200
            status, _, location = b.post("/s/load/start", {"csrf_token": field(html, "csrf_token")})
            assert status == 302, status
            status, html, _ = b.get("/s/load/p/1")
            data = {f"q{k}": f"c{(i + k) % 5}" for k in range(8)}
            data.update({"q_num": str(i % 100), "q_text": f"resident {i} says hello", "action": "next",
                         "csrf_token": field(html, "csrf_token"), "draft": field(html, "draft")})
            barrier.wait()
            statuses = [b.post("/s/load/p/1", data)[0]]
            if i % 4 == 0:  # a double click: the same form sent again at once
                statuses.append(b.post("/s/load/p/1", data)[0])
            return statuses

        with ThreadPoolExecutor(max_workers=RESIDENTS) as pool:
            results = list(pool.map(resident, range(RESIDENTS)))

        assert all(s == 302 for statuses in results for s in statuses), results
        with engine.connect() as conn:
            responses = conn.scalar(sa.select(sa.func.count()).select_from(Response))
            answers = conn.scalar(sa.select(sa.func.count()).select_from(Answer))
            distinct_texts = conn.scalar(sa.select(sa.func.count(sa.distinct(Response.submission_token))))
        engine.dispose()
    assert responses == RESIDENTS
    assert distinct_texts == RESIDENTS
    assert answers == RESIDENTS * 10
