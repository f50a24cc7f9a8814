"""The book's glossary (appendix/glossary.yml): one term for one thing.

:func:`load` reads the entries, :func:`violations` finds rejected variants in a page's prose, and
:func:`table` renders the 术语表 page's table (the ``cvbook-glossary`` directive of
cvbook.sphinxext).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "appendix" / "glossary.yml"


@dataclass(frozen=True)
class Term:
    term: str
    en: str
    rejected: tuple[str, ...]
    note: str
    #: Longer terms that contain a rejected variant and are right as they are (半难负样本).
    allowed: tuple[str, ...] = ()


@cache
def load(path: Path = GLOSSARY) -> tuple[Term, ...]:
    """The glossary entries, checked: every field present, no variant listed twice."""
    import yaml

    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of entries, got {type(raw).__name__}")
    terms, seen = [], {}
    for i, entry in enumerate(raw):
        missing = {"term", "en", "rejected", "note"} - set(entry or {})
        if missing:
            raise ValueError(f"{path}: entry {i} lacks {sorted(missing)}")
        for variant in entry["rejected"]:
            if variant in seen:
                raise ValueError(f"{path}: {variant!r} rejected by both {seen[variant]!r} and "
                                 f"{entry['term']!r}")  # fmt: skip
            seen[variant] = entry["term"]
        terms.append(
            Term(
                entry["term"],
                entry["en"],
                tuple(entry["rejected"]),
                entry["note"],
                tuple(entry.get("allowed", ())),
            )
        )
    return tuple(terms)


_CODE_CELL = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1\s*$", re.S | re.M)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$(?: *\([\w-]+\))?", re.S)  # with its (label)
_INLINE_MATH = re.compile(r"(?<!\\)\$[^$\n]+?(?<!\\)\$")
_INLINE_CODE = re.compile(r"``.+?``|`[^`\n]+`")
_ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
_LINK_URL = re.compile(r"\]\([^)]*\)")
_OPTION = re.compile(r"^\s*:[\w-]+:.*$", re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_TAG = re.compile(r"<[^>\n]+>")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_H1 = re.compile(r"^# .*$", re.M)
#: The question list that intro.md generates from the original titles (verbatim, not prose).
_QUESTIONS = re.compile(r"<!-- questions:start.*?<!-- questions:end -->", re.S)
_TARGET = re.compile(r"^\([\w-]+\)=\s*$", re.M)  # (label)=


def prose(text: str, keep_inline_code: bool = False) -> str:
    """A page's reader-facing prose: markup that is not prose is blanked, offsets kept.

    Args:
        text (str): a MyST page.
        keep_inline_code (bool): keep `inline code` (the reader sees it too). Default False.
    """

    def blank(m: re.Match) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    patterns = (_FRONT_MATTER, _QUESTIONS, _CODE_CELL, _COMMENT, _DISPLAY_MATH, _ROLE, _INLINE_CODE,
                _INLINE_MATH, _LINK_URL, _OPTION, _HTML_TAG, _H1, _TARGET)  # fmt: skip
    for pattern in patterns:
        if not (keep_inline_code and pattern is _INLINE_CODE):
            text = pattern.sub(blank, text)
    return text


def _pattern(variant: str) -> re.Pattern:
    word = re.escape(variant)
    if variant.isascii():
        # Whole words: a hyphenated name (batch-hard, space-to-batch) is a name, not the word.
        return re.compile(rf"(?<![A-Za-z0-9_-]){word}(?![A-Za-z0-9_-])")
    return re.compile(word)


def _annotated(body: str, start: int, term: str) -> bool:
    """Whether position ``start`` lies in parentheses that directly follow ``term``."""
    opened = max(body.rfind("（", 0, start), body.rfind("(", 0, start))
    if opened < 0 or max(body.rfind("）", opened, start), body.rfind(")", opened, start)) >= 0:
        return False
    return body[:opened].rstrip(" ").endswith(term)


def violations(
    text: str, terms: tuple[Term, ...] | None = None
) -> list[tuple[int, int, int, str, str]]:
    """Rejected variants in the prose of ``text``.

    A variant inside the parentheses right after its preferred term, e.g. 「缓冲区（buffer）」, is
    allowed.

    Returns:
        list of (line number, start offset, end offset, variant found, preferred term), sorted.
    """
    terms = load() if terms is None else terms
    body = prose(text)
    out = []
    for t in terms:
        spared = [(m.start(), m.end()) for a in t.allowed for m in re.finditer(re.escape(a), body)]
        for variant in t.rejected:
            for m in _pattern(variant).finditer(body):
                if any(s <= m.start() and m.end() <= e for s, e in spared):
                    continue
                if not _annotated(body, m.start(), t.term):
                    line = body.count("\n", 0, m.start()) + 1
                    out.append((line, m.start(), m.end(), variant, t.term))
    return sorted(out)


_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def fix(text: str, terms: tuple[Term, ...] | None = None) -> str:
    """Replace every rejected variant in the prose of ``text`` by its preferred term.

    A space that separated an English variant from Chinese text is dropped with it. The result
    needs reading: a mechanical replacement can leave an awkward sentence.
    """
    found = violations(text, terms)
    # Longest first where two variants overlap (「batch size」 before 「batch」).
    taken: list[tuple[int, int, str]] = []
    for _, start, end, _variant, term in sorted(found, key=lambda v: (v[1], -(v[2] - v[1]))):
        if taken and start < taken[-1][1]:
            continue
        taken.append((start, end, term))
    for start, end, term in reversed(taken):
        if _CJK.match(term):
            if end < len(text) - 1 and text[end] == " " and _CJK.match(text[end + 1]):
                end += 1
            if start > 1 and text[start - 1] == " " and _CJK.match(text[start - 2]):
                start -= 1
        text = text[:start] + term + text[end:]
    return text


def table(terms: tuple[Term, ...] | None = None) -> str:
    """The 术语表 as a Markdown table, sorted by the preferred term's order in the file."""
    terms = load() if terms is None else terms
    rows = ["| 本书写法 | 英文 | 不再使用 | 说明 |", "|---|---|---|---|"]
    for t in terms:
        rejected = "、".join(t.rejected)
        rows.append(f"| **{t.term}** | {t.en} | {rejected} | {t.note} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    """``python -m cvbook.glossary [--fix] FILE...``: list (or replace) rejected variants."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    do_fix = "--fix" in args
    paths = [Path(a) for a in args if a != "--fix"]
    count = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if do_fix:
            fixed = fix(text)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")
            text = fixed
        for line, _, _, variant, term in violations(text):
            print(f"{path}:{line}: 「{variant}」→ 本书写作「{term}」（appendix/glossary.yml）")
            count += 1
    return 1 if count else 0


if __name__ == "__main__":
    raise SystemExit(main())
