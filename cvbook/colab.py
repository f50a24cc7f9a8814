"""The chapters as Colab notebooks, and the Colab launch button that opens them.

Colab opens ``.ipynb`` files from GitHub but not the book's MyST Markdown chapters. This module

- turns every chapter of ``_toc.yml`` into a notebook with jupytext (``write_notebooks``;
  ``make notebooks`` writes them to ``_build/colab``), outputs stripped, with one cell put in
  front that installs the helper package ``cvbook`` when, and only when, it runs on Colab;
- names where the notebooks are published: the branch ``BRANCH`` of the book's repository, at the
  chapter's own path with ``.ipynb`` (``chapters/q08-roipool-vs-roialign.ipynb``). The Pages
  workflow pushes ``_build/colab`` there;
- points the Colab button of every chapter page at that notebook (``point_colab_button``, a
  ``html-page-context`` hook registered by ``cvbook.sphinxext``).

The repository is named in one place only, ``repository.url`` (and ``repository.branch``) in
``_config.yml``: the install cell and the button are both derived from it. The install cell
installs ``cvbook`` from ``repository.branch``, or from the commit given as ``--ref``: the Pages
workflow passes the commit it generated the notebooks from (``GITHUB_SHA``), so a notebook's
chapter code and the ``cvbook`` it installs always come from the same commit.

    python -m cvbook.colab [--out DIR] [--ref COMMIT]   write the notebooks (default: _build/colab)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "colab"

#: The branch of the book's repository that holds the generated notebooks.
BRANCH = "colab"

#: Packages the chapters need that a Colab runtime does not come with. Colab already has
#: torch, numpy, scipy, matplotlib, shapely, ipywidgets and PyYAML; their versions are Colab's.
#: The versions installed are the book's pins in requirements.txt.
COLAB_EXTRAS = ("jupyterquiz",)

#: The first cell of every notebook; ``{requirements}`` becomes one quoted requirement a line.
SETUP_CELL = """\
# Google Colab only: install the book's helper package (cvbook) and what Colab lacks.
# On Binder and in a local Jupyter they are installed already, and this cell does nothing.
import importlib.util
import subprocess
import sys

if "google.colab" in sys.modules and importlib.util.find_spec("cvbook") is None:
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    requirements = [
{requirements}    ]
    # pip's output is captured and shown only on failure: Colab does not reliably show what a
    # child process writes straight to the terminal.
    result = subprocess.run(pip + requirements, capture_output=True, text=True)
    if result.returncode != 0:
        print("安装失败。pip 的输出（末尾）：")
        print(result.stdout[-2000:], result.stderr[-2000:], sep="\\n")
        result.check_returncode()
    importlib.invalidate_caches()  # the next cells import cvbook in this same interpreter
    print("已安装本书的辅助包 cvbook。")
"""

SETUP_CELL_ID = "cvbook-colab-setup"

BRANCH_README = """\
# Colab 笔记本（自动生成）

本分支由 `.github/workflows/pages.yml` 在 `{branch}` 分支每次通过测试后重新生成并覆盖：
`chapters/` 下每个 `.ipynb` 由同名的 `chapters/*.md` 经 jupytext 转换而来（`make notebooks`），
不含输出。请不要直接修改本分支，改动请提交到 `{branch}` 分支的 `.md` 源文件。

