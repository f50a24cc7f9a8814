"""One matplotlib style for every figure of the book.

Plot text stays English or math (the build ships no CJK font); the prose carries the Chinese.
Figures get an opaque white background so they stay readable in the dark theme too.
"""

from __future__ import annotations

import matplotlib as mpl

__all__ = ["use_book_style", "PALETTE", "BOOK_RC"]

#: Colour-blind-safe palette (Okabe & Ito), used in this order by every figure.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

BOOK_RC = {
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 110,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=list(PALETTE)),
    "font.size": 10,
    "axes.titlesize": 11,
    "legend.frameon": False,
    "image.cmap": "viridis",
    "svg.hashsalt": "cvbook",  # deterministic SVG ids, so `make figures` output is stable
    "svg.fonttype": "path",
}


def use_book_style() -> None:
    """Apply the book's matplotlib style (call once in a chapter's first cell)."""
    mpl.rcParams.update(BOOK_RC)
