"""Step-through figures: page through an algorithm's own trace, frame by frame.

A chapter runs its real function on a small case with a recorder, draws one frame per recorded
step, and shows them with :class:`Stepper`: 上一步 / 下一步 / 播放 buttons, the arrow keys, a
caption per step and a frame counter. The output is self-contained HTML plus a small script
(cvbook/static/stepper-core.js, inlined), so it works on the static website with no kernel and
in Jupyter alike.

Example::

    st = Stepper("贪心 NMS 逐步执行")
    for state in trace:
        fig = draw(state)                 # a matplotlib Figure
        st.add(fig, f"第 {state['i']} 个框 …")
    st.show()
"""

from __future__ import annotations

import base64
import html
import io
import itertools
from pathlib import Path

__all__ = ["MAX_BYTES", "Stepper"]

#: A stepper's frames may weigh at most this much in the page (base64 included).
MAX_BYTES = 300 * 1024
_CORE_JS = Path(__file__).resolve().parent / "static" / "stepper-core.js"
_ids = itertools.count(1)

_CSS = """<style>
.cvbook-stepper { border: 1px solid var(--pst-color-border, #d1d5da); border-radius: 6px;
  padding: .6rem; margin: 1rem 0; max-width: 100%; }
.cvbook-stepper:focus-visible { outline: 2px solid var(--pst-color-primary, #0a7d91); }
.cvbook-step-title { font-weight: 600; margin-bottom: .4rem; }
.cvbook-step-frame { display: block; max-width: 100%; height: auto; margin: 0 auto;
  background: #fff; }
.cvbook-step-frame[hidden], .cvbook-step-caption[hidden] { display: none; }
.cvbook-step-caption { margin: .5rem 0 .3rem; min-height: 3em; }
.cvbook-step-controls { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.cvbook-step-controls button { min-width: 2.75rem; min-height: 2.25rem; padding: .2rem .7rem;
  border: 1px solid var(--pst-color-border, #d1d5da); border-radius: 4px; cursor: pointer;
  background: var(--pst-color-surface, #f3f4f5); color: var(--pst-color-text-base, #222832); }
.cvbook-step-controls button:disabled { opacity: .45; cursor: default; }
.cvbook-step-counter { margin-left: auto; font-variant-numeric: tabular-nums; }
</style>"""


