"""Build tooling behind the Makefile: parallel pre-execution, one-chapter runs, timings.

    python -m cvbook.build execute [--jobs N]   execute changed chapters into the jupyter-cache
    python -m cvbook.build chapter 08           execute one chapter, report its assertions
    python -m cvbook.build preview 08           throw-away build, chapter 08's warnings
    python -m cvbook.build bench                per-chapter execution times and page weights
    python -m cvbook.build chapters             list the chapters in _toc.yml
    python -m cvbook.build questions            rewrite intro.md's list of the 31 questions

Chapters are executed by the same jupyter-cache that ``jupyter-book build`` reads
(``execute_notebooks: cache``), so a chapter executed here is not executed again by the build,
and a chapter whose code did not change is not executed at all. A chapter that fails here is
reported with its traceback; the build then runs it again and fails on it.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"
READ_MD = {"name": "myst_nb_md", "type": "plugin"}
TIMEOUT = 300  # seconds per cell; a chapter's budget is far lower (see CONTRIBUTING.md)
#: A code cell that can fail the build on a wrong number (also used by the structure tests).
ASSERTING = re.compile(
    r"\bassert\b|assert_close|assert_allclose|assert_array_equal|assert_equal|pytest\.raises"
)


def toc_files(root: Path = ROOT) -> list[str]:
    """Every ``file:`` entry of ``_toc.yml`` (chapters, appendix pages), in reading order."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("file"), str):
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    return files


def toc_parts(root: Path = ROOT, name: str = "_toc.yml") -> list[tuple[str, list[str]]]:
    """``(caption, files)`` for each part of ``_toc.yml``, in reading order.

    Files are given as in the toc, without a suffix (``chapters/q08-roipool-vs-roialign``). A toc
    without parts (``chapters:`` directly under the root) gives one part with an empty caption.
    """
    import yaml

    toc = yaml.safe_load((root / name).read_text(encoding="utf-8"))

    def files(entries) -> list[str]:
        out: list[str] = []
        for entry in entries or []:
            if isinstance(entry, dict):
                if isinstance(entry.get("file"), str):
                    out.append(re.sub(r"\.(md|ipynb)$", "", entry["file"]))
                out += files(entry.get("sections"))
        return out

    if "parts" in toc:
        return [(p.get("caption") or "", files(p.get("chapters"))) for p in toc["parts"]]
    return [("", files(toc.get("chapters")))]


def toc_chapters(root: Path = ROOT) -> list[Path]:
    """The chapter files listed in ``_toc.yml``, in reading order."""
    out = []
    for f in toc_files(root):
        if f.startswith("chapters/"):
            path = root / f
            out.append(path if path.suffix else path.with_suffix(".md"))
    return out


def find_chapter(q: str, root: Path = ROOT) -> Path:
    """The chapter file for question number ``q`` ("8", "08")."""
    if not re.fullmatch(r"\d{1,2}", str(q)):
        raise ValueError(f"Q must be a question number such as 01 or 8, got {q!r}")
    matches = sorted((root / "chapters").glob(f"q{int(q):02d}-*.md"))
    if len(matches) != 1:
        raise ValueError(f"Q={q}: expected one chapters/q{int(q):02d}-*.md, found {len(matches)}")
    return matches[0]


def _env_single_thread() -> None:
    # Each kernel inherits this: two kernels in parallel on two cores, one thread each.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"


def _rel(path) -> str:
    return os.path.relpath(str(path), str(ROOT))


