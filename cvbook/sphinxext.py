"""A tiny Sphinx extension for the book.

- Loads MathJax on every page (not only on pages with displayed math), so LaTeX in self-quiz
  questions is typeset everywhere and jupyterquiz never falls back to fetching MathJax itself.
- Drops repeated inline scripts: under Jupyter Book 1 some extensions register their inline
  configuration twice (e.g. sphinx-thebe's ``const THEBE_JS_URL = …``), and a repeated ``const``
  declaration is a JavaScript error on every page.
- Joins lines of Chinese prose: a line break in the source between two CJK characters would be
  shown by browsers as a space in the middle of a sentence.
- Chinese search indexing in linear time: Sphinx 7.4's Chinese indexer keeps every Latin word it
  has seen in a list and tests membership in that list for every word it stems, which made
  indexing this book's pages take minutes. The same indexer with a set gives the same index.
- Leaves the theme's source maps (``*.map``, ~3.5 MB) out of the site: they serve only to debug
  the theme's own build, and no page loads them.
- Points each chapter's Colab button at the chapter's generated notebook (cvbook/colab.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.search import zh
from sphinx.search.zh import SearchChinese
from sphinx.util.docutils import SphinxDirective

from cvbook import colab


class FastSearchChinese(SearchChinese):
    """Sphinx's Chinese search language, with the seen-Latin-words collection kept in a set."""

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.latin_terms = set()

    def split(self, input: str) -> list[str]:
        chinese = list(zh.jieba.cut_for_search(input)) if zh.JIEBA else []
        latin = [term.strip() for term in self.latin1_letters.findall(input)]
        self.latin_terms.update(latin)
        return chinese + latin


_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\n[ \t]*(?=[{_CJK}])")
_VERBATIM = (
    nodes.literal_block,
    nodes.literal,
    nodes.math,
    nodes.math_block,
    nodes.raw,
    nodes.comment,
)


def join_cjk_lines(text: str) -> str:
    """Remove line breaks (and the spaces around them) between two CJK characters."""
    return _CJK_BREAK.sub("", text)


def _join_cjk_lines(app, doctree):
    for node in list(doctree.findall(nodes.Text)):
        parent = node.parent
        if parent is None or isinstance(parent, _VERBATIM) or "\n" not in node:
            continue
        text = str(node)
        if not text.strip():  # a soft line break of its own, between two sibling nodes
            i = parent.index(node)
            siblings = list(parent.children)
            before = next((c.astext() for c in reversed(siblings[:i]) if c.astext()), "")
            after = next((c.astext() for c in siblings[i + 1 :] if c.astext()), "")
            if join_cjk_lines(before[-1:] + text + after[:1]) == before[-1:] + after[:1]:
                parent.replace(node, nodes.Text(""))
            continue
        joined = join_cjk_lines(text)
        if joined != text:
            parent.replace(node, nodes.Text(joined))


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        key = (
            str(getattr(script, "filename", script) or ""),
            repr(sorted(getattr(script, "attributes", {}).items())),
        )
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


#: The live widgets (问题 8, 问题 14): a page whose HTML holds ``data-cvbook-widget="<name>"`` gets
#: JSXGraph, the widget's pure computation (``<name>-core.js``) and its drawing code
#: (``<name>-widget.js``), all served from the site itself (cvbook/static and the vendored folder).
#: Plain scripts in this order, not modules: browsers refuse module scripts on a page opened
#: from disk (file://), and the site must read offline from disk.
WIDGETS = ("iou", "roi")
WIDGET_SCRIPTS = ("vendor/jsxgraph/jsxgraphcore.js", "{name}-core.js", "{name}-widget.js")
WIDGET_STYLES = ("vendor/jsxgraph/jsxgraph.css", "cvbook-widgets.css", "{name}-widget.css")


def widgets_in(html: str) -> list[str]:
    """The live widgets placed in a page body, in the order of WIDGETS."""
    return [name for name in WIDGETS if f'data-cvbook-widget="{name}"' in html]


def _widget_assets(app, pagename, templatename, context, doctree):
    for name in widgets_in(context.get("body", "")):
        for css in WIDGET_STYLES:
            app.add_css_file(css.format(name=name))
        for js in WIDGET_SCRIPTS:
            app.add_js_file(js.format(name=name))


class GlossaryTable(SphinxDirective):
    """``{cvbook-glossary}``: the book's glossary (appendix/glossary.yml) as a table."""

    has_content = False

    def run(self):
        from cvbook import glossary

        self.env.note_dependency(str(glossary.GLOSSARY))
        container = nodes.container()
        self.state.nested_parse(StringList(glossary.table().splitlines()), 0, container)
        return container.children


class BenchTable(SphinxDirective):
    """``{cvbook-bench}``: the figures of the last ``make bench`` (appendix/bench.json)."""

    has_content = False

    def run(self):
        import json

        from cvbook import bench

        self.env.note_dependency(str(bench.RESULT))
        if not bench.RESULT.exists():
            lines = ["还没有测量结果：运行 `make bench` 生成。"]
        else:
            r = json.loads(bench.RESULT.read_text(encoding="utf-8"))
            lines = [f"测于 {r['date']}，{r['machine']}，Python {r['python']}。", "",
                     "| 项目 | 结果 |", "|---|---|"]  # fmt: skip
            lines += [f"| {k} | {v} |" for k, v in bench.rows(r)]
        container = nodes.container()
        self.state.nested_parse(StringList(lines), 0, container)
        return container.children


def _drop_source_maps(app, exception):
    if exception is None and app.builder.format == "html":
        for path in Path(app.outdir, "_static").rglob("*.map"):
            path.unlink()


def setup(app):
    app.set_html_assets_policy("always")
    app.add_directive("cvbook-glossary", GlossaryTable)
    app.add_directive("cvbook-bench", BenchTable)
    app.connect("html-page-context", _widget_assets)
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    # After sphinx-book-theme's launch buttons (priority 501): Colab opens the chapter's notebook.
    app.connect("html-page-context", colab.point_colab_button, priority=502)
    app.add_search_language(FastSearchChinese)
    app.connect("doctree-read", _join_cjk_lines)
    app.connect("build-finished", _drop_source_maps)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
