"""Checks on the built book (`make book` first) and a mutation check that the build can fail.

Marked `build`: `make test` runs them after building the book.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.chapters import CODE_CELL, ROOT, Chapter, toc_chapters

pytestmark = pytest.mark.build
HTML = ROOT / "_build" / "html"
CHAPTERS = [c for c in toc_chapters() if isinstance(c, Chapter)]
JB = Path(sys.executable).parent / "jupyter-book"
MAX_PAGE_BYTES = 1.5 * 1024 * 1024


@pytest.fixture(scope="module")
def built():
    if not (HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does)")
    return HTML


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.path.stem for c in CHAPTERS])
def test_chapter_page_built_executed_and_light(built, chapter):
    page = built / "chapters" / f"{chapter.path.stem}.html"
    assert page.exists()
    html = page.read_text(encoding="utf-8")
    assert page.stat().st_size <= MAX_PAGE_BYTES, f"{page.name} is {page.stat().st_size} bytes"
    assert "cell_output" in html, "no cell output: the chapter was not executed"
    assert "Traceback (most recent call last)" not in html
    assert "JCResponses" in html or "check_numeric" in html or "jq-" in html, "no quiz rendered"


def test_execution_statistics_page_lists_every_chapter(built):
    html = (built / "appendix" / "execution-stats.html").read_text(encoding="utf-8")
    for chapter in CHAPTERS:
        assert chapter.path.stem in html, chapter.path.stem


# word -> the questions whose chapters must be found when searching it (when they exist and
# contain the word).
SEARCH_EXPECTATIONS = {
    "均值": [2, 19, 28],
    "方差": [2, 9, 17, 28],
    "反向传播": [1, 12],
    "空洞卷积": [23],
    "带孔卷积": [23],
    "匈牙利": [29],
    "双线性插值": [8, 18],
    "非极大值抑制": [6],
}


def _search_index(built):
    text = (built / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


@pytest.mark.parametrize("word", list(SEARCH_EXPECTATIONS))
def test_chinese_search_finds_the_right_chapters(built, word):
    index = _search_index(built)
    docs = index["docnames"]
    hits = set()
    for table in ("terms", "titleterms"):
        found = index[table].get(word, [])
        hits |= {docs[i] for i in ([found] if isinstance(found, int) else found)}
    expected = [c for c in CHAPTERS if c.number in SEARCH_EXPECTATIONS[word]]
    assert len(expected) == len(SEARCH_EXPECTATIONS[word])
    for chapter in expected:
        # Readers search for these words: a revision must not drop them from the chapter.
        assert word in chapter.prose, f"问题 {chapter.number} no longer says {word}"
        assert f"chapters/{chapter.path.stem}" in hits, f"{word}: {sorted(hits)}"


def test_launch_buttons_on_chapter_pages(built):
    if not CHAPTERS:
        pytest.skip("no chapter")
    html = (built / "chapters" / f"{CHAPTERS[0].path.stem}.html").read_text(encoding="utf-8")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].removeprefix("https://github.com/")
    assert f"mybinder.org/v2/gh/{repo}" in html
    assert "colab.research.google.com" in html
    assert "thebe" in html.lower()


# ----------------------------------------------------------------------------------------------
# Mutation check: a wrong expected value in one assertion must fail the build.


def _offset(source: str, lineno: int, col_offset: int) -> int:
    """Character offset of an ast (lineno, col_offset); col_offset counts UTF-8 bytes."""
    lines = source.splitlines(keepends=True)
    prefix = lines[lineno - 1].encode()[:col_offset].decode()
    return sum(len(x) for x in lines[: lineno - 1]) + len(prefix)


def _mutate_first_assertion(text: str) -> str:
    """Change the expected (second) argument of the first assert_allclose/assert_close call."""
    for match in CODE_CELL.finditer(text):
        cell = match.group(1)
        try:
            tree = ast.parse(cell)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", ""))
                in {"assert_allclose", "assert_close"}
                and len(node.args) >= 2
            ):
                arg = node.args[1]
                start = _offset(cell, arg.lineno, arg.col_offset)
                end = _offset(cell, arg.end_lineno, arg.end_col_offset)
                expected = cell[start:end]
                mutated = cell[:start] + f"(({expected}) * 1.5 + 1)" + cell[end:]
                return text[: match.start(1)] + mutated + text[match.end(1) :]
    raise AssertionError("no assert_allclose/assert_close call found to mutate")


def _mini_book(tmp: Path, chapter: Chapter, text: str) -> Path:
    book = tmp / "book"
    (book / "chapters").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", book)
    shutil.copy(ROOT / "references.bib", book)
    shutil.copytree(ROOT / "assets", book / "assets")
    (book / "intro.md").write_text("# 变异检查\n", encoding="utf-8")
    (book / "chapters" / chapter.path.name).write_text(text, encoding="utf-8")
    toc = {
        "format": "jb-book",
        "root": "intro",
        "chapters": [{"file": f"chapters/{chapter.path.stem}"}],
    }
    (book / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    return book


def _build(book: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, OMP_NUM_THREADS="1")
    # Cross-chapter links cannot resolve in a one-chapter book: only execution is judged here.
    # cwd=book: the relative execution cache of _config.yml then lives inside the throw-away
    # book, never in the real book's cache.
    return subprocess.run(
        [str(JB), "build", str(book), "--keep-going"],
        cwd=book,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_mutated_assertion_fails_the_build_and_restoring_it_passes(tmp_path):
    if not CHAPTERS:
        pytest.skip("no chapter")
    chapter = CHAPTERS[0]
    mutated = _mutate_first_assertion(chapter.text)
    assert mutated != chapter.text
    bad = _build(_mini_book(tmp_path / "mutated", chapter, mutated))
    assert bad.returncode != 0, "a wrong expected value did not fail the build"
    assert "AssertionError" in bad.stdout + bad.stderr or "Mismatched" in bad.stdout + bad.stderr
    good = _build(_mini_book(tmp_path / "restored", chapter, chapter.text))
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-3000:]


# ----------------------------------------------------------------------------------------------
# Offline: no page pulls a script, stylesheet or font from a third party.


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(("script", a["src"]))
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "preload", "modulepreload", "icon", "font")):
                self.urls.append((f"link {rel}", a["href"]))
        if tag == "style":
            self._in_style = True

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for url in _CSS_URL.findall(data):
                self.urls.append(("style url()", url))


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")


def _third_party(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def test_no_third_party_scripts_styles_or_fonts(built):
    offenders = []
    pages = sorted(built.rglob("*.html"))
    assert pages
    css_files = set()
    for page in pages:
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for kind, url in parser.urls:
            if _third_party(url):
                offenders.append(f"{page.relative_to(built)}: {kind} {url}")
            elif url.split("?")[0].endswith(".css"):
                css_files.add((page.parent / url.split("?")[0]).resolve())
    for css in sorted(css_files):
        if css.exists():
            for url in _CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
                if _third_party(url):
                    offenders.append(f"{css.relative_to(built)}: url() {url}")
    assert not offenders, "\n".join(offenders[:30])


def test_vendored_libraries_are_served(built):
    for rel in [
        "_static/vendor/mathjax/es5/tex-mml-chtml.js",
        "_static/vendor/mathjax/es5/output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
        "_static/vendor/jsxgraph/jsxgraphcore.js",
        "_static/vendor/jsxgraph/jsxgraph.css",
    ]:
        assert (built / rel).exists(), rel
    # The live widgets compute in the page: no Jupyter widget manager or require.js is shipped.
    assert not list(built.rglob("embed-amd.js")), "the Jupyter widget manager is still shipped"
    assert not (built / "_static" / "vendor" / "require.js").exists()


MAX_SITE_BYTES = 25 * 1024 * 1024


def test_site_weight(built):
    # The PDF beside the pages is a separate download, not part of browsing the site; its own
    # budget is in tests/test_pdf.py.
    files = [f for f in built.rglob("*") if f.is_file() and f.name != "cv-interview-31.pdf"]
    total = sum(f.stat().st_size for f in files)
    largest = sorted(files, key=lambda f: f.stat().st_size)[-5:]
    assert total <= MAX_SITE_BYTES, (
        f"the site is {total / 2**20:.1f} MB; largest files: "
        + ", ".join(f"{f.relative_to(built)} ({f.stat().st_size // 1024} KB)" for f in largest)
    )


def test_figures_have_opaque_backgrounds_for_the_dark_theme(built):
    # A transparent figure would put black axes and text on the dark theme's dark background.
    from PIL import Image

    pngs = sorted((built / "_images").glob("*.png"))
    assert pngs, "no figures in the built book"
    see_through = []
    for path in pngs:
        with Image.open(path) as im:
            rgba = im.convert("RGBA")
            w, h = rgba.size
            corners = [rgba.getpixel(xy) for xy in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)]]
        if any(alpha < 255 for *_, alpha in corners):
            see_through.append(path.name)
    assert not see_through, see_through[:10]
    for svg in sorted((ROOT / "assets" / "img").glob("*.svg")):
        head = svg.read_text(encoding="utf-8")[:3000]
        assert re.search(r"fill:\s*#ffffff", head), f"{svg.name} has no white background"
