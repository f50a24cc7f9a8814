"""The figure registry behind `make figures`."""

import pytest

from cvbook import figures


def test_every_registered_figure_has_a_valid_name_and_draws(tmp_path):
    found = figures.all_figures()
    for name in found:
        assert figures._NAME.match(name), name
    written = figures.draw(list(found), out=tmp_path)
    # Every SVG also gets a PDF twin for the printed book.
    twins = [n[:-4] + ".pdf" for n in found if n.endswith(".svg")]
    assert sorted(p.name for p in written) == sorted([*found, *twins])
    for path in written:
        assert path.stat().st_size > 1000, path


def test_committed_figures_match_the_registry(root):
    # Every registered figure is committed under assets/img (make figures was run).
    on_disk = {p.name for p in (root / "assets" / "img").glob("q[0-9][0-9]-*")}
    wanted = set(figures.all_figures())
    wanted |= {n[:-4] + ".pdf" for n in wanted if n.endswith(".svg")}
    missing = wanted - on_disk
    assert not missing, f"run `make figures`: missing {sorted(missing)}"


def test_unknown_name_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="names"):
        figures.draw(["q99-nope.svg"], out=tmp_path)
