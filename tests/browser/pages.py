"""Browser-side checks the suite and the screenshots share: contexts that watch every request and
response, axe-core, sideways scrolling, and a generic way to answer any survey page.

axe-core is injected with `page.evaluate(source)`: DevTools evaluation is not subject to the page's
Content-Security-Policy, so the pages are audited with the exact policy residents get (no
`bypass_csp`), and the same visit also proves the policy causes no violations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from tests.browser.server import ROOT

AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LOCALES = ("en", "es", "ar")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
#: Reflow (WCAG 1.4.10): 320 CSS px, and a 1280×900 window at 200 % zoom, which lays out as 640×450
#: CSS px (the device scale factor changes pixels, not CSS layout, so a 640 px viewport is the same test).
REFLOW = {"320px": {"width": 320, "height": 740}, "1280px@200%": {"width": 640, "height": 450}}
AXE_VIEWPORTS = {"phone 360x740": PHONE, "desktop 1280x900": DESKTOP}
SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}

CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__engageCspViolation({directive: e.violatedDirective, blocked: e.blockedURI,
    source: e.sourceFile, line: e.lineNumber, sample: e.sample});
});
"""

OVERFLOW_JS = """() => {
  const w = window.innerWidth, de = document.documentElement;
  if (de.scrollWidth <= w) return null;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > w + 1 || r.left < -1) && getComputedStyle(el).position !== 'absolute') {
      out.push(name(el) + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
      if (out.length >= 4) break;
    }
  }
  return 'scrollWidth ' + de.scrollWidth + ' > ' + w + ': ' + out.join(', ');
}"""

AXE_RUN_JS = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact || '', help: v.help,
    targets: v.nodes.map((n) => n.target.join(' '))}));
}"""


@dataclass
class Problem:
    check: str
    page: str
    locale: str
    viewport: str
    rule: str
    impact: str
    target: str
    url: str = ""


def table(problems: list[Problem]) -> str:
    """A plain-text table for failure messages: one line per problem."""
    head = ("rule", "impact", "target", "page", "locale", "viewport")
    rows = [head] + [(p.rule, p.impact, p.target[:90], p.page, p.locale, p.viewport) for p in problems]
    widths = [min(90, max(len(str(r[i])) for r in rows)) for i in range(len(head))]
    lines = ["  ".join(str(c).ljust(widths[i]) for i, c in enumerate(r)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@lru_cache(maxsize=1)
def axe_source() -> str:
    if not AXE_PATH.exists():
        raise FileNotFoundError(f"{AXE_PATH} is missing: run `npm ci` (make test does it)")
    return AXE_PATH.read_text(encoding="utf-8")


def run_axe(page: Any) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    return page.evaluate(AXE_RUN_JS, AXE_TAGS)


def csp_problems(policy: str | None) -> list[str]:
    """What makes a Content-Security-Policy weak: missing, inline or eval allowed, other origins."""
    if not policy:
        return ["no Content-Security-Policy header"]
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    out = []
    if "default-src" not in directives:
        out.append("CSP has no default-src")
    for name, sources in directives.items():
        for src in sources:
            low = src.lower()
            if low in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:", "ws:", "wss:") \
                    or "://" in low or (low == "data:" and name not in ("img-src", "font-src")):
                out.append(f"CSP {name} allows {src}")
    if directives.get("frame-ancestors") not in (["'none'"], ["'self'"]):
        out.append("CSP frame-ancestors is not 'none' or 'self'")
    return out


def header_problems(headers: dict[str, str]) -> list[str]:
    out = csp_problems(headers.get("content-security-policy"))
    if headers.get("x-content-type-options", "").lower() != "nosniff":
        out.append("X-Content-Type-Options is not nosniff")
    if headers.get("referrer-policy", "").lower() not in SAFE_REFERRER_POLICIES:
        out.append(f"Referrer-Policy is {headers.get('referrer-policy')!r}")
    return out


@dataclass
class Watch:
    """Watches one browser context: every response's headers, CSP violations, JavaScript errors,
    requests leaving the app's origin, server errors. `label` names the page state being reached."""

    origin: str
    locale: str
    label: str = "start"
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0

    def attach(self, context: Any, javascript: bool = True) -> None:
        context.on("request", self._request)
        context.on("response", self._response)
        context.on("page", self._page)
        if javascript:
            context.expose_binding("__engageCspViolation", self._csp)
            context.add_init_script(CSP_LISTENER)

    def add(self, check: str, rule: str, target: str = "", url: str = "", impact: str = "", viewport: str = "-") -> None:
        self.problems.append(Problem(check, self.label, self.locale, viewport, rule, impact, target, url))

    def _page(self, page: Any) -> None:
        page.on("pageerror", lambda error: self.add("javascript", "uncaught error", str(error)[:200], page.url))
        page.on("console", lambda msg: self._console(page, msg))

    def _console(self, page: Any, msg: Any) -> None:
        if msg.type != "error":
            return
        text = msg.text
        location = (msg.location or {}).get("url", "")
        # A page deliberately answered with 4xx (not found, validation errors) logs its own status.
        if text.startswith("Failed to load resource") and location.split("#")[0] == page.url.split("#")[0]:
            return
        self.add("csp" if "Content Security Policy" in text else "javascript", "console error", text[:200], location)

    def _csp(self, source: Any, report: dict) -> None:
        self.add("csp", f"violates {report.get('directive')}", f"{report.get('blocked')} {report.get('sample') or ''}".strip(),
                 source.get("page").url if isinstance(source, dict) and source.get("page") else "")

    def _request(self, request: Any) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.add("origin", "request leaves the app's origin", url)

    def _response(self, response: Any) -> None:
        if response.request.resource_type != "document" or not response.url.startswith(self.origin):
            return
        self.documents += 1
        if response.status >= 500:
            self.add("http", f"HTTP {response.status}", response.url, response.url)
        for problem in header_problems(response.headers):
            self.add("headers", problem, response.url, response.url)


