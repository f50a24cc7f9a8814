"""Glue computed values into the page, as ``myst_nb.glue`` does, without its import cost.

Chapters state the numbers they compute through glue: a cell calls ``glue("q05_share", x,
display=False)`` and the prose writes ``{glue:text}`q05_share:.3f```. This function emits
exactly the output myst-nb reads (the value's display data under the
``application/papermill.record/`` prefix, with ``scrapbook`` metadata naming it), but does not
import ``myst_nb.ext.glue``, which pulls in nbformat and jsonschema and so costs seconds of import
time in every chapter's kernel.
"""

from __future__ import annotations

import re

from IPython.core.formatters import format_display_data
from IPython.display import display as ipy_display

__all__ = ["glue", "GLUE_PREFIX"]

GLUE_PREFIX = "application/papermill.record/"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def glue(name: str, variable, display: bool = True) -> None:
    """Store ``variable``'s display value under ``name`` for ``{glue}`` roles and directives.

    Args:
        name (str): a name unique in the book (chapters prefix it with ``qNN_``); letters,
            digits and underscores, not starting with a digit.
        variable: any object; what is stored is what Jupyter would display for it. A numpy or
            torch scalar (0-d) is stored as the Python number it holds.
        display (bool): also show the value in the cell's output. Default True.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"name must be an identifier such as 'q05_share', got {name!r}")
    if not isinstance(display, bool):
        raise ValueError(f"display must be True or False, got {display!r}")
    if getattr(variable, "ndim", None) == 0 and hasattr(variable, "item"):
        # numpy / torch scalars: their repr ("np.float64(0.5)", "tensor(0.5)") cannot be
        # formatted by {glue:text}`name:.3f`; the Python number can.
        variable = variable.item()
    mimebundle, metadata = format_display_data(variable)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    ipy_display({prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)
