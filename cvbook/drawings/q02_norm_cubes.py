"""The BN / LN / IN / GN cube figure (after Wu & He, 2018, Fig. 2), drawn from reduction axes.

Every normalisation layer of 问题 2 computes a mean and a variance over some axes of the
*grouped view* of an NCHW tensor,

    (N, G, C // G, S)   with S = H * W,

and normalises each element with the statistics of its own set. :data:`NORM_AXES` is that
table; :func:`shared_stats_mask` turns it into the set of cells that share statistics with one
cell, and :func:`draw_norm_cubes` shades exactly those cells. The chapter asserts that its own
``normalize`` reduces over the same sets, so the figure cannot drift from the code.
"""

from __future__ import annotations

import math
from numbers import Integral

import numpy as np

__all__ = ["NORM_AXES", "KINDS", "shared_stats_mask", "draw_norm_cubes", "FIGURES"]

#: kind -> axes of the grouped view (N, G, C // G, H * W) that the statistics are taken over.
#: Batch, layer and instance norm use G = 1; group norm uses G = num_groups.
NORM_AXES: dict[str, tuple[int, ...]] = {
    "batch": (0, 3),
    "layer": (1, 2, 3),
    "instance": (3,),
    "group": (2, 3),
}
KINDS = tuple(NORM_AXES)

_TITLES = {
    "batch": "Batch Norm",
    "layer": "Layer Norm",
    "instance": "Instance Norm",
    "group": "Group Norm",
}


def _check_shape(shape) -> tuple[int, int, int, int]:
    if (
        not isinstance(shape, (tuple, list))
        or len(shape) != 4
        or not all(isinstance(s, Integral) and not isinstance(s, bool) and s > 0 for s in shape)
    ):
        raise ValueError(f"shape must be four positive ints (N, C, H, W), got {shape!r}")
    return tuple(int(s) for s in shape)


def _groups(kind: str, channels: int, num_groups) -> int:
    if kind not in NORM_AXES:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if kind != "group":
        return 1
    if isinstance(num_groups, bool) or not isinstance(num_groups, Integral) or num_groups <= 0:
        raise ValueError(f"num_groups must be a positive int for kind='group', got {num_groups!r}")
    if channels % num_groups:
        raise ValueError(f"num_groups={num_groups} must divide the number of channels C={channels}")
    return int(num_groups)


def shared_stats_mask(kind, shape, index, num_groups=None) -> np.ndarray:
    """Cells whose mean/variance are computed from the same set as the cell ``index``.

    Args:
        kind (str): one of ``"batch"``, ``"layer"``, ``"instance"``, ``"group"``.
        shape (tuple[int, int, int, int]): the tensor shape (N, C, H, W).
        index (tuple[int, int, int, int]): the cell (n, c, h, w).
        num_groups (int, optional): number of channel groups; required for ``"group"`` and
            must divide C; ignored by the other kinds.

    Returns:
        ndarray[N, C, H, W] of bool: True on the cells of that statistics set (the cells an
        element's statistics are averaged over, the element itself included).
    """
    n, c, h, w = _check_shape(shape)
    g = _groups(kind, c, num_groups)
    if (
        not isinstance(index, (tuple, list))
        or len(index) != 4
        or not all(isinstance(i, Integral) and not isinstance(i, bool) for i in index)
        or not all(0 <= i < s for i, s in zip(index, (n, c, h, w), strict=True))
    ):
        raise ValueError(f"index must be four ints inside shape {(n, c, h, w)}, got {index!r}")
    grouped = (n, g, c // g, h * w)
    coords = np.indices(grouped)  # (4, N, G, C//G, S)
    i_n, i_c, i_h, i_w = (int(i) for i in index)
    target = (i_n, i_c // (c // g), i_c % (c // g), i_h * w + i_w)
    kept = [a for a in range(4) if a not in NORM_AXES[kind]]
    mask = np.ones(grouped, dtype=bool)
    for a in kept:
        mask &= coords[a] == target[a]
    return mask.reshape(n, c, h, w)


def _face(ax, origin, u, v, color):
    from matplotlib.patches import Polygon

    o = np.asarray(origin, float)
    pts = [o, o + u, o + u + v, o + v]
    ax.add_patch(Polygon(pts, closed=True, facecolor=color, edgecolor="#555555", lw=0.6))


def _draw_cube(ax, mask_ncs, title, shade="#1f6fbf", blank="#eeeeee"):
    """Oblique view: C to the right, H*W up, N into the depth (as in Wu & He's figure)."""
    n_n, n_c, n_s = mask_ncs.shape
    dx, dy = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    dz = 0.55 * np.array([math.cos(math.radians(35)), math.sin(math.radians(35))])
    top = n_s
    # Front face (n = 0): cells (c, s).
    for c in range(n_c):
        for s in range(n_s):
            color = shade if mask_ncs[0, c, n_s - 1 - s] else blank
            _face(ax, c * dx + s * dy, dx, dy, color)
    # Top face (s = top row): cells (c, n).
    for c in range(n_c):
        for k in range(n_n):
            color = shade if mask_ncs[k, c, 0] else blank
            _face(ax, c * dx + top * dy + k * dz, dx, dz, color)
    # Right face (c = last): cells (n, s).
    for k in range(n_n):
        for s in range(n_s):
            color = shade if mask_ncs[k, n_c - 1, n_s - 1 - s] else blank
            _face(ax, n_c * dx + s * dy + k * dz, dz, dy, color)
    ax.text(n_c / 2, -0.6, "C", ha="center", va="top", fontsize=10)
    end = n_c * dx + n_n * dz
    ax.text(
        end[0] - n_n * dz[0] / 2 + 0.3,
        end[1] - n_n * dz[1] / 2 - 0.6,
        "N",
        ha="left",
        va="top",
        fontsize=10,
    )
    ax.text(-0.5, n_s / 2, "H, W", rotation=90, ha="right", va="center", fontsize=10)
    ax.set_title(title)
    ax.set_xlim(-1.6, n_c + n_n * dz[0] + 0.8)
    ax.set_ylim(-1.4, n_s + n_n * dz[1] + 0.4)
    ax.set_aspect("equal")
    ax.axis("off")


def draw_norm_cubes(shape=(6, 6, 2, 3), num_groups=3):
    """Draw the four normalisation methods as shaded cubes.

    Each panel shades the cells that share mean and variance with one cell on the visible
    front-right edge (n = 0, last channel, first spatial position), taken from
    :func:`shared_stats_mask` and hence from :data:`NORM_AXES`.

    Args:
        shape (tuple[int, int, int, int]): the (N, C, H, W) grid drawn; H * W cells per column.
        num_groups (int): groups used for the group-norm panel; must divide C.

    Returns:
        matplotlib.figure.Figure: a 1 x 4 panel figure.
    """
    import matplotlib.pyplot as plt

    n, c, h, w = _check_shape(shape)
    _groups("group", c, num_groups)
    fig, axes = plt.subplots(1, 4, figsize=(8, 2.6))
    for ax, kind in zip(axes, KINDS, strict=True):
        mask = shared_stats_mask(kind, (n, c, h, w), (0, c - 1, 0, 0), num_groups=num_groups)
        _draw_cube(ax, mask.reshape(n, c, h * w), _TITLES[kind])
    fig.tight_layout()
    return fig


FIGURES = {"q02-norm-cubes.svg": draw_norm_cubes}
