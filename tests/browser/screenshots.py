"""`make screenshots`: PNGs of the main resident and organizer pages in docs/screenshots/, named
<page>-<locale>-<viewport>.png, taken on the demo survey against a freshly seeded server. The set
is kept small on purpose (README pictures, reviewers' eyes on RTL and phones); --all takes every
page in every locale and viewport, for review rather than for committing.

    python -m tests.browser.screenshots [--out DIR] [--all]
"""
from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.browser.journeys import goto, sign_in
from tests.browser.pages import DESKTOP, PHONE, answer_page, press_button, submit
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, LiveServer

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
#: Very long pages (results, reports) are cut here: the README needs their top, not all of it.
MAX_HEIGHT = 2400

#: state → [(locale, viewport), ...]; files are <state>-<locale>-<viewport>.png
WANTED: dict[str, list[tuple[str, str]]] = {
    "home": [("en", "desktop"), ("ar", "phone")],
    "survey-start": [("es", "phone")],
    "survey-page": [("en", "phone"), ("es", "phone"), ("ar", "phone"), ("en", "desktop"), ("ar", "desktop")],
    "survey-errors": [("en", "phone"), ("ar", "phone")],
    "resume-code": [("es", "phone")],
    "confirmation": [("ar", "phone")],
    "staff-sign-in": [("en", "desktop")],
    "manage-surveys": [("en", "desktop"), ("ar", "desktop")],
    "manage-survey": [("en", "desktop")],
    "manage-results": [("en", "desktop"), ("es", "phone")],
}


def resident_showcase(page: Any, server: LiveServer, locale: str) -> Iterator[str]:
    """The demo survey as a resident meets it: a condition revealed, an error, a saved code, the end."""
    base, slug = server.url, server.seed["demo"]
    goto(page, f"{base}/?lang={locale}")
    yield "home"
    goto(page, f"{base}/s/{slug}")
    yield "survey-start"
    submit(page, page.locator("form.start-form button[type=submit]"))
    reveal = page.locator("[data-reveal-question]").first
    if reveal.count():
        name = reveal.get_attribute("data-reveal-question")
        value = (reveal.get_attribute("data-reveal-values") or "").split(" ")[0]
        page.locator(f'input[name="{name}"][value="{value}"]').check(force=True)
    yield "survey-page"
    shown_errors = saved = False
    for _ in range(20):
        if "/thanks" in page.url:
            break
        if not shown_errors and page.locator(".question:not(:has(.optional))").count():
            press_button(page)
            shown_errors = True
            yield "survey-errors"
        answer_page(page)
        if not saved and shown_errors:
            press_button(page, "save")
            saved = True
            yield "resume-code"
            code = page.locator(".code-display__value").inner_text().strip()
            goto(page, f"{base}/s/{slug}/resume")
            page.locator("#code").fill(code)
            submit(page, page.locator("form button[type=submit]"))
            answer_page(page)
        press_button(page)
    yield "confirmation"


def staff_showcase(page: Any, server: LiveServer, locale: str) -> Iterator[str]:
    base, survey_id = server.url, server.seed["ids"][server.seed["demo"]]
    goto(page, f"{base}/account/login?lang={locale}")
    yield "staff-sign-in"
    sign_in(page, server)
    yield "manage-surveys"
    goto(page, f"{base}/manage/surveys/{survey_id}")
    yield "manage-survey"
    goto(page, f"{base}/manage/surveys/{survey_id}/results")
    yield "manage-results"


def compress(png: bytes) -> bytes:
    """Screenshots are flat colours and text: a 256-colour palette keeps them sharp and small."""
    try:
        from PIL import Image
    except ImportError:
        return png
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
    return out.getvalue()


def shoot(out: Path, take_all: bool = False) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with LiveServer(test_surveys=False) as server, sync_playwright() as playwright:
        if not server.seed.get("demo"):
            raise SystemExit("the screenshots show the demo survey, and this checkout has no demo seeder")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for locale in ("en", "es", "ar"):
            for journey in (resident_showcase, staff_showcase):
                context = browser.new_context(viewport=PHONE)
                page = context.new_page()
                for state in journey(page, server, locale):
                    for viewport, size in VIEWPORTS.items():
                        if not take_all and (locale, viewport) not in WANTED.get(state, []):
                            continue
                        page.set_viewport_size(size)
                        height = min(MAX_HEIGHT, page.evaluate("() => document.documentElement.scrollHeight"))
                        png = page.screenshot(full_page=True, animations="disabled",
                                              clip={"x": 0, "y": 0, "width": size["width"], "height": height})
                        path = out / f"{state}-{locale}-{viewport}.png"
                        path.write_bytes(compress(png))
                        saved.append(path)
                    page.set_viewport_size(PHONE)
                context.close()
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--all", action="store_true", help="every wanted page in every locale and viewport")
    args = parser.parse_args(argv)
    saved = shoot(args.out, args.all)
    total = sum(p.stat().st_size for p in saved)
    for path in saved:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  {path.stat().st_size // 1024} KB")
    print(f"{len(saved)} screenshots, {total // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
