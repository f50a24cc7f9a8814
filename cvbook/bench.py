"""``make bench``: the book's speed and weight, measured, in one table.

Measures, on the machine it runs on:

- the cold build (every chapter executed from an empty cache, then the HTML) and its phases;
- a no-change ``make book`` (make's timestamp check) and a no-change Sphinx pass (what
  ``jupyter-book build`` costs when it has nothing to do);
- the slowest chapters (execution seconds from the execution cache);
- 问题 8's vectorised RoIAlign against a library op, same process (cvbook.bench_roialign);
- the live widgets' update time in headless Chromium (cvbook.bench_widgets);
- the site's weight and its largest page.

It prints the table and writes it to ``appendix/bench.json``, which the 执行统计 page renders
(``cvbook-bench`` directive), with the date and the machine it was measured on. Nothing here is
asserted: the numbers depend on the machine.

    python -m cvbook.bench
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
HTML = BUILD / "html"
RESULT = ROOT / "appendix" / "bench.json"
BIN = Path(sys.executable).parent


def _run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _chapter_seconds() -> list[tuple[str, float]]:
    from jupyter_cache import get_cache

    from cvbook.build import CACHE, toc_chapters

    cache = get_cache(str(CACHE))
    rows = []
    for path in toc_chapters():
        try:
            record = cache.get_cached_project_nb(str(path.resolve()))
        except Exception:
            record = None
        if record is not None and record.data.get("execution_seconds") is not None:
            rows.append((path.stem, float(record.data["execution_seconds"])))
    return sorted(rows, key=lambda r: -r[1])


def _site() -> dict:
    files = [f for f in HTML.rglob("*") if f.is_file()]
    pages = sorted(HTML.glob("chapters/*.html"), key=lambda f: f.stat().st_size)
    return {
        "site_mb": sum(f.stat().st_size for f in files) / 2**20,
        "largest_page": pages[-1].stem if pages else None,
        "largest_page_kb": pages[-1].stat().st_size / 1024 if pages else None,
    }


def _roialign(module) -> dict:
    try:
        r = module.measure(module.load_chapter())
    except Exception as exc:  # a bench reports what failed and goes on with the other rows
        return {"error": f"{type(exc).__name__}: {exc}"}
    shape = "×".join(str(v) for v in r["shape"])
    return {
        "ms": 1000 * r["vectorized"],
        "reference_ms": 1000 * r["grid_sample"],
        "ratio": r["vectorized"] / r["grid_sample"],
        "reference": "F.grid_sample 版 RoIAlign",
        "workload": f"{r['rois']} 个 RoI，{shape}，单线程",
    }


def measure() -> dict:
    from cvbook import bench_roialign, bench_widgets

    for sub in (".jupyter_cache", "html", "jupyter_execute", ".doctrees"):
        shutil.rmtree(BUILD / sub, ignore_errors=True)
    jobs = os.environ.get("JOBS", "2")
    t_exec = _run([sys.executable, "-m", "cvbook.build", "execute", "--jobs", jobs])
    jb = [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going", "-q"]
    t_html = _run(jb)
    (HTML / ".built").touch()  # make book now has nothing to do
    t_make = _run(["make", "book"])
    t_sphinx = _run(jb)
    (HTML / ".built").touch()
    return {
        "date": date.today().isoformat(),
        "machine": f"{os.cpu_count()} 核，{_cpu()}",
        "python": platform.python_version(),
        "cold_build_s": t_exec + t_html,
        "cold_execute_s": t_exec,
        "cold_html_s": t_html,
        "nochange_make_book_s": t_make,
        "nochange_sphinx_s": t_sphinx,
        "slowest_chapters": _chapter_seconds()[:5],
        "roialign": _roialign(bench_roialign),
        "widgets": bench_widgets.measure(),
        **_site(),
    }


def rows(r: dict) -> list[tuple[str, str]]:
    """The table as (what, value) rows, in Chinese: the page and the terminal show the same."""
    out = [
        ("冷启动构建（空缓存：执行全部章节 + 生成网页）", f"{r['cold_build_s']:.0f} s"),
        ("　其中执行章节 / 生成网页", f"{r['cold_execute_s']:.0f} s / {r['cold_html_s']:.0f} s"),
        ("无改动时的 make book", f"{r['nochange_make_book_s']:.2f} s"),
        ("无改动时 jupyter-book build 自身", f"{r['nochange_sphinx_s']:.1f} s"),
    ]
    for stem, seconds in r["slowest_chapters"]:
        out.append((f"最慢的章节：{stem}", f"{seconds:.1f} s"))
    ra = r["roialign"]
    if "error" in ra:
        out.append(("问题 8 RoIAlign 向量化实现", ra["error"]))
    else:
        label = f"问题 8 RoIAlign：向量化实现 / {ra['reference']}（{ra['workload']}）"
        value = f"{ra['ms']:.0f} ms / {ra['reference_ms']:.0f} ms = {ra['ratio']:.2f} 倍"
        out.append((label, value))
    for name, w in r["widgets"].items():
        label = {"iou": "问题 14 IoU 控件", "roi": "问题 8 RoIAlign 控件"}.get(name, name)
        if "error" in w:
            out.append((f"{label}每次刷新", w["error"]))
        else:
            out.append((f"{label}每次刷新（{w['updates']} 次，中位数 / 95 分位）",
                        f"{w['median_ms']:.1f} ms / {w['p95_ms']:.1f} ms"))  # fmt: skip
    out.append(("网站总大小", f"{r['site_mb']:.1f} MB"))
    if r["largest_page"]:
        out.append((f"最大的章节页面（{r['largest_page']}）", f"{r['largest_page_kb']:.0f} KB"))
    return out


def main() -> int:
    r = measure()
    RESULT.write_text(json.dumps(r, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"[bench] {r['date']}, {r['machine']}, Python {r['python']}")
    width = max(len(k) for k, _ in rows(r))
    for k, v in rows(r):
        print(f"  {k:{width}s}  {v}")
    print(f"[bench] written to {RESULT.relative_to(ROOT)} (the 执行统计 page shows it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
