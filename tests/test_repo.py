"""Repository-level promises: pinned requirements, Binder environment, CI entry point."""

import re

from tests.chapters import ROOT


def _pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([^\s;]+)", line)
        assert m, f"{path.name}: {line!r} is not pinned with =="
        # Compared as PEP 503 normalises names: jupyter_book and jupyter-book are one package.
        pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return pins


def test_requirements_are_pinned_and_torch_is_2_13():
    pins = _pins(ROOT / "requirements.txt")
    assert pins["torch"] == "2.13.0"
    assert pins["jupyter-book"].startswith("1.")


def test_binder_uses_the_same_versions_with_cpu_torch():
    book = _pins(ROOT / "requirements.txt")
    binder = _pins(ROOT / "binder" / "requirements.txt")
    # The same torch release, as Binder's CPU-only build (local version label "+cpu").
    torch = binder.pop("torch")
    assert torch == f"{book['torch']}+cpu", f"binder pins torch=={torch}, book {book['torch']}"
    assert "jupytext" in binder, "Binder opens the .md chapters through jupytext"
    for name, version in binder.items():
        if name in book:
            assert version == book[name], f"binder pins {name}=={version}, book {book[name]}"
    post = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "set-default-viewer markdown myst" in post


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make book" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
