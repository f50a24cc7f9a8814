"""The 模拟面试 data (cvbook/practice.py): the built _static/practice-data.js, the 追问 splitting on
small doctrees, and a throw-away book whose chapter lacks a section, which must fail to build.

The doctree tests need no build; the others are marked `build` (run after `make book`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from docutils import nodes

from cvbook import practice
from cvbook.questions import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
JB = Path(sys.executable).parent / "jupyter-book"


def load_data(html: Path = HTML) -> dict:
    text = (html / "_static" / practice.DATA_JS).read_text(encoding="utf-8")
    assignment = "window.cvbookPracticeData = "
    assert assignment in text
    return json.loads(text.split(assignment, 1)[1].strip().removesuffix(";"))


# ----------------------------------------------------------------------------------------------
# 追问 splitting and extraction on small doctrees (no build).


def _doctree(markdown: str):
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    return publish_doctree(
        markdown,
        parser=Parser(),
        settings_overrides={
            "doctitle_xform": False,
            "myst_enable_extensions": ["dollarmath"],
            "report_level": 4,
        },
    )


CHAPTER = """\
# 问题 3：Conv + BN 加速策略

## 30 秒回答

- 推理时把 BN 折进卷积：$W' = \\gamma W / \\sigma$。

## 详解

正文。

## 常见追问

先说明一句（不属于任何追问）。

**追问 1：训练时能融合吗？** 不能，
训练时 BN 用批量统计量。

- 第一点
- 第二点

**不是追问的加粗** 仍属于追问 1。

**追问：$\\epsilon$ 放在哪里？**

放在根号里面：

$$
\\sigma = \\sqrt{v + \\epsilon}
$$

