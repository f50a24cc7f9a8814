"""问题 14's live IoU widget on the built page: the JavaScript port against the chapter's Python.

The page API ``window.cvbookWidgets.iou.rotated`` / ``.polygon`` is called on a few hundred
configurations (the special cases the issue lists plus seeded random ones) in one
``page.evaluate`` each, and compared with the chapter's own ``rotated_iou`` / ``polygon_iou``
(executed from the chapter source by tests/chapter_code.py) within 1e-9; where Python raises
ValueError the JavaScript must throw an Error. Then the UI is driven: a number input, a mouse
drag on a handle, a self-intersecting polygon and one round of the guessing game.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.browser import Visit
from tests.chapter_code import load

pytestmark = pytest.mark.build

PAGE = "chapters/q14-rotated-polygon-iou.html"
TOL = 1e-9
ROTATED = '[data-cvbook-widget="iou"] [data-panel="rotated"]'
POLYGON = '[data-cvbook-widget="iou"] [data-panel="polygon"]'
GAME = '[data-cvbook-widget="iou"] [data-panel="game"]'

# Calls every configuration in the page; an Error becomes {"error": message}.
CALL_ALL = """([fn, cases]) => cases.map(([a, b]) => {
  try {
    return {value: window.cvbookWidgets.iou[fn](a, b)};
  } catch (e) {
    return {error: String(e && e.message), isError: e instanceof Error};
  }
})"""


@pytest.fixture(scope="module")
def chapter():
    return load(14, "polygon_iou", "rotated_box_to_polygon", "rotated_iou", "convex_polygon_iou")


@pytest.fixture
def visit(server, browser):
    v = Visit(browser, f"{server}/{PAGE}")
    v.page.wait_for_function(
        "() => window.cvbookWidgets && window.cvbookWidgets.iou"
        " && window.cvbookWidgets.iou.rotated && window.cvbookWidgets.iou.polygon",
        timeout=20000,
    )
    v.page.wait_for_selector(f"{ROTATED} output[data-value='iou']", timeout=20000)
    yield v
    errors = list(v.errors)
    v.close()
    assert not errors, errors


def rotated_cases(rng) -> list[tuple[list[float], list[float]]]:
    """Boxes (cx, cy, w, h, angle): the hand cases, touching, contained, far apart, random."""
    base = [0.0, 0.0, 2.0, 2.0, 0.0]
    cases = [
        (base, base),  # identical
        (base, [0, 0, 2, 2, 90]),  # the same square listed from another corner
        (base, [0, 0, 2, 2, 180]),
        (base, [2, 0, 2, 2, 0]),  # shared edge
        (base, [2, 2, 2, 2, 0]),  # shared corner
        (base, [0, 0, 1, 1, 0]),  # contained
        (base, [1, 0, 2, 2, 0]),  # half shift
        (base, [0, 0, 2, 2, 45]),  # octagon
        (base, [5, 5, 1, 3, 30]),  # disjoint
        ([0, 0, 4, 2, 0], [0, 0, 2, 4, 90]),  # identical after swapping w, h
    ]
    for _ in range(40):  # rotated boxes touching along a whole edge
        a = rng.uniform(-180, 180)
        w1, h1, w2, h2 = rng.uniform(0.3, 4, 4)
        t = math.radians(a)
        d = (w1 + w2) / 2  # centres apart along the rotated x axis
        b1 = [*rng.uniform(0, 10, 2), w1, h1, a]
        b2 = [b1[0] + d * math.cos(t), b1[1] + d * math.sin(t), w2, h2, a + 180 * rng.integers(2)]
        cases.append((b1, b2))
    for _ in range(30):  # one inside the other, both rotated
        b1 = [*rng.uniform(0, 10, 2), *rng.uniform(2, 5, 2), rng.uniform(-180, 180)]
        r = 0.15 * min(b1[2], b1[3])
        b2 = [b1[0] + rng.uniform(-r, r), b1[1] + rng.uniform(-r, r), r, r, rng.uniform(-180, 180)]
        cases.append((b1, b2) if rng.random() < 0.5 else (b2, b1))
    for _ in range(20):  # far apart
        b1 = [*rng.uniform(-5, 5, 2), *rng.uniform(0.5, 3, 2), rng.uniform(-180, 180)]
        b2 = [b1[0] + rng.choice([-1, 1]) * rng.uniform(6, 100), b1[1] + rng.uniform(-50, 50)]
        cases.append((b1, [*b2, *rng.uniform(0.5, 3, 2), rng.uniform(-180, 180)]))
    for _ in range(20):  # identical up to the box symmetries
        b = [*rng.uniform(0, 10, 2), *rng.uniform(0.2, 5, 2), rng.uniform(-180, 180)]
        cases.append((b, [b[0], b[1], b[3], b[2], b[4] + 90]))
    for _ in range(160):  # random overlapping-ish pairs, some thin
        b1 = [*rng.uniform(0, 10, 2), *rng.uniform(0.05, 5, 2), rng.uniform(-360, 360)]
        b2 = [*(np.array(b1[:2]) + rng.normal(0, 1.5, 2)), *rng.uniform(0.05, 5, 2)]
        cases.append((b1, [*b2, rng.uniform(-360, 360)]))
    return [([float(v) for v in a], [float(v) for v in b]) for a, b in cases]


def star(rng, k, centre) -> np.ndarray:
    """The chapter's random star-shaped polygon (non-convex, simple unless a spike touches)."""
    ang = np.sort(rng.uniform(0, 2 * np.pi, k))
    rad = rng.uniform(0.3, 1.5, k)
    poly = np.stack([np.cos(ang) * rad, np.sin(ang) * rad], 1) + centre
    return np.roll(poly, int(rng.integers(k)), axis=0)


