"""A tiny Sphinx extension for the book.

Loads MathJax on every page (not only on pages with displayed math), so LaTeX in self-quiz
questions is typeset everywhere and jupyterquiz never falls back to fetching MathJax itself.
"""

from __future__ import annotations


def setup(app):
    app.set_html_assets_policy("always")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
