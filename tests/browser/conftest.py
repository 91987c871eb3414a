"""The real-browser quality gate's fixtures: one gunicorn server with its own seeded database, one
Debian Chromium driven by Playwright, and one audit per locale shared by the checks that read it.

The browser suite is skipped only when /usr/bin/chromium is absent (`make test` installs it)."""
from __future__ import annotations

import os
import time
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
        context.set_default_timeout(15_000)
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


@pytest.fixture(scope="session")
def audits(browser, server):
    """Runs lazily, once per locale, for the tests that read it."""
    from tests.browser.journeys import organizer_journey, resident_journey

    done: dict[str, Audit | BaseException] = {}

    def get(locale: str) -> Audit:
        if locale not in done:
            started = time.monotonic()
            audit = Audit(locale)
            try:
                for journey in (resident_journey, organizer_journey):
                    context = browser.new_context(viewport=PHONE)
                    context.set_default_timeout(15_000)
                    watch = Watch(server.url, locale)
                    watch.attach(context)
                    page = context.new_page()
                    try:
                        for label in journey(page, server, locale):
                            watch.label = label
                            audit_state(page, watch)
                            audit.states.append(label)
                            watch.label = f"after {label}"
                    finally:
                        context.close()
                    audit.problems.extend(watch.problems)
                audit.seconds = time.monotonic() - started
                SUMMARY.append(
                    f"{locale}: {len(audit.states)} page states × 2 viewports axe-checked (wcag2a/2aa/21a/21aa), "
                    f"reflow at 320 px and 200 % zoom, in {audit.seconds:.0f} s"
                )
                done[locale] = audit
            except BaseException as error:  # noqa: BLE001 - re-raised for every test that reads this locale
                done[locale] = error
        result = done[locale]
        if isinstance(result, BaseException):
            raise result
        return result

    return get


@pytest.fixture(params=LOCALES)
def audit(request, audits) -> Audit:
    return audits(request.param)
