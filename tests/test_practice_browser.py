"""模拟面试 (issue 13) in a real browser, on the built site: practice page and chapter pages.

A reader practises three questions (mouse and keyboard) and rates them; after a reload the progress
is still there, and on the next day the schedule asks the missed question first. Progress is
exported to a file and imported back; a corrupt, a foreign and a too-new file are rejected with a
Chinese message and leave the progress as it was; reset asks first. A chapter's self-quiz result
(first-attempt correctness) shows under the chapter title and in the 进度 table. The page works
from disk (file://) as well as under a local server, with no console error and no request leaving
the machine. Screenshots at 1280 and 390 px, light and dark, go to _build/screenshots/.

Every Visit opens a fresh browser context, so each test starts with empty localStorage. The clock
is Playwright's fake clock set to a fixed local time, so due dates are known in advance.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from tests.browser import HTML, SHOTS, Visit, need_browser

pytestmark = pytest.mark.build

APP = '[data-cvbook-practice="app"]'
CARD = f"{APP} [data-role=card]"
KEY = "cvbook-practice-v1"
START = dt.datetime(2025, 5, 3, 10, 0)  # a Saturday morning, local time
CHAPTER = "chapters/q08-roipool-vs-roialign.html"


def _ready(page):
    page.wait_for_selector(f'{APP}[data-ready="true"]', timeout=20000)


def _open(browser, url, at=START) -> Visit:
    """The practice page (or `url`) with the clock at `at` and localStorage empty."""
    visit = Visit(browser, url.split("#")[0])
    visit.page.clock.install(time=at)
    visit.page.goto("about:blank")
    visit.page.goto(url, wait_until="load")
    if "practice.html" in url:
        _ready(visit.page)
    return visit


def _stored(page) -> dict:
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('{KEY}') || 'null')")


def _card_n(page) -> int:
    return int(page.get_attribute(CARD, "data-n"))


def _row(page, n) -> dict:
    cells = page.locator(f'{APP} table[data-role=progress] tr[data-n="{n}"] [data-col]')
    return {c.get_attribute("data-col"): c.inner_text().strip() for c in cells.all()}


def _progress(page):
    page.click(f"{APP} [role=tab][data-view=progress]")
    page.wait_for_selector(f"{APP} table[data-role=progress] tbody tr")


def _practice_tab(page):
    page.click(f"{APP} [role=tab][data-view=practice]")


def _rate_by_mouse(page, rating):
    page.click(f"{APP} button[data-action=reveal]")
    page.wait_for_selector(f"{APP} [data-role=answer]:not([hidden])")
    page.click(f'{APP} button[data-action=rate][data-rating="{rating}"]')


def _finish(visit):
    errors, third = list(visit.errors), list(visit.third_party)
    visit.close()
    assert not errors, errors
    assert not third, f"third-party requests: {third}"


@pytest.fixture
def data(server, browser):
    """The practice data the build extracted (read from the built page itself)."""
    visit = Visit(browser, f"{server}/practice.html")
    try:
        _ready(visit.page)
        d = visit.page.evaluate("() => window.cvbookPracticeData")
    finally:
        _finish(visit)
    assert len(d["questions"]) == 31
    return d


def test_practise_three_questions_keyboard_and_reload(server, browser, data):
    visit = _open(browser, f"{server}/practice.html")
    page = visit.page
    try:
        # a new reader: the questions come in number order, each one a new question
        assert _card_n(page) == 1
        assert "/31" in page.inner_text(f"{APP} [data-role=status-line]")
        assert page.is_hidden(f"{APP} [data-role=answer]")
        # question 1 with the mouse: the answer is the chapter's 30 秒回答, with math typeset
        page.click(f"{APP} button[data-action=reveal]")
        answer = page.locator(f"{APP} [data-role=answer]")
        answer.wait_for(state="visible")
        visit.wait_for_math()
        page.wait_for_function(
            "() => document.querySelectorAll('[data-role=answer] mjx-container').length > 0",
            timeout=20000,
        )
        text = answer.inner_text()
        assert "30 秒回答" in text and "常见追问" in text
        assert not re.search(r"\\\(|\\\[|\\frac", text), "raw TeX left in the answer"
        q1 = next(q for q in data["questions"] if q["n"] == 1)
        assert page.locator(f"{APP} details.cvp-followup").count() == len(q1["followups"])
        link = page.locator(f"{APP} a[data-role=chapter-link]")
        assert link.evaluate("a => a.href").endswith(q1["url"])
        for href in answer.locator("a[href]").evaluate_all("els => els.map(a => a.href)"):
            path = href.split("#")[0].replace(f"{server}/", "")
            assert (HTML / path).exists(), f"link in the answer does not resolve: {href}"
        page.click(f'{APP} button[data-action=rate][data-rating="good"]')
        assert _card_n(page) == 2

        # question 2 by keyboard; typing in the notes box (spaces, digits) does nothing else
        page.click(f"{APP} textarea[data-role=notes]")
        page.keyboard.type("要点 1 2 3 与 space")
        assert page.is_hidden(f"{APP} [data-role=answer]")
        assert _card_n(page) == 2 and _stored(page)["items"].keys() == {"1"}
        page.locator(f"{APP} textarea[data-role=notes]").blur()
        page.keyboard.press("1")  # no rating before the answer is shown
        assert _card_n(page) == 2
        page.keyboard.press("Space")
        assert page.is_visible(f"{APP} [data-role=answer]")
        page.keyboard.press("3")  # 没答出
        assert _card_n(page) == 3
        assert page.input_value(f"{APP} textarea[data-role=notes]") == ""

        # question 3: 部分; then question 4 (question 2 is back in 10 minutes, not now)
        page.keyboard.press("Space")
        page.keyboard.press("2")
        assert _card_n(page) == 4
        assert "没答出" not in page.inner_text(f"{APP} [data-role=last-rated]")
        stored = _stored(page)
        assert stored["format"] == "cvbook-practice" and stored["version"] == 1
        boxes = {n: (r["box"], r["last"], r["count"]) for n, r in stored["items"].items()}
        assert boxes == {"1": (1, "good", 1), "2": (0, "again", 1), "3": (0, "partial", 1)}

        # reload: the progress is kept and the 进度 table shows it
        page.reload(wait_until="load")
        _ready(page)
        assert _card_n(page) == 4
        _progress(page)
        summary = page.inner_text(f"{APP} [data-role=summary]")
        assert "已练 3/31 题" in summary, summary
        r1, r2, r3, r4 = (_row(page, n) for n in (1, 2, 3, 4))
        assert (r1["last"], r1["count"], r1["due"]) == ("答出", "1", "明天（5月4日）")
        assert (r2["last"], r2["count"], r2["due"]) == ("没答出", "1", "今天 10:10")
        assert (r3["last"], r3["due"]) == ("部分", "明天（5月4日）")
        assert (r4["last"], r4["count"], r4["due"]) == ("—", "0", "新题")
        assert page.locator(f"{APP} [data-role=chart] rect").count() == 3  # today: 3 colours

        # the next morning: the missed question first, then 部分 (box 0), then 答出 (box 1)
        page.clock.set_system_time(dt.datetime(2025, 5, 4, 8, 0))
        page.reload(wait_until="load")
        _ready(page)
        order = []
        for _ in range(3):
            order.append(_card_n(page))
            _rate_by_mouse(page, "good")
        assert order == [2, 3, 1]
        assert _card_n(page) == 4
    finally:
        _finish(visit)


def test_filters_followup_mode_and_address(server, browser, data):
    visit = _open(browser, f"{server}/practice.html#q=8&mode=followup")
    page = visit.page
    try:
        # the address asks question 8 in 追问 mode; its first 追问 is asked
        assert _card_n(page) == 8
        assert page.get_attribute(CARD, "data-mode") == "followup"
        assert "追问 1/" in page.inner_text(f"{APP} [data-role=meta]")
        q8 = next(q for q in data["questions"] if q["n"] == 8)
        assert page.is_checked(f'{APP} input[name=cvp-mode][value="followup"]')
        page.keyboard.press("Space")
        assert "追问的回答" in page.inner_text(f"{APP} [data-role=answer]")
        page.keyboard.press("1")
        assert _stored(page)["followups"]["8"]["next"] == 1
        assert _stored(page)["items"] == {}  # the main schedule is separate
        # a part filter: every question asked is from that part
        part = q8["part"]
        page.check(f'{APP} input[name=cvp-mode][value="main"]')
        page.select_option(f"{APP} select[data-setting=part]", part)
        in_part = sorted(q["n"] for q in data["questions"] if q["part"] == part)
        asked = []
        for _ in in_part:
            asked.append(_card_n(page))
            _rate_by_mouse(page, "good")
        assert asked == in_part
        # nothing left in that part today: practise ahead on demand
        assert page.is_visible(f"{APP} [data-role=done]")
        page.click(f"{APP} button[data-action=ahead]")
        assert _card_n(page) == in_part[0]
        # the countdown: on by default at 60 s, adjustable, and can be switched off
        assert page.input_value(f"{APP} input[data-setting=seconds]") == "60"
        page.fill(f"{APP} input[data-setting=seconds]", "90")
        page.press(f"{APP} input[data-setting=seconds]", "Enter")
        page.locator(f"{APP} input[data-setting=seconds]").blur()
        assert page.inner_text(f"{APP} [data-role=timer]") in ("1:30", "1:29")
        page.uncheck(f"{APP} input[data-setting=timer]")
        assert page.is_hidden(f"{APP} [data-role=timer]")
        assert _stored(page)["settings"] == {
            "timer": False,
            "seconds": 90,
            "part": part,
            "mode": "main",
        }
    finally:
        _finish(visit)


def test_export_import_reset_and_bad_files(server, browser, tmp_path):
    visit = _open(browser, f"{server}/practice.html")
    page = visit.page
    try:
        for rating in ("good", "again", "partial"):
            _rate_by_mouse(page, rating)
        page.evaluate(
            "() => { const P = window.cvbookPractice;"
            " P.update(localStorage, s => P.recordQuiz(s, 8, 3, 5, Date.now())); }"
        )
        before = _stored(page)
        _progress(page)
        assert _row(page, 8)["quiz"] == "3/5"

        with page.expect_download() as info:
            page.click(f"{APP} button[data-action=export]")
        download = info.value
        assert re.fullmatch(r"cvbook-practice-2025-05-03\.json", download.suggested_filename)
        exported = tmp_path / "export.json"
        download.save_as(exported)
        payload = json.loads(exported.read_text(encoding="utf-8"))
        assert payload["format"] == "cvbook-practice" and payload["version"] == 1
        assert payload["items"] == before["items"] and payload["quizzes"] == before["quizzes"]

        # reset asks first; 取消 keeps everything
        page.click(f"{APP} button[data-action=reset]")
        assert page.is_visible(f"{APP} [data-role=confirm]")
        page.click(f"{APP} button[data-action=cancel]")
        assert _stored(page) == before
        page.click(f"{APP} button[data-action=reset]")
        page.click(f"{APP} button[data-action=confirm]")
        cleared = _stored(page)
        assert cleared["items"] == {} and cleared["quizzes"] == {} and cleared["daily"] == {}
        assert _row(page, 1)["count"] == "0" and _row(page, 8)["quiz"] == "—"

        # import the exported file: everything is back
        page.set_input_files(f"{APP} input[data-role=import-file]", str(exported))
        page.wait_for_selector(f"{APP} .cvp-message-ok")
        assert "已导入" in page.inner_text(f"{APP} [data-role=message]")
        restored = _stored(page)
        assert restored == before
        assert _row(page, 1)["last"] == "答出" and _row(page, 8)["quiz"] == "3/5"

        # malformed, foreign and too-new files: a Chinese message, progress untouched
        valid = json.loads(exported.read_text(encoding="utf-8"))
        bad = {
            "truncated.json": exported.read_text(encoding="utf-8")[:60],
            "empty.json": "",
            "foreign.json": json.dumps({"deck": "my flashcards", "cards": [1, 2]}),
            "other-format.json": json.dumps({**valid, "format": "anki"}),
            "newer.json": json.dumps({**valid, "version": 2}),
            "bad-box.json": json.dumps(
                {**valid, "items": {"1": {**valid["items"]["1"], "box": 42}}}
            ),
        }
        stored_text = page.evaluate(f"() => localStorage.getItem('{KEY}')")
        table = page.inner_text(f"{APP} table[data-role=progress]")
        for name, text in bad.items():
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            page.evaluate("() => { document.querySelector('[data-role=message]').className = ''; }")
            page.set_input_files(f"{APP} input[data-role=import-file]", str(path))
            page.wait_for_selector(f"{APP} .cvp-message-error")
            msg = page.inner_text(f"{APP} [data-role=message]")
            assert msg.startswith("导入失败") and "现有进度没有改动" in msg, (name, msg)
            assert page.evaluate(f"() => localStorage.getItem('{KEY}')") == stored_text, name
            assert page.inner_text(f"{APP} table[data-role=progress]") == table, name
            assert page.is_hidden(f"{APP} [data-role=confirm]"), name
        assert "不是有效的 JSON" in _message_for(page, tmp_path / "truncated.json")
        assert "不是本书模拟面试的进度文件" in _message_for(page, tmp_path / "foreign.json")
        assert "版本是 2" in _message_for(page, tmp_path / "newer.json")

        # importing over existing progress asks first
        other = {**valid, "items": {"5": valid["items"]["1"]}, "quizzes": {}}
        path = tmp_path / "other.json"
        path.write_text(json.dumps(other), encoding="utf-8")
        page.set_input_files(f"{APP} input[data-role=import-file]", str(path))
        page.wait_for_selector(f"{APP} [data-role=confirm]:not([hidden])")
        page.click(f"{APP} button[data-action=cancel]")
        assert page.evaluate(f"() => localStorage.getItem('{KEY}')") == stored_text
        page.set_input_files(f"{APP} input[data-role=import-file]", str(path))
        page.click(f"{APP} button[data-action=confirm]")
        assert _stored(page)["items"].keys() == {"5"}
        assert _row(page, 5)["last"] == "答出" and _row(page, 1)["last"] == "—"
    finally:
        _finish(visit)


def _message_for(page, path) -> str:
    page.evaluate("() => { document.querySelector('[data-role=message]').className = ''; }")
    page.set_input_files(f"{APP} input[data-role=import-file]", str(path))
    page.wait_for_selector(f"{APP} .cvp-message-error")
    return page.inner_text(f"{APP} [data-role=message]")


def _answer_quiz_item(page, item, right: bool):
    """Answer one jupyterquiz item (single-answer choice or numeric), right or wrong."""
    choice = item.locator('label[data-correct="true"]')
    if choice.count() == 1:
        target = choice if right else item.locator('label[data-correct="false"]').first
        target.click()
        return
    box = item.locator("input.Input-text")
    answers = json.loads(box.get_attribute("data-answers"))
    lo, hi = next(a["range"] for a in answers if "range" in a and a.get("correct"))
    box.fill(repr((lo + hi) / 2 if right else lo - 10 * (hi - lo) - 1))
    box.press("Enter")


def test_chapter_quiz_result_and_practice_button(server, browser):
    visit = _open(browser, f"{server}/{CHAPTER}")
    page = visit.page
    try:
        bar = page.locator("[data-cvbook-practice=chapter]")
        bar.wait_for()
        button = bar.locator("a.cvp-chapter-button")
        assert button.inner_text() == "练这一题"
        assert button.evaluate("a => a.href") == f"{server}/practice.html#q=8"
        assert page.is_hidden("[data-role=last-quiz]")  # no quiz taken yet
        page.wait_for_selector("div.Quiz")
        items = page.locator('div.Quiz[id^="quizWrap"]')
        total = items.count()
        usable = [
            i
            for i in range(total)
            if items.nth(i).locator('label[data-correct="true"]').count() == 1
            or items.nth(i).locator("input.Input-text").count() == 1
        ]
        assert len(usable) >= 2
        # first item right at once; second wrong first, then right: only the first counts
        _answer_quiz_item(page, items.nth(usable[0]), right=True)
        page.wait_for_function(
            "() => !document.querySelector('[data-role=last-quiz]').hidden", timeout=5000
        )
        assert page.inner_text("[data-role=last-quiz]") == f"上次自测 1/{total}（答了 1 题）"
        _answer_quiz_item(page, items.nth(usable[1]), right=False)
        _answer_quiz_item(page, items.nth(usable[1]), right=True)
        assert page.inner_text("[data-role=last-quiz]") == f"上次自测 1/{total}（答了 2 题）"
        assert _stored(page)["quizzes"]["8"]["correct"] == 1
        assert _stored(page)["items"] == {}

        # a reload keeps the note; the button opens the practice page on this question
        page.reload(wait_until="load")
        page.wait_for_selector("[data-role=last-quiz]:not([hidden])")
        assert page.inner_text("[data-role=last-quiz]").startswith(f"上次自测 1/{total}")
        page.click("[data-cvbook-practice=chapter] a.cvp-chapter-button")
        _ready(page)
        assert _card_n(page) == 8 and page.get_attribute(CARD, "data-mode") == "main"
        _progress(page)
        assert _row(page, 8)["quiz"] == f"1/{total}（答了 2 题）"
        assert "做过 1 章的自测" in page.inner_text(f"{APP} [data-role=summary]")
    finally:
        _finish(visit)


def test_works_from_disk(browser, tmp_path):
    """file://: the same page with no server; only file: and data: URLs may load."""
    need_browser()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors, outside = [], []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    try:
        page.goto((HTML / CHAPTER).as_uri(), wait_until="load")
        page.click("[data-cvbook-practice=chapter] a.cvp-chapter-button")
        _ready(page)
        assert _card_n(page) == 8
        _rate_by_mouse(page, "partial")
        page.reload(wait_until="load")
        _ready(page)
        _progress(page)
        assert _row(page, 8)["last"] == "部分"
        with page.expect_download() as info:
            page.click(f"{APP} button[data-action=export]")
        assert json.loads(info.value.path().read_text(encoding="utf-8"))["items"]["8"]["count"] == 1
        # theme warnings about a first visit are not errors of the book
        errors = [e for e in errors if "Got invalid theme mode" not in e]
        assert not errors, errors
        assert not outside, outside
    finally:
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots(server, browser, scheme, width):
    visit = _open(browser, f"{server}/practice.html")
    page = visit.page
    try:
        page.emulate_media(color_scheme=scheme)
        page.set_viewport_size({"width": width, "height": 900})
        for rating in ("good", "again", "partial"):
            _rate_by_mouse(page, rating)
        page.reload(wait_until="load")
        _ready(page)
        assert page.evaluate("document.documentElement.dataset.theme") == scheme
        # nothing sticks out sideways on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(APP).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"practice-question-{width}-{scheme}.png"))
        page.keyboard.press("Space")
        visit.wait_for_math()
        page.locator(f"{APP} [data-role=answer]").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"practice-answer-{width}-{scheme}.png"))
        _progress(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(SHOTS / f"practice-progress-{width}-{scheme}.png"), full_page=True)
        page.goto(f"{server}/{CHAPTER}", wait_until="load")
        page.wait_for_selector("[data-cvbook-practice=chapter]")
        page.screenshot(path=str(SHOTS / f"practice-chapter-{width}-{scheme}.png"))
    finally:
        _finish(visit)
