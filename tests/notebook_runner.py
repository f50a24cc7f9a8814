"""Run one chapter the way a reader's Jupyter does, in the interpreter that runs this script.

    <venv>/bin/python tests/notebook_runner.py chapters/q08-roipool-vs-roialign.md

The ``.md`` is opened through jupytext as a notebook (what JupyterLab's jupytext viewer does on
Binder or a reader's machine) and every cell is executed in order, as "Run All" does, including
the cells the website build skips (``skip-execution``: the ipywidgets versions of the widgets).
The kernel is this interpreter's ``python3`` kernel, so the chapter runs with exactly the
packages of the environment under test; a last cell checks that it did.

Needs only what a reader's environment has (jupytext, nbclient, ipykernel), not pytest. Prints
``ok <seconds>`` and exits 0, or prints the failing cell's error and exits 1.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

TIMEOUT = 600  # seconds per cell

CHECK_KERNEL = """\
import sys
import cvbook
assert sys.prefix == {prefix!r}, f"kernel runs in {{sys.prefix}}, not the environment under test"
print("cvbook from", cvbook.__file__)
"""


def main(path: str) -> int:
    chapter = Path(path).resolve()
    nb = jupytext.read(chapter)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK_KERNEL.format(prefix=sys.prefix)))
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        skip_cells_with_tag="",  # run every cell, as a reader's "Run All" does
        resources={"metadata": {"path": str(chapter.parent)}},
    )
    t0 = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as err:
        print(f"FAILED after {time.perf_counter() - t0:.1f} s\n{err}")
        return 1
    print(f"ok {time.perf_counter() - t0:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
