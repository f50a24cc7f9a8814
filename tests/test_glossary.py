"""The glossary (appendix/glossary.yml) and the prose rules of the chapter lint."""

from __future__ import annotations

import pytest

from cvbook import glossary
from cvbook.lint_chapters import prose_problems, spoken_length

TERMS = (
    glossary.Term("缓冲区", "buffer", ("buffer", "buffers"), "n"),
    glossary.Term("批量", "batch", ("批次", "batch"), "n"),
    glossary.Term("批量大小", "batch size", ("batch size",), "n"),
)


def found(text):
    return [(line, variant) for line, _, _, variant, _ in glossary.violations(text, TERMS)]


def test_variants_are_found_in_prose_with_their_lines():
    text = "# 问题 1：batch 标题不算\n\n第一行有 buffer。\n第二行的批次和 batch size。\n"
    assert found(text) == [(3, "buffer"), (4, "批次"), (4, "batch"), (4, "batch size")]


def test_code_math_links_and_annotations_are_not_prose():
    text = (
        "---\njupytext: {batch: 1}\n---\n"
        "缓冲区（buffer）是允许的括注；`register_buffer` 是代码；$x_{batch}$ 是公式。\n"
        "```{code-cell} ipython3\nbatch = 1  # batch\n```\n"
        "[链接](https://example.org/batch) 与 {doc}`batch <q01>`。\n"
        "缓冲区 (buffers, 即 running_mean) 也是括注。\n"
    )
    assert found(text) == []


def test_english_variants_match_whole_words_and_case():
    assert found("BatchNorm、batch_size、batched 都不是 batch。") == [(1, "batch")]
    # A hyphenated name (the batch-hard triplet loss, TensorFlow's space-to-batch) is a name.
    assert found("batch-hard 挖掘与 space-to-batch。") == []


def test_fix_replaces_variants_and_the_spaces_around_english_ones():
    text = "每个 batch 的统计量，batch size 为 1，两个 buffer：`running_mean`。\n"
    assert (
        glossary.fix(text, TERMS)
        == "每个批量的统计量，批量大小为 1，两个缓冲区：`running_mean`。\n"
    )


def test_the_book_glossary_loads_and_renders_every_term():
    terms = glossary.load()
    assert len(terms) >= 10
    table = glossary.table(terms)
    for t in terms:
        assert f"**{t.term}**" in table
        # A preferred term is never also a rejected variant of some entry.
        assert all(t.term not in u.rejected for u in terms)


def test_spoken_length_counts_characters_words_and_formulas():
    # 6 Chinese characters, 2 English words, 1 number, 1 formula.
    assert spoken_length("反向传播 uses autograd 的 3 和 $\\frac{a}{b}$") == 6 + 2 + 1 + 1


CHAPTER = """# 问题 1：题目

## 30 秒回答

{answer}

## 详解

正文。

## 自测

```{{code-cell}} ipython3
show_quiz([{quiz}])
```
"""


@pytest.mark.parametrize(
    ("answer", "quiz", "expect"),
    [
        ("- 一句话回答。\n- 第二点。", 'choice("Q", {"a": True, "b": False})', []),
        ("\n".join(f"- 第 {i} 点。" for i in range(7)), "choice(", ["7 bullets"]),
        ("- " + "很长" * 200, "choice(", ["characters long"]),
        ("- 本章的断言验证了它。", "choice(", ["speaks of the book"]),
        ("- 一句话回答。", 'numeric("Q", 1.0)', ["no multiple-choice item"]),
    ],
)
def test_prose_rules(tmp_path, answer, quiz, expect):
    path = tmp_path / "q01-x.md"
    path.write_text(CHAPTER.format(answer=answer, quiz=quiz), encoding="utf-8")
    problems = prose_problems(path)
    assert len(problems) == len(expect) or (expect and len(problems) >= len(expect)), problems
    for word in expect:
        assert any(word in p for p in problems), problems


def test_build_internals_are_flagged(tmp_path):
    path = tmp_path / "q01-x.md"
    path.write_text("# 问题 1：题\n\n自测单元格带 `remove-input` 标签。\n", encoding="utf-8")
    assert any("remove-input" in p for p in prose_problems(path))


def test_captions_and_chinese_quiz_strings_are_reader_text():
    from cvbook.lint_chapters import reader_strings, term_problems

    text = (
        "# 问题 1：题\n\n## 图示\n\n"
        "```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    caption: 每个 batch 的均值\n---\n"
        "plot()\n```\n\n## 自测\n\n"
        "```{code-cell} ipython3\n"
        'show_quiz([choice("这个 batch 多大？", {"batch": True, "b": False})])\n```\n'
    )
    strings = [s for _, s in reader_strings(text)]
    # The caption and the Chinese question are reader text; the dict key "batch" is not.
    assert strings == ["每个 batch 的均值", "这个 batch 多大？"]
    assert [line for line, _ in term_problems(text)] == [9, 17]


def test_allowed_compounds_contain_a_variant_without_being_one():
    terms = (glossary.Term("难分负样本", "hard negative", ("难负样本",), "n", ("半难负样本",)),)
    assert [v for *_, v, _ in glossary.violations("半难负样本与难负样本。", terms)] == ["难负样本"]
