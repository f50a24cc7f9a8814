"""Vendor the browser libraries the website needs, so it reads offline with no third party.

MathJax (math), require.js and the Jupyter widgets HTML manager (widgets rendered from their
embedded state) are fetched from the npm registry at pinned versions, their tarballs checked
against pinned sha512 integrity hashes, and the needed files unpacked into
``_build/vendor/static/vendor/``. ``_config.yml`` serves that folder through ``html_static_path``
and points ``mathjax_path`` and ``nb_ipywidgets_js`` at it.

    python -m cvbook.vendor            (make book runs it; does nothing when up to date)
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "_build" / "vendor" / "static"
DEST = STATIC / "vendor"

#: (npm spec, sha512 integrity of the tarball, {path inside the tarball: path under vendor/})
PACKAGES = [
    (
        "mathjax@3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        {"package/es5/": "mathjax/es5/"},
    ),
    (
        "requirejs@2.3.8",
        "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        {"package/require.js": "require.js"},
    ),
    (
        "@jupyter-widgets/html-manager@1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        {"package/dist/": "html-manager/dist/"},
    ),
]


#: Loaded between require.js and the widget manager: webpack inside the manager finds its fonts
#: next to the AMD module's URL, which require.js would otherwise resolve relative to the page.
WIDGET_PATHS_JS = """\
// Map the widget manager's AMD modules to the vendored copy next to this file.
(function () {
  var base = new URL("html-manager/dist", document.currentScript.src).href;
  require.config({paths: {"@jupyter-widgets/html-manager/dist": base}});
})();
"""


#: Deferred, so it runs after MathJax 3 (also deferred) and before the widgets render (on
#: DOMContentLoaded). Widget labels are typeset through the MathJax 2 call
#: ``MathJax.Hub.Queue(["Typeset", MathJax.Hub, element])``; MathJax 3 has no ``Hub``.
MATHJAX2_SHIM_JS = """\
// Let widgets written for MathJax 2 typeset their labels with MathJax 3.
(function () {
  var mj = window.MathJax;
  if (!mj || mj.Hub || !mj.typesetPromise) return;
  mj.Hub = {
    Queue: function (job) {
      var el = job && job[2];
      mj.typesetPromise(el ? [el] : undefined);
    },
  };
})();
"""


def _stamp() -> str:
    pins = [[spec, integrity] for spec, integrity, _ in PACKAGES]
    return json.dumps(pins + [WIDGET_PATHS_JS, MATHJAX2_SHIM_JS])


def _integrity(path: Path) -> str:
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def _unpack(tarball: Path, members: dict[str, str]) -> int:
    count = 0
    with tarfile.open(tarball, "r:gz") as tar:
        for info in tar.getmembers():
            if not info.isfile():
                continue
            for src, dst in members.items():
                if info.name == src or (src.endswith("/") and info.name.startswith(src)):
                    target = DEST / (dst + info.name[len(src) :] if src.endswith("/") else dst)
                    if DEST.resolve() not in target.resolve().parents:
                        raise RuntimeError(f"refusing to unpack {info.name} outside {DEST}")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with tar.extractfile(info) as fsrc, open(target, "wb") as fdst:
                        shutil.copyfileobj(fsrc, fdst)
                    count += 1
    return count


def vendor(force: bool = False) -> int:
    stamp = STATIC / ".stamp"
    if not force and stamp.exists() and stamp.read_text() == _stamp():
        print("[vendor] MathJax, require.js, widget manager: up to date")
        return 0
    npm = shutil.which("npm")
    if npm is None:
        print(
            "[vendor] npm 不可用：网站需要从 npm 仓库取得 MathJax、require.js 与 Jupyter 控件管理器"
            "（固定版本并校验完整性），以便离线阅读。请先安装 Node.js 与 npm（Debian/Ubuntu："
            "apt-get install npm），再运行 make book。\n"
            "[vendor] npm is missing: install Node.js and npm (e.g. apt-get install npm), then "
            "run make book again.",
            file=sys.stderr,
        )
        return 1
    shutil.rmtree(STATIC, ignore_errors=True)
    DEST.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="cvbook-vendor-") as tmp:
        for spec, integrity, members in PACKAGES:
            out = subprocess.run(
                [npm, "pack", spec, "--json", "--pack-destination", tmp],
                capture_output=True,
                text=True,
                cwd=tmp,
            )
            if out.returncode != 0:
                print(f"[vendor] npm pack {spec} failed:\n{out.stderr}", file=sys.stderr)
                return 1
            filename = json.loads(out.stdout)[0]["filename"]
            tarball = Path(tmp) / filename
            got = _integrity(tarball)
            if got != integrity:
                print(
                    f"[vendor] integrity mismatch for {spec}: expected {integrity}, got {got}",
                    file=sys.stderr,
                )
                return 1
            n = _unpack(tarball, members)
            print(f"[vendor] {spec}: integrity ok, {n} files")
    (DEST / "widget-paths.js").write_text(WIDGET_PATHS_JS, encoding="utf-8")
    (DEST / "mathjax2-shim.js").write_text(MATHJAX2_SHIM_JS, encoding="utf-8")
    stamp.write_text(_stamp())
    return 0


if __name__ == "__main__":
    sys.exit(vendor(force="--force" in sys.argv))
