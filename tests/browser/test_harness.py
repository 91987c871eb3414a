"""The gate can fail: axe finds a known violation through our injection, and the header check
rejects weak policies. (A quality gate that cannot fail proves nothing.)"""
from __future__ import annotations

from tests.browser.pages import csp_problems, header_problems, run_axe
from tests.browser.server import SECRET_KEY  # noqa: F401 - the module imports cleanly


def test_axe_reports_a_known_violation(browser):
    page = browser.new_page()
    try:
        page.set_content("<html><head><title>x</title></head><body><main><img src='data:,'></main></body></html>")
        ids = {v["id"] for v in run_axe(page)}
    finally:
        page.close()
    assert {"image-alt", "html-has-lang"} <= ids, ids


def test_weak_security_headers_are_rejected():
    assert csp_problems(None) == ["no Content-Security-Policy header"]
    weak = csp_problems("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.example.org; frame-ancestors *")
    assert any("unsafe-inline" in p for p in weak) and any("cdn.example.org" in p for p in weak)
    assert any("frame-ancestors" in p for p in weak)
    strict = "default-src 'self'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'; object-src 'none'"
    assert csp_problems(strict) == []
    assert header_problems({"content-security-policy": strict}) == [
        "X-Content-Type-Options is not nosniff", "Referrer-Policy is None"]


def test_a_csp_violation_on_a_page_is_caught(new_context, server):
    context, watch = new_context("en")
    page = context.new_page()
    page.goto(server.url + "/")
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';
                     document.body.appendChild(s); }""")
    page.wait_for_timeout(200)
    assert any(p.check == "csp" and "script-src" in p.rule for p in watch.problems), watch.problems
