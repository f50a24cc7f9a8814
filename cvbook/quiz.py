"""Self-quiz renderer built on jupyterquiz.

A chapter builds its questions from values it has computed (never typed twice), then calls
:func:`show_quiz`. The quiz is rendered as inline HTML/JS, so it works on the static website
without a kernel or network, and inside Jupyter.

Example::

    show_quiz([
        choice("哪一项是 softmax 雅可比矩阵？", {r"$\\mathrm{diag}(S) - SS^T$": True,
                                              r"$SS^T$": False}),
        numeric("这个批次的损失是多少？（保留 3 位有效数字）", loss_value, digits=3),
    ])
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Mapping, Sequence
from numbers import Real

__all__ = ["choice", "numeric", "show_quiz"]

_CORRECT = "正确！"
_WRONG = "不对，再想想。"


def _text(name: str, value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def choice(
    question: str,
    options: Mapping[str, bool],
    explanation: str | None = None,
    feedback: Mapping[str, str] | None = None,
    keep_order: bool = False,
) -> dict:
    """Build a multiple-choice question.

    Args:
        question (str): the question text (Markdown/LaTeX allowed).
        options (Mapping[str, bool]): answer text -> whether it is correct. At least two
            options and at least one correct one. With more than one correct option the reader
            must find all of them ("many choice").
        explanation (str, optional): shown when a correct option is chosen.
        feedback (Mapping[str, str], optional): per-option feedback overriding the defaults.
        keep_order (bool): show the options in the given order. By default they are put in an
            order fixed by the question's text (the same on every build, on the website, in
            Jupyter and in the PDF), so that the right answer is not always where the author
            happened to write it (usually first).

    Returns:
        dict: one question in jupyterquiz's format.
    """
    _text("question", question)
    if not isinstance(options, Mapping) or len(options) < 2:
        raise ValueError(f"options must map at least two answers to True/False, got {options!r}")
    for text, ok in options.items():
        _text("options key", text)
        if not isinstance(ok, bool):
            raise ValueError(f"options[{text!r}] must be True or False, got {ok!r}")
    n_correct = sum(options.values())
    if n_correct == 0:
        raise ValueError("options must contain at least one correct answer (value True)")
    feedback = dict(feedback or {})
    unknown = set(feedback) - set(options)
    if unknown:
        raise ValueError(f"feedback has keys that are not options: {sorted(unknown)!r}")
    if explanation is not None:
        _text("explanation", explanation)
    items = list(options.items())
    if not keep_order:
        seed = int.from_bytes(hashlib.sha256(question.encode("utf-8")).digest()[:8], "big")
        random.Random(seed).shuffle(items)
    answers = []
    for text, ok in items:
        default = (explanation or _CORRECT) if ok else _WRONG
        answers.append({"answer": text, "correct": ok, "feedback": feedback.get(text, default)})
    return {
        "question": question,
        "type": "many_choice" if n_correct > 1 else "multiple_choice",
        "answers": answers,
    }


def numeric(
    question: str,
    value: Real,
    rel_tol: float = 0.01,
    abs_tol: float = 0.0,
    explanation: str | None = None,
) -> dict:
    """Build a numeric-answer question whose correct value was computed in the chapter.

    A reply ``r`` is accepted when ``|r - value| <= max(rel_tol * |value|, abs_tol)``.

    Args:
        question (str): the question text.
        value (float): the correct answer, computed by a chapter cell.
        rel_tol (float): accepted relative error, >= 0. Default 1 %.
        abs_tol (float): accepted absolute error, >= 0. Default 0.
        explanation (str, optional): shown when the reply is accepted.

    Returns:
        dict: one question in jupyterquiz's format.
    """
    _text("question", question)
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise ValueError(f"value must be a finite real number, got {value!r}")
    for name, tol in (("rel_tol", rel_tol), ("abs_tol", abs_tol)):
        if isinstance(tol, bool) or not isinstance(tol, Real) or not tol >= 0:
            raise ValueError(f"{name} must be a real number >= 0, got {tol!r}")
    value = float(value)
    half = max(rel_tol * abs(value), abs_tol)
    if half == 0:
        raise ValueError(
            "rel_tol and abs_tol are both zero for value 0: no reply could be accepted"
        )
    if explanation is not None:
        _text("explanation", explanation)
    # jupyterquiz tests ranges as lo <= reply < hi; widen hi by one ulp-ish step to include it.
    lo, hi = value - half, value + half
    hi = math.nextafter(hi, math.inf)
    return {
        "question": question,
        "type": "numeric",
        "answers": [
            {
                "type": "range",
                "range": [lo, hi],
                "correct": True,
                "feedback": explanation or _CORRECT,
            },
            {"type": "default", "feedback": _WRONG},
        ],
    }


def _check_questions(questions) -> list[dict]:
    if isinstance(questions, (str, bytes, Mapping)) or not isinstance(questions, Sequence):
        raise ValueError(f"questions must be a list of questions, got {type(questions).__name__}")
    if not questions:
        raise ValueError("questions must not be empty")
    for i, q in enumerate(questions):
        if not isinstance(q, dict) or q.get("type") not in {
            "multiple_choice",
            "many_choice",
            "numeric",
        }:
            raise ValueError(
                f"questions[{i}] must be built with cvbook.quiz.choice() or numeric(), got {q!r}"
            )
    return list(questions)


#: The quiz script runs once the page has loaded: jupyterquiz reads ``MathJax.version`` half a
#: second after it starts, and on the static site MathJax (loaded with ``defer``) may not be
#: there yet under load; once ``load`` has fired it is. In a live notebook the page is long
#: loaded, so the script runs at once.
_RUN_AFTER_LOAD = """(function () {{
  function cvbookQuiz() {{
{body}
  }}
  if (document.readyState === "complete") {{ cvbookQuiz(); }}
  else {{ window.addEventListener("load", cvbookQuiz); }}
}})();
"""


#: jupyterquiz's colours, taken from the site theme (pydata-sphinx-theme's CSS variables, which
#: follow its light and dark modes), with light fallbacks for Jupyter, where those are undefined.
THEME_COLORS = {
    "--jq-multiple-choice-bg": "var(--pst-color-surface, #f3f4f5)",
    "--jq-many-choice-bg": "var(--pst-color-surface, #f3f4f5)",
    "--jq-numeric-bg": "var(--pst-color-surface, #f3f4f5)",
    "--jq-string-bg": "var(--pst-color-surface, #f3f4f5)",
    "--jq-mc-button-bg": "var(--pst-color-background, #ffffff)",
    "--jq-mc-button-border": "var(--pst-color-border, #d1d5da)",
    "--jq-mc-button-inset-shadow": "var(--pst-color-shadow, #555555)",
    "--jq-numeric-input-bg": "var(--pst-color-background, #ffffff)",
    "--jq-numeric-input-label": "var(--pst-color-text-base, #222832)",
    "--jq-numeric-input-shadow": "var(--pst-color-shadow, #999999)",
    "--jq-text-color": "var(--pst-color-text-base, #222832)",
    "--jq-link-color": "var(--pst-color-link, #0a7d91)",
    # Feedback text on the question panel, and the background of a clicked option.
    "--jq-correct-color": "var(--pst-color-success, #00843f)",
    "--jq-incorrect-color": "var(--pst-color-danger, #d72d47)",
}

#: jupyterquiz's own rules that ignore its colour variables (dark text on option buttons, a light
#: grey background behind inline code), and white text on a clicked option's green or red. The
#: theme gives HTML outputs a light panel in dark mode (for tables); the quiz has its own colours.
_THEME_CSS = """<style>
.output.text_html:has(.Quiz) { background-color: transparent !important; }
.Quiz .MCButton { color: var(--jq-text-color); }
.Quiz code { background-color: var(--pst-color-surface, #f3f4f5); color: inherit; }
.Quiz .correctButton, .Quiz .incorrectButton { color: #ffffff; }
.Quiz .Input-text { color: var(--jq-text-color); border: 1px solid var(--jq-mc-button-border); }
</style>"""

#: The reader-facing strings jupyterquiz writes in English, in the book's language.
STRINGS = {
    '"Type numeric answer here:"': '"输入数值答案："',
    '"Type your answer here:"': '"输入答案："',
    '"Incorrect -- try again."': f'"{_WRONG}"',
    '"Incorrect. Try again."': f'"{_WRONG}"',
    '"Correct!"': f'"{_CORRECT}"',
    'jaxify("Correct")': f'jaxify("{_CORRECT}")',
}


def localize(script: str) -> str:
    """jupyterquiz's script with its English reader-facing strings replaced (see STRINGS)."""
    for english, chinese in STRINGS.items():
        script = script.replace(english, chinese)
    return script


def _answer_number(q: dict) -> str:
    """The accepted value of a numeric question, with as many decimals as its tolerance allows."""
    lo, hi = q["answers"][0]["range"]
    value, half = (lo + hi) / 2, (hi - lo) / 2
    if half <= 0.5 + 1e-9 and abs(value - round(value)) < 1e-9:
        return str(int(round(value)))  # an integer answer: a count, a step number
    decimals = max(0, math.ceil(-math.log10(2 * half))) if half > 0 else 6
    text = f"{value:.{decimals}f}"
    return f"{text}（与 {value:.6g} 相差不超过 {half:.2g} 都算对）"


def print_markdown(questions) -> str:
    """The print version of a quiz (MyST markdown): numbered questions with lettered options, and
    their answers in a container that the PDF moves to its 答案 appendix."""
    from cvbook.printing import ANSWERS_CLASS

    questions = _check_questions(questions)
    lines = ["答案见书末的「答案」。", ""]
    answers = []
    for i, q in enumerate(questions, 1):
        lines.append(f"{i}. {q['question'].strip()}")
        if q["type"] == "numeric":
            answers.append(f"{i}. {_answer_number(q)}")
            lines.append("")
            continue
        lines.append("")
        letters = []
        for k, a in enumerate(q["answers"]):
            letter = chr(ord("A") + k)
            lines.append(f"   - ({letter}) {a['answer'].strip()}")
            if a["correct"]:
                letters.append(f"({letter}) {a['answer'].strip()}")
        lines.append("")
        explained = [a["feedback"] for a in q["answers"] if a["correct"]]
        note = explained[0] if explained and explained[0] != _CORRECT else ""
        many = "（多选）" if q["type"] == "many_choice" else ""
        answers.append(f"{i}. {'；'.join(letters)}{many}" + (f"。{note.strip()}" if note else ""))
    lines += [f":::{{container}} {ANSWERS_CLASS}", *answers, ":::", ""]
    return "\n".join(lines)


def show_quiz(questions, shuffle_answers: bool = False) -> None:
    """Display a quiz in the notebook (and so in the built page and the PDF).

    Args:
        questions (list[dict]): questions built with :func:`choice` and :func:`numeric`.
        shuffle_answers (bool): shuffle the options of multiple-choice questions. Default
            False, so that the static page shows the order the author chose.
    """
    import jupyterquiz.dynamic.display as jq_display
    from IPython.display import HTML, Javascript, display

    from cvbook.printing import Output, bundle

    questions = _check_questions(questions)
    shown = []
    original = jq_display.display
    jq_display.display = shown.append
    try:
        jq_display.display_quiz(
            questions,
            shuffle_answers=shuffle_answers,
            preserve_responses=False,
            colors=dict(THEME_COLORS),
        )
    finally:
        jq_display.display = original
    printed = print_markdown(questions)
    for obj in shown:
        if isinstance(obj, Javascript):
            obj = Output(bundle(javascript=_RUN_AFTER_LOAD.format(body=localize(obj.data))))
        elif isinstance(obj, HTML):
            obj = Output(bundle(html=obj.data + _THEME_CSS, print_md=printed))
            printed = ""
        display(obj)
