"""Structure checks over every chapter listed in _toc.yml (no build needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from cvbook.questions import QUESTIONS, heading
from tests.chapters import ASSERTING, ROOT, SECTIONS, Chapter, toc_chapters, toc_files

CHAPTERS = toc_chapters()
IDS = [c.path.stem if isinstance(c, Chapter) else str(c) for c in CHAPTERS]
pytestmark = pytest.mark.skipif(not CHAPTERS, reason="no chapter in _toc.yml yet")


def test_toc_files_exist_and_no_stray_chapters():
    missing = [str(c) for c in CHAPTERS if not isinstance(c, Chapter)]
    assert not missing, f"listed in _toc.yml but missing: {missing}"
    listed = {c.path.name for c in CHAPTERS}
    on_disk = {p.name for p in (ROOT / "chapters").glob("*.md") if p.name != "_template.md"}
    assert on_disk <= listed, f"chapters not in _toc.yml: {sorted(on_disk - listed)}"
    for f in toc_files():
        assert (ROOT / (f if f.endswith(".md") else f + ".md")).exists(), f
    assert not list((ROOT / "chapters").glob("*.ipynb")), "chapters are stored as .md only"


def test_toc_settings():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert config["only_build_toc_files"] is True
    assert config["sphinx"]["config"]["language"] == "zh_CN"
    assert config["sphinx"]["config"]["nb_execution_raise_on_error"] is True


@pytest.fixture(params=CHAPTERS, ids=IDS)
def chapter(request) -> Chapter:
    if not isinstance(request.param, Chapter):
        pytest.fail(f"missing chapter file {request.param}")
    return request.param


def test_file_name_and_title(chapter):
    stem, _ = QUESTIONS[chapter.number]
    assert chapter.path.stem == stem, f"question {chapter.number} lives in {stem}.md"
    lines = chapter.text.splitlines()
    h1 = [i for i, line in enumerate(lines) if line.startswith("# ")]
    assert h1, "no H1 title"
    assert lines[h1[0]] == heading(chapter.number)
    assert (
        lines[h1[0] - 2 : h1[0]] == ["", f"(q{chapter.number:02d})="]
        or lines[h1[0] - 1] == f"(q{chapter.number:02d})="
    ), "label (qNN)= must precede the title"


def test_jupytext_front_matter(chapter):
    assert chapter.text.startswith("---\n")
    front = yaml.safe_load(chapter.text.split("---\n")[1])
    assert front["kernelspec"]["name"] == "python3"
    assert front["jupytext"]["text_representation"]["format_name"] == "myst"


def test_sections_in_order(chapter):
    h2 = chapter.h2()
    found = [s for s in h2 if s in SECTIONS]
    assert found == SECTIONS, f"H2 sections {h2}; need {SECTIONS} in this order"


def test_seeds_and_style_in_first_cell(chapter):
    first = chapter.cells[0]
    assert "use_book_style()" in first
    assert re.search(r"default_rng\(\d+\)", first), "seed numpy: rng = np.random.default_rng(0)"
    if re.search(r"^\s*import torch|^\s*from torch", "\n".join(chapter.cells), re.M):
        assert re.search(r"torch\.manual_seed\(\d+\)", first), "seed torch in the first cell"


def test_no_unseeded_global_random(chapter):
    code = "\n".join(chapter.cells)
    bad = re.findall(r"np\.random\.(rand|randn|randint|random|normal|uniform|choice|seed)\(", code)
    assert not bad, f"use the seeded rng = np.random.default_rng(0), not np.random.{bad[0]}()"


def test_enough_asserting_cells(chapter):
    asserting = [c for c in chapter.cells if ASSERTING.search(c)]
    assert len(asserting) >= 3, f"only {len(asserting)} cells assert anything"


def test_no_printed_checks_or_pip(chapter):
    code = "\n".join(chapter.cells)
    assert not re.search(r"print\([^)\n]*(allclose|isclose|array_equal)", code), (
        "a printed comparison cannot fail the build: assert it"
    )
    assert not re.search(r"^\s*[!%]pip", code, re.M), "no pip installs in chapters"


def test_no_placeholders(chapter):
    assert not re.search(r"TODO|TBD|FIXME|待补充|占位|XXX", chapter.text)


def test_quiz_in_self_test_section_with_hidden_answers(chapter):
    quiz = chapter.text.split("## 自测", 1)[1].split("## 参考", 1)[0]
    assert "show_quiz(" in quiz
    # The quiz cell's code holds the answers: the page shows the quiz, not the code.
    cell = re.search(r"```\{code-cell\}[^\n]*\n((?:(?!```).)*show_quiz\()", quiz, re.S)
    assert cell and re.search(r"remove-input", cell.group(1)), "tag the quiz cell remove-input"


def test_citations_use_the_chapter_prefix(chapter):
    prefix = f"q{chapter.number:02d}-"
    assert re.search(rf":keyprefix:\s*{prefix}\s*$", chapter.text, re.M)
    keys = re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", chapter.prose)
    assert keys, "cite at least one reference"
    for group in keys:
        for key in group.split(","):
            assert key.strip().startswith(prefix), f"cite {key!r} as {prefix}<key>"
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    for group in keys:
        for key in group.split(","):
            bare = key.strip()[len(prefix) :]
            assert re.search(rf"@\w+\{{{re.escape(bare)},", bib), f"{bare} not in references.bib"


def test_glue_names_are_prefixed(chapter):
    code = "\n".join(chapter.cells)
    assert "from myst_nb import glue" not in code, "use `from cvbook.glue import glue`"
    for name in re.findall(r"glue\(\s*[\"']([^\"']+)[\"']", code):
        prefix = f"q{chapter.number:02d}_"
        assert name.startswith(prefix), f"glue name {name!r} must start with {prefix}"


def test_referenced_images_exist(chapter):
    refs = re.findall(r"^```\{(?:figure|image)\}\s+(\S+)", chapter.prose, re.M)
    refs += re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", chapter.prose)
    refs += re.findall(r"<img[^>]+src=\"([^\"]+)\"", chapter.prose)
    for ref in refs:
        if re.match(r"https?://", ref):
            pytest.fail(f"images are drawn by the book, not linked: {ref}")
        path = (chapter.path.parent / ref).resolve()
        if path.suffix == ".*":
            # `name.*`: Sphinx picks the SVG for the website and the PDF twin for the PDF.
            for ext in (".svg", ".pdf"):
                assert path.with_suffix(ext).exists(), f"image {ref} lacks its {ext} version"
            continue
        assert path.exists(), f"image {ref} not found"


def test_substantial_chinese_prose(chapter):
    cjk = len(re.findall(r"[\u4e00-\u9fff]", chapter.prose))
    assert cjk >= 1500, f"only {cjk} Chinese characters of prose"


def test_intro_lists_all_questions_and_links_chapters():
    intro = (ROOT / "intro.md").read_text(encoding="utf-8")
    for n, (_stem, title) in QUESTIONS.items():
        assert f"问题 {n}：{title}" in intro, f"intro misses question {n}"
    for c in CHAPTERS:
        if isinstance(c, Chapter):
            assert f"chapters/{c.path.stem}" in intro, f"intro does not link {c.path.stem}"


def test_every_errata_box_is_collected_in_the_errata_page():
    page = (ROOT / "appendix" / "errata.md").read_text(encoding="utf-8")
    assert "{include} _errata_table.md" in page
    errata = (ROOT / "appendix" / "_errata_table.md").read_text(encoding="utf-8")
    for c in CHAPTERS:
        if isinstance(c, Chapter) and re.search(r"\{admonition\}\s*勘误", c.prose):
            assert f"q{c.number:02d}" in errata, f"勘误 of question {c.number} missing in errata"


def test_template_has_the_skeleton():
    t = Chapter(
        Path(ROOT / "chapters" / "q00-template.md"),
        (ROOT / "chapters" / "_template.md").read_text(encoding="utf-8"),
    )
    assert [s for s in t.h2() if s in SECTIONS] == SECTIONS