class Stepper:
    """A step-through figure.

    Args:
        title (str): shown above the frames (and read by screen readers).
        dpi (int): resolution of frames given as matplotlib figures. Default 72.
        delay_ms (int): time per frame when playing, in ms, >= 200. Default 1200.
        colors (int or None): figures are saved as PNGs with a palette of this many colours
            (2..256), about a quarter of the bytes of full colour for plots; None keeps full
            colour. Default 64.
    """

    def __init__(self, title: str, *, dpi: int = 72, delay_ms: int = 1200, colors: int | None = 64):
        if not isinstance(title, str) or not title.strip():
            raise ValueError(f"title must be a non-empty string, got {title!r}")
        if isinstance(dpi, bool) or not isinstance(dpi, int) or not 20 <= dpi <= 300:
            raise ValueError(f"dpi must be an int in [20, 300], got {dpi!r}")
        if isinstance(delay_ms, bool) or not isinstance(delay_ms, int) or delay_ms < 200:
            raise ValueError(f"delay_ms must be an int >= 200, got {delay_ms!r}")
        if colors is not None and (
            isinstance(colors, bool) or not isinstance(colors, int) or not 2 <= colors <= 256
        ):
            raise ValueError(f"colors must be None or an int in [2, 256], got {colors!r}")
        self.title, self.dpi, self.delay_ms, self.colors = title, dpi, delay_ms, colors
        self.frames: list[tuple[str, str]] = []  # (data URI, caption)

    def add(self, frame, caption: str) -> Stepper:
        """Append one frame.

        Args:
            frame: a matplotlib Figure (rendered to PNG at ``dpi``, at the figure's own size,
                with a ``colors`` palette, and closed), PNG bytes, or an SVG document as a string.
            caption (str): what happens in this step (plain text; ``\\(…\\)`` math is typeset).

        Returns:
            Stepper: self, so calls chain.
        """
        if not isinstance(caption, str) or not caption.strip():
            raise ValueError(f"caption must be a non-empty string, got {caption!r}")
        if isinstance(frame, bytes):
            if not frame.startswith(b"\x89PNG"):
                raise ValueError("frame bytes must be a PNG image")
            uri = "data:image/png;base64," + base64.b64encode(frame).decode()
        elif isinstance(frame, str):
            if "<svg" not in frame[:200]:
                raise ValueError("a frame given as a string must be an SVG document")
            uri = "data:image/svg+xml;base64," + base64.b64encode(frame.encode()).decode()
        elif hasattr(frame, "savefig"):
            import matplotlib.pyplot as plt

            buf = io.BytesIO()
            # The figure's own size, not a tight box: every frame the same size, so the
            # controls do not jump while paging.
            with plt.rc_context({"savefig.bbox": "standard"}):
                frame.savefig(buf, format="png", dpi=self.dpi, facecolor="white")
            plt.close(frame)
            png = buf.getvalue()
            if self.colors is not None:
                from PIL import Image

                out = io.BytesIO()
                img = Image.open(buf).convert("RGB")
                # No dithering: plots are flat colours, and dither noise costs bytes.
                img.quantize(self.colors, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
                png = out.getvalue()
            uri = "data:image/png;base64," + base64.b64encode(png).decode()
        else:
            raise ValueError(
                f"frame must be a matplotlib Figure, PNG bytes or an SVG string, got {type(frame)}"
            )
        self.frames.append((uri, caption))
        size = self.nbytes
        if size > MAX_BYTES:
            raise ValueError(
                f"the stepper's frames weigh {size // 1024} KB, over the {MAX_BYTES // 1024} KB "
                "budget: use fewer frames, a lower dpi or smaller figures"
            )
        return self

    @property
    def nbytes(self) -> int:
        """Bytes the frames add to the page."""
        return sum(len(uri) for uri, _ in self.frames)

    def html(self, sid: str | None = None) -> str:
        """The stepper's markup (first frame visible without script)."""
        if not self.frames:
            raise ValueError("a stepper needs at least one frame (call add first)")
        sid = sid or f"cvbook-stepper-{next(_ids)}"
        title = html.escape(self.title)
        imgs, caps = [], []
        for i, (uri, caption) in enumerate(self.frames):
            hidden = "" if i == 0 else " hidden"
            alt = html.escape(f"{self.title}：第 {i + 1} 步")
            imgs.append(f'<img class="cvbook-step-frame" src="{uri}" alt="{alt}"{hidden}>')
            caps.append(f'<p class="cvbook-step-caption"{hidden}>{html.escape(caption)}</p>')
        buttons = "".join(
            f'<button type="button" data-step-action="{a}" aria-label="{label}">{text}</button>'
            for a, text, label in (
                ("first", "«", "第一步"),
                ("prev", "上一步", "上一步"),
                ("play", "播放", "播放"),
                ("next", "下一步", "下一步"),
                ("last", "»", "最后一步"),
            )
        )
        n = len(self.frames)
        return (
            f'{_CSS}<div class="cvbook-stepper" id="{sid}" tabindex="0" role="group" '
            f'aria-label="{title}" data-step-delay="{self.delay_ms}">'
            f'<div class="cvbook-step-title">{title}</div>'
            f'<div class="cvbook-step-frames">{"".join(imgs)}</div>'
            f'<div class="cvbook-step-captions" aria-live="polite">{"".join(caps)}</div>'
            f'<div class="cvbook-step-controls">{buttons}'
            f'<span class="cvbook-step-counter">第 1 / {n} 步</span></div></div>'
        )

    def script(self, sid: str) -> str:
        """The script that wires the stepper with id ``sid`` (the core is inlined)."""
        core = _CORE_JS.read_text(encoding="utf-8")
        return (
            f"{core}\n(function () {{ var el = document.getElementById({sid!r});"
            " if (el && window.cvbookStepper) window.cvbookStepper.mount(el); })();"
        )

    def key_frames(self, most: int = 6) -> list[int]:
        """Indices of the frames the PDF shows: all of them, or ``most`` evenly spaced ones
        including the first and the last."""
        n = len(self.frames)
        if n <= most:
            return list(range(n))
        return sorted({round(i * (n - 1) / (most - 1)) for i in range(most)})

    def print_markdown(self, most: int = 6, columns: int = 2) -> str:
        """The print version (MyST markdown): the key frames in a grid, each tile labelled with
        its step number, and the captions of those steps below it."""
        from PIL import Image, ImageDraw

        from cvbook.printing import md_escape, png_uri

        keys = self.key_frames(most)
        tiles = []
        for i in keys:
            uri = self.frames[i][0]
            if not uri.startswith("data:image/png;base64,"):
                raise ValueError("the print version needs PNG frames (an SVG frame was added)")
            tiles.append(
                Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("RGB")
            )
        w = max(t.width for t in tiles)
        h = max(t.height for t in tiles)
        cols = min(columns, len(tiles))
        rows = -(-len(tiles) // cols)
        pad = 8
        grid = Image.new("RGB", (cols * (w + pad) - pad, rows * (h + pad) - pad), "white")
        draw = ImageDraw.Draw(grid)
        for k, (i, tile) in enumerate(zip(keys, tiles, strict=True)):
            x, y = (k % cols) * (w + pad), (k // cols) * (h + pad)
            grid.paste(tile, (x, y))
            draw.rectangle([x, y, x + w - 1, y + h - 1], outline=(180, 180, 180))
            label = str(i + 1)
            draw.rectangle([x, y, x + 10 + 7 * len(label), y + 16], fill=(40, 40, 40))
            draw.text((x + 5, y + 3), label, fill="white")
        out = io.BytesIO()
        grid.save(out, "PNG", optimize=True)
        n = len(self.frames)
        lines = [
            # In print, keep the title on the page of the grid below it.
            "```{raw} latex",
            "\\needspace{0.4\\textheight}",
            "```",
            "",
            f"**{md_escape(self.title)}**（网页上可逐步翻看全部 {n} 步；这里是其中 {len(keys)} 步，"
            "图块左上角的数字是步号）",
            "",
            f"```{{image}} {png_uri(out.getvalue())}",
            ":width: 100%",
            "```",
            "",
        ]
        for i in keys:
            caption = self.frames[i][1].replace("\\(", "$").replace("\\)", "$")
            lines.append(f"- 第 {i + 1} 步：{md_escape(caption)}")
        return "\n".join(lines) + "\n"

    def show(self) -> None:
        """Display the stepper (markup, then its script) in the notebook, the built page and, as
        a grid of key frames, the PDF."""
        from IPython.display import display

        from cvbook.printing import Output, bundle

        sid = f"cvbook-stepper-{next(_ids)}"
        display(Output(bundle(html=self.html(sid), print_md=self.print_markdown())))
        display(Output(bundle(javascript=self.script(sid))))