def polygon_cases(rng, chapter) -> list[tuple[list, list]]:
    """Simple polygons (both orientations), the chapter's cases, and invalid ones."""
    sq = [[0, 0], [2, 0], [2, 2], [0, 2]]
    unit = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    L = [[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]]
    cases = [
        (L, sq),
        (L, (unit + 1).tolist()),  # touches the reflex corner only
        (L, (unit + 0.5).tolist()),
        (sq, sq[::-1]),  # identical, opposite orientation
        (sq, (np.array(sq) + [2, 0]).tolist()),  # shared edge
        (sq, (np.array(sq) + [2, 2]).tolist()),  # shared corner
        (sq, (unit + 0.5).tolist()),  # contained
        (sq, (np.array(sq) + [50, 0]).tolist()),  # far apart
        (sq, [[1, -1], [3, 1], [1, 3], [-1, 1]]),  # diamond around the square
    ]
    for _ in range(150):  # random stars, random orientation and starting vertex
        p = star(rng, int(rng.integers(3, 12)), 0)
        q = star(rng, int(rng.integers(3, 12)), rng.normal(size=2) * 0.8)
        p, q = (p if rng.random() < 0.5 else p[::-1]), (q if rng.random() < 0.5 else q[::-1])
        cases.append((p.tolist(), q.tolist()))
    for _ in range(30):  # a star against itself, moved a little, or far away
        p = star(rng, 8, 0)
        off = rng.choice([0.0, 0.05, 10.0])
        cases.append((p.tolist(), (p[::-1] + off).tolist()))
    for _ in range(40):  # rotated boxes as polygons
        b1 = [*rng.uniform(0, 5, 2), *rng.uniform(0.5, 3, 2), rng.uniform(-180, 180)]
        b2 = [*rng.uniform(0, 5, 2), *rng.uniform(0.5, 3, 2), rng.uniform(-180, 180)]
        p, q = chapter["rotated_box_to_polygon"](b1), chapter["rotated_box_to_polygon"](b2)
        cases.append((p.tolist(), q[::-1].tolist()))
    bad = [
        [[0, 0], [1, 1]],  # two points
        [[0, 0], [1, 1], [2, 2]],  # collinear
        [[0, 0], [1, 1], [3, 3], [2, 2]],  # collinear, folded back
        [[0, 0], [2, 2], [2, 0], [0, 1]],  # self-intersecting (the chapter's example)
        [[0, 0], [1, 1], [1, 0], [0, 1]],  # symmetric bow-tie (zero signed area)
        [[0, 0], [4, 0], [4, 4], [2, 0], [0, 4]],  # a vertex touching another edge
        [[0, 0], [0, 0], [1, 0], [0, 1]],  # repeated vertex
        [[0, 0], [1, 0], [1, 0], [1, 0]],  # fewer than 3 distinct vertices
        [[1, 1], [1, 1], [1, 1]],  # one point
        [[0, 0], [1, float("nan")], [1, 0]],  # not finite
        [[0, 0], [float("inf"), 1], [1, 0]],
        [[0, 0], [2, 0], [2, 2], [1, -1], [0, 2]],  # an edge crossing two others
    ]
    for b in bad:
        cases.append((sq, b))
        cases.append((b, L))
    return cases


