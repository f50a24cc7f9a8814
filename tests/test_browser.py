"""The built website in a real browser: headless Chromium driven by Playwright.

Needs the built book (`make book`) and Debian's chromium (`apt-get install chromium`). Locally the
tests skip with a message when no browser is installed; under CI (CI=true) a missing browser is
a failure, since .ci/run installs it.

Checked on every chapter page: it loads with no console error and no request leaving
127.0.0.1; math is typeset (no raw TeX left); the self-quiz marks a wrong answer wrong and the
right one right; no link text shows raw TeX. Also: the 勘误 and 术语表 pages, and the search page
finds 反向传播. The live widgets of 问题 8 and 问题 14 have their own tests
(test_widget_*_live.py). Screenshots go to _build/screenshots/ for review.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.browser import CHAPTERS, HTML, SHOTS, Visit

pytestmark = pytest.mark.build


def _raw_tex_left(page) -> list[str]:
    text = page.evaluate(
        """() => {
        const main = document.querySelector('main') || document.body;
        const copy = main.cloneNode(true);
        copy.querySelectorAll('pre, code, script, style, mjx-container, .Quiz').forEach(
            e => e.remove());
        return copy.innerText;
    }"""
    )
    return re.findall(r"\$\$|\\\(|\\\[|\\(?:frac|sum|mathbf|partial|begin)\b", text)


def _raw_tex_in_links(page) -> list[str]:
    # Link text comes from a target's title ({ref} to a heading with math): MathJax does not
    # typeset it there, so a reader would see the TeX source. Such links need a plain title.
    texts = page.locator("main a").evaluate_all("els => els.map(e => e.innerText)")
    return [t for t in texts if re.search(r"\$|\\[A-Za-z]+", t)]


def _marked(feedback) -> set[str]:
    return set((feedback.get_attribute("class") or "").split())


def _check_choice_question(page) -> int:
    answers = page.locator(".Quiz .Answer")
    for i in range(answers.count()):
        block = answers.nth(i)
        right = block.locator('label[data-correct="true"]')
        wrong = block.locator('label[data-correct="false"]')
        if right.count() == 1 and wrong.count() >= 1:
            feedback = block.locator("xpath=..").locator(".Feedback")
            wrong.first.click()
            assert "incorrect" in _marked(feedback)
            right.first.click()
            assert "correct" in _marked(feedback) and "incorrect" not in _marked(feedback)
            return 1
    return 0


def _check_numeric_question(page) -> int:
    inputs = page.locator(".Quiz input.Input-text")
    if inputs.count() == 0:
        return 0
    box = inputs.first
    answers = json.loads(box.get_attribute("data-answers"))
    lo, hi = next(a["range"] for a in answers if "range" in a and a.get("correct"))
    feedback = page.locator("#fb" + box.get_attribute("id").split("-")[0])
    box.fill(repr(lo - 10 * (hi - lo) - 1))
    box.press("Enter")
    assert "incorrect" in _marked(feedback)
    box.fill(repr((lo + hi) / 2))
    box.press("Enter")
    assert "correct" in _marked(feedback) and "incorrect" not in _marked(feedback)
    return 1


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.path.stem for c in CHAPTERS])
def test_chapter_page_in_browser(server, browser, chapter):
    visit = Visit(browser, f"{server}/chapters/{chapter.path.stem}.html")
    page = visit.page
    try:
        visit.wait_for_math()
        page.wait_for_timeout(300)
        assert page.locator("mjx-container").count() > 0, "no typeset math on the page"
        assert not _raw_tex_left(page), f"raw TeX left: {_raw_tex_left(page)[:5]}"
        assert not _raw_tex_in_links(page), f"raw TeX in link text: {_raw_tex_in_links(page)}"

        # Self-quiz: wrong answer first (marked wrong), then the right one (marked right), for
        # the first single-answer multiple-choice question and the first numeric question.
        page.wait_for_selector(".Quiz", timeout=10000)
        checked = _check_choice_question(page) + _check_numeric_question(page)
        assert checked, "the quiz has neither a single-answer choice nor a numeric question"

        if chapter.number in (1, 8, 14):
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{chapter.path.stem}.png"), full_page=False)
        assert not visit.errors, visit.errors
        assert not visit.third_party, f"third-party requests: {visit.third_party}"
    finally:
        visit.close()


@pytest.mark.parametrize("word", ["反向传播"])
def test_search_box_finds_chinese_words(server, browser, word):
    visit = Visit(browser, f"{server}/search.html?q={quote(word)}")
    try:
        visit.page.wait_for_selector("#search-results li, ul.search li", timeout=20000)
        hits = visit.page.locator("ul.search li a").evaluate_all("els => els.map(e => e.href)")
        assert any("/chapters/" in h for h in hits), hits
        SHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(SHOTS / "search.png"))
        assert not visit.third_party, visit.third_party
    finally:
        visit.close()


@pytest.mark.parametrize("page_name", ["appendix/errata", "appendix/glossary"])
def test_appendix_page_in_browser(server, browser, page_name):
    visit = Visit(browser, f"{server}/{page_name}.html")
    try:
        visit.wait_for_math()
        assert not _raw_tex_left(visit.page), _raw_tex_left(visit.page)[:5]
        assert not _raw_tex_in_links(visit.page), _raw_tex_in_links(visit.page)
        assert not visit.errors, visit.errors
        assert not visit.third_party, visit.third_party
    finally:
        visit.close()


def test_index_page_offline(server, browser):
    visit = Visit(browser, f"{server}/intro.html")
    try:
        visit.wait_for_math()
        SHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.screenshot(path=str(SHOTS / "intro.png"))
        assert not visit.errors, visit.errors
        assert not visit.third_party, visit.third_party
    finally:
        visit.close()


def test_screenshot_folder_is_outside_the_site():
    assert Path(SHOTS).parent == HTML.parent
