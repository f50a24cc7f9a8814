"""cvbook.glue emits the same output as myst_nb.glue (the format myst-nb reads)."""

import pytest
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


@pytest.mark.parametrize("name", ["", "1abc", "a-b", None, "a b"])
def test_bad_names(name):
    with pytest.raises(ValueError, match="name"):
        light.glue(name, 1.0)


def test_bad_display_flag():
    with pytest.raises(ValueError, match="display"):
        light.glue("q00_x", 1.0, display="no")
