"""The reduction-axes table and the shading mask behind the BN/LN/IN/GN cube figure."""

import itertools

import numpy as np
import pytest

from cvbook.drawings.q02_norm_cubes import FIGURES, KINDS, NORM_AXES, shared_stats_mask


def _brute_force(kind, shape, index, groups):
    # Spell out each method's definition with loops over (n, c, h, w).
    n0, c0, _, _ = index
    size = shape[1] // groups
    out = np.zeros(shape, dtype=bool)
    for n, c, h, w in itertools.product(*map(range, shape)):
        same_n, same_c, same_g = n == n0, c == c0, c // size == c0 // size
        out[n, c, h, w] = {
            "batch": same_c,
            "layer": same_n,
            "instance": same_n and same_c,
            "group": same_n and same_g,
        }[kind]
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_mask_matches_the_definitions(kind):
    shape, groups = (3, 6, 2, 2), 3
    for index in [(0, 0, 0, 0), (2, 5, 1, 1), (1, 3, 0, 1)]:
        g = groups if kind == "group" else 1
        mask = shared_stats_mask(kind, shape, index, num_groups=groups)
        np.testing.assert_array_equal(mask, _brute_force(kind, shape, index, g))
        assert mask[index]


def test_set_sizes():
    n, c, h, w = 4, 8, 3, 5
    sizes = {k: shared_stats_mask(k, (n, c, h, w), (0, 0, 0, 0), 2).sum() for k in KINDS}
    assert sizes == {"batch": n * h * w, "layer": c * h * w, "instance": h * w, "group": 4 * h * w}


def test_group_norm_limits():
    shape, idx = (2, 4, 2, 2), (1, 2, 1, 0)
    # One group is layer norm; one channel per group is instance norm.
    np.testing.assert_array_equal(
        shared_stats_mask("group", shape, idx, 1), shared_stats_mask("layer", shape, idx)
    )
    np.testing.assert_array_equal(
        shared_stats_mask("group", shape, idx, 4), shared_stats_mask("instance", shape, idx)
    )


def test_axes_table_is_in_the_grouped_view():
    assert set(NORM_AXES) == {"batch", "layer", "instance", "group"}
    for axes in NORM_AXES.values():
        assert all(0 <= a < 4 for a in axes) and 3 in axes  # always over H * W


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"kind": "weight"}, "kind"),
        ({"kind": "group", "num_groups": None}, "num_groups"),
        ({"kind": "group", "num_groups": 4}, "divide"),
        ({"kind": "group", "num_groups": 0}, "num_groups"),
        ({"shape": (2, 6, 2)}, "shape"),
        ({"shape": (2, 0, 2, 2)}, "shape"),
        ({"index": (2, 0, 0, 0)}, "index"),
        ({"index": (0, 0, 0)}, "index"),
    ],
)
def test_bad_arguments_raise(kwargs, match):
    args = {"kind": "batch", "shape": (2, 6, 2, 2), "index": (0, 0, 0, 0), "num_groups": 3}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        shared_stats_mask(**args)


def test_figure_draws():
    fig = FIGURES["q02-norm-cubes.svg"]()
    assert len(fig.axes) == 4
    assert [ax.get_title() for ax in fig.axes] == [
        "Batch Norm",
        "Layer Norm",
        "Instance Norm",
        "Group Norm",
    ]
