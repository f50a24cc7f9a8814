"""Lint every chapter, as `make lint` does.

Code cells: ruff (through jupytext). Prose, the book-wide rules of CONTRIBUTING.md: the glossary
(appendix/glossary.yml), the shape of the 30 秒回答, a multiple-choice item in every self-quiz,
and no build internals on reader pages.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from cvbook import glossary

ROOT = Path(__file__).resolve().parent.parent


#: 30 秒回答: what one says in about a minute.
MAX_BULLETS = 6
MAX_ANSWER_CHARS = 350
#: Words that speak of the book, its build or its checks, not of the question.
ANSWER_OFF_TOPIC = re.compile(r"本书|本章|断言|单元格|勘误|构建|验证了")
#: Build internals that a reader of the website should never see.
INTERNALS = re.compile(
    r"remove-(?:input|output|cell)|hide-(?:input|output|cell)|skip-execution|jupyter-cache|"
    r"nbclient|myst-nb|myst_nb|单元格(?:的)?标签|导入(?:耗时|时间)|import (?:time|耗时)"
)
_SECTION = re.compile(r"^## (.+?)\s*$", re.M)


def section(text: str, title: str) -> tuple[int, str]:
    """(first line number, text) of the level-2 section called ``title``; (0, "") if absent."""
    heads = list(_SECTION.finditer(text))
    for i, m in enumerate(heads):
        if m.group(1) == title:
            end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            return text.count("\n", 0, m.start()) + 1, text[m.end() : end]
    return 0, ""


def section_end(text: str, title: str) -> int:
    """Last line number of the level-2 section called ``title``; 0 if absent."""
    start, body = section(text, title)
    return start + body.count("\n") if start else 0


def spoken_length(text: str) -> int:
    """Length of prose as said aloud: one per Chinese character, per English word or number,
    per formula."""
    body = glossary.prose(re.sub(r"\$[^$\n]+\$", " x ", text))
    return len(re.findall(r"[\u4e00-\u9fff]|[A-Za-z0-9][A-Za-z0-9.+\-_/]*", body))


_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
_CAPTION = re.compile(r"^\s*caption:\s*(.+)$", re.M)


def reader_strings(text: str) -> list[tuple[int, str]]:
    """Text from code cells that readers see on the page: figure captions (cell options) and the
    Chinese string literals of the self-quiz cell. Returns (line number, text) pairs."""
    import ast
    import io
    import tokenize

    out = []
    quiz_start, _ = section(text, "自测")
    quiz_end = section_end(text, "自测")
    for cell in _CELL.finditer(text):
        first = text.count("\n", 0, cell.start(1)) + 1
        body = cell.group(1)
        for m in _CAPTION.finditer(body):
            out.append((first + body.count("\n", 0, m.start()), m.group(1)))
        if not quiz_start or not quiz_start < first <= quiz_end:
            continue
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(body).readline))
        except (tokenize.TokenError, SyntaxError):
            continue
        for tok in tokens:
            if tok.type == tokenize.STRING and not tok.string.lstrip("rRbBuU").startswith(
                ("f", "F")
            ):
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError):
                    continue
                # Reader-facing quiz text is Chinese; keys and code names are not checked.
                if isinstance(value, str) and re.search(r"[\u4e00-\u9fff]", value):
                    out.append((first + tok.start[0] - 1, value))
    return out


def term_problems(text: str) -> list[tuple[int, str]]:
    """Rejected variants of the glossary's terms in the prose, figure captions and quiz text."""
    found = [(line, variant, term) for line, _, _, variant, term in glossary.violations(text)]
    for line, string in reader_strings(text):
        found += [(line, variant, term) for _, _, _, variant, term in glossary.violations(string)]
    return [(line, f"「{variant}」→ 本书写作「{term}」（appendix/glossary.yml）")
            for line, variant, term in found]  # fmt: skip


