"""A tiny Sphinx extension for the book.

- Loads MathJax on every page (not only on pages with displayed math), so LaTeX in self-quiz
  questions is typeset everywhere and jupyterquiz never falls back to fetching MathJax itself.
- Drops repeated inline scripts: under Jupyter Book 1 some extensions register their inline
  configuration twice (e.g. sphinx-thebe's ``const THEBE_JS_URL = …``), and a repeated ``const``
  declaration is a JavaScript error on every page.
"""

from __future__ import annotations


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        key = (
            str(getattr(script, "filename", script) or ""),
            repr(sorted(getattr(script, "attributes", {}).items())),
        )
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


def setup(app):
    app.set_html_assets_policy("always")
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
