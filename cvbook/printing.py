"""Outputs with a print version: how a live output appears in the PDF (see cvbook.pdf).

A notebook output may carry, beside its HTML (or script), a MyST-markdown version under the MIME
type :data:`PRINT_MIME`. The website and Jupyter ignore it; the PDF's LaTeX builder renders it
instead of the HTML. Scripts carry an empty print version, so they print as nothing, and no
bundle carries ``text/plain``, so no ``<IPython.core.display.HTML object>`` placeholder can reach
the printed page. This module has no Sphinx dependency: chapters import it on Binder and Colab.
"""

from __future__ import annotations

import base64
import io
import re

__all__ = [
    "PRINT_MIME",
    "ANSWERS_CLASS",
    "bundle",
    "publish",
    "png_uri",
    "figure_png",
    "md_escape",
    "print_figure",
    "print_table",
]

#: The MIME type of an output's print version: MyST markdown rendered only by the LaTeX builder.
PRINT_MIME = "application/vnd.cvbook.print+myst"
#: Class of the container that holds one quiz's answers (moved to the 答案 appendix in print).
ANSWERS_CLASS = "cvbook-quiz-answers"


def bundle(html: str | None = None, javascript: str | None = None, print_md: str = "") -> dict:
    """A display bundle whose print version is ``print_md`` (MyST markdown; "" prints nothing).

    Exactly one of ``html`` and ``javascript`` is given. No ``text/plain`` is included, so no
    ``<IPython.core.display.HTML object>`` placeholder can reach the printed page.
    """
    if (html is None) == (javascript is None):
        raise ValueError("give exactly one of html and javascript")
    if not isinstance(print_md, str):
        raise ValueError(f"print_md must be a string, got {type(print_md).__name__}")
    data = {"text/html": html} if html is not None else {"application/javascript": javascript}
    data[PRINT_MIME] = print_md
    return data


def publish(data: dict) -> None:
    """Display a bundle made by :func:`bundle` in the running notebook."""
    from IPython.display import publish_display_data

    publish_display_data(data)


def png_uri(png: bytes) -> str:
    if not png.startswith(b"\x89PNG"):
        raise ValueError("png must be PNG bytes")
    return "data:image/png;base64," + base64.b64encode(png).decode()


def figure_png(fig, dpi: int = 150) -> bytes:
    """Render a matplotlib figure to PNG bytes (tight box, white background) and close it."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def md_escape(text: str) -> str:
    """Escape characters that MyST would read as markup, outside ``$…$`` math."""
    parts = re.split(r"(\$\$.*?\$\$|\$[^$]+\$|`[^`]+`)", text, flags=re.S)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(part)
        else:
            out.append(re.sub(r"([\\*_\[\]<>#|{}])", r"\\\1", part))
    return "".join(out)


def print_figure(fig, caption: str, width: str = "80%") -> None:
    """Show ``fig`` in the printed book only (the website shows the live version instead).

    Used for the static figure of a live widget. The figure is unnumbered, so figure numbers stay
    the same as on the website.

    Args:
        fig: a matplotlib Figure (rendered at 150 dpi and closed).
        caption (str): one sentence under the figure (plain text).
        width (str): the figure's width on the page, e.g. ``"80%"``.
    """
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError(f"caption must be a non-empty string, got {caption!r}")
    if not re.fullmatch(r"\d{1,3}%", width):
        raise ValueError(f"width must be a percentage such as '80%', got {width!r}")
    uri = png_uri(figure_png(fig))
    md = f"```{{image}} {uri}\n:width: {width}\n:align: center\n```\n\n{md_escape(caption)}\n"
    print_only(md)


def print_only(md: str) -> None:
    """Show MyST markdown ``md`` in the printed book only (nothing on the website or in Jupyter).

    For the sentence that stands in the PDF where the website has a live widget.
    """
    if not isinstance(md, str) or not md.strip():
        raise ValueError(f"md must be a non-empty string, got {md!r}")
    publish(bundle(html="", print_md=md))


def print_table(header, rows, html_class: str = "") -> None:
    """Display a small table: HTML on the website and in Jupyter, a typeset table in print.

    Args:
        header (Sequence[str]): column titles.
        rows (Sequence[Sequence]): cells (converted with ``str``).
    """
    import html as _html

    header = [str(h) for h in header]
    rows = [[str(c) for c in r] for r in rows]
    if not header or any(len(r) != len(header) for r in rows):
        raise ValueError("every row must have as many cells as the header")
    cls = f' class="{_html.escape(html_class)}"' if html_class else ""
    head = "".join(f"<th>{_html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_html.escape(c)}</td>" for c in r) + "</tr>" for r in rows
    )
    md = ["| " + " | ".join(md_escape(h) for h in header) + " |"]
    md.append("|" + "---|" * len(header))
    md += ["| " + " | ".join(md_escape(c) for c in r) + " |" for r in rows]
    publish(bundle(html=f"<table{cls}><tr>{head}</tr>{body}</table>", print_md="\n".join(md)))


class Output:
    """A display bundle shown as is: IPython adds no ``text/plain`` repr to it."""

    def __init__(self, data: dict):
        if not isinstance(data, dict) or PRINT_MIME not in data:
            raise ValueError("data must be a bundle made by cvbook.printing.bundle")
        self.data = data

    def _ipython_display_(self):
        publish(self.data)
