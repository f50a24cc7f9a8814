"""Colab: the chapters as notebooks (cvbook.colab), their install cell, the Colab button.

The install cell is also run for real, into a throwaway virtual environment, by
tests/test_reader_envs.py (marked `envs`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml

from cvbook import colab
from tests.chapters import ROOT, Chapter, toc_chapters

CHAPTERS = [c for c in toc_chapters() if isinstance(c, Chapter)]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"].rstrip("/")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("colab")
    return out, colab.write_notebooks(out)


def test_a_notebook_for_every_chapter_at_its_own_path(generated):
    out, written = generated
    assert CHAPTERS
    expected = [out / "chapters" / f"{c.path.stem}.ipynb" for c in CHAPTERS]
    assert written == expected
    assert sorted(out.rglob("*.ipynb")) == sorted(expected)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "自动生成" in readme and CONFIG["repository"]["branch"] in readme


def test_notebooks_hold_the_chapter_cells_without_outputs(generated):
    out, _ = generated
    for chapter in CHAPTERS:
        nb = nbformat.read(out / "chapters" / f"{chapter.path.stem}.ipynb", as_version=4)
        nbformat.validate(nb)
        source = jupytext.read(chapter.path)
        # The install cell, then the chapter's own cells unchanged and in order.
        assert nb.cells[0].id == colab.SETUP_CELL_ID
        assert [(c.cell_type, c.source) for c in nb.cells[1:]] == [
            (c.cell_type, c.source) for c in source.cells
        ]
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert all(c.outputs == [] and c.execution_count is None for c in code)
        assert nb.metadata.kernelspec.name == "python3"
        assert "jupytext" not in nb.metadata  # a plain notebook, not paired with a .md
        assert len({c.id for c in nb.cells}) == len(nb.cells)


def test_generation_is_deterministic_and_removes_stale_notebooks(generated, tmp_path):
    out, written = generated
    stale = tmp_path / "chapters" / "q99-gone.ipynb"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    again = colab.write_notebooks(tmp_path)
    assert not stale.exists()
    for a, b in zip(written, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_first_cell_installs_from_the_repository_in_config(generated):
    out, written = generated
    cell = nbformat.read(written[0], as_version=4).cells[0].source
    branch = CONFIG["repository"]["branch"]
    assert f'"cvbook @ git+{REPO_URL}@{branch}"' in cell
    assert '"google.colab" in sys.modules' in cell
    # Colab lacks jupyterquiz; it gets the book's pin.
    pins = dict(
        line.split("==") for line in (ROOT / "requirements.txt").read_text().split() if "==" in line
    )
    assert f'"jupyterquiz=={pins["jupyterquiz"]}"' in cell
    # The repository is named in _config.yml only; the cell is derived from it.
    derived = colab.setup_cell(colab.git_source(*colab.repository()), colab.pinned(["jupyterquiz"]))
    assert derived == cell == colab.first_cell()


def test_first_cell_can_install_from_the_commit_the_notebooks_come_from(tmp_path, monkeypatch):
    sha = "0123456789abcdef0123456789abcdef01234567"
    cell = colab.first_cell(ref=sha)
    assert f'"cvbook @ git+{REPO_URL}@{sha}"' in cell
    # Only the ref differs from the default cell: the URL still comes from _config.yml.
    branch = CONFIG["repository"]["branch"]
    assert cell == colab.first_cell().replace(f'@{branch}"', f'@{sha}"')
    # `python -m cvbook.colab --ref <commit>` (what the Pages workflow runs) passes it on.
    calls = []
    monkeypatch.setattr(
        colab, "write_notebooks", lambda out, ref=None: calls.append((out, ref)) or []
    )
    assert colab.main(["--out", str(tmp_path), "--ref", sha]) == 0
    assert colab.main(["--out", str(tmp_path)]) == 0
    assert calls == [(tmp_path, sha), (tmp_path, None)]


def _run_cell(source, monkeypatch, on_colab, installed=False, returncode=0):
    calls = []

    def run(*a, **k):
        calls.append((a, k))
        return subprocess.CompletedProcess(a[0], returncode, "pip stdout", "pip stderr: no git")

    monkeypatch.setattr("subprocess.run", run)
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    real_find_spec = __import__("importlib.util").util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name, *a: (
            (object() if installed else None) if name == "cvbook" else real_find_spec(name, *a)
        ),
    )
    exec(compile(source, "<setup cell>", "exec"), {})
    return calls


def test_setup_cell_does_nothing_off_colab(monkeypatch, capsys):
    source = colab.setup_cell("git+https://github.com/o/r@main", ["jupyterquiz==2.9.6.4"])
    assert _run_cell(source, monkeypatch, on_colab=False) == []
    assert capsys.readouterr().out == ""


def test_setup_cell_installs_on_colab_once(monkeypatch, capsys):
    source = colab.setup_cell("file:///tmp/cvbook-src", ["jupyterquiz==2.9.6.4"])
    calls = _run_cell(source, monkeypatch, on_colab=True)
    assert len(calls) == 1
    (argv,), kwargs = calls[0]
    assert argv[:4] == [sys.executable, "-m", "pip", "install"]
    assert argv[-2:] == ["cvbook @ file:///tmp/cvbook-src", "jupyterquiz==2.9.6.4"]
    assert kwargs == {"capture_output": True, "text": True}
    out = capsys.readouterr().out
    assert "cvbook" in out and "pip stdout" not in out  # pip's output only on failure
    # Run again once cvbook is importable: nothing to do.
    assert _run_cell(source, monkeypatch, on_colab=True, installed=True) == []


def test_setup_cell_shows_pip_output_and_fails_when_the_install_fails(monkeypatch, capsys):
    source = colab.setup_cell("git+https://github.com/o/r@main", ["jupyterquiz==2.9.6.4"])
    with pytest.raises(subprocess.CalledProcessError):
        _run_cell(source, monkeypatch, on_colab=True, returncode=1)
    out = capsys.readouterr().out
    assert "安装失败" in out and "pip stdout" in out and "pip stderr: no git" in out
    assert "已安装" not in out


@pytest.mark.parametrize(
    "source, extras, word",
    [
        ("", [], "source"),
        ("git+https://x y", [], "source"),
        ("git+https://github.com/o/r@main", ["jupyterquiz"], "extras"),
        ("git+https://github.com/o/r@main", ["x==1; import os"], "extras"),
    ],
)
def test_setup_cell_bad_arguments(source, extras, word):
    with pytest.raises(ValueError, match=word):
        colab.setup_cell(source, extras)


def test_repository_and_pins_come_from_the_book(tmp_path):
    assert colab.repository() == (REPO_URL, CONFIG["repository"]["branch"])
    (tmp_path / "_config.yml").write_text("repository:\n  url: github.com/o/r\n", encoding="utf-8")
    with pytest.raises(ValueError, match="repository.url"):
        colab.repository(tmp_path)
    (tmp_path / "r.txt").write_text("numpy==2.4.6  # comment\nfoo>=1\n", encoding="utf-8")
    assert colab.pinned(["NumPy"], tmp_path / "r.txt") == ["numpy==2.4.6"]
    # Names compare as PEP 503 normalises them.
    (tmp_path / "r.txt").write_text("ruamel.yaml==0.18.6\njupyter_book==1.0.4\n", encoding="utf-8")
    assert colab.pinned(["ruamel-yaml", "Jupyter-Book"], tmp_path / "r.txt") == [
        "ruamel.yaml==0.18.6",
        "jupyter_book==1.0.4",
    ]
    with pytest.raises(ValueError, match="foo"):
        colab.pinned(["foo"], tmp_path / "r.txt")
    with pytest.raises(ValueError, match="ref"):
        colab.git_source("https://github.com/o/r", "main; rm")


def test_colab_link():
    url = colab.colab_link(
        "https://colab.research.google.com/", "https://github.com/o/r.git", "a/b"
    )
    assert url == f"https://colab.research.google.com/github/o/r/blob/{colab.BRANCH}/a/b.ipynb"
    with pytest.raises(ValueError, match="repository_url"):
        colab.colab_link("https://colab.research.google.com", "https://gitlab.com/o/r", "a")


def _context(*names):
    buttons = [{"type": "link", "text": n, "url": f"https://{n.lower()}.example/x"} for n in names]
    return {"header_buttons": [{"label": "launch-buttons", "buttons": buttons}]}


def test_hook_points_chapters_at_their_notebook_and_drops_colab_elsewhere():
    app = types.SimpleNamespace(
        srcdir=str(ROOT),
        config=types.SimpleNamespace(
            html_theme_options={
                "repository_url": "https://github.com/o/r",
                "launch_buttons": {"colab_url": "https://colab.research.google.com"},
            }
        ),
    )
    docname = f"chapters/{CHAPTERS[0].path.stem}"
    ctx = _context("Binder", "Colab")
    colab.point_colab_button(app, docname, "page.html", ctx, None)
    binder, colab_button = ctx["header_buttons"][0]["buttons"]
    assert binder["url"] == "https://binder.example/x"  # Binder still opens the .md on main
    assert colab_button["url"] == colab.colab_link(
        "https://colab.research.google.com", "https://github.com/o/r", docname
    )
    ctx = _context("Binder", "Colab")
    colab.point_colab_button(app, "appendix/glossary", "page.html", ctx, None)
    assert [b["text"] for b in ctx["header_buttons"][0]["buttons"]] == ["Binder"]
    colab.point_colab_button(app, "intro", "page.html", {}, None)  # no launch buttons: no-op


def test_pages_workflow_publishes_the_notebooks_to_the_colab_branch():
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    build = wf["jobs"]["build"]
    runs = "\n".join(s.get("run", "") for s in build["steps"])
    # The notebooks install cvbook from the commit they were generated from.
    assert re.search(r"make notebooks [^\n]*NOTEBOOK_REF=\"?\$\{?GITHUB_SHA\b", runs), runs
    uploads = [
        s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact")
    ]
    assert uploads and uploads[0]["with"]["path"] == "_build/colab"
    publish = wf["jobs"]["colab"]
    assert publish["needs"] == "build" and publish["permissions"] == {"contents": "write"}
    assert "refs/heads/main" in publish["if"]
    script = "\n".join(s.get("run", "") for s in publish["steps"])
    assert re.search(rf"git push --force [^\n]*HEAD:refs/heads/{colab.BRANCH}\b", script), script
    # The published tree is exactly what `make notebooks` wrote.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(
        r"^notebooks:.*\n\t\$\(PY\) -m cvbook\.colab --out _build/colab"
        r" \$\(if \$\(NOTEBOOK_REF\),--ref \$\(NOTEBOOK_REF\)\)$",
        makefile,
        re.M,
    )


# ----------------------------------------------------------------------------------------------
# On the built site (`make book` first).


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


@pytest.mark.build
def test_every_chapter_page_opens_its_generated_notebook_on_colab(generated):
    html = ROOT / "_build" / "html"
    if not (html / "index.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does)")
    out, _ = generated
    owner_repo = REPO_URL.removeprefix("https://github.com/")
    prefix = f"https://colab.research.google.com/github/{owner_repo}/blob/{colab.BRANCH}/"
    for chapter in CHAPTERS:
        hrefs = _links(html / "chapters" / f"{chapter.path.stem}.html")
        to_colab = [h for h in hrefs if "colab.research.google.com" in h]
        assert len(to_colab) == 1, (chapter.path.stem, to_colab)
        assert to_colab[0].startswith(prefix), to_colab[0]
        path = to_colab[0].removeprefix(prefix)
        assert path == f"chapters/{chapter.path.stem}.ipynb"
        assert (out / path).is_file(), f"{path} is not a generated notebook"
        # Binder still opens the chapter's .md on the main branch (jupytext opens it there).
        binder = [h for h in hrefs if "mybinder.org" in h]
        assert binder and binder[0].endswith(f"chapters/{chapter.path.stem}.md"), binder
    # Pages without a notebook have no Colab button.
    for page in ["intro.html", "practice.html"]:
        assert not [h for h in _links(html / page) if "colab.research.google.com" in h], page


def test_generated_notebook_is_json_with_a_trailing_newline(generated):
    _, written = generated
    text = written[0].read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert json.loads(text)["nbformat"] == 4


def test_sphinxext_registers_the_hook_after_the_theme_launch_buttons():
    from unittest import mock

    from cvbook import sphinxext

    app = mock.MagicMock()
    sphinxext.setup(app)
    hooks = [
        c
        for c in app.connect.call_args_list
        if c.args[:2] == ("html-page-context", colab.point_colab_button)
    ]
    assert len(hooks) == 1
    # sphinx-book-theme adds the launch buttons at priority 501.
    assert hooks[0].kwargs["priority"] > 501
