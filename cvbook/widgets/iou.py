"""IoU widget (问题 14): two rotated boxes, their intersection, and a guess-the-IoU quiz.

The pure functions here compute only what the widget draws or checks: box corners,
Monte Carlo IoU with an even-odd point-in-polygon test, the intersection outline (from
shapely), random quiz pairs and the quiz score. The IoU shown as "chapter" comes from the
function passed to :func:`iou_widget` (the chapter's ``polygon_iou`` or the reader's own).
"""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = [
    "box_polygon",
    "draw_iou_state",
    "intersection_polygons",
    "iou_state",
    "iou_widget",
    "monte_carlo_iou",
    "points_in_polygon",
    "random_pair",
    "score_guess",
    "shapely_iou",
]


def box_polygon(box) -> np.ndarray:
    """Corners of a rotated box (cx, cy, w, h, angle_degrees), counter-clockwise in math axes.

    Args:
        box (sequence of 5 floats): centre, size (w, h > 0) and angle in degrees, positive
            counter-clockwise with the y axis pointing up.

    Returns:
        ndarray[4, 2]: the corners.
    """
    try:
        b = np.asarray(box, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"box must be (cx, cy, w, h, angle), got {box!r}") from None
    if b.shape != (5,) or not np.isfinite(b).all() or b[2] <= 0 or b[3] <= 0:
        raise ValueError(
            f"box must be five finite numbers (cx, cy, w, h, angle) with w, h > 0, got {box!r}"
        )
    t = math.radians(b[4])
    c, s = math.cos(t), math.sin(t)
    hx = np.array([-0.5, 0.5, 0.5, -0.5]) * b[2]
    hy = np.array([-0.5, -0.5, 0.5, 0.5]) * b[3]
    return np.stack([b[0] + c * hx - s * hy, b[1] + s * hx + c * hy], -1)


def _polygon(name: str, poly) -> np.ndarray:
    p = np.asarray(poly, dtype=np.float64)
    if p.ndim != 2 or p.shape[1] != 2 or len(p) < 3 or not np.isfinite(p).all():
        raise ValueError(f"{name} must be a finite array of shape (n, 2), n >= 3, got {p.shape}")
    return p


def points_in_polygon(pts, poly) -> np.ndarray:
    """Even-odd rule: which points lie inside the polygon (boundary points are unspecified).

    Args:
        pts (ndarray[k, 2]): query points.
        poly (ndarray[n, 2]): polygon vertices in order.

    Returns:
        ndarray[k] of bool.
    """
    poly = _polygon("poly", poly)
    pts = np.asarray(pts, dtype=np.float64).reshape(-1, 2)
    x, y = pts[:, None, 0], pts[:, None, 1]
    x1, y1 = poly[None, :, 0], poly[None, :, 1]
    nxt = np.roll(poly, -1, 0)
    x2, y2 = nxt[None, :, 0], nxt[None, :, 1]
    straddle = (y1 > y) != (y2 > y)
    xs = x1 + (y - y1) * (x2 - x1) / np.where(y2 != y1, y2 - y1, 1.0)
    return ((straddle & (x < xs)).sum(1) % 2) == 1


def monte_carlo_iou(p, q, n: int, rng) -> float:
    """IoU estimated from n uniform points in the joint bounding box.

    Args:
        p (ndarray[n, 2]), q (ndarray[m, 2]): polygons.
        n (int): number of samples, >= 1.
        rng (numpy.random.Generator): random source.

    Returns:
        float: (#points in both) / (#points in either); 0 if no point hit either.
    """
    p, q = _polygon("p", p), _polygon("q", q)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive int, got {n!r}")
    lo, hi = np.minimum(p.min(0), q.min(0)), np.maximum(p.max(0), q.max(0))
    pts = lo + (hi - lo) * rng.random((int(n), 2))
    a, b = points_in_polygon(pts, p), points_in_polygon(pts, q)
    return float((a & b).sum() / max(int((a | b).sum()), 1))


def shapely_iou(p, q) -> float:
    """IoU of two simple polygons computed by shapely (the reference shown in the widget)."""
    from shapely.geometry import Polygon

    a, b = Polygon(_polygon("p", p)), Polygon(_polygon("q", q))
    if not (a.is_valid and b.is_valid):
        raise ValueError("p and q must be simple polygons (shapely reports them invalid)")
    union = a.union(b).area
    return float(a.intersection(b).area / union) if union > 0 else 0.0


