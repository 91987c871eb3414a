"""Walks through the app that stop at every page state worth checking: each `yield` names the state
the page is in now. The quality gate audits each state; the screenshots photograph some of them."""
from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from tests.browser.pages import answer_page, press_button, submit

#: Organizer pages reached by following links from /manage/; numbers in paths are folded so one
#: page per kind is checked (/manage/surveys/3/edit and /manage/surveys/4/edit are the same page).
CRAWL_LIMIT = 100
SKIP_PATHS = ("/static/", "/account/logout")
#: Files organizers download (printed kits, exports) are not pages; their own tests cover them.
DOWNLOADS = (".pdf", ".csv", ".xlsx", ".zip", ".png", ".svg", ".json", ".txt")


def goto(page: Any, url: str) -> Any:
    return page.goto(url, wait_until="load")


def resident_journey(page: Any, server: Any, locale: str) -> Iterator[str]:
    """The every-question-type survey in every state, then the demo survey page by page."""
    base, seed = server.url, server.seed
    slug = seed["every_type"]
    goto(page, f"{base}/?lang={locale}")
    yield "home"
    goto(page, f"{base}/s/{slug}")
    yield "survey landing"
    submit(page, page.locator("form.start-form button[type=submit]"))
    assert "/p/1" in page.url, page.url
    yield "survey page 1"
    press_button(page)
    assert page.locator("[data-error-summary]").count(), "an empty required page was accepted"
    yield "survey page 1, validation errors"
    why = page.locator("#q-q_why")
    page.locator('input[name="q_safe"][value="1"]').check(force=True)
    assert why.is_visible(), "the display condition did not reveal q_why"
    yield "survey page 1, display condition revealed"
    page.locator('input[name="q_categories"]').first.check(force=True)
    page.locator("#q_why").fill("The last time the police came, it frightened my neighbour.")
    press_button(page)
    assert "/p/2" in page.url, page.url
    yield "survey page 2"
    press_button(page, "save")
    code = page.locator(".code-display__value").inner_text().strip()
    assert code, "no resume code shown"
    yield "resume code saved"
    goto(page, f"{base}/s/{slug}/resume")
    yield "resume page"
    page.locator("#code").fill("WRONG-CODE")
    submit(page, page.locator("form button[type=submit]"))
    yield "resume page, wrong code"
    page.locator("#code").fill(code)
    submit(page, page.locator("form button[type=submit]"))
    assert "/p/2" in page.url, page.url
    for number in range(2, 10):
        if "/thanks" in page.url:
            break
        if number > 2:
            yield f"survey page {number}"
        answer_page(page)
        press_button(page)
    assert "/thanks" in page.url, page.url
    yield "confirmation"
    goto(page, f"{base}/s/{slug}")
    yield "survey landing, answered before"
    goto(page, f"{base}/s/{seed['invite']}")
    yield "invite-only landing"
    page.locator("#invite_code").fill("NOPE-NOPE")
    submit(page, page.locator("form.start-form button[type=submit]"))
    yield "invite-only landing, wrong code"
    goto(page, f"{base}/s/{seed['closed']}")
    yield "closed survey"
    goto(page, f"{base}/no-such-page")
    yield "not found"
    if seed.get("demo"):
        yield from demo_journey(page, server)


def demo_journey(page: Any, server: Any) -> Iterator[str]:
    goto(page, f"{server.url}/s/{server.seed['demo']}")
    yield "demo landing"
    submit(page, page.locator("form.start-form button[type=submit]"))
    for number in range(1, 20):
        if "/thanks" in page.url:
            break
        yield f"demo page {number}"
        answer_page(page)
        press_button(page)
    assert "/thanks" in page.url, page.url


def sign_in(page: Any, server: Any, password: str | None = None) -> None:
    page.locator("#email").fill(server.seed["staff_email"])
    page.locator("#password").fill(password or server.seed["staff_password"])
    submit(page, page.locator("form.narrow-form button[type=submit]"))


def organizer_journey(page: Any, server: Any, locale: str, limit: int = CRAWL_LIMIT) -> Iterator[str]:
    """Sign in, then every kind of organizer page reachable by links from /manage/."""
    base = server.url
    goto(page, f"{base}/account/login?lang={locale}")
    yield "staff sign in"
    sign_in(page, server, password="not the password")
    yield "staff sign in, wrong password"
    sign_in(page, server)
    assert urlsplit(page.url).path.startswith("/manage"), page.url
    for path in crawl(page, server, limit):
        yield f"organizer {path}"


def _fetch(page: Any, url: str) -> Any:
    """GET without following redirects; once more if a reused connection was closed under us."""
    try:
        return page.context.request.get(url, max_redirects=0, timeout=60_000)
    except Exception as error:  # playwright's Error: "read ECONNRESET" on a stale keep-alive socket
        if "ECONNRESET" not in str(error):
            raise
        return page.context.request.get(url, max_redirects=0, timeout=60_000)


def page_kind(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def public_journey(page: Any, server: Any, locale: str, limit: int = CRAWL_LIMIT) -> Iterator[str]:
    """Every kind of public page reachable by links from the home page: consultations, listening
    sessions, published reports and their versions (survey pages have their own journey)."""
    goto(page, f"{server.url}/?lang={locale}")
    for path in crawl(page, server, limit, start="/", scope=_public_path):
        yield f"public {path}"


def _public_path(path: str) -> bool:
    return not path.startswith(("/manage", "/account", "/s/")) and not path.lower().endswith(".ics")


def crawl(page: Any, server: Any, limit: int, start: str = "/manage/",
          scope: Any = lambda path: path.startswith("/manage")) -> Iterator[str]:
    """Breadth-first over links in `scope`; yields each page kind's path once it is open in `page`.
    Links that answer with something other than HTML (CSV, PDF, XLSX downloads) are fetched only."""
    base = server.url
    queue: deque[str] = deque([start])
    seen: set[str] = set()
    while queue and len(seen) < limit:
        path = queue.popleft()
        kind = page_kind(path)
        if kind in seen:
            continue
        seen.add(kind)
        if path.lower().endswith(DOWNLOADS):
            continue
        head = _fetch(page, base + path)
        # A server error is opened like a page, so the watching context records it and the walk goes on.
        if head.status < 500 and (head.status != 200 or "text/html" not in head.headers.get("content-type", "")):
            continue
        goto(page, base + path)
        for href in page.eval_on_selector_all("main a[href]:not([download]), nav a[href]", "els => els.map(a => a.getAttribute('href'))"):
            target = urlsplit(urljoin(base + path, href))
            if f"{target.scheme}://{target.netloc}" != base or not scope(target.path):
                continue
            if target.path.startswith(SKIP_PATHS) or page_kind(target.path) in seen:
                continue
            queue.append(target.path)
        yield path
    left = {page_kind(p) for p in queue} - seen
    if left:
        raise AssertionError(f"the organizer crawl stopped at {limit} kinds of page (raise CRAWL_LIMIT); "
                             f"not checked: {sorted(left)[:10]}")
