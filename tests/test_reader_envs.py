"""The readers' environments, built from scratch as a reader's machine builds them.

- Binder: a fresh virtual environment from binder/requirements.txt, then binder/postBuild, then
  every chapter executed in it, opened as Binder opens it (the .md through jupytext, as a
  notebook). This proves binder/ lists everything the chapters import and that the helper
  package installs from the repository.
- Colab: the generated notebooks' first cell, with only the repository URL replaced by a local
  git copy's (same `git+<url>@<branch>` form), installs cvbook into a throwaway environment on
  "Colab", where the same interpreter can then import it, and does nothing elsewhere.
- Local without make: the README's commands for Windows/macOS readers, in a fresh environment;
  JupyterLab then opens a chapter through jupytext, and the chapter runs.

Slow (minutes: each test installs an environment with pip, reusing pip's cache). Marked `envs`:
`make test` runs them last, through `make envs`. The quick checks here (the README's commands,
the handling of binder/requirements.txt) run with the unit tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from cvbook import colab
from tests.chapters import ROOT, Chapter, toc_chapters

CHAPTERS = [c for c in toc_chapters() if isinstance(c, Chapter)]
JOBS = 2  # chapters executed at once (two cores)
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "_build", "node_modules", "__pycache__", "*.egg-info", ".pytest_cache",
    ".ruff_cache", ".hypothesis", ".ipynb_checkpoints",
)  # fmt: skip
NOTEBOOK_VIEWER = "Jupytext Notebook"


def _run(cmd, timeout=1800, **kwargs) -> subprocess.CompletedProcess:
    cmd = [str(c) for c in cmd]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)[:300]} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
        )
    return result


def _copy_book(dest: Path) -> Path:
    """The repository as a reader clones it (no build outputs, no environment)."""
    shutil.copytree(ROOT, dest, ignore=IGNORE, symlinks=True)
    return dest


def _env(tmp: Path, venv: Path | None = None) -> dict[str, str]:
    """The environment of a reader's shell, with that venv activated and Jupyter's per-user
    folders (configuration, kernels, runtime files) kept inside ``tmp``. pip's cache is the
    user's, so packages already downloaded are not downloaded again."""
    drop = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    for var, sub in [
        ("JUPYTER_CONFIG_DIR", "jupyter-config"),
        ("JUPYTER_DATA_DIR", "jupyter-data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"),
        ("IPYTHONDIR", "ipython"),
    ]:
        env[var] = str(tmp / sub)
    env.update(
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    if venv is not None:
        env["VIRTUAL_ENV"] = str(venv)
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _reachable(url: str) -> bool:
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10)
    except urllib.error.HTTPError:
        return True  # the host answered
    except (urllib.error.URLError, OSError):
        return False
    return True


def binder_requirements(dest: Path) -> tuple[Path, list[str]]:
    """binder/requirements.txt as Binder reads it, less the index lines whose host this machine
    cannot reach (the pins stay: they must resolve from the registries that are reachable)."""
    kept, dropped = [], []
    for line in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*--(?:extra-)?index-url[ =](\S+)", line)
        if m and not _reachable(m.group(1)):
            dropped.append(line)
            continue
        kept.append(line)
    dest.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return dest, dropped


def _module_file(python: Path, module: str, env, cwd) -> Path:
    code = f"import {module}; print({module}.__file__)"
    return Path(_run([python, "-c", code], env=env, cwd=cwd).stdout.strip()).resolve()


def _run_chapters(python: Path, book: Path, env) -> tuple[list[str], dict[str, float]]:
    """Execute every chapter of the copy ``book`` with ``python``, JOBS at a time."""
    runner = book / "tests" / "notebook_runner.py"

    def one(chapter: Chapter):
        cmd = [str(python), str(runner), str(book / "chapters" / chapter.path.name)]
        t0 = time.perf_counter()
        try:
            r = subprocess.run(cmd, cwd=book, env=env, capture_output=True, text=True, timeout=1200)
            code, out, err = r.returncode, r.stdout, r.stderr
        except subprocess.TimeoutExpired as e:  # a failure of this chapter, listed with the others
            code, out, err = None, _text(e.stdout), f"{_text(e.stderr)}\ntimed out after 1200 s"
        return chapter.path.stem, code, out, err, time.perf_counter() - t0

    failures, seconds = [], {}
    with ThreadPoolExecutor(max_workers=JOBS) as pool:
        for stem, code, out, err, s in pool.map(one, CHAPTERS):
            seconds[stem] = s
            if code != 0:
                failures.append(f"== {stem}\n{out[-3000:]}\n{err[-1500:]}")
    return failures, seconds


