"""The 模拟面试 page's data, extracted from the chapters while Sphinx builds the site (issue 13).

For every chapter listed in ``_toc.yml`` (``chapters/qNN-*.md``) this extension reads the parsed,
resolved doctree (never the Markdown text) and takes:

- the question number and title, from the H1 ``问题 N：<title>``;
- its part: the ``_toc.yml`` caption the chapter is listed under;
- the body of the 「30 秒回答」 section, rendered to HTML by the HTML builder (math markup kept);
- every 追问 of the 「常见追问」 section. A paragraph whose first element is a bold run beginning
  with "追问" opens one: the bold text, without its "追问 N：" label, is the question; the rest of
  that paragraph and the paragraphs, lists and equations after it, up to the next 追问, are the
  answer. Code cells are left out (the link into the chapter leads to them), and so is anything
  before the first 追问.

It writes them into ``_static/practice-data.js`` as ``window.cvbookPracticeData`` (the contract
is in CONTRIBUTING.md「模拟面试」). Relative links in the fragments are rewritten relative to the
site root. The extension also adds the practice scripts to the practice page (the page whose
body holds ``data-cvbook-practice="app"``) and to every chapter page.

A chapter that lacks either section, has an empty one, or whose 常见追问 holds no 追问 is reported
by a warning naming the chapter, on every build until it is fixed; the book builds with ``-W``, so
that fails the build.

Incremental builds: a chapter is extracted when its page is written (``html-page-context``, where
the doctree is resolved and the HTML builder is set up for that page) and the result is kept in
``<doctreedir>/cvbook-practice/``. ``build-finished`` assembles the data file from the records of
all chapters in the toc, so a rebuild that rewrites one page still writes every question. A chapter
without a record made by this version of this file is re-read (``env-get-outdated``).
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

ANSWER = "30 秒回答"
FOLLOWUPS = "常见追问"
DATA_JS = "practice-data.js"
#: The practice page is the page whose body holds this attribute (practice.md's raw HTML block).
PRACTICE_MARK = 'data-cvbook-practice="app"'
PRACTICE_SCRIPTS = ("practice-data.js", "practice-core.js", "practice.js")
CHAPTER_SCRIPTS = ("practice-core.js", "practice-chapter.js")
STYLES = ("practice.css",)

CHAPTER = re.compile(r"chapters/q(\d{2})-[^/]+")
TITLE = re.compile(r"问题\s*(\d+)\s*：\s*(.+)", re.S)
LABEL = re.compile(r"^\s*追问\s*\d*\s*[：:]?\s*")
_RECORDS = "cvbook-practice"
_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


class ChapterError(ValueError):
    """A chapter the practice page cannot use; the message says why, in Chinese."""


# ----------------------------------------------------------------------------------------------
# Doctree logic (no Sphinx application needed: unit-tested on small doctrees).


def _skipped(node: nodes.Node) -> bool:
    """Code cells (source and output), comments, link targets: not part of an answer."""
    if isinstance(node, nodes.Invisible | nodes.system_message):
        return True
    return isinstance(node, nodes.Element) and str(node.get("nb_element", "")).startswith(
        "cell_code"
    )


def _has_content(node: nodes.Node) -> bool:
    return bool(node.astext().strip()) or any(True for _ in node.findall(nodes.image))


def question_heading(doctree: nodes.Node) -> tuple[int, str, nodes.section]:
    """The question number and title of a chapter, and its top section (the H1's)."""
    top = doctree.next_node(nodes.section)
    if top is None or not top.children or not isinstance(top[0], nodes.title):
        raise ChapterError("没有标题（应为「# 问题 N：题目」）")
    m = TITLE.fullmatch(top[0].astext().strip())
    if not m:
        raise ChapterError(f"标题应为「问题 N：题目」，实为「{top[0].astext().strip()}」")
    return int(m.group(1)), m.group(2).strip(), top


def section_titled(parent: nodes.Element, title: str) -> nodes.section | None:
    """The child section of ``parent`` whose title is ``title``, or None."""
    for child in parent.children:
        if (
            isinstance(child, nodes.section)
            and child.children
            and isinstance(child[0], nodes.title)
            and child[0].astext().strip() == title
        ):
            return child
    return None


def section_body(section: nodes.section) -> list[nodes.Node]:
    """Copies of a section's body elements (no title, no code cells)."""
    return [
        c.deepcopy() for c in section.children if not isinstance(c, nodes.title) and not _skipped(c)
    ]


def _opening_strong(node: nodes.Node) -> nodes.strong | None:
    """The bold run that opens a 追问 paragraph, or None when ``node`` does not open one."""
    if not isinstance(node, nodes.paragraph):
        return None
    for child in node.children:
        if isinstance(child, nodes.Text) and not child.strip():
            continue
        if isinstance(child, nodes.strong) and child.astext().lstrip().startswith("追问"):
            return child
        return None
    return None


def _strip_leading(children: list[nodes.Node], pattern: re.Pattern) -> list[nodes.Node]:
    """Remove ``pattern`` from the start of the first text of ``children`` (copies)."""
    out = list(children)
    if out and isinstance(out[0], nodes.Text):
        text = pattern.sub("", str(out[0]), count=1)
        out = ([nodes.Text(text)] if text else []) + out[1:]
    return out


def split_followups(section: nodes.section) -> list[tuple[list[nodes.Node], list[nodes.Node]]]:
    """The 追问 of a 常见追问 section as ``(question, answer)`` lists of copied nodes.

    ``question`` holds the inline children of the opening bold run, its "追问 N：" label removed;
    ``answer`` holds the rest of that paragraph (as a paragraph, when anything is left) and the
    following body elements up to the next 追问, without code cells. Elements before the first
    追问 belong to no 追问 and are dropped.
    """
    items: list[tuple[list[nodes.Node], list[nodes.Node]]] = []
    for child in section.children:
        if isinstance(child, nodes.title) or _skipped(child):
            continue
        strong = _opening_strong(child)
        if strong is None:
            if items:
                items[-1][1].append(child.deepcopy())
            continue
        question = _strip_leading([c.deepcopy() for c in strong.children], LABEL)
        rest = child.deepcopy()
        del rest[: child.index(strong) + 1]
        rest.children[:] = _strip_leading(rest.children, re.compile(r"^\s+"))
        for c in rest.children:
            c.parent = rest
        items.append((question, [rest] if _has_content(rest) else []))
    return items


def extract(doctree: nodes.Node, render: Callable[[nodes.Node], str]) -> dict:
    """A chapter's entry: ``n``, ``title``, ``answer`` and ``followups`` (HTML by ``render``).

    ``render`` turns one body element into HTML. Raises ChapterError listing every problem.
    """
    n, title, top = question_heading(doctree)
    problems = []
    answer_section = section_titled(top, ANSWER)
    answer = section_body(answer_section) if answer_section is not None else []
    if answer_section is None:
        problems.append(f"缺少「{ANSWER}」一节")
    elif not any(_has_content(c) for c in answer):
        problems.append(f"「{ANSWER}」一节是空的")
    followup_section = section_titled(top, FOLLOWUPS)
    followups = []
    if followup_section is None:
        problems.append(f"缺少「{FOLLOWUPS}」一节")
    else:
        items = split_followups(followup_section)
        if not items:
            problems.append(f"「{FOLLOWUPS}」一节没有追问（追问以加粗的「追问……」开头的段落开始）")
        for k, (question, reply) in enumerate(items, 1):
            if not any(_has_content(c) for c in question):
                problems.append(f"「{FOLLOWUPS}」的第 {k} 个追问没有问题文字")
            if not any(_has_content(c) for c in reply):
                problems.append(f"「{FOLLOWUPS}」的第 {k} 个追问没有回答")
            followups.append(
                {
                    "q": _unwrap_paragraph(render(nodes.paragraph("", "", *question))),
                    "a": "".join(render(c) for c in reply).strip(),
                }
            )
    if problems:
        raise ChapterError("；".join(problems))
    return {
        "n": n,
        "title": title,
        "answer": "".join(render(c) for c in answer).strip(),
        "followups": followups,
    }


def _unwrap_paragraph(html: str) -> str:
    html = html.strip()
    if html.startswith("<p>") and html.endswith("</p>"):
        return html[3:-4].strip()
    return html


_URL_ATTR = re.compile(r'\b(href|src)="([^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")


def root_relative(url: str, page: str) -> str:
    """``url`` as written in ``page`` (a path from the site root), made relative to the root."""
    if _ABSOLUTE.match(url):
        return url
    path, hash_, fragment = url.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return target + hash_ + fragment


def root_relative_links(html: str, page: str) -> str:
    """Every relative ``href``/``src`` of an HTML fragment rendered for ``page``, from the root."""
    return _URL_ATTR.sub(lambda m: f'{m.group(1)}="{root_relative(m.group(2), page)}"', html)


_ID_ATTR = re.compile(r'(<[a-zA-Z][^<>]*?)\s+id="[^"]*"')


def portable_fragment(html: str, page: str) -> str:
    """An HTML fragment rendered for ``page``, made fit to be shown on another page.

    Links are made relative to the site root, and ``id`` attributes are dropped: links into the
    fragment now lead to the chapter page, and two fragments shown together must not share ids.
    """
    return _ID_ATTR.sub(r"\1", root_relative_links(html, page))


# ----------------------------------------------------------------------------------------------
# Sphinx glue.


def _is_html(app) -> bool:
    return getattr(app.builder, "name", "") == "html"


def chapter_parts(app) -> dict[str, str]:
    """docname -> part caption, for every question chapter in the book's toc, in reading order."""
    from cvbook.build import toc_parts

    toc = Path(app.srcdir) / (
        app.config.external_toc_path if "external_toc_path" in app.config else "_toc.yml"
    )
    if not toc.is_file():
        return {}
    return {
        f: caption
        for caption, files in toc_parts(toc.parent, toc.name)
        for f in files
        if CHAPTER.fullmatch(f)
    }


def _record_path(app, docname: str) -> Path:
    return Path(app.doctreedir) / _RECORDS / f"{docname.replace('/', '__')}.json"


def _read_record(app, docname: str) -> dict | None:
    try:
        record = json.loads(_record_path(app, docname).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if record.get("version") == _VERSION else None


def _reread_unrecorded(app, env, added, changed, removed) -> list[str]:
    if not _is_html(app):
        return []
    return [
        d
        for d in chapter_parts(app)
        if d in env.found_docs and d not in added | changed and _read_record(app, d) is None
    ]


def _extract_page(app, pagename: str, doctree: nodes.document) -> dict:
    page = app.builder.get_target_uri(pagename)

    def render(node: nodes.Node) -> str:
        return portable_fragment(app.builder.render_partial(node)["fragment"], page)

    try:
        entry = extract(doctree, render)
        expected = int(CHAPTER.fullmatch(pagename).group(1))
        if entry["n"] != expected:
            raise ChapterError(f"标题是问题 {entry['n']}，文件名却是 q{expected:02d}")
    except ChapterError as err:
        return {"version": _VERSION, "error": str(err)}
    return {"version": _VERSION, "entry": entry}


def _page_assets_and_record(app, pagename, templatename, context, doctree):
    if PRACTICE_MARK in context.get("body", ""):
        for css in STYLES:
            app.add_css_file(css)
        for js in PRACTICE_SCRIPTS:
            app.add_js_file(js)
    if not CHAPTER.fullmatch(pagename) or pagename not in chapter_parts(app):
        return
    for css in STYLES:
        app.add_css_file(css)
    for js in CHAPTER_SCRIPTS:
        app.add_js_file(js)
    if doctree is not None and _is_html(app):
        path = _record_path(app, pagename)
        path.parent.mkdir(parents=True, exist_ok=True)
        record = _extract_page(app, pagename, doctree)
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def practice_data(app) -> dict:
    """The data for the practice page from the chapters' records; warns about unusable chapters."""
    parts = chapter_parts(app)
    questions, captions = [], []
    for docname, caption in parts.items():
        record = _read_record(app, docname)
        if record is None or "error" in record:
            why = "这一章没有被提取" if record is None else record["error"]
            logger.warning(
                f"模拟面试：{docname}.md 不能用于练习：{why}",
                location=docname,
                type="cvbook",
                subtype="practice",
            )
            continue
        questions.append(
            dict(record["entry"], part=caption, url=app.builder.get_target_uri(docname))
        )
        captions.append(caption)
    numbers = [q["n"] for q in questions]
    for n in sorted({n for n in numbers if numbers.count(n) > 1}):
        logger.warning(f"模拟面试：问题 {n} 出现在不止一章", type="cvbook", subtype="practice")
    questions.sort(key=lambda q: q["n"])
    keys = ("n", "title", "part", "url", "answer", "followups")
    return {
        "version": 1,
        "parts": list(dict.fromkeys(captions)),
        "questions": [{k: q[k] for k in keys} for q in questions],
    }


def data_js(data: dict) -> str:
    """The text of practice-data.js."""
    return (
        "// 模拟面试的题目数据：构建时由 cvbook/practice.py 从各章提取，请勿手改。\n"
        "window.cvbookPracticeData = "
        + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        + ";\n"
    )


def _write_data(app, exception):
    if exception is not None or not _is_html(app):
        return
    out = Path(app.outdir) / "_static" / DATA_JS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(data_js(practice_data(app)), encoding="utf-8")


def setup(app):
    app.connect("env-get-outdated", _reread_unrecorded)
    app.connect("html-page-context", _page_assets_and_record)
    app.connect("build-finished", _write_data)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
