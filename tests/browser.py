"""Browser plumbing shared by the browser tests: a local server for the built site, headless
Chromium (Debian's, driven by Playwright), and a page visit that blocks and records every request
leaving 127.0.0.1 and every console error.

Locally the tests skip with a message when no browser is installed; under CI (CI=true) a missing
browser is a failure, since .ci/run installs it.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
from urllib.parse import urlparse

import pytest

from tests.chapters import ROOT, Chapter, toc_chapters

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHAPTERS = [c for c in toc_chapters() if isinstance(c, Chapter)]
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Console errors that are not errors of the book: (message pattern, source URL pattern).
# Keep this list short and explained.
CONSOLE_ALLOW = [
    # The book has no favicon; Chromium asks for /favicon.ico anyway and logs the 404.
    (re.compile(r"status of 404"), re.compile(r"/favicon\.ico$")),
    # pydata-sphinx-theme logs this on a reader's first visit (no colour mode stored yet) and
    # falls back to "auto"; sphinx-book-theme 1.3 has no option to preset the mode.
    (
        re.compile(r"^Got invalid theme mode: \. Resetting to auto\.$"),
        re.compile(r"pydata-sphinx-theme\.js"),
    ),
]


def need_browser():
    if BROWSER:
        return
    msg = "no chromium: `apt-get install chromium` to run the browser tests"
    if os.environ.get("CI"):
        pytest.fail(msg + " (CI must run them: .ci/run installs it)")
    pytest.skip(msg)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Visit:
    """A page opened with every request outside 127.0.0.1 blocked and recorded."""

    def __init__(self, browser, url):
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.third_party: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc} {exc.stack}"))
        self.page.route("**/*", self._route)
        self.page.goto(url, wait_until="load")

    def _console(self, msg):
        if msg.type != "error":
            return
        source = (msg.location or {}).get("url", "")
        if not any(text.search(msg.text) and url.search(source) for text, url in CONSOLE_ALLOW):
            self.errors.append(f"console: {msg.text} ({source})")

    def _route(self, route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            self.third_party.append(route.request.url)
            route.abort()

    def wait_for_math(self):
        self.page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000
        )
        self.page.evaluate("() => MathJax.startup.promise")

    def close(self):
        self.page.close()