def _text(output) -> str:
    """What a timed-out subprocess had written (bytes or None, whatever ``text=True`` says)."""
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace")
    return output or ""


def _viewers(env) -> dict:
    path = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig" / "default_setting_overrides.json"
    overrides = json.loads(path.read_text(encoding="utf-8"))
    return overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]


# ----------------------------------------------------------------------------------------------
# Binder


def binder_python_version() -> tuple[int, int]:
    """The Python version Binder uses, from binder/runtime.txt (``python-3.11``)."""
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    m = re.fullmatch(r"python-(\d+)\.(\d+)", runtime)
    assert m, f"binder/runtime.txt: expected python-X.Y, got {runtime!r}"
    return int(m.group(1)), int(m.group(2))


def _binder_interpreter() -> str:
    """An interpreter of Binder's Python version: this one, or pythonX.Y on PATH."""
    want = "{}.{}".format(*binder_python_version())
    if "{}.{}".format(*sys.version_info[:2]) == want:
        return sys.executable
    other = shutil.which(f"python{want}")
    if other is None:
        pytest.fail(
            f"binder/runtime.txt asks for Python {want}, the tests run on {sys.version.split()[0]} "
            f"and there is no python{want} on PATH: a Binder environment of another Python "
            "version would prove nothing"
        )
    return other


@pytest.mark.envs
def test_binder_environment_runs_every_chapter(tmp_path):
    assert CHAPTERS
    t0 = time.perf_counter()
    book = _copy_book(tmp_path / "book")
    venv = tmp_path / "binder-env"
    _run([_binder_interpreter(), "-m", "venv", venv])
    python = venv / "bin" / "python"
    env = _env(tmp_path, venv)
    # The environment runs Binder's Python version (binder/runtime.txt).
    version = _run([python, "-c", "import sys; print(*sys.version_info[:2])"], env=env)
    assert tuple(map(int, version.stdout.split())) == binder_python_version(), version.stdout
    requirements, dropped = binder_requirements(tmp_path / "binder-requirements.txt")
    for line in dropped:
        print(f"[binder] unreachable here, dropped: {line}")
    _run([python, "-m", "pip", "install", "-r", requirements], env=env, cwd=book)
    # repo2docker runs postBuild from the repository root, the environment's pip first on PATH.
    _run(["bash", book / "binder" / "postBuild"], env=env, cwd=book)
    t_env = time.perf_counter() - t0

    # postBuild installed the helper package from the repository...
    where = _module_file(python, "cvbook", env, tmp_path)
    assert where.is_relative_to((book / "cvbook").resolve()), where
    # ...and made JupyterLab open chapters/*.md as notebooks.
    assert _viewers(env)["markdown"] == NOTEBOOK_VIEWER

    failures, seconds = _run_chapters(python, book, env)
    slowest = sorted(seconds.items(), key=lambda kv: -kv[1])[:3]
    print(
        f"[binder] environment {t_env:.0f} s, {len(seconds)} chapters on {JOBS} jobs "
        f"{time.perf_counter() - t0 - t_env:.0f} s; slowest: "
        + ", ".join(f"{k} {v:.0f} s" for k, v in slowest)
    )
    assert not failures, "chapters failing in the Binder environment:\n" + "\n".join(failures)


# ----------------------------------------------------------------------------------------------
# Colab

ON_COLAB = (
    "import sys, types; sys.modules['google.colab'] = types.ModuleType('google.colab'); "
    "exec(compile(open(sys.argv[1], encoding='utf-8').read(), sys.argv[1], 'exec'))"
)
# The reader's next cell, in the same kernel that ran the install cell.
THEN_IMPORT = "; import cvbook.quiz, cvbook.launch; print('cvbook from', cvbook.__file__)"


def _git_copy(dest: Path, branch: str) -> Path:
    """What pip clones from the repository: a git repository whose ``branch`` holds the package
    (pyproject.toml and cvbook/) in one commit."""
    dest.mkdir()
    shutil.copy(ROOT / "pyproject.toml", dest)
    shutil.copytree(ROOT / "cvbook", dest / "cvbook", ignore=IGNORE)
    git = ["git", "-C", dest, "-c", "user.name=test", "-c", "user.email=test@example.invalid",
           "-c", "commit.gpgsign=false"]  # fmt: skip
    _run(["git", "init", "-q", "-b", branch, dest])
    _run([*git, "add", "-A"])
    _run([*git, "commit", "-q", "-m", "cvbook"])
    return dest