def resize(page: Any, size: dict[str, int]) -> None:
    """Resize, then wait two frames so resize handlers (engage.js marks scrolling tables) have run."""
    page.set_viewport_size(size)
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def audit_state(page: Any, watch: Watch, axe: bool = True) -> None:
    """Check the page as it is now: axe at phone and desktop size, then sideways scrolling."""
    lang = page.evaluate("() => document.documentElement.lang")
    if lang != watch.locale:
        watch.add("locale", f"<html lang={lang!r}>", "html", page.url)
    try:
        for name, size in REFLOW.items():
            resize(page, size)
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow:
                watch.add("reflow", "scrolls sideways", overflow, page.url, viewport=name)
        if axe:
            for name, size in AXE_VIEWPORTS.items():
                resize(page, size)
                for v in run_axe(page):
                    for target in v["targets"]:
                        watch.add("axe", v["id"], target, page.url, v["impact"], name)
    finally:
        page.set_viewport_size(PHONE)


# ---- answering any survey page (used where clicking and filling is allowed) ----

NUMBER_RE = re.compile(r"-?\d+")


def number_for(page: Any, name: str) -> str:
    """A valid number for a number question: the minimum named in its hint, else 3."""
    hint = page.locator(f"#{name}-range")
    if hint.count():
        found = NUMBER_RE.findall(hint.inner_text())
        if found:
            return found[0]
    return "3"


def answer_page(page: Any, text: str = "More people trained to help at night") -> None:
    """Answer every question visible on the page with its first choice or a short text."""
    for question in page.locator(".question").all():
        if not question.is_visible():
            continue
        radios = question.locator("input[type=radio]")
        boxes = question.locator("input[type=checkbox]")
        if radios.count():
            if not question.locator("input[type=radio]:checked").count():
                radios.first.check(force=True)  # the styled label covers the input, as for residents
            continue
        if boxes.count():
            if not question.locator("input[type=checkbox]:checked").count():
                boxes.first.check(force=True)
            continue
        selects = question.locator("select")
        for i in range(selects.count()):
            selects.nth(i).select_option(index=i + 1)
        if selects.count():
            continue
        for box in question.locator("textarea, input[type=text]").all():
            name = box.get_attribute("name") or ""
            if name.endswith("__other") or box.input_value():
                continue
            box.fill(number_for(page, name) if box.get_attribute("inputmode") == "decimal" else text)


def submit(page: Any, button: Any) -> None:
    """Click a submit button and wait for the page it leads to (never audit the page being left)."""
    with page.expect_navigation(wait_until="load"):
        button.click()


def press_button(page: Any, value: str = "next") -> None:
    submit(page, page.locator(f'button[name="action"][value="{value}"]'))