def intersection_polygons(p, q) -> list[np.ndarray]:
    """Outer rings of p ∩ q (a list: the intersection of non-convex shapes may have parts)."""
    from shapely.geometry import Polygon

    inter = Polygon(_polygon("p", p)).intersection(Polygon(_polygon("q", q)))
    geoms = getattr(inter, "geoms", [inter])
    return [
        np.asarray(g.exterior.coords)[:-1] for g in geoms if g.geom_type == "Polygon" and g.area > 0
    ]


def random_pair(rng, extent: float = 10.0):
    """A random pair of overlapping-ish rotated boxes for the quiz.

    Args:
        rng (numpy.random.Generator): random source.
        extent (float): boxes live around the centre of [0, extent]^2. Default 10.

    Returns:
        tuple[ndarray[5], ndarray[5]]: two boxes (cx, cy, w, h, angle).
    """
    if isinstance(extent, bool) or not isinstance(extent, Real) or not extent > 0:
        raise ValueError(f"extent must be a number > 0, got {extent!r}")
    c = extent / 2
    b1 = np.array([c, c, *rng.uniform(0.25, 0.5, 2) * extent, rng.uniform(-90, 90)])
    off = rng.normal(0, 0.12 * extent, 2)
    b2 = np.array(
        [c + off[0], c + off[1], *rng.uniform(0.2, 0.5, 2) * extent, rng.uniform(-90, 90)]
    )
    return b1, b2


def score_guess(guess, truth) -> int:
    """Points (0..100) for a guessed IoU: 100 when exact, 0 at an error of 0.5 or more.

    Args:
        guess (float): the reader's guess in [0, 1].
        truth (float): the true IoU in [0, 1].

    Returns:
        int: the score.
    """
    for name, v in (("guess", guess), ("truth", truth)):
        if isinstance(v, bool) or not isinstance(v, Real) or not 0 <= v <= 1:
            raise ValueError(f"{name} must be a number in [0, 1], got {v!r}")
    return int(round(100 * max(0.0, 1 - 2 * abs(float(guess) - float(truth)))))


def iou_state(box1, box2, iou_fn, n_mc: int = 10000, rng=None) -> dict:
    """Everything one frame shows: both polygons, their intersection and three IoUs.

    Args:
        box1, box2 (sequence of 5 floats): rotated boxes (cx, cy, w, h, angle).
        iou_fn (callable): ``iou_fn(p, q) -> float`` on two (n, 2) polygons.
        n_mc (int): Monte Carlo samples. Default 10000.
        rng (numpy.random.Generator, optional): default ``np.random.default_rng(0)``.

    Returns:
        dict: ``p``, ``q``, ``inter`` (list of polygons), ``iou``, ``iou_shapely``, ``iou_mc``.
    """
    p, q = box_polygon(box1), box_polygon(box2)
    rng = np.random.default_rng(0) if rng is None else rng
    return {
        "p": p,
        "q": q,
        "inter": intersection_polygons(p, q),
        "iou": float(iou_fn(p, q)),
        "iou_shapely": shapely_iou(p, q),
        "iou_mc": monte_carlo_iou(p, q, n_mc, rng),
        "n_mc": n_mc,
    }


