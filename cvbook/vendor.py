"""Copy the browser libraries the website serves itself, so it reads offline with no third party.

The libraries (MathJax for the math, JSXGraph for the live widgets of 问题 8 and 问题 14) are
pinned in ``package.json`` / ``package-lock.json`` and installed with ``npm ci``, which checks
every tarball against the lock file's integrity hash. Only the files that pages load are copied
into ``_build/vendor/static/vendor/``; ``_config.yml`` serves that folder through
``html_static_path`` and points ``mathjax_path`` at it, and ``cvbook.sphinxext`` adds JSXGraph to
the pages that hold a widget.

    python -m cvbook.vendor            (make book runs it; does nothing when up to date)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "_build" / "vendor" / "static"
DEST = STATIC / "vendor"
MODULES = ROOT / "node_modules"

#: {path under node_modules: path under vendor/}; a trailing / copies a folder.
#: MathJax: the combined TeX/MathML → CHTML component, its web fonts, the TeX extensions its
#: autoload fetches on first use of a macro (\cancel, \color, …), and the accessibility and menu
#: components its context menu loads on demand, with the speech rules of its default locale
#: (English; the other twelve locales would add 3.4 MB for a menu option few readers open). Its
#: other outputs (SVG), inputs (AsciiMath) and combined files are never loaded.
FILES = {
    "mathjax/es5/tex-mml-chtml.js": "mathjax/es5/tex-mml-chtml.js",
    "mathjax/es5/output/chtml/fonts/woff-v2/": "mathjax/es5/output/chtml/fonts/woff-v2/",
    "mathjax/es5/input/tex/extensions/": "mathjax/es5/input/tex/extensions/",
    "mathjax/es5/a11y/": "mathjax/es5/a11y/",
    "mathjax/es5/ui/": "mathjax/es5/ui/",
    "mathjax/es5/sre/mathmaps/base.json": "mathjax/es5/sre/mathmaps/base.json",
    "mathjax/es5/sre/mathmaps/en.json": "mathjax/es5/sre/mathmaps/en.json",
    "mathjax/LICENSE": "mathjax/LICENSE",
    "jsxgraph/distrib/jsxgraphcore.js": "jsxgraph/jsxgraphcore.js",
    "jsxgraph/distrib/jsxgraph.css": "jsxgraph/jsxgraph.css",
    "jsxgraph/LICENSE.MIT": "jsxgraph/LICENSE.MIT",
}


def _stamp() -> str:
    lock = (ROOT / "package-lock.json").read_bytes()
    return hashlib.sha256(lock + json.dumps(FILES, sort_keys=True).encode()).hexdigest()


def _npm_ci() -> int:
    npm = shutil.which("npm")
    if npm is None:
        print(
            "[vendor] npm 不可用：网站需要从 npm 仓库取得 MathJax 与 JSXGraph"
            "（版本由 package-lock.json 固定并校验完整性），以便离线阅读。"
            "请先安装 Node.js 与 npm（Debian/Ubuntu：apt-get install npm），再运行 make book。\n"
            "[vendor] npm is missing: install Node.js and npm (e.g. apt-get install npm), then "
            "run make book again.",
            file=sys.stderr,
        )
        return 1
    out = subprocess.run(
        [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        print(f"[vendor] npm ci failed:\n{out.stdout}{out.stderr}", file=sys.stderr)
    return out.returncode


def _copy(src: str, dst: str) -> int:
    source, target = MODULES / src, DEST / dst
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing after npm ci: is FILES out of date?")
    if src.endswith("/"):
        shutil.copytree(source, target)
        return sum(1 for f in target.rglob("*") if f.is_file())
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return 1


def vendor(force: bool = False) -> int:
    stamp = STATIC / ".stamp"
    if not force and stamp.exists() and stamp.read_text() == _stamp():
        print("[vendor] MathJax, JSXGraph: up to date")
        return 0
    if _npm_ci() != 0:
        return 1
    shutil.rmtree(STATIC, ignore_errors=True)
    DEST.mkdir(parents=True)
    count = sum(_copy(src, dst) for src, dst in FILES.items())
    size = sum(f.stat().st_size for f in DEST.rglob("*") if f.is_file())
    print(f"[vendor] npm ci (lock file integrity checked); {count} files, {size / 2**20:.1f} MB")
    stamp.write_text(_stamp())
    return 0


if __name__ == "__main__":
    sys.exit(vendor(force="--force" in sys.argv))
