"""ROIPool / ROIAlign sampling widget (问题 8).

Pure computing functions give the geometry a reader should see: the two quantisations of
ROIPool (box to the integer grid, bins to whole cells) and the bins and bilinear sampling points
of ROIAlign. :func:`roi_widget` is a thin ipywidgets wrapper around them; it takes the chapter's
own ``roi_align`` / ``roi_pool`` (or the reader's) and shows their outputs beside the geometry.

Coordinates on the feature map follow torchvision: feature cell ``j`` is centred on the
continuous coordinate ``j``, and an image coordinate ``u`` lands on ``u * spatial_scale``
(``aligned=False``) or ``u * spatial_scale - 0.5`` (``aligned=True``, the exact mapping of
pixel centres).
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = [
    "check_box",
    "demo_feature",
    "draw_roi_state",
    "roi_state",
    "roi_widget",
    "roialign_geometry",
    "roipool_geometry",
    "render_png",
]


def _pair(name: str, value) -> tuple[int, int]:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        value = (int(value), int(value))
    ok = (
        isinstance(value, (tuple, list))
        and len(value) == 2
        and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value)
        and all(v >= 1 for v in value)
    )
    if not ok:
        raise ValueError(f"{name} must be a positive int or a pair of positive ints, got {value!r}")
    return int(value[0]), int(value[1])


def _scale(spatial_scale) -> float:
    if (
        isinstance(spatial_scale, bool)
        or not isinstance(spatial_scale, Real)
        or not math.isfinite(spatial_scale)
        or spatial_scale <= 0
    ):
        raise ValueError(f"spatial_scale must be a finite number > 0, got {spatial_scale!r}")
    return float(spatial_scale)


def check_box(box) -> tuple[float, float, float, float]:
    """Validate a box (x1, y1, x2, y2) in image coordinates.

    Args:
        box (sequence of 4 floats): x1 < x2 and y1 < y2, all finite.

    Returns:
        tuple[float, float, float, float]: the box as floats.
    """
    try:
        vals = tuple(float(v) for v in box)
    except (TypeError, ValueError):
        raise ValueError(f"box must be four numbers (x1, y1, x2, y2), got {box!r}") from None
    if len(vals) != 4 or not all(math.isfinite(v) for v in vals):
        raise ValueError(f"box must be four finite numbers (x1, y1, x2, y2), got {box!r}")
    x1, y1, x2, y2 = vals
    if not (x2 > x1 and y2 > y1):
        raise ValueError(f"box must satisfy x1 < x2 and y1 < y2, got {box!r}")
    return vals


def _round_half_away(v: float) -> int:
    return int(math.copysign(math.floor(abs(v) + 0.5), v))


def roipool_geometry(box, spatial_scale, output_size, feature_hw) -> dict:
    """Where ROIPool looks: the quantised box and the whole-cell bins (torchvision rules).

    Args:
        box (sequence of 4 floats): (x1, y1, x2, y2) in image coordinates.
        spatial_scale (float): feature size / image size, > 0.
        output_size (int or tuple[int, int]): (ph, pw).
        feature_hw (tuple[int, int]): (H, W) of the feature map.

    Returns:
        dict: ``"box"`` the quantised box (x1, y1, x2, y2) in feature cells (inclusive ends);
        ``"bins"`` int array (ph, pw, 4) of (row_start, row_end, col_start, col_end), end
        exclusive, clipped to the map; ``"empty"`` bool array (ph, pw).
    """
    x1, y1, x2, y2 = check_box(box)
    s = _scale(spatial_scale)
    ph_n, pw_n = _pair("output_size", output_size)
    H, W = _pair("feature_hw", feature_hw)
    q = [_round_half_away(v * s) for v in (x1, y1, x2, y2)]
    roi_w = max(q[2] - q[0] + 1, 1)
    roi_h = max(q[3] - q[1] + 1, 1)
    bins = np.zeros((ph_n, pw_n, 4), dtype=int)
    for ph in range(ph_n):
        for pw in range(pw_n):
            hs = math.floor(ph * roi_h / ph_n) + q[1]
            he = math.ceil((ph + 1) * roi_h / ph_n) + q[1]
            ws = math.floor(pw * roi_w / pw_n) + q[0]
            we = math.ceil((pw + 1) * roi_w / pw_n) + q[0]
            bins[ph, pw] = [
                min(max(hs, 0), H),
                min(max(he, 0), H),
                min(max(ws, 0), W),
                min(max(we, 0), W),
            ]
    empty = (bins[..., 1] <= bins[..., 0]) | (bins[..., 3] <= bins[..., 2])
    return {"box": tuple(q), "bins": bins, "empty": empty}


def roialign_geometry(box, spatial_scale, output_size, sampling_ratio=-1, aligned=False) -> dict:
    """Where ROIAlign looks: continuous bins and their bilinear sampling points.

    Args:
        box (sequence of 4 floats): (x1, y1, x2, y2) in image coordinates.
        spatial_scale (float): feature size / image size, > 0.
        output_size (int or tuple[int, int]): (ph, pw).
        sampling_ratio (int): points per bin along each axis; <= 0 means adaptive,
            ceil(roi_h / ph) by ceil(roi_w / pw). Default -1.
        aligned (bool): subtract half a cell from the box. Default False.

    Returns:
        dict: ``"box"`` (x1, y1, x2, y2) on the feature map; ``"bin"`` (bin_w, bin_h);
        ``"grid"`` (gh, gw); ``"points"`` float array (ph, pw, gh * gw, 2) of (x, y).
    """
    x1, y1, x2, y2 = check_box(box)
    s = _scale(spatial_scale)
    ph_n, pw_n = _pair("output_size", output_size)
    if isinstance(sampling_ratio, bool) or not isinstance(sampling_ratio, (int, np.integer)):
        raise ValueError(f"sampling_ratio must be an int (<= 0: adaptive), got {sampling_ratio!r}")
    off = 0.5 if aligned else 0.0
    fx1, fy1, fx2, fy2 = (v * s - off for v in (x1, y1, x2, y2))
    roi_w, roi_h = fx2 - fx1, fy2 - fy1
    if not aligned:
        roi_w, roi_h = max(roi_w, 1.0), max(roi_h, 1.0)
    bw, bh = roi_w / pw_n, roi_h / ph_n
    gh = int(sampling_ratio) if sampling_ratio > 0 else math.ceil(roi_h / ph_n)
    gw = int(sampling_ratio) if sampling_ratio > 0 else math.ceil(roi_w / pw_n)
    ys = fy1 + np.arange(ph_n)[:, None] * bh + (np.arange(gh)[None, :] + 0.5) * bh / gh
    xs = fx1 + np.arange(pw_n)[:, None] * bw + (np.arange(gw)[None, :] + 0.5) * bw / gw
    px = np.broadcast_to(xs[None, :, None, :], (ph_n, pw_n, gh, gw))
    py = np.broadcast_to(ys[:, None, :, None], (ph_n, pw_n, gh, gw))
    points = np.stack([px, py], -1).reshape(ph_n, pw_n, gh * gw, 2)
    return {
        "box": (fx1, fy1, fx1 + roi_w, fy1 + roi_h),
        "bin": (bw, bh),
        "grid": (gh, gw),
        "points": points,
    }


def demo_feature(height: int = 12, width: int = 16) -> np.ndarray:
    """A smooth, structured single-channel feature map (two blobs on a gentle ramp).

    Args:
        height (int): H >= 2. Default 12.
        width (int): W >= 2. Default 16.

    Returns:
        ndarray[H, W]: float32 values in about [0, 1.6].
    """
    for name, v in (("height", height), ("width", width)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 2:
            raise ValueError(f"{name} must be an int >= 2, got {v!r}")
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    f = 0.3 * x / width
    f += np.exp(-((x - 0.35 * width) ** 2 + (y - 0.4 * height) ** 2) / (0.03 * width * height))
    f += 0.8 * np.exp(
        -((x - 0.7 * width) ** 2 + (y - 0.65 * height) ** 2) / (0.02 * width * height)
    )
    return f.astype(np.float32)


def roi_state(
    feature, box, spatial_scale, output_size, sampling_ratio, aligned, roi_align, roi_pool
):
    """Everything one frame of the widget shows: geometry plus both operators' outputs.

    Args:
        feature (ndarray[H, W]): single-channel feature map.
        box, spatial_scale, output_size, sampling_ratio, aligned: as in :func:`roialign_geometry`.
        roi_align (callable): ``roi_align(input, boxes, output_size, spatial_scale,
            sampling_ratio, aligned)`` with torchvision's signature.
        roi_pool (callable): ``roi_pool(input, boxes, output_size, spatial_scale)``.

    Returns:
        dict: ``feature``, ``box``, ``scale``, ``pool`` (from :func:`roipool_geometry`),
        ``align`` (from :func:`roialign_geometry`), ``pool_out`` and ``align_out``
        (ndarray[ph, pw]).
    """
    import torch

    feature = np.asarray(feature, dtype=np.float32)
    if feature.ndim != 2 or min(feature.shape) < 2:
        raise ValueError(f"feature must be a 2-D array of at least 2 x 2, got {feature.shape}")
    box = check_box(box)
    pool = roipool_geometry(box, spatial_scale, output_size, feature.shape)
    align = roialign_geometry(box, spatial_scale, output_size, sampling_ratio, aligned)
    x = torch.from_numpy(feature)[None, None]  # (1, 1, H, W)
    rois = torch.tensor([[0.0, *box]], dtype=torch.float32)  # (1, 5)
    size = _pair("output_size", output_size)
    a = roi_align(x, rois, size, float(spatial_scale), int(sampling_ratio), bool(aligned))
    p = roi_pool(x, rois, size, float(spatial_scale))
    return {
        "feature": feature,
        "box": box,
        "scale": float(spatial_scale),
        "pool": pool,
        "align": align,
        "pool_out": np.asarray(p)[0, 0],
        "align_out": np.asarray(a)[0, 0],
    }


def draw_roi_state(state: dict, fig=None):
    """Draw a frame: ROIPool cells | its output | ROIAlign bins and points | its output.

    A figure made by this function keeps its artists; drawing the next state into it only
    updates their data, which keeps a slider move cheap.

    Args:
        state (dict): from :func:`roi_state`.
        fig (matplotlib Figure, optional): a figure from an earlier call (updated in place);
            a new figure if None.

    Returns:
        matplotlib Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Rectangle

    art = getattr(fig, "_cvbook_roi", None)
    if art is None:
        fig = plt.figure(figsize=(8, 2.4)) if fig is None else fig
        fig.clear()
        axes = fig.subplots(1, 4, gridspec_kw={"width_ratios": [3, 1.3, 3, 1.3]})
        art = {"axes": axes}
        for i, title in (
            (0, "ROIPool: quantised cells"),
            (1, "ROIPool out"),
            (2, "ROIAlign: bins + samples"),
            (3, "ROIAlign out"),
        ):
            ax = axes[i]
            art[f"im{i}"] = ax.imshow(np.zeros((2, 2)), cmap="gray", interpolation="nearest")
            ax.set_title(title, fontsize=9)
            ax.set_axis_off()
        for i in (0, 2):
            art[f"true{i}"] = axes[i].add_patch(
                Rectangle((0, 0), 1, 1, fill=False, ec="#E69F00", lw=1.5, ls="--")
            )
        art["cells"] = axes[0].add_collection(
            PatchCollection([], fc=(0, 0.45, 0.7, 0.18), ec="#0072B2", lw=1)
        )
        art["bins"] = axes[2].add_collection(PatchCollection([], fc="none", ec="#009E73", lw=1))
        (art["pts"],) = axes[2].plot([], [], ".", color="#D55E00", ms=3)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.88, wspace=0.08)
        fig._cvbook_roi = art
    feat = state["feature"]
    H, W = feat.shape
    s = state["scale"]
    lo = min(feat.min(), state["pool_out"].min(), state["align_out"].min())
    hi = max(feat.max(), state["pool_out"].max(), state["align_out"].max())
    true = [v * s - 0.5 for v in state["box"]]  # the box itself; pixel centres on integers
    for i in (0, 2):
        art[f"im{i}"].set_data(feat)
        art[f"im{i}"].set_extent((-0.5, W - 0.5, H - 0.5, -0.5))
        art[f"true{i}"].set_bounds(true[0], true[1], true[2] - true[0], true[3] - true[1])
        art["axes"][i].set_xlim(-1.5, W + 0.5)
        art["axes"][i].set_ylim(H + 0.5, -1.5)
    for i, key in ((1, "pool_out"), (3, "align_out")):
        ph, pw = state[key].shape
        art[f"im{i}"].set_data(state[key])
        art[f"im{i}"].set_extent((-0.5, pw - 0.5, ph - 0.5, -0.5))
    for i in range(4):
        art[f"im{i}"].set_clim(lo, hi)
    bins = state["pool"]["bins"].reshape(-1, 4)
    art["cells"].set_paths(
        [Rectangle((c0 - 0.5, r0 - 0.5), c1 - c0, r1 - r0) for r0, r1, c0, c1 in bins]
    )
    g = state["align"]
    bw, bh = g["bin"]
    ph, pw = g["points"].shape[:2]
    bx1, by1 = g["box"][:2]
    art["bins"].set_paths(
        [Rectangle((bx1 + j * bw, by1 + i * bh), bw, bh) for i in range(ph) for j in range(pw)]
    )
    pts = g["points"].reshape(-1, 2)
    art["pts"].set_data(pts[:, 0], pts[:, 1])
    return fig