def _compare(results, cases, reference):
    """Assert JS == Python within TOL, and JS throws an Error exactly where Python raises."""
    assert len(results) == len(cases)
    n_err = 0
    for (a, b), got in zip(cases, results, strict=True):
        try:
            want = reference(a, b)
        except ValueError:
            n_err += 1
            assert "error" in got, f"Python raises but JS returned {got} for {a} / {b}"
            assert got["isError"], got
            continue
        assert "value" in got, f"JS threw {got.get('error')} for {a} / {b}; Python gives {want}"
        assert abs(got["value"] - want) <= TOL, (a, b, got["value"], want)
    return n_err


def test_rotated_matches_chapter(visit, chapter):
    rng = np.random.default_rng(14)
    cases = rotated_cases(rng)
    assert len(cases) >= 200
    results = visit.page.evaluate(CALL_ALL, ["rotated", cases])
    rotated_iou, to_poly = chapter["rotated_iou"], chapter["rotated_box_to_polygon"]
    polygon_iou = chapter["polygon_iou"]
    _compare(results, cases, lambda a, b: float(rotated_iou(np.array([a]), np.array([b]))[0, 0]))
    # the same boxes through the chapter's polygon route
    _compare(results, cases, lambda a, b: polygon_iou(to_poly(a), to_poly(b)))
    values = np.array([r["value"] for r in results])
    assert (values == 0).sum() >= 20 and (values > 0.999999).sum() >= 20  # touching, identical
    assert ((values > 0.05) & (values < 0.95)).sum() >= 80  # many partial overlaps


def test_rotated_rejects_bad_boxes(visit):
    bad = [
        ([0, 0, -1, 2, 0], [0, 0, 1, 1, 0], "box1"),
        ([0, 0, 0, 2, 0], [0, 0, 1, 1, 0], "box1"),
        ([0, 0, 1, 1, 0], [0, 0, 1, 0, 0], "box2"),
        ([0, 0, 1, 1, 0], [0, float("nan"), 1, 1, 0], "box2"),
        ([0, 0, 1, 1], [0, 0, 1, 1, 0], "box1"),
        ([0, 0, 1, 1, 0], None, "box2"),
    ]
    results = visit.page.evaluate(CALL_ALL, ["rotated", [[a, b] for a, b, _ in bad]])
    for (_, _, name), got in zip(bad, results, strict=True):
        assert got.get("isError") and name in got["error"], got


def test_polygon_matches_chapter(visit, chapter):
    rng = np.random.default_rng(1414)
    cases = polygon_cases(rng, chapter)
    assert len(cases) >= 200
    results = visit.page.evaluate(CALL_ALL, ["polygon", cases])
    n_err = _compare(results, cases, chapter["polygon_iou"])
    assert n_err >= 24  # every invalid polygon above, in either argument
    # the error names the argument, as the chapter's ValueError does
    bowtie = [[0, 0], [2, 2], [2, 0], [0, 1]]
    sq = [[0, 0], [2, 0], [2, 2], [0, 2]]
    got = visit.page.evaluate(CALL_ALL, ["polygon", [[sq, bowtie], [bowtie, sq]]])
    assert got[0]["error"].startswith("q ") and got[1]["error"].startswith("p "), got


def test_score_matches_python(visit):
    from cvbook.widgets.iou import score_guess

    grid = [(g / 100, t / 64) for g in range(0, 101, 3) for t in range(0, 65, 5)]
    grid += [(0.5, 0.5625), (0.5, 0.6875), (0.0, 0.25), (1.0, 0.5)]  # halves round to even
    got = visit.page.evaluate(
        "(pairs) => pairs.map(([g, t]) => window.cvbookWidgets.iou.scoreGuess(g, t))", grid
    )
    assert got == [score_guess(g, t) for g, t in grid]


def _box_inputs(page, box):
    return [
        float(page.input_value(f"{ROTATED} input[data-box='{box}'][data-field='{f}']"))
        for f in ("cx", "cy", "w", "h", "angle")
    ]


def _shown_iou(page, panel=ROTATED):
    return page.text_content(f"{panel} output[data-value='iou']")


def _api_iou(page):
    b1, b2 = _box_inputs(page, 1), _box_inputs(page, 2)
    return page.evaluate("([a, b]) => window.cvbookWidgets.iou.rotated(a, b)", [b1, b2])


