"""The built website in a real browser: headless Chromium driven by Playwright.

Needs the built book (`make book`) and Debian's chromium (`apt-get install chromium`). Locally the
tests skip with a message when no browser is installed; under CI (CI=true) a missing browser is
a failure, since .ci/run installs it.

Checked on every chapter page: it loads with no console error and no request leaving
127.0.0.1; math is typeset (no raw TeX left); the self-quiz marks a wrong answer wrong and the
right one right. Also: the widgets of 问题 8 and 问题 14 render from their embedded state, and
the search page finds 反向传播. Screenshots go to _build/screenshots/ for review.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from tests.chapters import ROOT, Chapter, toc_chapters

pytestmark = pytest.mark.build
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHAPTERS = [c for c in toc_chapters() if isinstance(c, Chapter)]
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Console errors that are not errors of the book: (message pattern, source URL pattern).
# Keep this list short and explained.
CONSOLE_ALLOW = [
    # The book has no favicon; Chromium asks for /favicon.ico anyway and logs the 404.
    (re.compile(r"status of 404"), re.compile(r"/favicon\.ico$")),
    # pydata-sphinx-theme logs this on a reader's first visit (no colour mode stored yet) and
    # falls back to "auto"; sphinx-book-theme 1.3 has no option to preset the mode.
    (
        re.compile(r"^Got invalid theme mode: \. Resetting to auto\.$"),
        re.compile(r"pydata-sphinx-theme\.js"),
    ),
]


def _need_browser():
    if BROWSER:
        return
    msg = "no chromium: `apt-get install chromium` to run the browser tests"
    if os.environ.get("CI"):
        pytest.fail(msg + " (CI must run them: .ci/run installs it)")
    pytest.skip(msg)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does)")
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=BROWSER, args=FLAGS)
        yield b
        b.close()


class Visit:
    """A page opened with every request outside 127.0.0.1 blocked and recorded."""

    def __init__(self, browser, url):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.third_party: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc} {exc.stack}"))
        self.page.route("**/*", self._route)
        self.page.goto(url, wait_until="load")

    def _console(self, msg):
        if msg.type != "error":
            return
        source = (msg.location or {}).get("url", "")
        if not any(text.search(msg.text) and url.search(source) for text, url in CONSOLE_ALLOW):
            self.errors.append(f"console: {msg.text} ({source})")

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            self.third_party.append(route.request.url)
            route.abort()

    def wait_for_math(self):
        self.page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000
        )
        self.page.evaluate("() => MathJax.startup.promise")

    def close(self):
        self.page.close()


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


@pytest.mark.parametrize("number", [8, 14])
def test_widgets_render_from_embedded_state(server, browser, number):
    chapter = next((c for c in CHAPTERS if c.number == number), None)
    if chapter is None:
        pytest.skip(f"question {number} has no chapter yet")
    visit = Visit(browser, f"{server}/chapters/{chapter.path.stem}.html")
    try:
        visit.page.wait_for_selector(
            ".widget-slider, .jupyter-widgets.widget-container", timeout=20000
        )
        assert visit.page.locator(".widget-slider").count() > 0
        assert not visit.errors, visit.errors
        assert not visit.third_party, visit.third_party
        SHOTS.mkdir(parents=True, exist_ok=True)
        visit.page.locator(".widget-slider").first.scroll_into_view_if_needed()
        visit.page.screenshot(path=str(SHOTS / f"{chapter.path.stem}-widget.png"))
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