def render_png(fig, dpi: int = 80) -> bytes:
    """Render a figure to PNG bytes with the Agg canvas (one draw, no bbox search).

    Args:
        fig (matplotlib Figure): the figure.
        dpi (int): resolution. Default 80.

    Returns:
        bytes: the PNG file.
    """
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buf = io.BytesIO()
    fig.set_dpi(dpi)
    FigureCanvasAgg(fig).print_png(buf, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def roi_widget(roi_align, roi_pool, feature=None, box=(3.3, 2.6, 10.1, 8.7)):
    """Interactive ROIPool vs ROIAlign explorer.

    Args:
        roi_align (callable): the chapter's (or the reader's) roi_align.
        roi_pool (callable): the chapter's (or the reader's) roi_pool.
        feature (ndarray[H, W], optional): the feature map; :func:`demo_feature` if None.
        box (sequence of 4 floats): initial box in image coordinates at spatial_scale 1.

    Returns:
        ipywidgets.VBox: sliders, a message area (impossible settings are explained there, the
        last valid picture stays) and the picture.
    """
    import ipywidgets as w
    import matplotlib.pyplot as plt

    feature = demo_feature() if feature is None else np.asarray(feature, dtype=np.float32)
    H, W = feature.shape
    sl = {}
    for name, v, top in zip(("x1", "y1", "x2", "y2"), check_box(box), (W, H, W, H), strict=True):
        sl[name] = w.FloatSlider(
            value=v, min=-2.0, max=4.0 * top, step=0.1, description=name, continuous_update=True
        )
    sl["scale"] = w.Dropdown(options=[1.0, 0.5, 0.25], value=1.0, description="spatial_scale")
    sl["size"] = w.IntSlider(value=3, min=1, max=7, description="pooled size")
    sl["ratio"] = w.IntSlider(value=2, min=0, max=4, description="sampling_ratio")
    sl["aligned"] = w.Checkbox(value=False, description="aligned")
    image = w.Image(format="png")
    msg = w.Output()
    fig = None

    def update(*_):
        nonlocal fig
        msg.clear_output()
        try:
            st = roi_state(
                feature,
                (sl["x1"].value, sl["y1"].value, sl["x2"].value, sl["y2"].value),
                sl["scale"].value,
                sl["size"].value,
                sl["ratio"].value,
                sl["aligned"].value,
                roi_align,
                roi_pool,
            )
        except ValueError as err:
            with msg:
                print(f"无法绘制这个设置：{err}")
            return
        fig = draw_roi_state(st, fig)
        image.value = render_png(fig)

    for c in sl.values():
        c.observe(update, names="value")
    update()
    plt.close(fig)
    left = w.VBox([sl["x1"], sl["y1"], sl["x2"], sl["y2"]])
    right = w.VBox([sl["scale"], sl["size"], sl["ratio"], sl["aligned"]])
    return w.VBox([w.HBox([left, right]), msg, image])
