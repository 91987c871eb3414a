"""The real-browser quality gate's fixtures: one gunicorn server with its own seeded database, one
Debian Chromium driven by Playwright, and one audit per locale shared by the checks that read it.

The browser suite is skipped only when /usr/bin/chromium is absent (`make test` installs it)."""
from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import LOCALES, PHONE, Problem, Watch, audit_state
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, LiveServer

HERE = Path(__file__).resolve().parent
#: Lines printed at the end of the run: what was checked and what was measured.
SUMMARY: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (make test installs Debian's chromium)")
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            if not os.path.exists(CHROMIUM):
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if SUMMARY:
        terminalreporter.section("real-browser quality gate")
        for line in SUMMARY:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def server():
    with LiveServer() as live:
        yield live


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, server):
    """Factory for a fresh context (cold cache, no cookies) whose traffic a Watch checks."""
    contexts = []

    def make(locale: str = "en", javascript: bool = True, **options: Any) -> tuple[Any, Watch]:
        context = browser.new_context(viewport=options.pop("viewport", PHONE), java_script_enabled=javascript, **options)
        context.set_default_timeout(30_000)
        watch = Watch(server.url, locale)
        watch.attach(context, javascript=javascript)
        contexts.append(context)
        return context, watch

    yield make
    for context in contexts:
        context.close()


class Audit:
    """Every page state of one locale, resident and organizer, checked once: axe at phone and desktop
    size, reflow at 320 px and 200 % zoom, headers, CSP, origin, JavaScript and server errors."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.states: list[str] = []
        self.problems: list[Problem] = []
        self.seconds = 0.0

    def of(self, *checks: str) -> list[Problem]:
        return [p for p in self.problems if p.check in checks]


def audit_locale(server: LiveServer, locale: str) -> Audit:
    """Walk the resident and organizer journeys in one locale, checking every state on the way.
    Runs in its own thread with its own Playwright and Chromium (the sync API is per thread)."""
    from playwright.sync_api import sync_playwright

    from tests.browser.journeys import organizer_journey, public_journey, resident_journey

    started = time.monotonic()
    audit = Audit(locale)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for journey in (resident_journey, public_journey, organizer_journey):
                context = browser.new_context(viewport=PHONE)
                context.set_default_timeout(60_000)  # generous: CI machines are shared
                watch = Watch(server.url, locale)
                watch.attach(context)
                page = context.new_page()
                try:
                    for label in journey(page, server, locale):
                        watch.label = label
                        audit_state(page, watch)
                        audit.states.append(label)
                        watch.label = f"after {label}"
                except Exception as error:
                    # Say where the walk broke: the traceback alone names only a Playwright call.
                    raise RuntimeError(
                        f"{locale} {journey.__name__} broke after {watch.label!r} at {page.url}: {error}\n"
                        f"server log:\n{server.log_tail(20)}"
                    ) from error
                finally:
                    context.close()
                audit.problems.extend(watch.problems)
        finally:
            browser.close()
    audit.seconds = time.monotonic() - started
    return audit


@pytest.fixture(scope="session", autouse=True)
def _audits_started(request, server):
    """Start the per-locale audits in background threads as soon as the server is up, so the
    keyboard, no-JavaScript and weight tests run meanwhile (only when a collected test reads them)."""
    if not any("audit" in getattr(item, "fixturenames", ()) for item in request.session.items):
        yield {}
        return
    pool = ThreadPoolExecutor(max_workers=len(LOCALES), thread_name_prefix="audit")
    futures = {locale: pool.submit(audit_locale, server, locale) for locale in LOCALES}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def audits(_audits_started) -> dict[str, Audit | BaseException]:
    """Every locale's audit, run in parallel (the browsers, the server and the checks share the
    machine's cores, which keeps the gate within its time budget)."""
    results: dict[str, Audit | BaseException] = {}
    for locale, future in _audits_started.items():
        error = future.exception()
        results[locale] = error if error is not None else future.result()
        if error is None:
            audit = results[locale]
            SUMMARY.append(
                f"{locale}: {len(audit.states)} page states checked by axe (wcag2a/2aa/21a/21aa) at 360x740 and 1280x900, "
                f"reflow at 320 px and 1280 px @ 200 % zoom, headers and CSP ({audit.seconds:.0f} s)"
            )
    return results


@pytest.fixture(params=LOCALES)
def audit(request, audits) -> Audit:
    result = audits[request.param]
    if isinstance(result, BaseException):
        raise result
    return result
