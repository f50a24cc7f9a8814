"""Unit tests for cvbook.widgets.roi (the ROIPool / ROIAlign geometry behind the 问题 8 widget)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
import torch

from cvbook.widgets import roi

matplotlib.use("Agg")


def test_roipool_geometry_hand_case():
    # Box (0.4, 0.6, 2.5, 2.4) at scale 1: rounding half away from zero gives x 0..3, y 1..2,
    # so roi_w = 4, roi_h = 2; a 2 x 2 grid has bins of 2 columns x 1 row.
    g = roi.roipool_geometry((0.4, 0.6, 2.5, 2.4), 1.0, 2, (4, 4))
    assert g["box"] == (0, 1, 3, 2)
    expected = [[[1, 2, 0, 2], [1, 2, 2, 4]], [[2, 3, 0, 2], [2, 3, 2, 4]]]
    np.testing.assert_array_equal(g["bins"], expected)
    assert not g["empty"].any()


def test_roipool_bins_clip_and_overlap():
    # 3 cells into 2 bins: floor/ceil makes bins [0, 2) and [1, 3), overlapping in cell 1.
    g = roi.roipool_geometry((0, 0, 2, 2), 1.0, 2, (8, 8))
    np.testing.assert_array_equal(g["bins"][:, 0, :2], [[0, 2], [1, 3]])
    # A box entirely right of the map gives empty (clipped) bins.
    g = roi.roipool_geometry((20, 0, 30, 3), 1.0, 2, (8, 8))
    assert g["empty"].all()


def test_roialign_geometry_points_inside_bins():
    g = roi.roialign_geometry((3.3, 2.6, 10.1, 8.7), 0.5, (3, 2), sampling_ratio=2, aligned=True)
    pts = g["points"]  # (3, 2, 4, 2)
    assert pts.shape == (3, 2, 4, 2)
    x1, y1, x2, y2 = g["box"]
    np.testing.assert_allclose(g["box"], (3.3 * 0.5 - 0.5, 2.6 * 0.5 - 0.5, 10.1 * 0.5 - 0.5,
                                          8.7 * 0.5 - 0.5))  # fmt: skip
    bw, bh = g["bin"]
    for i in range(3):
        for j in range(2):
            px, py = pts[i, j, :, 0], pts[i, j, :, 1]
            assert np.all((px > x1 + j * bw) & (px < x1 + (j + 1) * bw))
            assert np.all((py > y1 + i * bh) & (py < y1 + (i + 1) * bh))
    # Each bin's sampling points are centred on the bin centre.
    np.testing.assert_allclose(pts[0, 0].mean(0), (x1 + bw / 2, y1 + bh / 2), atol=1e-12)


def test_roialign_adaptive_grid_and_min_size():
    # Not aligned: a 0.2-wide box is widened to 1 cell; adaptive grid = ceil(roi / pooled).
    g = roi.roialign_geometry((1.0, 1.0, 1.2, 9.0), 1.0, 2, sampling_ratio=0, aligned=False)
    assert g["grid"] == (4, 1)
    assert g["bin"] == pytest.approx((0.5, 4.0))
    g = roi.roialign_geometry((1.0, 1.0, 1.2, 9.0), 1.0, 2, sampling_ratio=-1, aligned=True)
    assert g["grid"] == (4, 1)
    assert g["bin"] == pytest.approx((0.1, 4.0))


@pytest.mark.parametrize(
    "box", [(2, 1, 1, 3), (1, 1, 3, 1), (0, 0, float("nan"), 2), (1, 2, 3), "abcd"]
)
def test_bad_box(box):
    with pytest.raises(ValueError, match="box"):
        roi.check_box(box)


def test_bad_arguments():
    with pytest.raises(ValueError, match="spatial_scale"):
        roi.roipool_geometry((0, 0, 2, 2), 0.0, 2, (4, 4))
    with pytest.raises(ValueError, match="output_size"):
        roi.roialign_geometry((0, 0, 2, 2), 1.0, 0)
    with pytest.raises(ValueError, match="sampling_ratio"):
        roi.roialign_geometry((0, 0, 2, 2), 1.0, 2, sampling_ratio=1.5)
    with pytest.raises(ValueError, match="height"):
        roi.demo_feature(1, 5)
    with pytest.raises(ValueError, match="feature"):
        roi.roi_state(np.zeros(5), (0, 0, 2, 2), 1.0, 2, 2, False, None, None)


def _mean_pool(input, boxes, output_size, spatial_scale, sampling_ratio=-1, aligned=False):
    # A stand-in operator with the torchvision signature: the mean of the map in every bin.
    k = boxes.shape[0]
    return input.mean().expand(k, input.shape[1], *output_size)


def test_state_and_drawing_use_the_given_operators():
    feat = roi.demo_feature(10, 12)
    st = roi.roi_state(feat, (1.5, 2.0, 8.0, 7.5), 1.0, (2, 3), 2, True, _mean_pool, _mean_pool)
    assert st["align_out"].shape == (2, 3)
    np.testing.assert_allclose(st["pool_out"], np.full((2, 3), feat.mean()), rtol=1e-6)
    fig = roi.draw_roi_state(st)
    st2 = roi.roi_state(feat, (0.5, 0.5, 4.0, 3.0), 0.5, 4, 1, False, _mean_pool, _mean_pool)
    assert roi.draw_roi_state(st2, fig) is fig  # updated in place
    png = roi.render_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_widget_reports_impossible_box_in_output_area():
    w = roi.roi_widget(_mean_pool, _mean_pool)
    sliders = w.children[0].children[0].children
    image = w.children[2]
    before = image.value
    sliders[2].value = sliders[0].value - 1.0  # x2 < x1
    msg = w.children[1]
    assert any("x1 < x2" in o.get("text", "") for o in msg.outputs) or image.value == before


def test_demo_feature_is_torch_ready():
    f = roi.demo_feature()
    assert f.shape == (12, 16) and f.dtype == np.float32
    assert torch.from_numpy(f).isfinite().all()