def _ipc_kernel_manager():
    """A KernelManager whose kernels talk over Unix sockets in a private temporary folder.

    The default transport is TCP on 127.0.0.1, unencrypted, for which every ipykernel logs a
    warning ("Kernel is running over TCP without encryption") into the build output. IPC sockets
    are local, private to the user and need no encryption, so the warning never arises.
    """
    import shutil
    import tempfile

    from jupyter_client.manager import KernelManager

    class IPCKernelManager(KernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            super().__init__(**kwargs)
            self._ipc_folder = None
            if self.transport == "ipc":
                self._ipc_folder = tempfile.mkdtemp(prefix="cvbook-kernel-")
                self.ip = os.path.join(self._ipc_folder, "kernel")

        def cleanup_resources(self, restart=False):
            super().cleanup_resources(restart=restart)
            if self._ipc_folder and not restart:
                shutil.rmtree(self._ipc_folder, ignore_errors=True)

    return IPCKernelManager


def execute(jobs: int = 2, paths: list[Path] | None = None, force: bool = False) -> int:
    """Execute the chapters whose code changed since their last successful run, in parallel.

    Returns the number of chapters that failed.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbProjectRecord
    from jupyter_cache.executors.basic import ExecutionWorkerLocalSerial, ProcessData
    from jupyter_cache.executors.utils import single_nb_execution

    _env_single_thread()
    paths = [Path(p).resolve() for p in (paths or toc_chapters())]
    cache = get_cache(str(CACHE))
    for record in cache.list_project_records():
        if not Path(record.uri).exists():  # a chapter renamed or deleted since it was cached
            cache.remove_nb_from_project(record.pk)
    for p in paths:
        cache.add_nb_to_project(str(p), read_data=READ_MD)
    uris = [str(p) for p in paths]
    if force:
        todo = cache.list_project_records(filter_uris=uris)
    else:
        todo = cache.list_unexecuted(filter_uris=uris)
    NbProjectRecord.remove_tracebacks([r.pk for r in todo], cache.db)
    total = len(todo)
    cached = len(paths) - total
    print(
        f"[execute] {len(paths)} chapters: {cached} up to date in the cache, "
        f"{total} to execute on {jobs} kernels",
        flush=True,
    )
    if not total:
        return 0
    logger = logging.getLogger("cvbook.execute")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    manager_class = _ipc_kernel_manager()

    class Worker(ExecutionWorkerLocalSerial):
        @staticmethod
        def execute(project_nb, data):
            return single_nb_execution(
                project_nb.nb,
                cwd=str(Path(project_nb.uri).parent),
                timeout=data.timeout,
                allow_errors=data.allow_errors,
                kernel_manager_class=manager_class,
            )

    worker = Worker(logger)

    def run(record):
        t0 = time.perf_counter()
        code, _ = worker(ProcessData(record.pk, record.uri, cache, TIMEOUT, False))
        return record, code, time.perf_counter() - t0

    failed = []
    t_start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run, r) for r in todo]
        for done, fut in enumerate(as_completed(futures), 1):
            record, code, seconds = fut.result()
            status = "ok" if code == 0 else "FAILED"
            print(
                f"[execute] {done}/{total} {status:6s} {seconds:6.1f} s  {_rel(record.uri)}  "
                f"({total - done} left)",
                flush=True,
            )
            if code != 0:
                failed.append(record)
    print(f"[execute] done in {time.perf_counter() - t_start:.1f} s", flush=True)
    for record in failed:
        tb = cache.get_project_record(record.pk).traceback or "(no traceback recorded)"
        print(f"\n[execute] {_rel(record.uri)} failed:\n{_strip_ansi(tb)[-4000:]}", flush=True)
    return len(failed)


def _strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def run_chapter(q: str) -> int:
    """Execute one chapter directly (no Sphinx, no cache) and report its assertions."""
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    _env_single_thread()
    path = find_chapter(q)
    nb = jupytext.read(path)
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    asserting = [c for c in code_cells if ASSERTING.search(c.source)]
    print(
        f"[chapter] {_rel(path)}: {len(code_cells)} code cells, {len(asserting)} with assertions",
        flush=True,
    )
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        kernel_manager_class=_ipc_kernel_manager(),
    )
    t0 = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as err:
        print(f"[chapter] FAILED after {time.perf_counter() - t0:.1f} s\n{_strip_ansi(str(err))}")
        return 1
    seconds = time.perf_counter() - t0
    stderr = [
        o.get("text", "")
        for c in code_cells
        for o in c.get("outputs", [])
        if o.get("name") == "stderr"
    ]
    print(f"[chapter] ok: every cell ran, {len(asserting)} asserting cells passed, {seconds:.1f} s")
    if stderr:
        print("[chapter] note: cells wrote to stderr (warnings?):\n" + "".join(stderr)[:2000])
    return 0


def preview(q: str) -> int:
    """Build a throw-away book holding every chapter, executing only chapter ``q``.

    Prints the Sphinx warnings that concern chapter ``q`` (broken references, citations,
    labels, failing cells) and returns 1 when there are any. Used while writing a chapter;
    the real gate is ``make book``.
    """
    import shutil
    import subprocess

    import yaml

    _env_single_thread()
    target = find_chapter(q)
    out = ROOT / "_build" / f"preview-{target.stem[:3]}"
    shutil.rmtree(out, ignore_errors=True)
    (out / "chapters").mkdir(parents=True)
    for name in ("references.bib", "intro.md"):
        shutil.copy(ROOT / name, out / name)
    shutil.copytree(ROOT / "assets", out / "assets")
    chapters = sorted((ROOT / "chapters").glob("q[0-9][0-9]-*.md"))
    for path in chapters:
        shutil.copy(path, out / "chapters" / path.name)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["cache"] = str(CACHE)
    config["execute"]["exclude_patterns"] = [p.name for p in chapters if p != target]
    (out / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    toc = {
        "format": "jb-book",
        "root": "intro",
        "chapters": [{"file": f"chapters/{p.stem}"} for p in chapters],
    }
    (out / "_toc.yml").write_text(yaml.safe_dump(toc, allow_unicode=True), "utf-8")
    (out / "intro.md").write_text("# 预览\n", encoding="utf-8")
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(out),
        "-W",
        "-n",
        "--keep-going",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True)
    log = _strip_ansi(result.stdout + result.stderr)
    mine = [
        line
        for line in log.splitlines()
        if target.stem in line and ("WARNING" in line or "ERROR" in line)
    ]
    failed_exec = "Executing notebook failed" in log and target.stem in log
    for line in mine:
        print(line.replace(str(out) + "/", ""))
    page = out / "_build" / "html" / "chapters" / f"{target.stem}.html"
    if mine or failed_exec or not page.exists():
        tail = "\n".join(log.splitlines()[-40:])
        print(f"[preview] problems in {target.name}" + ("" if mine else f":\n{tail}"))
        return 1
    print(f"[preview] {target.name}: no warnings; page {page} ({page.stat().st_size // 1024} KB)")
    return 0


QUESTIONS_START = "<!-- questions:start (python -m cvbook.build questions) -->"
QUESTIONS_END = "<!-- questions:end -->"


def write_question_list(root: Path = ROOT) -> int:
    """Rewrite the list of all 31 questions in intro.md, linking those with a chapter."""
    from .questions import QUESTIONS

    in_toc = {p.stem for p in toc_chapters(root)}
    lines = [QUESTIONS_START, ""]
    for n, (stem, title) in QUESTIONS.items():
        if stem in in_toc:
            lines.append(f"{n}. [问题 {n}：{title}](chapters/{stem}.md)")
        else:
            lines.append(f"{n}. 问题 {n}：{title}（本版尚未收录）")
    lines += ["", QUESTIONS_END]
    intro = root / "intro.md"
    text = intro.read_text(encoding="utf-8")
    if QUESTIONS_START not in text or QUESTIONS_END not in text:
        raise ValueError(
            f"intro.md must contain the markers {QUESTIONS_START!r} and {QUESTIONS_END!r}"
        )
    head, rest = text.split(QUESTIONS_START, 1)
    tail = rest.split(QUESTIONS_END, 1)[1]
    intro.write_text(head + "\n".join(lines) + tail, encoding="utf-8")
    print(f"intro.md: {len(in_toc)} of {len(QUESTIONS)} questions linked")
    return 0


def bench() -> int:
    """Print per-chapter execution times (from the cache) and built page weights."""
    from jupyter_cache import get_cache

    cache = get_cache(str(CACHE))
    rows = []
    for path in toc_chapters():
        seconds = None
        try:
            record = cache.get_cached_project_nb(str(path.resolve()))
        except Exception:
            record = None
        if record is not None:
            seconds = record.data.get("execution_seconds")
        page = ROOT / "_build" / "html" / "chapters" / (path.stem + ".html")
        kb = page.stat().st_size / 1024 if page.exists() else None
        rows.append((path.name, seconds, kb))
    print(f"{'chapter':45s} {'exec s':>8s} {'page KB':>9s}")
    for name, seconds, kb in sorted(rows, key=lambda r: -(r[1] or 0)):
        s = f"{seconds:8.1f}" if seconds is not None else f"{'-':>8s}"
        k = f"{kb:9.0f}" if kb is not None else f"{'-':>9s}"
        print(f"{name:45s} {s} {k}")
    total = sum(r[1] or 0 for r in rows)
    print(f"{'sum of chapter execution times':45s} {total:8.1f}")
    heaviest = max((r[2] or 0 for r in rows), default=0)
    print(f"{'heaviest page (KB)':45s} {'':8s} {heaviest:9.0f}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cvbook.build", description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_exec = sub.add_parser("execute")
    p_exec.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p_exec.add_argument("--force", action="store_true")
    p_exec.add_argument("paths", nargs="*")
    p_ch = sub.add_parser("chapter")
    p_ch.add_argument("q")
    p_pv = sub.add_parser("preview")
    p_pv.add_argument("q")
    sub.add_parser("bench")
    sub.add_parser("chapters")
    sub.add_parser("questions")
    args = parser.parse_args(argv)
    if args.cmd == "execute":
        return 1 if execute(args.jobs, [Path(p) for p in args.paths] or None, args.force) else 0
    if args.cmd == "chapter":
        return run_chapter(args.q)
    if args.cmd == "preview":
        return preview(args.q)
    if args.cmd == "bench":
        return bench()
    if args.cmd == "questions":
        return write_question_list()
    for path in toc_chapters():
        print(_rel(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
