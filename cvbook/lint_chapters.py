"""Lint the code cells of every chapter with ruff (through jupytext), as `make lint` does."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    import jupytext

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
        else:
            print(f"lint_chapters: {len(chapters)} chapters clean")
        return result.returncode


if __name__ == "__main__":
    sys.exit(main())
