"""Figure drawers behind ``make figures``.

Each module in :mod:`cvbook.drawings` exposes ``FIGURES``: a dict mapping a file name under
``assets/img/`` (``qNN-<name>.svg`` or ``.png``) to a function taking no argument and returning
a matplotlib Figure; an SVG also gets a PDF twin for the printed book (chapters refer to both as
``qNN-<name>.*``). ``python -m cvbook.figures [--out DIR] [names...]`` draws them.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path

__all__ = ["all_figures", "draw", "main"]

_NAME = re.compile(r"^q\d{2}-[a-z0-9-]+\.(svg|png)$")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "img"


def all_figures() -> dict[str, Callable]:
    """Collect ``FIGURES`` from every module of :mod:`cvbook.drawings`."""
    from . import drawings

    found: dict[str, Callable] = {}
    for info in sorted(pkgutil.iter_modules(drawings.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{drawings.__name__}.{info.name}")
        for name, fn in getattr(module, "FIGURES", {}).items():
            if not _NAME.match(name):
                raise ValueError(
                    f"figure name {name!r} in {module.__name__} must look like "
                    "'qNN-some-name.svg' or '.png'"
                )
            if name in found:
                raise ValueError(f"figure name {name!r} is defined twice")
            found[name] = fn
    return found


def draw(names=None, out: Path | str = DEFAULT_OUT) -> list[Path]:
    """Draw the named figures (all when ``names`` is empty) into ``out``; return the paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .style import use_book_style

    figures = all_figures()
    names = list(names or figures)
    unknown = [n for n in names if n not in figures]
    if unknown:
        raise ValueError(f"names contains unknown figures {unknown}; known: {sorted(figures)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        use_book_style()
        fig = figures[name]()
        path = out / name
        fig.savefig(path, metadata={"Date": None} if name.endswith(".svg") else None)
        written.append(path)
        if name.endswith(".svg"):
            # The PDF has no SVG support: a vector PDF twin, picked by `{figure} qNN-name.*`.
            twin = path.with_suffix(".pdf")
            fig.savefig(twin, metadata={"CreationDate": None, "ModDate": None})
            written.append(twin)
        plt.close(fig)
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="figure file names (default: all)")
    parser.add_argument("--out", default=str(DEFAULT_OUT))
    args = parser.parse_args(argv)
    for path in draw(args.names, args.out):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