def draw_iou_state(state: dict, fig=None, show_values: bool = True):
    """Draw both boxes with the intersection shaded; updates a figure from an earlier call.

    Args:
        state (dict): from :func:`iou_state`.
        fig (matplotlib Figure, optional): reused (artists updated in place) if given.
        show_values (bool): write the three IoUs in the title. Default True.

    Returns:
        matplotlib Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Polygon as MplPolygon

    art = getattr(fig, "_cvbook_iou", None)
    if art is None:
        fig = plt.figure(figsize=(4.2, 3.6)) if fig is None else fig
        fig.clear()
        ax = fig.add_subplot(1, 1, 1)
        art = {"ax": ax}
        art["inter"] = ax.add_collection(PolyCollection([], fc="#009E73", alpha=0.55, lw=0))
        art["p"] = ax.add_patch(MplPolygon(np.zeros((3, 2)), fill=False, ec="#0072B2", lw=2))
        art["q"] = ax.add_patch(MplPolygon(np.zeros((3, 2)), fill=False, ec="#D55E00", lw=2))
        art["title"] = ax.set_title("", fontsize=9)
        ax.set_aspect("equal")
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        ax.set_xticks([])
        ax.set_yticks([])
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.07, top=0.88)
        fig._cvbook_iou = art
    art["p"].set_xy(state["p"])
    art["q"].set_xy(state["q"])
    art["inter"].set_verts(state["inter"])
    if show_values:
        art["title"].set_text(
            f"IoU  yours {state['iou']:.4f} | shapely {state['iou_shapely']:.4f}\n"
            f"Monte Carlo (n={state['n_mc']}) {state['iou_mc']:.4f}"
        )
    else:
        art["title"].set_text("guess the IoU")
    return fig


def iou_widget(
    iou_fn, seed: int = 0, box1=(4.5, 5.0, 5.0, 3.0, 20.0), box2=(5.8, 5.6, 4.0, 3.5, -25.0)
):
    """Interactive IoU explorer with a guess-the-IoU quiz tab.

    Args:
        iou_fn (callable): ``iou_fn(p, q) -> float`` for two (n, 2) polygons, e.g. the chapter's
            ``polygon_iou``.
        seed (int): seed of the quiz's pair generator. Default 0.
        box1, box2 (sequence of 5 floats): initial boxes (cx, cy, w, h, angle).

    Returns:
        ipywidgets.Tab: "explore" (sliders, message area, picture) and "quiz".
    """
    import ipywidgets as w
    import matplotlib.pyplot as plt

    from cvbook.widgets.roi import render_png

    def sliders(box, tag):
        spec = (("cx", 0, 10), ("cy", 0, 10), ("w", 0.0, 8), ("h", 0.0, 8), ("angle", -180, 180))
        return [
            w.FloatSlider(
                value=float(v),
                min=lo,
                max=hi,
                step=0.05 if k != "angle" else 1.0,
                description=f"{k}{tag}",
            )
            for (k, lo, hi), v in zip(spec, box, strict=True)
        ]

    s1, s2 = sliders(box1, "₁"), sliders(box2, "₂")
    image, msg = w.Image(format="png"), w.Output()
    fig = None

    def update(*_):
        nonlocal fig
        msg.clear_output()
        try:
            st = iou_state([s.value for s in s1], [s.value for s in s2], iou_fn)
        except ValueError as err:
            with msg:
                print(f"无法计算这个设置：{err}")
            return
        fig = draw_iou_state(st, fig)
        image.value = render_png(fig, dpi=72)

    for s in s1 + s2:
        s.observe(update, names="value")
    update()

    # quiz tab
    rng = np.random.default_rng(seed)
    q_image, q_text = w.Image(format="png"), w.HTML()
    guess = w.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.01, description="guess")
    new_btn, check_btn = w.Button(description="new pair"), w.Button(description="check")
    quiz = {"truth": None, "total": 0, "rounds": 0, "fig": None}

    def new_pair(*_):
        b1, b2 = random_pair(rng)
        st = iou_state(b1, b2, iou_fn, n_mc=1000)
        quiz["truth"] = st["iou_shapely"]
        quiz["fig"] = draw_iou_state(st, quiz["fig"], show_values=False)
        q_image.value = render_png(quiz["fig"], dpi=72)
        q_text.value = "你的估计是多少？拖动滑块后点 check。"

    def check(*_):
        if quiz["truth"] is None:
            return
        pts = score_guess(guess.value, quiz["truth"])
        quiz["total"] += pts
        quiz["rounds"] += 1
        q_text.value = (
            f"真实 IoU = {quiz['truth']:.3f}，你猜 {guess.value:.2f}，得 {pts} 分；"
            f"{quiz['rounds']} 轮平均 {quiz['total'] / quiz['rounds']:.0f} 分。"
        )
        quiz["truth"] = None

    new_btn.on_click(new_pair)
    check_btn.on_click(check)
    new_pair()
    for f in (fig, quiz["fig"]):
        plt.close(f)
    explore = w.HBox([w.VBox(s1 + s2), w.VBox([msg, image])])
    tab = w.Tab(children=[explore, w.VBox([q_image, guess, w.HBox([new_btn, check_btn]), q_text])])
    tab.set_title(0, "explore")
    tab.set_title(1, "guess the IoU")
    return tab