## 自测
"""


def test_split_followups_question_answer_and_boundaries():
    top = _doctree(CHAPTER).next_node(nodes.section)
    section = practice.section_titled(top, practice.FOLLOWUPS)
    before = section.pformat()
    items = practice.split_followups(section)
    assert len(items) == 2
    (q1, a1), (q2, a2) = items
    assert "".join(n.astext() for n in q1) == "训练时能融合吗？"  # label "追问 1：" removed
    assert [type(n).__name__ for n in a1] == ["paragraph", "bullet_list", "paragraph"]
    assert a1[0].astext().startswith("不能，")  # the rest of the opening paragraph
    assert a1[2].astext().startswith("不是追问的加粗")  # bold that is not 追问 stays in the answer
    assert [type(n).__name__ for n in q2] == ["math", "Text"]  # "追问：" label without number
    assert [type(n).__name__ for n in a2] == ["paragraph", "math_block"]  # empty rest dropped
    # The section itself is left untouched: the pieces are copies.
    assert section.pformat() == before


def _render(node) -> str:
    return f"<{node.tagname}>{node.astext()}</{node.tagname}>"


def test_extract_entry():
    entry = practice.extract(_doctree(CHAPTER), _render)
    assert entry["n"] == 3 and entry["title"] == QUESTIONS[3][1]
    assert entry["answer"].startswith("<bullet_list>推理时把 BN 折进卷积")
    assert [f["q"] for f in entry["followups"]][0] == "<paragraph>训练时能融合吗？</paragraph>"
    assert entry["followups"][1]["a"].endswith("</math_block>")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.replace("## 30 秒回答", "## 三十秒回答"), "缺少「30 秒回答」"),
        (lambda t: re.sub(r"## 30 秒回答\n\n.*?\n\n", "## 30 秒回答\n\n", t, flags=re.S), "是空的"),
        (lambda t: t.replace("## 常见追问", "## 延伸"), "缺少「常见追问」"),
        (lambda t: t.replace("**追问", "**问"), "没有追问"),
        (lambda t: t.replace("放在根号里面：", "").split("$$")[0], "第 2 个追问没有回答"),
        (lambda t: t.replace("# 问题 3：", "# 第 3 题："), "标题应为"),
    ],
)
def test_extract_names_what_is_missing(change, message):
    with pytest.raises(practice.ChapterError, match=message):
        practice.extract(_doctree(change(CHAPTER)), _render)


def test_links_are_made_relative_to_the_site_root():
    page = "chapters/q08-roipool-vs-roialign.html"
    html = (
        '<a href="#equation-x">1</a><a href="q19-syncbn.html#id3">2</a>'
        '<a href="../appendix/glossary.html">3</a><a href="https://example.org/a">4</a>'
        '<img src="../_images/f.png"/>'
    )
    assert practice.root_relative_links(html, page) == (
        f'<a href="{page}#equation-x">1</a><a href="chapters/q19-syncbn.html#id3">2</a>'
        '<a href="appendix/glossary.html">3</a><a href="https://example.org/a">4</a>'
        '<img src="_images/f.png"/>'
    )
    cite = '<span class="bibtex-citation" id="id15">[<a href="#id34" id="x">He</a>]</span>'
    assert practice.portable_fragment(cite, page) == (
        f'<span class="bibtex-citation">[<a href="{page}#id34">He</a>]</span>'
    )


# ----------------------------------------------------------------------------------------------
# The data of the built book.


@pytest.fixture(scope="module")
def data():
    if not (HTML / "_static" / practice.DATA_JS).exists():
        pytest.fail("the book is not built: run `make book` (make test does)")
    return load_data()


@pytest.mark.build
def test_one_entry_per_question_with_answer_and_followups(data):
    from cvbook.build import toc_parts

    assert data["version"] == 1
    questions = data["questions"]
    assert [q["n"] for q in questions] == list(range(1, 32))
    captions = [c for c, files in toc_parts() if any(practice.CHAPTER.fullmatch(f) for f in files)]
    assert data["parts"] == captions
    for q in questions:
        stem, title = QUESTIONS[q["n"]]
        assert q["title"] == title
        assert q["url"] == f"chapters/{stem}.html"
        assert q["part"] in captions
        assert re.sub(r"<[^>]+>", "", q["answer"]).strip(), q["n"]
        assert q["followups"], q["n"]
        for f in q["followups"]:
            assert re.sub(r"<[^>]+>", "", f["q"]).strip() and re.sub(r"<[^>]+>", "", f["a"]).strip()
            assert not re.sub(r"<[^>]+>", "", f["q"]).startswith("追问")
        html = q["answer"] + "".join(f["q"] + f["a"] for f in q["followups"])
        assert "cell_output" not in html  # code cells are left in the chapter
        assert not re.search(r"<[^>]+\sid=", html)  # ids belong to the chapter page


@pytest.mark.build
def test_math_markup_is_kept(data):
    from tests.chapters import Chapter, toc_chapters

    with_math = 0
    for chapter in toc_chapters():
        assert isinstance(chapter, Chapter)
        answer_md = chapter.text.split("## 30 秒回答", 1)[1].split("\n## ", 1)[0]
        if re.search(r"\$[^$\n]+\$", answer_md):
            with_math += 1
            q = next(q for q in data["questions"] if q["n"] == chapter.number)
            assert re.search(r'<span class="math[ "][^>]*>\\\(', q["answer"]), chapter.number
            assert "$" not in re.sub(r"<[^>]+>", "", q["answer"]).replace("\\$", ""), chapter.number
    assert with_math >= 5
    followups = "".join(f["q"] + f["a"] for q in data["questions"] for f in q["followups"])
    assert 'class="math' in followups


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for name in ("href", "src"):
            if a.get(name):
                self.urls.append(a[name])


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        cache[path] = parser.ids
    return cache[path]


@pytest.mark.build
def test_every_link_resolves_from_the_site_root(data):
    ids: dict = {}
    checked = 0
    for q in data["questions"]:
        for fragment in [q["answer"]] + [f["q"] + f["a"] for f in q["followups"]]:
            parser = _Links()
            parser.feed(fragment)
            for url in parser.urls:
                if re.match(r"[a-z][a-z0-9+.-]*:", url, re.I):
                    continue
                path, _, anchor = url.partition("#")
                target = HTML / path
                assert path and target.is_file(), f"问题 {q['n']}: {url}"
                if anchor and target.suffix == ".html":
                    assert anchor in _ids(target, ids), f"问题 {q['n']}: {url}"
                checked += 1
    assert checked >= 10  # citations, equation and chapter cross-references


@pytest.mark.build
def test_practice_page_and_chapter_pages_load_the_scripts():
    page = (HTML / "practice.html").read_text(encoding="utf-8")
    assert practice.PRACTICE_MARK in page
    scripts = re.findall(r'<script src="([^"?]+)', page)
    wanted = [f"_static/{js}" for js in practice.PRACTICE_SCRIPTS]
    assert [s for s in scripts if s in wanted] == wanted  # data, then core, then the page
    assert "_static/practice.css" in page
    stem = QUESTIONS[8][0]
    chapter = (HTML / "chapters" / f"{stem}.html").read_text(encoding="utf-8")
    for js in practice.CHAPTER_SCRIPTS:
        assert f"../_static/{js}" in chapter
    assert "practice-data.js" not in chapter and "../_static/practice.css" in chapter
    intro = (HTML / "intro.html").read_text(encoding="utf-8")
    assert 'href="practice.html"' in intro


# ----------------------------------------------------------------------------------------------
# A chapter without 常见追问 fails the build and is named.


def _tiny_book(tmp: Path, chapter_text: str) -> Path:
    book = tmp / "book"
    (book / "chapters").mkdir(parents=True)
    config = {
        "title": "模拟面试检查",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "sphinx": {
            "extra_extensions": ["cvbook.sphinxext", "cvbook.practice"],
            "config": {"language": "zh_CN"},
        },
    }
    (book / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (book / "intro.md").write_text("# 检查\n", encoding="utf-8")
    (book / "chapters" / "q03-conv-bn-fusion.md").write_text(chapter_text, encoding="utf-8")
    toc = {
        "format": "jb-book",
        "root": "intro",
        "parts": [{"caption": "模型加速", "chapters": [{"file": "chapters/q03-conv-bn-fusion"}]}],
    }
    (book / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True), encoding="utf-8")
    return book


def _build(book: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(JB), "build", str(book), "-W", "-n", "--keep-going"],
        cwd=book,
        capture_output=True,
        text=True,
        env=dict(os.environ, OMP_NUM_THREADS="1"),
        timeout=300,
    )


@pytest.mark.build
def test_a_chapter_without_followups_fails_the_build_naming_it(tmp_path):
    good = _build(_tiny_book(tmp_path / "good", CHAPTER))
    assert good.returncode == 0, good.stdout[-3000:] + good.stderr[-3000:]
    data = load_data(tmp_path / "good" / "book" / "_build" / "html")
    assert [(q["n"], q["part"], len(q["followups"])) for q in data["questions"]] == [
        (3, "模型加速", 2)
    ]
    bad = _build(_tiny_book(tmp_path / "bad", CHAPTER.replace("## 常见追问", "## 延伸")))
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0, out[-3000:]
    assert re.search(r"q03-conv-bn-fusion.*缺少「常见追问」", out), out[-3000:]
