"""With JavaScript switched off the demo survey still completes: conditions are shown with their
hint instead of being hidden, validation happens on the server, and every button is a real submit."""
from __future__ import annotations

from tests.browser.pages import answer_page, press_button, submit, table


def test_the_demo_survey_completes_without_javascript(new_context, server):
    slug = server.seed["demo"] or server.seed["every_type"]
    context, watch = new_context("es", javascript=False)
    page = context.new_page()
    page.goto(f"{server.url}/s/{slug}?lang=es")
    submit(page, page.locator("form.start-form button[type=submit]"))
    assert "/p/1" in page.url, page.url
    assert page.locator("[data-reveal-question]").count() == 0 or page.locator(".hint--reveal").first.is_visible()
    press_button(page)
    errors_seen = page.locator("[data-error-summary]").count() > 0
    for _ in range(15):
        if "/thanks" in page.url:
            break
        answer_page(page, text="Más ayuda de noche")
        press_button(page)
        errors_seen = errors_seen or page.locator("[data-error-summary]").count() > 0
    assert "/thanks" in page.url, f"stopped at {page.url}"
    assert page.locator(".code-display__value").inner_text().strip()
    assert not watch.problems, table(watch.problems)


def test_a_same_page_condition_is_visible_without_javascript(new_context, server):
    context, watch = new_context("en", javascript=False)
    page = context.new_page()
    page.goto(f"{server.url}/s/{server.seed['every_type']}")
    submit(page, page.locator("form.start-form button[type=submit]"))
    why = page.locator("#q-q_why")
    assert why.is_visible(), "without JavaScript the conditional question must stay on the page"
    assert why.locator(".hint--reveal").is_visible(), "it needs the hint saying when to answer it"
    assert not watch.problems, table(watch.problems)
