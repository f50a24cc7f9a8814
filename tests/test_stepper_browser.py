"""Step-through figures in a real browser: every stepper pages through all its frames.

On every chapter page that holds a stepper, 下一步 is clicked through every frame (the visible
image and caption change each time, the counter follows), 上一步 goes back to the first frame, and
the arrow keys move too. The chapters that issue 17 names must each have one.
"""

from __future__ import annotations

import pytest

from tests.browser import CHAPTERS, SHOTS, Visit

pytestmark = pytest.mark.build
REQUIRED = {6, 8, 10, 14, 16, 29}
PAGES = [c for c in CHAPTERS if "Stepper(" in c.text]

_STATE = """el => {
  const frame = [...el.querySelectorAll('.cvbook-step-frame')].find(f => !f.hidden);
  const cap = [...el.querySelectorAll('.cvbook-step-caption')].find(c => !c.hidden);
  return {src: frame && frame.src.slice(-64), caption: cap && cap.textContent,
          counter: el.querySelector('.cvbook-step-counter').textContent,
          count: el.querySelectorAll('.cvbook-step-frame').length};
}"""


def test_the_required_chapters_have_steppers():
    assert REQUIRED <= {c.number for c in PAGES}, sorted(c.number for c in PAGES)


@pytest.mark.parametrize("chapter", PAGES, ids=[c.path.stem for c in PAGES])
def test_stepper_pages_through_every_frame(server, browser, chapter):
    visit = Visit(browser, f"{server}/chapters/{chapter.path.stem}.html")
    page = visit.page
    try:
        steppers = page.locator(".cvbook-stepper")
        assert steppers.count() >= 1
        for k in range(steppers.count()):
            el = steppers.nth(k)
            el.scroll_into_view_if_needed()
            first = el.evaluate(_STATE)
            n = first["count"]
            assert n >= 2 and first["counter"] == f"第 1 / {n} 步"
            seen = [first]
            for i in range(1, n):
                el.locator('[data-step-action="next"]').click()
                now = el.evaluate(_STATE)
                assert now["counter"] == f"第 {i + 1} / {n} 步"
                assert now["src"] != seen[-1]["src"] and now["caption"] != seen[-1]["caption"]
                seen.append(now)
            assert el.locator('[data-step-action="next"]').is_disabled()
            for _ in range(n - 1):
                el.locator('[data-step-action="prev"]').click()
            assert el.evaluate(_STATE) == first
            el.focus()
            page.keyboard.press("ArrowRight")
            assert el.evaluate(_STATE)["counter"] == f"第 2 / {n} 步"
            page.keyboard.press("ArrowLeft")
        SHOTS.mkdir(parents=True, exist_ok=True)
        steppers.first.screenshot(path=str(SHOTS / f"{chapter.path.stem}-stepper.png"))
        assert not visit.errors, visit.errors
        assert not visit.third_party, visit.third_party
    finally:
        visit.close()