网站上每章的 Colab 按钮打开这里的笔记本；笔记本的第一个单元格只在 Colab 上安装本书的
辅助包 `cvbook`，取自 `{ref}`（发布的笔记本取自生成它们的那个提交）。
"""


def repository(root: Path = ROOT) -> tuple[str, str]:
    """``(url, branch)`` of the book's repository, from ``repository`` in ``_config.yml``.

    Raises:
        ValueError: ``repository.url`` is missing or not an ``https://`` URL.
    """
    import yaml

    config = yaml.safe_load((Path(root) / "_config.yml").read_text(encoding="utf-8"))
    repo = config.get("repository") or {}
    url = str(repo.get("url") or "").rstrip("/")
    if not re.fullmatch(r"https://[^\s@]+", url):
        raise ValueError(f"_config.yml: repository.url must be an https:// URL, got {url!r}")
    return url, str(repo.get("branch") or "main")


def git_source(url: str, ref: str) -> str:
    """The pip source of the repository at ``ref`` (a branch or a commit): ``git+<url>@<ref>``."""
    if not re.fullmatch(r"[\w./-]+", str(ref)):
        raise ValueError(f"ref must be a git branch name or commit, got {ref!r}")
    return f"git+{url}@{ref}"


def _normalized(name: str) -> str:
    """A package name as PEP 503 compares them: ``ruamel_yaml`` and ``Ruamel.YAML`` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(names: Sequence[str], requirements: Path = ROOT / "requirements.txt") -> list[str]:
    """``name==version`` for each of ``names``, with the version pinned in ``requirements``.

    Raises:
        ValueError: a name is not pinned with ``==`` in the requirements file.
    """
    pins = {}
    for line in Path(requirements).read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)==(\S+)\s*(#.*)?", line)
        if m:
            pins[_normalized(m.group(1))] = f"{m.group(1)}=={m.group(2)}"
    missing = [n for n in names if _normalized(n) not in pins]
    if missing:
        raise ValueError(f"{Path(requirements).name} does not pin {missing} with ==")
    return [pins[_normalized(n)] for n in names]


def setup_cell(source: str, extras: Sequence[str] = ()) -> str:
    """The code of a notebook's first cell: on Colab, install ``cvbook`` from ``source``.

    Args:
        source (str): where pip gets the package: ``git+<repository url>@<ref>`` in the
            published notebooks, ``git+file://<local copy>@<branch>`` in tests.
        extras (sequence of str): further requirements installed with it
            (``jupyterquiz==2.9.6.4``).

    Returns:
        str: Python source. Off Colab (no ``google.colab`` module loaded) and when ``cvbook`` is
        already importable it does nothing.
    """
    if not isinstance(source, str) or not source or any(c.isspace() for c in source):
        raise ValueError(f"source must be a pip URL without spaces, got {source!r}")
    for extra in extras:
        if not isinstance(extra, str) or not re.fullmatch(r"[A-Za-z0-9_.\-]+==\S+", extra):
            raise ValueError(f"extras must be 'name==version' strings, got {extra!r}")
    requirements = [f"cvbook @ {source}", *extras]
    lines = "".join(f"        {json.dumps(r)},\n" for r in requirements)
    return SETUP_CELL.format(requirements=lines)


def notebook_path(docname: str) -> str:
    """Path of a page's notebook on the ``BRANCH`` branch: ``chapters/q01-x`` -> ``….ipynb``."""
    return f"{docname}.ipynb"


def chapter_docnames(root: Path = ROOT) -> list[str]:
    """Docnames (``chapters/q01-…``) of the chapters in ``_toc.yml``: the pages with a notebook."""
    from cvbook.build import toc_chapters

    root = Path(root)
    return [p.relative_to(root).with_suffix("").as_posix() for p in toc_chapters(root)]


def notebook(chapter: Path, first_cell: str):
    """The chapter as an ``nbformat`` notebook: ``first_cell`` first, no outputs, stable ids."""
    import jupytext
    import nbformat

    nb = jupytext.read(Path(chapter))
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault("language_info", {"name": "python"})
    nb.cells.insert(0, nbformat.v4.new_code_cell(first_cell))
    stem = Path(chapter).stem[:3]  # "q01"
    for i, cell in enumerate(nb.cells):
        cell["id"] = SETUP_CELL_ID if i == 0 else f"{stem}-{i:03d}"
        if cell.cell_type == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nb


def first_cell(root: Path = ROOT, ref: str | None = None) -> str:
    """The notebooks' first cell: on Colab, install ``cvbook`` from ``git+<repository.url>@<ref>``.

    Args:
        root (Path): the book; ``repository`` in its ``_config.yml`` names the repository.
        ref (str, optional): the branch or commit to install from. Default: ``repository.branch``.
    """
    url, branch = repository(root)
    return setup_cell(
        git_source(url, ref or branch), pinned(COLAB_EXTRAS, Path(root) / "requirements.txt")
    )


def write_notebooks(out: Path = OUT, root: Path = ROOT, ref: str | None = None) -> list[Path]:
    """Write every chapter of ``_toc.yml`` as ``out/<docname>.ipynb``, plus ``out/README.md``.

    Args:
        out (Path): the folder published as the ``BRANCH`` branch. Notebooks left in the
            folders written to that no longer belong to a chapter are removed.
        root (Path): the book.
        ref (str, optional): the branch or commit the first cell installs ``cvbook`` from
            (``first_cell``). Default: ``repository.branch`` from ``_config.yml``.

    Returns:
        list[Path]: the notebooks written, in reading order.
    """
    import nbformat

    root, out = Path(root), Path(out)
    _, branch = repository(root)
    first = first_cell(root, ref)
    written = []
    for docname in chapter_docnames(root):
        target = out / notebook_path(docname)
        target.parent.mkdir(parents=True, exist_ok=True)
        nb = notebook(root / f"{docname}.md", first)
        target.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
        written.append(target)
    # Only the folders written to, never recursively: ``out`` may be any folder.
    for folder in {p.parent for p in written}:
        for stale in set(folder.glob("*.ipynb")) - set(written):
            stale.unlink()
    readme = BRANCH_README.format(branch=branch, ref=ref or branch)
    (out / "README.md").write_text(readme, encoding="utf-8")
    return written


# ----------------------------------------------------------------------------------------------
# The Colab launch button.


def colab_link(colab_url: str, repository_url: str, docname: str) -> str:
    """The Colab URL that opens ``docname``'s notebook on the ``BRANCH`` branch of a GitHub repo.

    Raises:
        ValueError: ``repository_url`` is not a GitHub repository URL (Colab opens only those).
    """
    m = re.fullmatch(r"https://github\.com/([^/\s]+)/([^/\s]+?)(?:\.git)?/?", repository_url or "")
    if not m:
        raise ValueError(
            f"repository_url must be https://github.com/<owner>/<name>, got {repository_url!r}"
        )
    owner, name = m.groups()
    return f"{colab_url.rstrip('/')}/github/{owner}/{name}/blob/{BRANCH}/{notebook_path(docname)}"


def point_colab_button(app, pagename, templatename, context, doctree):
    """``html-page-context`` hook: the Colab button opens the page's generated notebook.

    sphinx-book-theme links Colab to the page's source on the repository's main branch, a
    ``.md`` file that Colab cannot open. On a chapter page the link is replaced by the notebook
    on ``BRANCH``; on any other page (which has no generated notebook) the Colab button is
    removed. Runs after the theme's ``add_launch_buttons`` (priority 501).
    """
    groups = [g for g in context.get("header_buttons") or [] if g.get("label") == "launch-buttons"]
    if not groups:
        return
    options = app.config.html_theme_options
    colab_url = (options.get("launch_buttons") or {}).get("colab_url", "")
    chapters = set(chapter_docnames(Path(app.srcdir)))
    for group in groups:
        buttons = group.get("buttons") or []
        for button in list(buttons):
            if button.get("text") != "Colab":
                continue
            if pagename in chapters and colab_url:
                button["url"] = colab_link(colab_url, options.get("repository_url", ""), pagename)
            else:
                buttons.remove(button)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cvbook.colab", description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    parser.add_argument(
        "--ref",
        default=None,
        help="branch or commit the notebooks install cvbook from (default: repository.branch)",
    )
    args = parser.parse_args(argv)
    written = write_notebooks(args.out, ref=args.ref)
    print(f"[notebooks] {len(written)} chapters -> {args.out} (branch '{BRANCH}' when published)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
