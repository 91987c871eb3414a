"""A resident completes the whole demo survey in Spanish with the keyboard alone: Tab, Shift-Tab,
Space, Enter and arrow keys (typing into a field once Tab has reached it). Focus is visible at every
step, and after a failed submit it lands on the error summary."""
from __future__ import annotations

from typing import Any

from tests.browser.pages import number_for, table

FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return {tag: 'body', visible: true};
  const ring = (node) => {
    if (!node) return false;
    const s = getComputedStyle(node);
    return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  };
  // Styled radios and checkboxes draw their focus ring on the label that covers the real input.
  // The skip link's target (<main tabindex=-1>) takes focus only so the next Tab starts there; it is
  // not a control, and like GOV.UK we draw no ring round the whole page.
  const visible = ring(el) || (el.classList.contains('choice__input') && ring(el.labels && el.labels[0])) ||
    (el.tagName === 'MAIN' && el.getAttribute('tabindex') === '-1');
  const group = el.name ? document.querySelectorAll('[name="' + el.name + '"]') : [];
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', id: el.id || '',
    value: el.value || '', action: el.getAttribute('value') || '', visible: visible,
    inputmode: el.getAttribute('inputmode') || '', summary: el.hasAttribute('data-error-summary'),
    inSummary: !!el.closest('[data-error-summary]'), startButton: !!el.closest('form.start-form'),
    groupSize: group.length, checkedInGroup: Array.from(group).filter((x) => x.checked).map((x) => x.value),
    outer: el.outerHTML.slice(0, 120)};
}"""


class Keyboard:
    def __init__(self, page: Any) -> None:
        self.page = page
        self.presses = 0
        self.invisible: list[str] = []

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.presses += 1
        return self.focus()

    def focus(self) -> dict:
        state = self.page.evaluate(FOCUS_JS)
        if not state["visible"]:
            self.invisible.append(f"{self.page.url}: {state['outer']}")
        return state

    def tab_until(self, wanted, limit: int = 60) -> dict:
        for _ in range(limit):
            state = self.press("Tab")
            if wanted(state):
                return state
        raise AssertionError(f"Tab never reached the element on {self.page.url}")

    def submit(self) -> None:
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.presses += 1


def answer_by_keyboard(kb: Keyboard, page: Any) -> None:
    """Tab through the page answering every question reached, then press Enter on Continue."""
    answered: set[str] = set()
    for _ in range(250):
        state = kb.press("Tab")
        tag, kind, name = state["tag"], state["type"], state["name"]
        if tag == "button" and state["action"] == "next":
            kb.submit()
            return
        if kind == "radio" and name not in answered:
            answered.add(name)
            if not state["checkedInGroup"]:
                state = kb.press("Space")
                if state["groupSize"] > 2:
                    state = kb.press("ArrowDown")  # the second option: arrow keys move the choice
                assert state["checkedInGroup"], f"Space/arrow did not choose in {name}"
        elif kind == "checkbox" and name not in answered:
            answered.add(name)
            if not state["checkedInGroup"]:
                state = kb.press("Space")
                assert state["checkedInGroup"], f"Space did not tick {name}"
        elif tag == "select" and not state["value"]:
            slot = int(state["id"].rsplit("-", 1)[1])
            for _ in range(slot):
                state = kb.press("ArrowDown")
            assert state["value"], f"arrow keys did not choose in {state['id']}"
        elif tag in ("input", "textarea") and kind in ("text", "textarea") and not state["value"] \
                and not name.endswith("__other"):
            page.keyboard.type(number_for(page, name) if state["inputmode"] == "decimal" else "Más ayuda de noche")
    raise AssertionError(f"never reached the Continue button on {page.url}")


def has_required_question(page: Any) -> bool:
    return page.evaluate("() => Array.from(document.querySelectorAll('.question')).some((q) => !q.querySelector('.optional'))")


def test_the_demo_survey_completes_with_the_keyboard_alone(new_context, server):
    slug = server.seed["demo"] or server.seed["every_type"]
    context, watch = new_context("es")
    page = context.new_page()
    page.goto(f"{server.url}/s/{slug}?lang=es")
    kb = Keyboard(page)

    state = kb.press("Tab")
    assert "skip-link" in state["outer"], f"the first Tab should reach the skip link, got {state['outer']}"
    kb.press("Enter")
    state = kb.tab_until(lambda s: s["startButton"] and s["tag"] == "button")
    kb.submit()
    assert "/p/1" in page.url, page.url

    failed_once = False
    for _ in range(15):
        if "/thanks" in page.url:
            break
        if not failed_once and has_required_question(page):
            number = page.url
            kb.tab_until(lambda s: s["tag"] == "button" and s["action"] == "next", limit=200)
            kb.submit()
            assert page.url == number, "a page with an unanswered required question was accepted"
            state = kb.focus()
            assert state["summary"], f"focus is not on the error summary after a failed submit: {state['outer']}"
            link = kb.press("Tab")
            assert link["tag"] == "a" and link["inSummary"], f"Tab from the summary should reach its first link: {link['outer']}"
            kb.press("Shift+Tab")
            again = kb.press("Tab")
            assert again["outer"] == link["outer"], "Shift-Tab then Tab did not come back to the same link"
            failed_once = True
        answer_by_keyboard(kb, page)
        if page.locator("[data-error-summary]").count():
            assert kb.focus()["summary"], "focus is not on the error summary after a failed submit"
    assert "/thanks" in page.url, f"the survey did not complete; stopped at {page.url}"
    assert page.locator(".code-display__value").inner_text().strip(), "no receipt code"
    assert failed_once, "no page had a required question, so the error-summary focus was never checked"
    assert not kb.invisible, "focus was not visible on:\n" + "\n".join(kb.invisible)
    assert not watch.problems, table(watch.problems)
