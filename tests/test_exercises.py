"""Structure of the 动手写 exercises: each has a statement with a time budget, a pointer for
website readers, a grader built on cvbook.grader, an editable stub graded by it, progressive
hints collapsed on the website and in Jupyter, a collapsed reference solution that links to the
chapter's derivation and is asserted to pass, and at least two realistic wrong implementations
that the grader is asserted to fail by name."""

from __future__ import annotations

import re

import pytest

from tests.chapters import CODE_CELL, toc_chapters

# The graders the book pins, by chapter (issue text); 问题 2 and 27 chose their own names.
PINNED = {
    1: {"check_softmax_cross_entropy"},
    2: {"check_batch_norm_forward", "check_batch_norm_backward"},
    3: {"check_fuse_conv_bn"},
    6: {"check_nms"},
    8: {"check_roi_align"},
    13: {"check_sigmoid_focal_loss"},
    14: {"check_convex_polygon_iou"},
    16: {"check_conv2d_im2col"},
    21: {"check_mean_iou"},
    27: set(),  # at least one optimizer step, name of the chapter's choosing
    29: {"check_hungarian"},
}
CHAPTERS = {c.number: c for c in toc_chapters()}
EXERCISE = re.compile(r"^\(ex-q(\d\d)-[a-z0-9-]+\)=\n### 练习：(.+)$", re.M)
HIDDEN_MD = '+++ {"jupyter": {"source_hidden": true}}'


def exercise_section(text: str) -> str:
    m = re.search(r"^## 动手写\s*$", text, re.M)
    if not m:
        return ""
    end = re.search(r"^## ", text[m.end() :], re.M)
    return text[m.start() : m.end() + end.start()] if end else text[m.start() :]


def exercises(text: str) -> list[tuple[str, str]]:
    """(title, body) of each exercise in the chapter's 动手写 section."""
    sec = exercise_section(text)
    heads = list(EXERCISE.finditer(sec))
    out = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(sec)
        out.append((h.group(2).strip(), sec[h.start() : end]))
    return out


def cells_with_options(body: str) -> list[str]:
    return CODE_CELL.findall(body)


def grader_names(body: str) -> set[str]:
    return set(re.findall(r"^(check_\w+) = Grader\(", body, re.M))


ALL = [(n, title, body) for n in PINNED for title, body in exercises(CHAPTERS[n].text)]


@pytest.mark.parametrize("n", sorted(PINNED))
def test_pinned_chapters_have_exercises_with_their_graders(n):
    text = CHAPTERS[n].text
    assert exercise_section(text), f"问题 {n} has no '## 动手写' section"
    h2 = re.findall(r"^## (.+?)\s*$", CODE_CELL.sub("", text), re.M)
    assert h2.index("动手写") == h2.index("自测") - 1, "动手写 comes right before 自测"
    exs = exercises(text)
    assert exs, f"问题 {n}: no '(ex-qNN-…)=' + '### 练习：…' exercise"
    names = set().union(*(grader_names(b) for _, b in exs))
    assert PINNED[n] <= names, f"问题 {n}: graders {sorted(names)} lack {sorted(PINNED[n] - names)}"
    assert names, f"问题 {n}: no grader defined"
    for t, _ in exs:
        assert re.fullmatch(r"手撕 ?\S.*", t), f"exercise title {t!r} should read '手撕…'"
    labels = re.findall(r"^\(ex-q(\d\d)-", exercise_section(text), re.M)
    assert set(labels) == {f"{n:02d}"}


@pytest.mark.parametrize("n,title,body", ALL, ids=[f"q{a:02d}-{b}" for a, b, _ in ALL])
def test_exercise_has_every_part(n, title, body):
    cells = cells_with_options(body)
    graders = grader_names(body)
    assert len(graders) >= 1, "the exercise defines its grader: check_x = Grader(...)"
    # Statement with a time budget, before the first code cell.
    statement = body[: body.find("```{code-cell}")]
    assert re.search(r"面试时约 \d+ 分钟", statement), "statement needs '面试时约 N 分钟'"
    assert "`" in statement, "statement states the signature"
    # Pointer for readers of the website.
    assert "在 Binder / 本地运行" in body
    # The grader cell is built on the shared runner; its case list is in the chapter.
    grader_cells = [c for c in cells if "= Grader(" in c]
    assert grader_cells and all("Case(" in c and "hint=" in c for c in grader_cells)
    # An editable stub that raises NotImplementedError and is graded.
    stubs = [c for c in cells if "raise NotImplementedError" in c]
    assert stubs, "an editable stub cell raising NotImplementedError"
    assert any(re.search(r"^(passed = )?check_\w+\(my_\w+\)(\s*#.*)?$", c, re.M) for c in stubs), (
        "the stub cell ends with the grader call on the reader's function: passed = check_x(my_x)"
    )
    # Progressive hints: at least two, each collapsed on the website (dropdown) and in Jupyter.
    hints = re.findall(
        re.escape(HIDDEN_MD) + r"\n\n:::\{admonition\} 提示 \d\n:class: dropdown\n", body
    )
    assert len(hints) >= 2, "at least two hints: hidden markdown cells with a dropdown 提示 N"
    # A collapsed reference solution, linked to the derivation, asserted to pass.
    sol = re.search(
        re.escape(HIDDEN_MD) + r"\n\n:::\{admonition\} 参考答案\n:class: dropdown\n(.*?)\n:::",
        body,
        re.S,
    )
    assert sol and "{ref}`sec-q" in sol.group(1), "参考答案 dropdown linking to the derivation"
    passing = [c for c in cells if re.search(r"^assert check_\w+\(", c, re.M)]
    assert any("hide-input" in c and "source_hidden: true" in c for c in passing), (
        "the reference solution cell is collapsed (tags: [hide-input], jupyter.source_hidden)"
    )
    # Two or more wrong implementations, each asserted to fail on a named case.
    wrong = [c for c in cells if re.search(r"^assert not check_\w+\(", c, re.M)]
    assert len(wrong) >= 2, "at least two wrong implementations asserted to fail"
    for c in wrong:
        assert re.search(r"last_report\.failed_names", c), "the failing case is named in an assert"


def test_grader_names_are_unique_across_the_book():
    seen: dict[str, int] = {}
    for n, _, body in ALL:
        for g in grader_names(body):
            assert g not in seen or seen[g] == n, f"{g} defined in 问题 {seen[g]} and 问题 {n}"
            seen[g] = n


@pytest.mark.build
def test_practice_page_links_every_exercise():
    from tests.chapters import ROOT

    html = (ROOT / "_build" / "html" / "practice.html").read_text(encoding="utf-8")
    track = html[html.index('class="cvbook-exercises') :]
    for n, _title, body in ALL:
        label = re.search(r"^\(ex-q\d\d-([a-z0-9-]+)\)=", body, re.M).group(0)[1:-2]
        chapter = CHAPTERS[n].path.stem
        assert f'href="chapters/{chapter}.html#{label}"' in track, (n, label)
        page = (ROOT / "_build" / "html" / "chapters" / f"{chapter}.html").read_text(
            encoding="utf-8"
        )
        assert f'id="{label}"' in page
    assert track.count("<li>") >= len(ALL)
