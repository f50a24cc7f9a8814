"""The live RoIPool / RoIAlign widget of 问题 8 on the built website, against the chapter's Python.

The page exposes ``window.cvbookWidgets.roi.align`` / ``.pool`` (cvbook/static/roi-core.js). They
must equal the chapter's own ``roi_align`` / ``roi_pool`` (which follow torchvision.ops) on a
(1, 1, H, W) float64 map with one box, within 1e-9, over random configurations covering every
sampling_ratio x aligned x spatial_scale combination, RoIs partly and fully off the map, tiny,
huge, zero-area and inverted boxes, and halves that RoIPool must round away from zero. The UI
test changes an input and drags the RoI with the mouse, and checks the shown RoIAlign output
against the API and the chapter.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch

from tests.browser import Visit
from tests.chapter_code import load

pytestmark = pytest.mark.build

PAGE = "chapters/q08-roipool-vs-roialign.html"
TOL = 1e-9
SCALES = (1.0, 0.5, 0.25, 1 / 16)
RATIOS = (-1, 1, 2, 3)  # -1: adaptive
ALIGNED = (False, True)
KINDS = (
    "inside",
    "partly_off",
    "fully_off",
    "tiny",
    "huge",
    "halves",
    "edges",
    "degenerate",
    "random",
)


@pytest.fixture(scope="module")
def chapter():
    return load(8, "roi_align", "roi_pool")


def _box(rng, kind, H, W, s, aligned):
    """A box in image coordinates (the map is the feature map at scale s)."""
    if kind == "edges":  # one bin centred exactly on -1, H or W: the limits of the sampled range
        off = 0.5 if aligned else 0.0
        cx = float(rng.choice([-1, W, rng.integers(0, W)]))
        cy = float(rng.choice([-1, H, rng.integers(0, H)]))
        f = (cx - 0.5 + off, cy - 0.5 + off, cx + 0.5 + off, cy + 0.5 + off)
    elif kind == "inside":
        x1, y1 = rng.uniform(0, W - 1), rng.uniform(0, H - 1)
        f = (x1, y1, rng.uniform(x1, W - 0.5), rng.uniform(y1, H - 0.5))
    elif kind == "partly_off":  # straddles the left / top or the right / bottom border
        w, h = rng.uniform(1, W + 2), rng.uniform(1, H + 2)
        if rng.random() < 0.5:
            x1, y1 = rng.uniform(-w, 0), rng.uniform(-h, 0)
        else:
            x1, y1 = rng.uniform(W - w, W), rng.uniform(H - h, H)
        f = (x1, y1, x1 + w, y1 + h)
    elif kind == "fully_off":  # left of, right of, above or below the map, with a margin
        w, h = rng.uniform(0.5, 5), rng.uniform(0.5, 5)
        x1, y1 = rng.uniform(-3, W + 3), rng.uniform(-3, H + 3)
        side = int(rng.integers(4))
        if side == 0:
            x1 = -2 - w - rng.uniform(0, 3)
        elif side == 1:
            x1 = W + 1 + rng.uniform(0, 3)
        elif side == 2:
            y1 = -2 - h - rng.uniform(0, 3)
        else:
            y1 = H + 1 + rng.uniform(0, 3)
        f = (x1, y1, x1 + w, y1 + h)
    elif kind == "tiny":
        x1, y1 = rng.uniform(-1, W), rng.uniform(-1, H)
        f = (x1, y1, x1 + rng.uniform(0, 0.3), y1 + rng.uniform(0, 0.3))
    elif kind == "huge":
        f = (
            rng.uniform(-3 * W, 0),
            rng.uniform(-3 * H, 0),
            rng.uniform(W, 3 * W),
            rng.uniform(H, 3 * H),
        )
    elif kind == "halves":  # feature coordinates on k + 0.5 (also negative): rounding ties
        v = rng.integers(-6, 2 * max(H, W) + 4, size=4) / 2 - 1.5
        f = (min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3]))
    elif kind == "degenerate":  # zero-area or inverted: torchvision still computes
        x1, y1 = rng.uniform(-1, W), rng.uniform(-1, H)
        f = (x1, y1, x1 - rng.uniform(0, 3) * (rng.random() < 0.5), y1 + rng.uniform(-2, 2))
    else:
        f = tuple(rng.uniform(-5, max(H, W) + 5, size=4))
    return [float(v / s) for v in f]


def _configs(seed=0):
    rng = np.random.default_rng(seed)
    cases = []
    combos = list(itertools.product(RATIOS, ALIGNED, SCALES))
    for rep in range(len(KINDS)):
        for ratio, aligned, s in combos:
            kind = KINDS[(rep + len(cases)) % len(KINDS)]
            H, W = int(rng.integers(1, 14)), int(rng.integers(1, 14))
            if rng.random() < 0.7:
                feature = rng.normal(size=(H, W))
            else:  # all-negative maps: RoIPool's max must not start from 0
                feature = -np.abs(rng.normal(size=(H, W))) - 0.1
            ph, pw = int(rng.integers(1, 6)), int(rng.integers(1, 6))
            if kind == "edges":
                ph = pw = 1
            size = ph if rng.random() < 0.2 and ph == pw else [ph, pw]
            cases.append(
                {
                    "feature": feature.tolist(),
                    "box": _box(rng, kind, H, W, s, aligned),
                    "opts": {
                        "outputSize": size,
                        "spatialScale": s,
                        "samplingRatio": ratio,
                        "aligned": aligned,
                    },
                    "kind": kind,
                }
            )
    return cases


def _python(chapter, case):
    x = torch.tensor(case["feature"], dtype=torch.float64)[None, None]  # (1, 1, H, W)
    rois = torch.tensor([[0.0, *case["box"]]], dtype=torch.float64)  # (1, 5)
    o = case["opts"]
    size = o["outputSize"] if isinstance(o["outputSize"], int) else tuple(o["outputSize"])
    a = chapter["roi_align"](x, rois, size, o["spatialScale"], o["samplingRatio"], o["aligned"])
    p = chapter["roi_pool"](x, rois, size, o["spatialScale"])
    return a[0, 0].numpy(), p[0, 0].numpy()


@pytest.fixture(scope="module")
def visit(server, browser):
    v = Visit(browser, f"{server}/{PAGE}")
    v.page.wait_for_selector('[data-cvbook-widget="roi"] table.cvbook-roi-table', timeout=20000)
    yield v
    v.close()


def test_api_equals_chapter_python(visit, chapter):
    cases = _configs()
    assert len(cases) >= 200
    assert {
        (c["opts"]["samplingRatio"], c["opts"]["aligned"], c["opts"]["spatialScale"]) for c in cases
    } == set(itertools.product(RATIOS, ALIGNED, SCALES))
    got = visit.page.evaluate(
        """(cases) => cases.map((c) => ({
            align: window.cvbookWidgets.roi.align(c.feature, c.box, c.opts),
            pool: window.cvbookWidgets.roi.pool(c.feature, c.box, c.opts),
        }))""",
        cases,
    )
    kinds_seen = set()
    for case, res in zip(cases, got, strict=True):
        want_a, want_p = _python(chapter, case)
        for name, want, have in (("align", want_a, res["align"]), ("pool", want_p, res["pool"])):
            have = np.asarray(have, dtype=np.float64)
            assert have.shape == want.shape, (name, case)
            err = float(np.max(np.abs(have - want)))
            assert err <= TOL, (
                f"{name} differs by {err} for {case['kind']}: {case['box']} {case['opts']}"
            )
        kinds_seen.add(case["kind"])
    assert kinds_seen == set(KINDS)
    # The off-map cases really are off the map: both operators give only zeros there.
    off = [c for c in cases if c["kind"] == "fully_off"]
    assert off and all(not np.any(np.concatenate(_python(chapter, c), None)) for c in off)
    assert not visit.errors, visit.errors


def test_api_rejects_bad_arguments(visit):
    messages = visit.page.evaluate(
        """() => {
        const roi = window.cvbookWidgets.roi;
        const f = [[1, 2], [3, 4]];
        const calls = [
            () => roi.align([[1, 2], [3]], [0, 0, 1, 1], {outputSize: 2}),
            () => roi.align(f, [0, 0, 1], {outputSize: 2}),
            () => roi.pool(f, [0, 0, 1, 1], {outputSize: 0}),
            () => roi.align(f, [0, 0, 1, 1], {outputSize: 2, spatialScale: 0}),
            () => roi.align(f, [0, 0, 1, 1], {outputSize: 2, samplingRatio: 0.5}),
            () => roi.align(f, [0, 0, 1, 1], {outputSize: 2, aligned: "yes"}),
        ];
        return calls.map((call) => {
            try { call(); return null; } catch (e) { return e instanceof Error ? e.message : "?"; }
        });
    }"""
    )
    for msg, name in zip(
        messages,
        ["feature", "box", "outputSize", "spatialScale", "samplingRatio", "aligned"],
        strict=True,
    ):
        assert msg is not None and name in msg, (name, msg)


def _shown(page, which):
    return page.evaluate(
        """(which) => [...document.querySelectorAll(
            `[data-cvbook-widget="roi"] [data-roi-output="${which}"] tr`)].map(
            (tr) => [...tr.querySelectorAll("td")].map((td) => Number(td.dataset.value)))""",
        which,
    )


def _ui_state(page):
    root = page.locator('[data-cvbook-widget="roi"]')

    def num(name):
        return float(root.locator(f'[data-roi-input="{name}"]').input_value())

    return {
        "box": [num(n) for n in ("x1", "y1", "x2", "y2")],
        "opts": {
            "outputSize": [int(num("ph")), int(num("pw"))],
            "spatialScale": num("spatialScale"),
            "samplingRatio": int(num("samplingRatio")),
            "aligned": root.locator('[data-roi-input="aligned"]').is_checked(),
        },
    }


def _check_shown_equals_api_and_python(page, chapter):
    st = _ui_state(page)
    api = page.evaluate(
        """(st) => {
            const roi = window.cvbookWidgets.roi;
            const f = roi.demoFeature();
            return {align: roi.align(f, st.box, st.opts), pool: roi.pool(f, st.box, st.opts),
                    feature: f};
        }""",
        st,
    )
    shown_a, shown_p = _shown(page, "align"), _shown(page, "pool")
    assert shown_a == api["align"] and shown_p == api["pool"]
    case = {"feature": api["feature"], "box": st["box"], "opts": st["opts"]}
    want_a, want_p = _python(chapter, case)
    np.testing.assert_allclose(np.asarray(shown_a), want_a, rtol=0, atol=TOL)
    np.testing.assert_allclose(np.asarray(shown_p), want_p, rtol=0, atol=TOL)
    return st, shown_a


def test_ui_input_and_drag_recompute(visit, chapter):
    page = visit.page
    root = page.locator('[data-cvbook-widget="roi"]')
    root.scroll_into_view_if_needed()
    st0, a0 = _check_shown_equals_api_and_python(page, chapter)

    # An input change: a 4 x 2 output, aligned, adaptive sampling.
    root.locator('[data-roi-input="ph"]').fill("4")
    root.locator('[data-roi-input="pw"]').fill("2")
    root.locator('[data-roi-input="samplingRatio"]').fill("0")
    root.locator('[data-roi-input="aligned"]').check()
    st1, a1 = _check_shown_equals_api_and_python(page, chapter)
    assert (len(a1), len(a1[0])) == (4, 2) and st1["opts"]["aligned"]

    # A mouse drag of the bottom-right corner of the RoI.
    handle = root.locator('[data-roi-handle="x2y2"]')
    bb = handle.bounding_box()
    assert bb is not None
    cx, cy = bb["x"] + bb["width"] / 2, bb["y"] + bb["height"] / 2
    page.mouse.move(cx, cy)
    page.mouse.down()
    page.mouse.move(cx + 30, cy + 22, steps=6)
    page.mouse.up()
    st2, a2 = _check_shown_equals_api_and_python(page, chapter)
    assert st2["box"][:2] == st1["box"][:2], "the opposite corner must stay"
    assert st2["box"][2] > st1["box"][2] and st2["box"][3] > st1["box"][3]
    assert a2 != a1

    # Drag the whole box by its inside.
    corner = root.locator('[data-roi-handle="x1y1"]').bounding_box()
    sx, sy = corner["x"] + 25, corner["y"] + 25  # inside the RoI, near its corner
    page.mouse.move(sx, sy)
    page.mouse.down()
    page.mouse.move(sx - 20, sy - 15, steps=6)
    page.mouse.up()
    st3, a3 = _check_shown_equals_api_and_python(page, chapter)
    w2, w3 = st2["box"][2] - st2["box"][0], st3["box"][2] - st3["box"][0]
    assert st3["box"][0] < st2["box"][0] and math.isclose(w2, w3, abs_tol=0.02)
    assert a3 != a2

    # An impossible setting: a Chinese message replaces the numbers; a valid one brings them back.
    root.locator('[data-roi-input="x2"]').fill(str(st3["box"][0] - 1))
    status = root.locator('[role="status"]')
    assert "x1 < x2" in status.inner_text()
    assert root.locator("table.cvbook-roi-table").count() == 0
    root.locator('[data-roi-input="spatialScale"]').fill("0")
    assert "spatial_scale" in status.inner_text()
    root.locator('[data-roi-input="spatialScale"]').fill("1")
    root.locator('[data-roi-input="x1"]').fill("40")
    root.locator('[data-roi-input="x2"]').fill("44")
    assert "之外" in status.inner_text()
    root.locator('[data-roi-input="x1"]').fill(str(st0["box"][0]))
    root.locator('[data-roi-input="x2"]').fill(str(st0["box"][2]))
    assert status.inner_text().strip() == ""
    _check_shown_equals_api_and_python(page, chapter)

    # Hovering a sampling point lists its four neighbours and their weights.
    pt = page.evaluate(
        """() => {
            const w = window.cvbookWidgets.roi.instances[0];
            const b = w.board;
            const s = w.state;
            const g = window.cvbookWidgets.roi.alignGeometry(s.box, {outputSize: [s.ph, s.pw],
                spatialScale: s.scale, samplingRatio: s.samplingRatio, aligned: s.aligned});
            const p = window.cvbookWidgets.roi.samplePoint(g, 0, 0, 0, 0);
            const c = new JXG.Coords(JXG.COORDS_BY_USER, [p.x, -p.y], b);
            const r = b.containerObj.getBoundingClientRect();
            return {x: r.left + c.scrCoords[1], y: r.top + c.scrCoords[2]};
        }"""
    )
    page.mouse.move(pt["x"], pt["y"])
    assert root.locator(".cvbook-roi-pick table.cvbook-roi-taps tbody tr").count() == 4
    timings = page.evaluate("window.cvbookWidgets.roi.timings.length")
    assert timings > 5
    assert not visit.errors, visit.errors
    assert not visit.third_party, visit.third_party
