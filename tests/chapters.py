"""Reading chapters for the structure tests: the toc, code cells, sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cvbook.build import ASSERTING, toc_files  # noqa: F401 (ASSERTING re-exported)

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = ["30 秒回答", "详解", "实现与验证", "图示", "常见追问", "自测", "参考"]
CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)


@dataclass
class Chapter:
    path: Path
    text: str
    number: int = field(init=False)
    cells: list[str] = field(init=False)

    def __post_init__(self):
        self.number = int(self.path.name[1:3])
        self.cells = [_strip_cell_options(c) for c in CODE_CELL.findall(self.text)]

    @property
    def prose(self) -> str:
        return CODE_CELL.sub("", self.text)

    def h2(self) -> list[str]:
        return [m.strip() for m in re.findall(r"^## (.+)$", self.prose, re.M)]


def _strip_cell_options(cell: str) -> str:
    # Leading `---\n...\n---` YAML block or `:key: value` lines belong to the cell options.
    if cell.startswith("---\n"):
        end = cell.find("\n---\n", 4)
        if end != -1:
            return cell[end + 5 :]
    lines = cell.splitlines(keepends=True)
    while lines and lines[0].startswith(":"):
        lines.pop(0)
    return "".join(lines)


def toc_chapters(root: Path = ROOT) -> list[Chapter]:
    out: list = []
    for f in toc_files(root):
        if f.startswith("chapters/"):
            path = root / (f if f.endswith(".md") else f + ".md")
            out.append(Chapter(path, path.read_text(encoding="utf-8")) if path.exists() else path)
    return out