@pytest.mark.envs
def test_colab_first_cell_installs_cvbook_from_a_git_copy_only_on_colab(tmp_path):
    url, branch = colab.repository()
    source = _git_copy(tmp_path / "repository", branch)
    venv = tmp_path / "colab-env"
    _run([sys.executable, "-m", "venv", venv])
    python = venv / "bin" / "python"
    env = _env(tmp_path, venv)
    # The first cell of a generated notebook, as published, with only the repository URL
    # replaced: pip takes the same path (git+<url>@<branch>: clone, check out, build).
    notebooks = colab.write_notebooks(tmp_path / "notebooks")
    published = nbformat.read(notebooks[0], as_version=4).cells[0].source
    # file://localhost/…, not file:///…: older pips (23.2, which `python -m venv` installs here)
    # reject a git+file URL without a host as invalid; newer ones (Colab's) take both.
    copy_url = "file://localhost" + source.resolve().as_posix()
    real, local = colab.git_source(url, branch), colab.git_source(copy_url, branch)
    assert published.count(f'"cvbook @ {real}"') == 1, published
    cell = tmp_path / "first_cell.py"
    cell.write_text(published.replace(real, local), encoding="utf-8")
    missing = "import importlib.util as u, sys; sys.exit(u.find_spec(sys.argv[1]) is not None)"

    # Not on Colab: nothing is installed, nothing is printed.
    assert _run([python, cell], env=env, cwd=tmp_path).stdout == ""
    for module in ["cvbook", "jupyterquiz"]:
        _run([python, "-c", missing, module], env=env, cwd=tmp_path)

    # On Colab: cvbook (from the git copy) and jupyterquiz are installed, and the same
    # interpreter imports cvbook right after, as the reader's next cell does.
    code = ON_COLAB + THEN_IMPORT
    installed = _run([python, "-c", code, cell], env=env, cwd=tmp_path, timeout=600)
    assert "已安装本书的辅助包 cvbook" in installed.stdout
    where = Path(installed.stdout.split("cvbook from", 1)[1].strip()).resolve()
    assert where.is_relative_to(venv.resolve()), where  # a real install, not the source folder
    assert _module_file(python, "cvbook", env, tmp_path) == where
    # jupyterquiz at the book's pin (importing it needs IPython, which Colab has and this venv not).
    versions = "import importlib.metadata as m; print(m.version('jupyterquiz'))"
    pin = colab.pinned(["jupyterquiz"])[0].split("==")[1]
    assert _run([python, "-c", versions], env=env, cwd=tmp_path).stdout.strip() == pin
    _run([python, "-c", "import cvbook.quiz, cvbook.launch"], env=env, cwd=tmp_path)

    # Run again (the reader reruns the cell): already installed, nothing to do.
    assert _run([python, "-c", ON_COLAB, cell], env=env, cwd=tmp_path).stdout == ""

    # The Pages workflow pins the notebooks to the commit they come from (--ref $GITHUB_SHA):
    # pip resolves git+<url>@<commit> as well.
    sha = _run(["git", "-C", source, "rev-parse", "HEAD"]).stdout.strip()
    pinned = colab.first_cell(ref=sha).replace(colab.git_source(url, sha), "")
    assert pinned == published.replace(real, ""), "only the ref differs"
    _run([python, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp_path / "dl",
          f"cvbook @ {colab.git_source(copy_url, sha)}"], env=env, cwd=tmp_path)  # fmt: skip
    assert [p.name.split("-")[0] for p in (tmp_path / "dl").iterdir()] == ["cvbook"]


# ----------------------------------------------------------------------------------------------
# Local, without make (README)

README_SECTION = "## 没有 make 时（Windows / macOS）"


