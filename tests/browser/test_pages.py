"""Every resident and organizer page state, in English, Spanish and Arabic: WCAG 2.1 AA by axe-core at
phone and desktop size, no sideways scrolling, strict security headers, no CSP violations."""
from __future__ import annotations

from tests.browser.pages import table


def test_every_page_state_passes_axe_wcag21aa(audit):
    problems = audit.of("axe", "locale")
    assert not problems, f"{len(problems)} accessibility violations:\n{table(problems)}"


def test_no_page_scrolls_sideways_at_320px_or_200_percent_zoom(audit):
    problems = audit.of("reflow")
    assert not problems, f"pages scroll sideways (WCAG 1.4.10):\n{table(problems)}"


def test_strict_security_headers_and_no_csp_violations(audit):
    problems = audit.of("headers", "csp")
    assert not problems, f"security header problems:\n{table(problems)}"


def test_pages_load_cleanly_from_the_apps_own_origin(audit, server):
    problems = audit.of("origin", "javascript", "http")
    log = f"\nserver log:\n{server.log_tail(40)}" if audit.of("http") else ""
    assert not problems, f"requests off the origin, JavaScript or server errors:\n{table(problems)}{log}"
    assert len(audit.states) >= 20, audit.states
