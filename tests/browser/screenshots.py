"""`make screenshots`: PNGs of the main resident and organizer pages in docs/screenshots/, named
<page>-<locale>-<viewport>.png. The same journeys the quality gate walks stop where a picture is
wanted; the set is kept small on purpose (README pictures, reviewers' eyes on RTL and phones).

    python -m tests.browser.screenshots [--out DIR] [--all]
"""
from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from tests.browser.pages import DESKTOP, PHONE
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, ROOT, LiveServer

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}

#: state name in the journeys → (file name, [(locale, viewport), ...])
WANTED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "home": ("home", [("en", "desktop"), ("ar", "phone")]),
    "demo landing": ("survey-start", [("en", "phone"), ("es", "desktop")]),
    "demo page 1": ("survey-page", [("en", "phone"), ("es", "phone"), ("ar", "phone"), ("en", "desktop"), ("ar", "desktop")]),
    "survey page 1, validation errors": ("survey-errors", [("en", "phone"), ("ar", "phone")]),
    "survey page 2": ("survey-question-types", [("es", "desktop")]),
    "resume code saved": ("resume-code", [("en", "phone")]),
    "confirmation": ("confirmation", [("es", "phone"), ("ar", "phone")]),
    "staff sign in": ("staff-sign-in", [("en", "desktop")]),
    "organizer /manage/": ("manage-surveys", [("en", "desktop"), ("ar", "desktop"), ("es", "phone")]),
}


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

    from tests.browser.journeys import organizer_journey, resident_journey

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with LiveServer() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for locale in ("en", "es", "ar"):
            for journey in (resident_journey, organizer_journey):
                context = browser.new_context(viewport=PHONE)
                page = context.new_page()
                for state in journey(page, server, locale):
                    if state not in WANTED:
                        continue
                    name, where = WANTED[state]
                    for viewport, size in VIEWPORTS.items():
                        if not take_all and (locale, viewport) not in where:
                            continue
                        page.set_viewport_size(size)
                        # Let the focus ring and fonts settle, then keep the picture to what a
                        # person sees first on a phone, or the whole page on a desktop.
                        page.wait_for_timeout(50)
                        png = page.screenshot(full_page=True, animations="disabled")
                        path = out / f"{name}-{locale}-{viewport}.png"
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