def readme_commands() -> dict[str, list[str]]:
    """The commands of the README's section for readers without make, by code-block language."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_SECTION in text, f"README.md has no section {README_SECTION!r}"
    section = text.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    blocks = {}
    for lang, body in re.findall(r"^```(\w+)\n(.*?)^```", section, re.S | re.M):
        lines = [line.split("#", 1)[0].strip() for line in body.splitlines()]
        blocks[lang] = [line for line in lines if line]
    return blocks


def test_readme_commands_for_readers_without_make():
    blocks = readme_commands()
    posix, windows = blocks["bash"], blocks["powershell"]
    assert re.fullmatch(r"python3(\.11)? -m venv \.venv", posix[0])
    assert posix[1] == "source .venv/bin/activate"
    assert windows[0] == "py -3.11 -m venv .venv"
    assert windows[1].startswith(".venv\\Scripts\\")
    # After creating and activating the environment, the same commands on both systems.
    assert posix[2:] == windows[2:]
    assert posix[2] == "pip install -r requirements.txt"
    assert posix[-1] == "jupyter lab"
    assert "make" not in " ".join(posix + windows).split()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read().decode("utf-8"))


def _tail(log: Path, chars: int = 4000) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-chars:] if log.exists() else ""


def _server_url(env, proc, token, log: Path, timeout=180) -> str:
    """The URL of the JupyterLab server ``proc`` (its output going to ``log``), once it answers."""
    runtime = Path(env["JUPYTER_RUNTIME_DIR"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited {proc.returncode}:\n{_tail(log)}")
        info = runtime / f"jpserver-{proc.pid}.json"
        if info.exists():
            url = json.loads(info.read_text(encoding="utf-8"))["url"].rstrip("/")
            try:
                _get(f"{url}/api/status", token)
                return url
            except (urllib.error.URLError, OSError):
                pass
        time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer within {timeout} s")


@pytest.mark.envs
def test_readme_commands_without_make_open_and_run_a_chapter(tmp_path):
    blocks = readme_commands()
    book = _copy_book(tmp_path / "book")
    env = _env(tmp_path)
    commands = blocks["bash"][:-1]  # all but `jupyter lab`, which is started below
    if shutil.which("python3.11") is None:  # e.g. a machine whose Python 3.11 is python3
        commands[0] = commands[0].replace(commands[0].split()[0], sys._base_executable, 1)
    t0 = time.perf_counter()
    _run(["bash", "-euo", "pipefail", "-c", "\n".join(commands)], env=env, cwd=book)
    t_env = time.perf_counter() - t0
    venv = book / ".venv"
    env = _env(tmp_path, venv)
    assert _viewers(env)["markdown"] == NOTEBOOK_VIEWER

    # `jupyter lab`, as the README runs it, plus what a test needs: no browser, a known token,
    # and (when the tests run as root, as CI does) permission to run as root.
    token = os.urandom(12).hex()
    lab = [
        venv / "bin" / "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={_free_port()}", f"--IdentityProvider.token={token}",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        lab.append("--allow-root")
    # The server's log goes to a file: a pipe nobody reads would block the server once full.
    log = tmp_path / "jupyter-lab.log"
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [str(c) for c in lab], cwd=book, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    chapter = CHAPTERS[0].path.name
    try:
        url = _server_url(env, proc, token, log)
        # JupyterLab's jupytext viewer asks the server for the .md as a notebook; jupytext's
        # contents manager answers with the chapter's cells.
        model = _get(f"{url}/api/contents/chapters/{chapter}?type=notebook&content=1", token)
        assert model["type"] == "notebook"
        cells = model["content"]["cells"]
        assert sum(c["cell_type"] == "code" for c in cells) == len(CHAPTERS[0].cells)
        # A double click opens .md files with that viewer (jupytext-config's setting, as served).
        settings = _get(f"{url}/lab/api/settings/@jupyterlab/docmanager-extension:plugin", token)
        default = settings["schema"]["properties"]["defaultViewers"]["default"]
        assert default.get("markdown") == NOTEBOOK_VIEWER, default
    except BaseException:
        print(f"--- jupyter lab log (tail) ---\n{_tail(log)}")
        raise
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    # The chapter runs in that environment.
    r = _run([venv / "bin" / "python", book / "tests" / "notebook_runner.py",
              book / "chapters" / chapter], env=env, cwd=book)  # fmt: skip
    print(f"[local] environment {t_env:.0f} s; {chapter}: {r.stdout.strip()}")


def test_binder_requirements_drop_only_unreachable_index_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "_reachable", lambda url: False)
    path, dropped = binder_requirements(tmp_path / "r.txt")
    original = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    kept = path.read_text(encoding="utf-8").splitlines()
    assert all(line.lstrip().startswith("--") for line in dropped)
    assert [line for line in original if line not in dropped] == kept
    assert any("torch==" in line for line in kept)  # the pins all stay


def test_intro_says_in_one_place_which_way_to_run_suits_whom():
    intro = (ROOT / "intro.md").read_text(encoding="utf-8")
    # The old Colab work-around (download the .ipynb, upload it, install by hand) is gone.
    assert "上传" not in intro and "pip install" not in intro
    section = intro.split("## 怎么读、怎么运行\n", 1)[1].split("\n## ", 1)[0]
    header, _, *rows = [line for line in section.splitlines() if line.startswith("|")]
    assert "适合谁" in header
    # The four ways of running the book, in this order; other rows (the PDF) may follow.
    ways = {row.split("|")[1].strip(): row for row in rows}
    wanted = ["网站", "Binder", "Colab", "本地"]
    assert [way for way in ways if way in wanted] == wanted, list(ways)
    # The local row sends readers without make to the README's commands.
    assert "没有 make 时" in ways["本地"] and README_SECTION.removeprefix("## ").startswith(
        "没有 make 时"
    )
