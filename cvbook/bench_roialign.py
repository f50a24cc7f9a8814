"""Time 问题 8's vectorised RoIAlign against a library op on the issue's workload (``make bench``).

The workload is the chapter's own ``bench_workload()``: 512 RoIs on a 2×256×64×64 float32 map
(spatial_scale 1/16, 7×7 output, sampling_ratio 2, aligned=True), one thread. The reference op is
the chapter's ``roi_align_grid_sample`` (``F.grid_sample`` plus a mean per bin): the book does not
depend on torchvision, so torchvision.ops.roi_align is not the reference here. The serial
``roi_align`` runs on a few RoIs only and is scaled linearly. Nothing asserts on time.

The chapter's functions are evaluated from the chapter itself, with the loader the tests use
(``tests/chapter_code.py``), so this needs the repository checkout.

    python -m cvbook.bench_roialign [--repeat N] [--serial-rois M]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = (
    "roi_align",
    "roi_align_vectorized",
    "roi_align_grid_sample",
    "bench_workload",
    "best_time",
)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be an int >= 1, got {text!r}")
    return value


def load_chapter() -> dict:
    """The namespace of 问题 8 up to the cell defining the benchmark's functions."""
    if not (ROOT / "tests" / "chapter_code.py").is_file():
        raise SystemExit(f"[bench] needs the repository checkout: {ROOT / 'tests'} not found")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.chapter_code import load

    with contextlib.redirect_stdout(io.StringIO()):  # the chapter's demo cells print
        return load(8, *NAMES)


def measure(ns: dict, repeat: int = 10, serial_rois: int = 8) -> dict:
    """Best-of-``repeat`` times in seconds (interleaved), one thread; the serial time is scaled."""
    import torch

    inp, boxes = ns["bench_workload"]()
    args = (7, 1 / 16, 2, True)  # output_size, spatial_scale, sampling_ratio, aligned
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        t_vec = t_gs = float("inf")
        for _ in range(repeat):
            t, out_vec = ns["best_time"](lambda: ns["roi_align_vectorized"](inp, boxes, *args), 1)
            t_vec = min(t_vec, t)
            t, out_gs = ns["best_time"](lambda: ns["roi_align_grid_sample"](inp, boxes, *args), 1)
            t_gs = min(t_gs, t)
        sub = boxes[:serial_rois]
        t_sub, out_serial = ns["best_time"](lambda: ns["roi_align"](inp, sub, *args), 1)
    finally:
        torch.set_num_threads(threads)
    # A timing of a wrong answer is worth nothing: the three must agree (float32 rounding).
    torch.testing.assert_close(out_vec[:serial_rois], out_serial, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(out_vec, out_gs, rtol=1e-4, atol=1e-4)
    return {
        "vectorized": t_vec,
        "grid_sample": t_gs,
        "serial": t_sub * len(boxes) / len(sub),
        "rois": len(boxes),
        "shape": tuple(inp.shape),
        "serial_rois": len(sub),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=_positive, default=10, help="timed runs per op (best of)")
    parser.add_argument("--serial-rois", type=_positive, default=8, help="RoIs for the serial run")
    opts = parser.parse_args(argv)
    r = measure(load_chapter(), opts.repeat, opts.serial_rois)
    shape = "×".join(str(v) for v in r["shape"])
    print(
        f"[bench] roi_align_vectorized: {1000 * r['vectorized']:.1f} ms, "
        f"grid_sample op: {1000 * r['grid_sample']:.1f} ms, "
        f"ratio {r['vectorized'] / r['grid_sample']:.2f} ({r['rois']} RoIs, {shape}, 1 thread); "
        f"serial ≈ {r['serial']:.1f} s (scaled from {r['serial_rois']} RoIs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
