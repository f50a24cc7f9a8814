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
