"""The PDF (make pdf, cvbook/pdf.py and the print versions of cvbook/printing.py).

Unit tests of the pieces, then checks of the built PDF (marked `build`; make test runs them after
`make book` and `make pdf`)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from cvbook import pdf, printing
from tests.chapters import ROOT, toc_chapters

PDF = ROOT / "_build" / "pdf" / pdf.PDF_NAME
LOG = ROOT / "_build" / "latex" / f"{pdf.TEX_NAME}.log"


# -- pieces --------------------------------------------------------------------------------------


def test_log_problems_finds_missing_glyphs_and_lines_over_20pt():
    log = "\n".join(
        [
            "Missing character: There is no ✅ (U+2705) in font Noto Serif CJK SC!",
            "Overfull \\hbox (20.5pt too wide) in paragraph at lines 1--2",
            "Overfull \\hbox (19.9pt too wide) in paragraph at lines 3--4",
            "Overfull \\vbox (80.0pt too high) has occurred while \\output is active",
        ]
    )
    problems = pdf.log_problems(log)
    assert len(problems) == 2
    assert problems[0].startswith("Missing character") and "20.5pt" in problems[1]
    assert pdf.log_problems("Output written on book.xdv (3 pages).") == []


def test_missing_tools_are_named_with_the_packages_to_install():
    hint = pdf.install_hint(["xelatex", "ctex.sty", "Noto Serif CJK SC"])
    assert "texlive-xetex" in hint and "texlive-lang-chinese" in hint
    assert "fonts-noto-cjk" in hint and "apt-get install" in hint


def test_make_pdf_says_what_to_install_when_tex_is_missing(monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert pdf.main([]) == 2
    err = capsys.readouterr().err
    assert "make pdf 需要" in err and "texlive-xetex" in err and "poppler-utils" in err


def _doc_with_answers() -> nodes.document:
    doc = new_document("test", get_default_settings(Parser))
    for n in (6, 8):
        sec = nodes.section(ids=[f"q{n}"])
        sec += nodes.title(text=f"问题 {n}：某道题")
        quiz = nodes.section(ids=[f"quiz{n}"])
        quiz += nodes.title(text="自测")
        answers = nodes.container(classes=[printing.ANSWERS_CLASS])
        answers += nodes.paragraph(text=f"答案 {n}")
        quiz += answers
        sec += quiz
        doc += sec
    return doc


def test_quiz_answers_move_to_one_appendix_by_chapter():
    doc = _doc_with_answers()
    appendix = pdf.collect_answers(doc)
    assert appendix[0].astext() == "答案"
    subs = [c for c in appendix.children if isinstance(c, nodes.section)]
    assert [s[0].astext() for s in subs] == ["问题 6", "问题 8"]
    assert [s[1].astext() for s in subs] == ["答案 6", "答案 8"]
    # Nothing of the answers is left in the chapters.
    assert not [c for c in doc.findall(nodes.container) if printing.ANSWERS_CLASS in c["classes"]]


def test_print_renderer_only_takes_the_print_mime_type():
    from myst_nb.core.render import MimeData

    assert pdf.PrintRenderer.handle_mime(None, MimeData("text/html", "<b>x</b>"), False) is None
    out = pdf.PrintRenderer.handle_mime(None, MimeData(printing.PRINT_MIME, ""), False)
    assert len(out) == 1 and isinstance(out[0], nodes.comment)  # prints nothing, no warning
    assert ("latex", printing.PRINT_MIME, 1) in pdf.PrintRenderer.mime_priority_overrides


def test_bundles_never_carry_a_text_placeholder():
    b = printing.bundle(html="<div>quiz</div>", print_md="1. 题目")
    assert set(b) == {"text/html", printing.PRINT_MIME}
    assert set(printing.bundle(javascript="f()")) == {"application/javascript", printing.PRINT_MIME}
    with pytest.raises(ValueError, match="exactly one"):
        printing.bundle(html="a", javascript="b")
    with pytest.raises(ValueError, match="bundle"):
        printing.Output({"text/html": "x"})


def test_print_table_and_figure(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = []
    monkeypatch.setattr(printing, "publish", shown.append)
    printing.print_table(["method", "a|b"], [["GD", "3"]])
    md = shown[-1][printing.PRINT_MIME]
    assert md.splitlines()[0] == "| method | a\\|b |" and "| GD | 3 |" in md
    assert "<td>GD</td>" in shown[-1]["text/html"]
    fig, ax = plt.subplots()
    ax.plot([0, 1])
    printing.print_figure(fig, "一个*状态*")
    md = shown[-1][printing.PRINT_MIME]
    assert md.startswith("```{image} data:image/png;base64,") and "一个\\*状态\\*" in md
    assert shown[-1]["text/html"] == ""
    with pytest.raises(ValueError, match="width"):
        printing.print_figure(plt.figure(), "x", width="80")


def test_md_escape_keeps_math_and_code():
    assert printing.md_escape("a_b $x_i$ `c_d` *e*") == "a\\_b $x_i$ `c_d` \\*e\\*"


# -- the built PDF -------------------------------------------------------------------------------


def _text() -> str:
    out = subprocess.run(["pdftotext", str(PDF), "-"], capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture(scope="module")
def text():
    if not PDF.exists():
        pytest.fail(f"{PDF} is missing: run make pdf")
    return _text()


def _flatten(text: str) -> str:
    # Whitespace (line breaks, CJK spacing) removed; Sphinx's non-breaking hyphen read as "-".
    return re.sub(r"\s+", "", text).replace("\u2011", "-")


@pytest.fixture(scope="module")
def flat(text):
    return _flatten(text)


@pytest.mark.build
def test_pdf_has_a_sane_number_of_pages():
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    assert 300 <= pages <= 1500, pages
    assert PDF.stat().st_size <= 15 * 2**20, f"the PDF weighs {PDF.stat().st_size / 2**20:.1f} MB"


@pytest.mark.build
def test_every_chapter_title_and_sample_terms_are_in_the_text(flat):
    for ch in toc_chapters():
        title = re.search(r"^# (.+)$", ch.text, re.M).group(1)
        assert re.sub(r"\s+", "", title) in flat, title
    for term in ("非极大值抑制", "感受野", "空洞卷积", "反向传播", "匈牙利算法", "权重衰减"):
        assert term in flat, term


@pytest.mark.build
def test_latex_log_has_no_missing_glyph_and_no_line_over_the_margin():
    log = LOG.read_text(encoding="utf-8", errors="replace")
    assert pdf.log_problems(log) == []


@pytest.mark.build
def test_no_html_script_or_widget_placeholder_reaches_the_page(text):
    for bad in ("IPython.core.display", "<div", "</", "data-cvbook", "cvbookQuiz", "function ("):
        assert bad not in text, bad


@pytest.mark.build
def test_quizzes_are_numbered_questions_with_answers_at_the_back(flat):
    assert flat.count("答案见书末的「答案」") == len(toc_chapters())
    back = flat[flat.rindex("答案各章「自测」的答案") :]
    for ch in toc_chapters():
        assert f"问题{ch.number}" in back, ch.number


@pytest.mark.build
def test_steppers_print_their_key_frames_and_widgets_a_static_figure(flat):
    assert flat.count("网页上可逐步翻看全部") >= 6
    assert "印刷版里控件不能拖动" in flat  # 问题 8 and 14


@pytest.mark.build
def test_figure_numbers_are_the_websites(flat):
    html = (ROOT / "_build" / "html" / "chapters" / "q08-roipool-vs-roialign.html").read_text(
        encoding="utf-8"
    )
    m = re.search(r'id="fig-q08-widget-static".*?caption-number">图 (\d+)', html, re.S)
    assert m, "figure number on the website"
    # LaTeX separates number and caption with ":", the website with "："; the number is the test.
    assert re.search(rf"图{m.group(1)}[：:]控件的静态快照", flat)


def bookmarks() -> list[tuple[int, str]]:
    """(level, title) of the PDF's bookmarks, from hyperref's .out file (-1 part, 0 chapter)."""
    out = (ROOT / "_build" / "latex" / f"{pdf.TEX_NAME}.out").read_text(encoding="latin-1")
    marks = []
    for level, raw in re.findall(r"^\\BOOKMARK \[(-?\d)\]\[-\]\{[^}]*\}\{(.*?)\}\{", out, re.M):
        data = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), raw).encode("latin-1")
        title = data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode()
        marks.append((int(level), title))
    return marks


@pytest.mark.build
def test_bookmarks_by_part_and_by_question():
    marks = bookmarks()
    parts = [t for level, t in marks if level == -1]
    chapters = [t for level, t in marks if level == 0]
    for part in ("练习", "损失函数与反向传播", "归一化", "目标检测", "附录"):
        assert any(part in t for t in parts), (part, parts)
    for ch in toc_chapters():
        assert any(t.startswith(f"问题 {ch.number}：") for t in chapters), ch.number
    assert "答案" in chapters[-3:]  # after the appendices (then only the bibliography)


@pytest.mark.build
def test_review_pages_are_rendered_and_the_site_links_the_pdf():
    shots = sorted((ROOT / "_build" / "screenshots").glob("pdf-page-*.png"))
    assert len(shots) >= 3
    assert (ROOT / "_build" / "html" / pdf.PDF_NAME).exists()
    intro = (ROOT / "_build" / "html" / "intro.html").read_text(encoding="utf-8")
    assert f'href="{pdf.PDF_NAME}"' in intro


@pytest.mark.build
def test_one_sorted_bibliography_whose_entries_every_citation_reaches():
    tex = (ROOT / "_build" / "latex" / f"{pdf.TEX_NAME}.tex").read_text(encoding="utf-8")
    items = re.findall(r"\\bibitem\[([^\]]*)\]\{([^}]*)\}", tex)
    labels = [label for label, _ in items]
    assert labels == sorted(labels, key=str.casefold)
    assert len(labels) == len(set(labels)), "a work is listed twice"
    keys = {key for _, key in items}
    links = re.findall(r"\\hyperlink\{cite\.([^}]*)\}", tex)
    assert links and all(link in keys for link in links)
