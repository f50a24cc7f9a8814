"""The quiz builders validate their input and produce jupyterquiz's format."""

import math

import pytest

from cvbook.quiz import choice, numeric, print_markdown, show_quiz


def test_choice_single_and_many():
    q = choice("Q?", {"a": True, "b": False}, keep_order=True)
    assert q["type"] == "multiple_choice"
    assert [a["correct"] for a in q["answers"]] == [True, False]
    q2 = choice("Q?", {"a": True, "b": True, "c": False})
    assert q2["type"] == "many_choice"


def test_choice_explanation_and_feedback():
    q = choice("Q?", {"a": True, "b": False}, explanation="because", feedback={"b": "no: x"})
    fb = {a["answer"]: a["feedback"] for a in q["answers"]}
    assert fb == {"a": "because", "b": "no: x"}


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"question": "", "options": {"a": True, "b": False}}, "question"),
        ({"question": "Q", "options": {"a": True}}, "options"),
        ({"question": "Q", "options": {"a": False, "b": False}}, "correct"),
        ({"question": "Q", "options": {"a": 1, "b": False}}, "options"),
        ({"question": "Q", "options": ["a", "b"]}, "options"),
        ({"question": "Q", "options": {"a": True, "b": False}, "feedback": {"z": "?"}}, "feedback"),
    ],
)
def test_choice_rejects_bad_input(kwargs, word):
    with pytest.raises(ValueError, match=word):
        choice(**kwargs)


def test_numeric_range_contains_value_and_tolerance():
    q = numeric("Q?", 2.0, rel_tol=0.05)
    lo, hi = q["answers"][0]["range"]
    # jupyterquiz accepts lo <= reply < hi; both ends of the tolerance must be accepted.
    assert lo == pytest.approx(1.9) and lo <= 1.9
    assert hi > 2.1 and hi == pytest.approx(2.1)
    assert q["answers"][0]["correct"] is True
    assert q["answers"][1]["type"] == "default"


def test_numeric_abs_tol_for_zero():
    q = numeric("Q?", 0.0, abs_tol=1e-3)
    lo, hi = q["answers"][0]["range"]
    assert lo == -1e-3 and hi > 1e-3


@pytest.mark.parametrize(
    "value, kwargs, word",
    [
        (math.nan, {}, "value"),
        (math.inf, {}, "value"),
        ("1", {}, "value"),
        (True, {}, "value"),
        (1.0, {"rel_tol": -1}, "rel_tol"),
        (1.0, {"abs_tol": math.nan}, "abs_tol"),
        (0.0, {}, "both zero"),
    ],
)
def test_numeric_rejects_bad_input(value, kwargs, word):
    with pytest.raises(ValueError, match=word):
        numeric("Q?", value, **kwargs)


def test_numeric_accepts_numpy_scalars():
    import numpy as np

    q = numeric("Q?", np.float64(0.5))
    assert q["answers"][0]["range"][0] == pytest.approx(0.495)


def test_show_quiz_emits_self_contained_html_and_js(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    show_quiz([choice("Which?", {"x": True, "y": False}), numeric("N?", 3.0)])
    html = "".join(o.data.get("text/html", "") for o in shown)
    js = "".join(o.data.get("application/javascript", "") for o in shown)
    assert "<div" in html and "<style" in html
    assert "Which?" in js and "check_numeric" in js
    # The only network reference is jupyterquiz's MathJax fallback, used only on a page without
    # MathJax; the book loads MathJax on every page (cvbook.sphinxext), so it never fires there.
    import re

    urls = set(re.findall(r"https?://[^'\"\s]+", html + js))
    assert urls <= {"https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"}, urls
    assert "if (typeof MathJax" in js or "MathJax" in js
    # The quiz script waits for the page's load event (MathJax is loaded with defer).
    assert js.lstrip().startswith("(function () {") and 'addEventListener("load"' in js
    assert len(shown) == 2 and "text/html" in shown[0].data
    # No text/plain: a placeholder such as <IPython.core.display.HTML object> never prints.
    assert all("text/plain" not in o.data for o in shown)


@pytest.mark.parametrize("bad", [[], "abc", {"question": "Q"}, [{"type": "essay"}]])
def test_show_quiz_rejects_bad_lists(bad):
    with pytest.raises(ValueError, match="questions"):
        show_quiz(bad)


def test_show_quiz_speaks_chinese_and_uses_the_theme_colours(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    show_quiz([choice("Which?", {"x": True, "y": False}), numeric("N?", 3.0)])
    html = "".join(o.data.get("text/html", "") for o in shown)
    js = "".join(o.data.get("application/javascript", "") for o in shown)
    # Every English string jupyterquiz shows a reader was replaced (a new jupyterquiz release
    # that renames one fails here instead of showing English on the site).
    for english in ("Type numeric answer here", '"Incorrect', '"Correct!"', 'jaxify("Correct")'):
        assert english not in js, english
    assert "输入数值答案" in js
    # The panel colours come from the theme's variables, which follow its dark mode.
    assert "--jq-multiple-choice-bg: var(--pst-color-surface" in html
    assert ".Quiz .MCButton { color: var(--jq-text-color); }" in html


def test_print_version_numbers_questions_and_sets_answers_apart():
    from cvbook.printing import ANSWERS_CLASS

    md = print_markdown(
        [
            choice(
                "Which $x$?",
                {"first": False, "second": True},
                explanation="Because.",
                keep_order=True,
            ),
            choice("All?", {"a": True, "b": True, "c": False}, keep_order=True),
            numeric("How much?", 0.26894, abs_tol=5e-4),
        ]
    )
    questions, answers = md.split(f":::{{container}} {ANSWERS_CLASS}")
    assert "1. Which $x$?" in questions and "   - (A) first" in questions
    assert "   - (B) second" in questions and "3. How much?" in questions
    # Choice answers by letter (with the explanation), many-choice marked, numbers rounded to
    # the precision the tolerance allows (half-width 5e-4 -> 3 decimals).
    assert "1. (B) second。Because." in answers
    assert "2. (A) a；(B) b（多选）" in answers
    assert "3. 0.269（" in answers
    assert answers.rstrip().endswith(":::")
    assert "first" not in answers
    # An integer answer is printed as the integer.
    assert print_markdown([numeric("几步？", 7, abs_tol=0.5)]).count("1. 7\n") == 1


def test_show_quiz_prints_once_and_scripts_print_nothing(monkeypatch):
    import IPython.display

    from cvbook.printing import PRINT_MIME

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    show_quiz([choice("Which?", {"x": True, "y": False})])
    prints = [o.data[PRINT_MIME] for o in shown]
    assert prints[0].count("1. Which?") == 1 and prints[1] == ""


def test_options_are_put_in_a_fixed_order_that_does_not_favour_the_first():
    opts = {"right": True, "w1": False, "w2": False, "w3": False}
    firsts = []
    for i in range(40):
        q = choice(f"问题 {i}？", opts)
        assert q == choice(f"问题 {i}？", opts)  # the same order on every build
        assert sorted(a["answer"] for a in q["answers"]) == sorted(opts)
        firsts.append(q["answers"][0]["correct"])
    assert 0 < sum(firsts) < 25  # the right answer is first about a quarter of the time
    kept = choice("Q?", opts, keep_order=True)
    assert [a["answer"] for a in kept["answers"]] == list(opts)