def _wait_until_still(page, selector):
    """Wait until the board has followed its container's size (JSXGraph resizes it a little
    later, e.g. when a scroll bar appears) and the page has stopped scrolling."""
    page.wait_for_function(
        """(sel) => {
          const el = document.querySelector(sel);
          const brd = Object.values(JXG.boards).find((b) => b.containerObj === el);
          const state = JSON.stringify([el.getBoundingClientRect().top, el.clientWidth,
                                        brd.canvasWidth, brd.canvasHeight]);
          const still = window._cvbookLastState === state
            && brd.canvasWidth === el.clientWidth && brd.canvasHeight === el.clientHeight;
          window._cvbookLastState = state;
          return still;
        }""",
        arg=selector,
        polling=150,
        timeout=5000,
    )


def test_ui_input_and_drag_update_the_iou(visit):
    page = visit.page
    page.locator(ROTATED).scroll_into_view_if_needed()
    before = _shown_iou(page)
    assert abs(float(before) - _api_iou(page)) <= 5e-5
    # keyboard / number input: move box 2 to the right
    page.fill(f"{ROTATED} input[data-box='2'][data-field='cx']", "6.9")
    after_input = _shown_iou(page)
    assert after_input != before
    assert abs(float(after_input) - _api_iou(page)) <= 5e-5
    # mouse: drag box 1 by its centre handle one unit left and down
    b1 = _box_inputs(page, 1)
    screen = """([sel, x, y]) => {
      const el = document.querySelector(sel + ' .jxgbox');
      const brd = Object.values(JXG.boards).find((b) => b.containerObj === el);
      const r = el.getBoundingClientRect();
      const c = new JXG.Coords(JXG.COORDS_BY_USER, [x, y], brd);
      return [r.left + c.scrCoords[1], r.top + c.scrCoords[2]];
    }"""
    page.locator(f"{ROTATED} .jxgbox").scroll_into_view_if_needed()
    _wait_until_still(page, f"{ROTATED} .jxgbox")
    sx, sy = page.evaluate(screen, [ROTATED, b1[0], b1[1]])
    ex, ey = page.evaluate(screen, [ROTATED, b1[0] - 1, b1[1] - 1])
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(ex, ey, steps=8)
    page.wait_for_timeout(50)
    page.mouse.move(ex, ey + 0.1)  # a last move on its own, as a hand comes to rest
    page.mouse.up()
    moved = _box_inputs(page, 1)
    assert abs(moved[0] - (b1[0] - 1)) < 0.05 and abs(moved[1] - (b1[1] - 1)) < 0.05, moved
    after_drag = _shown_iou(page)
    assert after_drag != after_input
    assert abs(float(after_drag) - _api_iou(page)) <= 5e-5
    # an impossible box: a Chinese message instead of numbers
    page.fill(f"{ROTATED} input[data-box='2'][data-field='w']", "0")
    assert _shown_iou(page) == "—"
    assert "必须大于 0" in page.text_content(f"{ROTATED} [role=status]")
    timings = page.evaluate("window.cvbookWidgets.iou.timings.length")
    assert timings >= 3


def test_ui_polygon_mode_rejects_a_bow_tie(visit):
    page = visit.page
    page.click('[data-cvbook-widget="iou"] [role=tab][data-tab="polygon"]')
    page.wait_for_selector(f"{POLYGON} .jxgbox svg")
    assert _shown_iou(page, POLYGON) != "—"
    area = f"{POLYGON} textarea[data-poly='q']"
    page.fill(area, "0, 0; 2, 2; 2, 0; 0, 1")
    page.press(area, "Tab")
    status = page.text_content(f"{POLYGON} [role=status]")
    assert "自交" in status, status
    assert _shown_iou(page, POLYGON) == "—"
    page.select_option(f"{POLYGON} select", "lshape")
    shown = _shown_iou(page, POLYGON)
    p = page.input_value(f"{POLYGON} textarea[data-poly='p']")
    q = page.input_value(f"{POLYGON} textarea[data-poly='q']")
    parse = [[[float(x) for x in v.split(",")] for v in t.split(";")] for t in (p, q)]
    want = page.evaluate("([p, q]) => window.cvbookWidgets.iou.polygon(p, q)", parse)
    assert abs(float(shown) - want) <= 5e-5
    page.select_option(f"{POLYGON} select", "bowtie")
    assert "自交" in page.text_content(f"{POLYGON} [role=status]")


def test_ui_game_round(visit):
    page = visit.page
    page.click('[data-cvbook-widget="iou"] [role=tab][data-tab="game"]')
    page.fill(f"{GAME} input[type=number]", "0.35")
    page.click(f"{GAME} button[data-action='guess']")
    result = page.text_content(f"{GAME} .cvbook-iou-result")
    assert "真实 IoU" in result and "分" in result, result
    assert "已玩 1 轮" in page.text_content(f"{GAME} .cvbook-iou-record")
