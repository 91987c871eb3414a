"""The first survey page is light on prepaid data: at most 150 KB transferred with a cold cache,
everything from the app's own origin. Measured by Chromium itself (bytes on the wire per request)."""
from __future__ import annotations

from typing import Any

from tests.browser.conftest import SUMMARY
from tests.browser.pages import table

BUDGET = 150 * 1024


class Meter:
    """Bytes on the wire per request, as Chromium's network stack reports them (headers included)."""

    def __init__(self, context: Any, page: Any) -> None:
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, float] = {}
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: self.bytes.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})

    def take(self) -> tuple[int, list[str]]:
        total = int(sum(self.bytes.values()))
        lines = [f"{self.urls.get(k, k).split('?')[0].rsplit('/', 2)[-1] or '/'}: {int(v)} B" for k, v in self.bytes.items()]
        self.bytes.clear()
        return total, lines


def test_first_survey_page_weighs_at_most_150_kb_cold(new_context, server):
    slug = server.seed["demo"] or server.seed["every_type"]
    context, watch = new_context("en")
    page = context.new_page()
    meter = Meter(context, page)
    page.goto(f"{server.url}/s/{slug}", wait_until="networkidle")
    landing, landing_parts = meter.take()
    with page.expect_navigation(wait_until="networkidle"):
        page.locator("form.start-form button[type=submit]").click()
    assert "/p/1" in page.url, page.url
    first, first_parts = meter.take()
    SUMMARY.append(
        f"weight, cold cache: survey landing {landing / 1024:.1f} KB ({', '.join(landing_parts)}); "
        f"then first page of questions {first / 1024:.1f} KB; together {(landing + first) / 1024:.1f} KB of {BUDGET // 1024} KB"
    )
    assert landing + first <= BUDGET, f"landing {landing} B + first page {first} B > {BUDGET} B"
    assert not watch.problems, table(watch.problems)
