"""Shared fixtures: the repository root and the chapters listed in _toc.yml."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import browser as browser_support  # noqa: E402


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


# The built site served on 127.0.0.1 and headless Chromium, for every browser test.
@pytest.fixture(scope="session")
def server():
    if not (browser_support.HTML / "index.html").exists():
        pytest.fail("the book is not built: run `make book` (make test does)")
    handler = functools.partial(browser_support.QuietHandler, directory=str(browser_support.HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    browser_support.need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=browser_support.BROWSER, args=browser_support.FLAGS)
        yield b
        b.close()
