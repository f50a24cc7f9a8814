"""Run a chapter's code cells in a fresh namespace, for tests that compare against them.

The browser tests compare the website's JavaScript ports with the chapter's own Python
functions, evaluated here rather than copied: a change in the chapter is a change in the
reference.
"""

from __future__ import annotations

import functools
import os
import re

from cvbook.build import find_chapter

_DEF = re.compile(r"^(?:def|class)\s+(\w+)", re.M)


@functools.cache
def _cells(number: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    import jupytext

    nb = jupytext.read(find_chapter(f"{number:02d}"))
    return tuple(
        (c.source, tuple(c.metadata.get("tags", ()))) for c in nb.cells if c.cell_type == "code"
    )


def load(number: int, *names: str) -> dict:
    """Execute chapter ``number``'s code cells in order until every name in ``names`` exists.

    Cells tagged ``skip-execution`` are skipped, as the build skips them. Only the cells up to
    the last one that defines a requested name run, so the demos after them cost nothing.

    Returns:
        dict: the chapter's namespace.
    """
    os.environ.setdefault("MPLBACKEND", "Agg")
    cells = [(src, tags) for src, tags in _cells(number) if "skip-execution" not in tags]
    last = -1
    for i, (src, _) in enumerate(cells):
        if set(_DEF.findall(src)) & set(names):
            last = i
    ns: dict = {"__name__": f"chapter_q{number:02d}"}
    for src, _ in cells[: last + 1]:
        # IPython magics and shell escapes have no place in a chapter; plain Python only.
        exec(compile(src, f"<q{number:02d} cell>", "exec"), ns)  # noqa: S102
    missing = [n for n in names if n not in ns]
    if missing:
        raise LookupError(f"问题 {number} defines no {missing}")
    return ns
