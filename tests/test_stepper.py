"""The step-through figure builder (cvbook.stepper)."""

from __future__ import annotations

import re

import matplotlib
import pytest

from cvbook.stepper import MAX_BYTES, Stepper

matplotlib.use("Agg")

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'


def test_frames_and_captions_in_order_first_visible():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1])
    st = Stepper("标题 <b>").add(fig, "第一步 a<b").add(PNG, "第二步").add(SVG, "第三步")
    out = st.html("s1")
    frames = re.findall(
        r'<img class="cvbook-step-frame" src="data:image/([\w+]+);[^>]*?( hidden)?>', out
    )
    assert [kind for kind, _ in frames] == ["png", "png", "svg+xml"]
    assert [bool(h) for _, h in frames] == [False, True, True]
    caps = re.findall(r'<p class="cvbook-step-caption"( hidden)?>(.*?)</p>', out)
    assert [c for _, c in caps] == ["第一步 a&lt;b", "第二步", "第三步"]
    assert "标题 &lt;b&gt;" in out and "第 1 / 3 步" in out
    for action in ("first", "prev", "play", "next", "last"):
        assert f'data-step-action="{action}"' in out
    # The script mounts exactly this stepper and carries the frame logic with it.
    js = st.script("s1")
    assert "function reduce(" in js and "getElementById('s1')" in js


def test_budget_and_bad_input():
    st = Stepper("t")
    big = b"\x89PNG" + b"0" * (MAX_BYTES // 2)
    st.add(big, "a")
    with pytest.raises(ValueError, match="budget"):
        st.add(big, "b")
    with pytest.raises(ValueError, match="caption"):
        Stepper("t").add(PNG, "")
    with pytest.raises(ValueError, match="frame"):
        Stepper("t").add(42, "x")
    with pytest.raises(ValueError, match="PNG"):
        Stepper("t").add(b"GIF89a", "x")
    with pytest.raises(ValueError, match="title"):
        Stepper("")
    with pytest.raises(ValueError, match="dpi"):
        Stepper("t", dpi=5)
    with pytest.raises(ValueError, match="colors"):
        Stepper("t", colors=1)
    with pytest.raises(ValueError, match="at least one frame"):
        Stepper("t").html()


def test_palette_frames_are_smaller_than_full_colour():
    import matplotlib.pyplot as plt
    import numpy as np

    def fig():
        f, ax = plt.subplots(figsize=(4, 3))
        x = np.linspace(0, 6, 200)
        for k in range(5):
            ax.plot(x, np.sin(x + k), lw=2)
        ax.fill_between(x, np.sin(x), alpha=0.3)
        return f

    full = Stepper("t", dpi=96, colors=None).add(fig(), "a").nbytes
    small = Stepper("t", dpi=96).add(fig(), "a").nbytes
    assert small < 0.6 * full, (small, full)


def test_print_version_is_a_grid_of_key_frames_with_their_captions():
    import base64
    import io

    import matplotlib.pyplot as plt
    from PIL import Image

    st = Stepper("追踪")
    for i in range(9):
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot([0, i])
        st.add(fig, f"第 {i} 次合并 \\(x_{i}\\)")
    keys = st.key_frames()
    assert keys[0] == 0 and keys[-1] == 8 and len(keys) == 6 and keys == sorted(set(keys))
    assert Stepper("x").add(PNG, "a").key_frames() == [0]
    md = st.print_markdown()
    assert "全部 9 步" in md and "其中 6 步" in md
    # One caption line per key frame, with the step number, math turned into $…$.
    caps = re.findall(r"^- 第 (\d+) 步：(.*)$", md, re.M)
    assert [int(n) for n, _ in caps] == [k + 1 for k in keys]
    assert caps[-1][1] == "第 8 次合并 $x_8$"
    uri = re.search(r"data:image/png;base64,(\S+)", md).group(1)
    grid = Image.open(io.BytesIO(base64.b64decode(uri)))
    tile = Image.open(io.BytesIO(base64.b64decode(st.frames[0][0].split(",", 1)[1])))
    assert grid.width >= 2 * tile.width and grid.height >= 3 * tile.height  # 2 columns, 3 rows
    with pytest.raises(ValueError, match="PNG"):
        Stepper("svg").add(SVG, "a").print_markdown()
