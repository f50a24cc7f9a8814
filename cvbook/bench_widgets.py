"""Time the live widgets of 问题 8 and 问题 14 in headless Chromium (``make bench`` runs it).

Each widget records the duration of every update (compute + redraw, ``performance.now()``) in
``window.cvbookWidgets.<name>.timings``. This drives every number and range input of the widget
through a sweep of values, as a reader typing or dragging a slider would, and prints the median
and 95th percentile per widget. The budget is 16 ms at the 95th percentile (one frame at 60 Hz);
nothing asserts on it: the numbers depend on the machine.

    python -m cvbook.bench_widgets [--updates N]
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
PAGES = {
    "iou": "chapters/q14-rotated-polygon-iou.html",
    "roi": "chapters/q08-roipool-vs-roialign.html",
}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

#: Sweep the widget's inputs: each step moves one input to another value inside its own range
#: and fires the events a reader's edit fires. Returns the widget's recorded update times.
_SWEEP = """async ([name, updates]) => {
  const root = document.querySelector(`[data-cvbook-widget="${name}"]`);
  const api = window.cvbookWidgets && window.cvbookWidgets[name];
  if (!root || !api || !Array.isArray(api.timings)) return null;
  const inputs = [...root.querySelectorAll('input[type="number"], input[type="range"]')]
    .filter((el) => el.offsetParent !== null && !el.disabled);
  if (!inputs.length) return null;
  api.timings.length = 0;
  for (let i = 0; i < updates; i++) {
    const el = inputs[i % inputs.length];
    const lo = el.min === "" ? Number(el.value) - 5 : Number(el.min);
    const hi = el.max === "" ? Number(el.value) + 5 : Number(el.max);
    const t = (Math.sin(i * 0.37) + 1) / 2;
    const step = Number(el.step) > 0 ? Number(el.step) : 0;
    let v = lo + t * (hi - lo);
    if (step) v = lo + Math.round((v - lo) / step) * step;
    el.value = String(v);
    el.dispatchEvent(new Event("input", {bubbles: true}));
    el.dispatchEvent(new Event("change", {bubbles: true}));
    if (i % 10 === 9) await new Promise((r) => requestAnimationFrame(r));
  }
  return api.timings.slice();
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * (len(s) - 1))))]


def measure(updates: int = 300) -> dict[str, dict]:
    """Drive each widget through ``updates`` input changes; its update times' median and p95.

    Returns:
        dict: widget name -> {"updates", "median_ms", "p95_ms"}, or {"error": message}.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return {n: {"error": "no chromium (apt-get install chromium)"} for n in PAGES}
    if not (HTML / "index.html").exists():
        return {n: {"error": "the book is not built (make book)"} for n in PAGES}
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    out: dict[str, dict] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=FLAGS)
            for name, page_path in PAGES.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(f"{base}/{page_path}", wait_until="load")
                page.wait_for_timeout(500)
                times = page.evaluate(_SWEEP, [name, updates])
                page.close()
                if not times:
                    out[name] = {"error": f"no inputs or no timings found on {page_path}"}
                    continue
                out[name] = {
                    "updates": len(times),
                    "median_ms": _percentile(times, 0.5),
                    "p95_ms": _percentile(times, 0.95),
                }
            browser.close()
    finally:
        httpd.shutdown()
    return out


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    updates = int(args[args.index("--updates") + 1]) if "--updates" in args else 300
    status = 0
    for name, r in measure(updates).items():
        if "error" in r:
            print(f"[bench] widget {name}: {r['error']}")
            status = 1
            continue
        verdict = "within" if r["p95_ms"] <= 16 else "OVER"
        print(f"[bench] widget {name}: {r['updates']} updates, median {r['median_ms']:.2f} ms, "
              f"p95 {r['p95_ms']:.2f} ms ({verdict} the 16 ms budget)")  # fmt: skip
    return status


if __name__ == "__main__":
    sys.exit(main())
