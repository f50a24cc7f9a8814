"""Tests for cvbook.widgets.iou (the geometry behind the 问题 14 IoU widget), with hypothesis."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon

from cvbook.widgets import iou

matplotlib.use("Agg")

boxes = st.tuples(
    st.floats(0, 10), st.floats(0, 10), st.floats(0.5, 6), st.floats(0.5, 6), st.floats(-180, 180)
)


def test_box_polygon_hand_case():
    # A 4 x 2 box at the origin turned 90 degrees counter-clockwise becomes 2 wide, 4 high.
    p = iou.box_polygon((0, 0, 4, 2, 90))
    np.testing.assert_allclose(p, [[1, -2], [1, 2], [-1, 2], [-1, -2]], atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(boxes)
def test_box_polygon_area_and_orientation(b):
    p = iou.box_polygon(b)
    x, y = p[:, 0], p[:, 1]
    signed = 0.5 * (x @ np.roll(y, -1) - np.roll(x, -1) @ y)
    np.testing.assert_allclose(signed, b[2] * b[3], rtol=1e-9)  # CCW, area w * h
    np.testing.assert_allclose(p.mean(0), b[:2], atol=1e-9)


def test_points_in_polygon_hand_cases():
    # An L-shaped (non-convex) polygon: the notch at (1.5, 1.5) is outside.
    L = np.array([[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2]], dtype=float)
    got = iou.points_in_polygon([[0.5, 0.5], [1.5, 0.5], [0.5, 1.5], [1.5, 1.5], [3, 3]], L)
    np.testing.assert_array_equal(got, [True, True, True, False, False])


@settings(max_examples=30, deadline=None)
@given(boxes, boxes)
def test_monte_carlo_close_to_shapely(b1, b2):
    p, q = iou.box_polygon(b1), iou.box_polygon(b2)
    ref = iou.shapely_iou(p, q)
    est = iou.monte_carlo_iou(p, q, 40000, np.random.default_rng(1))
    # IoU = hits(both) / hits(either): its standard error is below 1/sqrt(hits(either)) and
    # the union covers at least ~1/5 of the joint bounding box here, so 0.05 is > 5 sigma.
    assert abs(est - ref) < 0.05


@settings(max_examples=40, deadline=None)
@given(boxes, boxes)
def test_intersection_polygons_area(b1, b2):
    p, q = iou.box_polygon(b1), iou.box_polygon(b2)
    area = sum(Polygon(r).area for r in iou.intersection_polygons(p, q))
    np.testing.assert_allclose(area, Polygon(p).intersection(Polygon(q)).area, atol=1e-9)


def test_shapely_iou_exact_cases():
    sq = iou.box_polygon((0, 0, 2, 2, 0))
    assert iou.shapely_iou(sq, sq) == pytest.approx(1.0)
    assert iou.shapely_iou(sq, iou.box_polygon((2, 0, 2, 2, 0))) == 0.0  # touching
    assert iou.shapely_iou(sq, iou.box_polygon((0, 0, 1, 1, 0))) == pytest.approx(0.25)
    assert iou.shapely_iou(sq, iou.box_polygon((9, 9, 1, 1, 0))) == 0.0


def test_score_guess():
    assert iou.score_guess(0.4, 0.4) == 100
    assert iou.score_guess(0.5, 0.25) == 50
    assert iou.score_guess(1.0, 0.0) == 0
    with pytest.raises(ValueError, match="guess"):
        iou.score_guess(1.5, 0.3)


def test_random_pair_is_seeded():
    a = iou.random_pair(np.random.default_rng(3))
    b = iou.random_pair(np.random.default_rng(3))
    np.testing.assert_array_equal(np.concatenate(a), np.concatenate(b))
    assert np.all(np.concatenate([a[0][2:4], a[1][2:4]]) > 0)


@pytest.mark.parametrize("box", [(0, 0, -1, 2, 0), (0, 0, 1, 2), (0, float("inf"), 1, 1, 0), "box"])
def test_bad_box(box):
    with pytest.raises(ValueError, match="box"):
        iou.box_polygon(box)


def test_bad_arguments():
    sq = iou.box_polygon((0, 0, 2, 2, 0))
    with pytest.raises(ValueError, match="n must"):
        iou.monte_carlo_iou(sq, sq, 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="poly"):
        iou.points_in_polygon([[0, 0]], [[0, 0], [1, 1]])
    with pytest.raises(ValueError, match="extent"):
        iou.random_pair(np.random.default_rng(0), extent=0)


def test_state_draw_and_widget():
    st_ = iou.iou_state((4, 5, 4, 3, 10), (5, 5, 3, 3, -30), iou.shapely_iou, n_mc=2000)
    assert st_["iou"] == pytest.approx(st_["iou_shapely"])
    fig = iou.draw_iou_state(st_)
    assert iou.draw_iou_state(st_, fig) is fig
    tab = iou.iou_widget(iou.shapely_iou)
    assert len(tab.children) == 2
    sliders = tab.children[0].children[0].children
    sliders[2].value = 0.0  # w = 0: a message, not a traceback