def answer_problems(text: str) -> list[tuple[int, str]]:
    """The 30 秒回答: 1–6 bullets, short enough to say in a minute, only about the question."""
    start, answer = section(text, "30 秒回答")
    if not start:
        return []
    out = []
    bullets = re.findall(r"^[-*] ", answer, re.M)
    if not 1 <= len(bullets) <= MAX_BULLETS:
        out.append((start, f"30 秒回答 has {len(bullets)} bullets (1–{MAX_BULLETS})"))
    n = spoken_length(answer)
    if n > MAX_ANSWER_CHARS:
        why = "Chinese characters, English words and formulas count one each"
        out.append((start, f"30 秒回答 is {n} characters long (at most {MAX_ANSWER_CHARS}: {why})"))
    for m in ANSWER_OFF_TOPIC.finditer(glossary.prose(answer)):
        line = start + answer.count("\n", 0, m.start())
        out.append((line, f"30 秒回答 speaks of the book (「{m.group(0)}」): keep it to the "
                          "answer; 勘误 and verification belong in 详解"))  # fmt: skip
    return out


def quiz_problems(text: str) -> list[tuple[int, str]]:
    """The self-quiz has at least one multiple-choice item."""
    start, quiz = section(text, "自测")
    if start and not re.search(r"\bchoice\(", quiz):
        return [(start, "the self-quiz has no multiple-choice item (cvbook.quiz.choice)")]
    return []


def internals_problems(text: str) -> list[tuple[int, str]]:
    """Build internals (cell tags, import times, caches) named on a reader page."""
    body = glossary.prose(text, keep_inline_code=True)
    return [
        (body.count("\n", 0, m.start()) + 1, f"build internals on a reader page: 「{m.group(0)}」")
        for m in INTERNALS.finditer(body)
    ]


ALL_RULES = (term_problems, answer_problems, quiz_problems, internals_problems)
#: The rules `make lint` enforces on every chapter.
ENFORCED = ALL_RULES


def prose_problems(path: Path, rules=ALL_RULES) -> list[str]:
    """Book-wide prose rules for one page: a list of 'file:line: message'."""
    text = path.read_text(encoding="utf-8")
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return [f"{rel}:{line}: {msg}" for rule in rules for line, msg in sorted(rule(text))]


def main(argv=None) -> int:
    """``python -m cvbook.lint_chapters``: every chapter, code and the enforced prose rules.
    ``python -m cvbook.lint_chapters --prose FILE...``: all prose rules on the given pages."""
    import jupytext

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--prose"]:
        problems = [p for path in args[1:] for p in prose_problems(Path(path).resolve())]
        print("\n".join(problems) or f"lint_chapters: {len(args) - 1} pages clean (prose)")
        return 1 if problems else 0

    chapters = sorted((ROOT / "chapters").glob("q[0-9][0-9]-*.md"))
    if not chapters:
        print("lint_chapters: no chapters found")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "chapters"
        out.mkdir()
        for path in chapters:
            nb = jupytext.read(path)
            jupytext.write(nb, out / (path.stem.replace("-", "_") + ".py"), fmt="py:percent")
        cmd = [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--config",
            str(ROOT / "pyproject.toml"),
            # Notebook cells: imports in later cells, bare expressions that display, long
            # prose-like lines, redefinition across cells and import order are normal.
            "--config",
            'lint.per-file-ignores = {"*.py" = ["E402", "B018", "F811", "E501", "I001"]}',
            str(out),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True)
        text = (result.stdout + result.stderr).replace(str(out) + "/", "chapters/")
        if result.returncode != 0:
            print(text)
            print(
                "lint_chapters: fix the chapter code cells above (file names are the chapters "
                "with - replaced by _ and .py for .md)"
            )
    pages = [*chapters, ROOT / "intro.md"]
    problems = [p for path in pages for p in prose_problems(path, ENFORCED)]
    if problems:
        print("\n".join(problems))
        print(f"lint_chapters: {len(problems)} prose problems (rules in CONTRIBUTING.md)")
    if result.returncode == 0 and not problems:
        print(f"lint_chapters: {len(chapters)} chapters clean (code and prose)")
    return 1 if result.returncode or problems else 0


if __name__ == "__main__":
    sys.exit(main())
