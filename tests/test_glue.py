"""cvbook.glue emits the same output as myst_nb.glue (the format myst-nb reads)."""

import numpy as np
import pytest
import torch
from IPython.core.formatters import format_display_data

import cvbook.glue as light


def _capture(monkeypatch, module, *args, **kwargs):
    calls = []
    monkeypatch.setattr(module, "ipy_display", lambda *a, **k: calls.append((a, k)))
    module.glue(*args, **kwargs)
    return calls


@pytest.mark.parametrize("display", [False, True])
@pytest.mark.parametrize("value", [0.125, 3, "text", [1, 2]])
def test_same_output_as_myst_nb(monkeypatch, value, display):
    import myst_nb.ext.glue as reference

    ours = _capture(monkeypatch, light, "q00_x", value, display=display)
    theirs = _capture(monkeypatch, reference, "q00_x", value, display=display)
    assert ours == theirs
    bundle = ours[0][0][0]
    key = ("" if display else "application/papermill.record/") + "text/plain"
    assert bundle[key] == format_display_data(value)[0]["text/plain"]


@pytest.mark.parametrize(
    "value, text",
    [
        (np.float64(0.25), "0.25"),
        (np.int64(7), "7"),
        (np.array(1.5), "1.5"),
        (torch.tensor(0.5), "0.5"),
    ],
)
def test_array_scalars_are_stored_as_python_numbers(monkeypatch, value, text):
    calls = _capture(monkeypatch, light, "q00_x", value, display=False)
    bundle = calls[0][0][0]
    assert bundle["application/papermill.record/text/plain"] == text
    assert float(text) == float(value)  # so {glue:text}`q00_x:.3f` can format it


@pytest.mark.parametrize("name", ["", "1abc", "a-b", None, "a b"])
def test_bad_names(name):
    with pytest.raises(ValueError, match="name"):
        light.glue(name, 1.0)


def test_bad_display_flag():
    with pytest.raises(ValueError, match="display"):
        light.glue("q00_x", 1.0, display="no")
