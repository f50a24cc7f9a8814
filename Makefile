# 《CV 面试 31 问：可运行的交互式题解》 — see README.md.
#   make book      set up .venv if needed, execute every chapter, build the HTML
#   make pdf       the book as a PDF, _build/pdf/cv-interview-31.pdf (needs TeX Live, see README)
#   make test      everything CI checks (lint, unit and structure tests, book build, mutation check,
#                  readers' environments)

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
JB     := $(VENV)/bin/jupyter-book
STAMP  := $(VENV)/.installed
JOBS   ?= 2
HOST   ?= 127.0.0.1
PORT   ?= 8000
export OMP_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: vendor book execute html test lint unit serve lab chapter preview figures bench clean help venv
.PHONY: notebooks envs pdf

help:
	@sed -n '2,6p' Makefile

# The virtual environment is (re)made whenever requirements.txt changes.
$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 $(PYTHON)（Python 3.11）。可用 make PYTHON=python3 ... 指定解释器。"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

execute: $(STAMP)
	$(PY) -m cvbook.build execute --jobs $(JOBS)

vendor: $(STAMP)
	$(PY) -m cvbook.vendor

html: vendor
	$(JB) build . -W -n --keep-going

# Everything the website is built from. When none of it changed since the last successful build,
# `make book` stops at make's timestamp check (the build itself would redo only bibliography and
# index work, ~6 s); `make clean` or touching a file forces the build.
BOOK_INPUTS := _config.yml _toc.yml intro.md references.bib package-lock.json \
	$(wildcard chapters/*.md appendix/* assets/* assets/*/* cvbook/*.py cvbook/*/*.py cvbook/static/*)
BUILT := _build/html/.built

book: $(BUILT)
	@echo "[book] open $(CURDIR)/_build/html/index.html  (or: make serve)"

$(BUILT): $(STAMP) $(BOOK_INPUTS)
	@start=$$(date +%s); \
	$(PY) -m cvbook.vendor || exit 1; \
	$(PY) -m cvbook.build execute --jobs $(JOBS) || echo "[book] some chapters failed above; the build below reports them again"; \
	$(JB) build . -W -n --keep-going || exit 1; \
	touch $@; \
	echo "[book] built in $$(( $$(date +%s) - start )) s"

lint: $(STAMP)
	$(VENV)/bin/ruff check cvbook tests
	$(VENV)/bin/ruff format --check cvbook tests
	$(PY) -m cvbook.lint_chapters

unit: $(STAMP)
	$(PY) -m pytest -q -m "not build and not envs" tests
	node --test tests/js/*.test.js

test: $(STAMP)
	$(MAKE) lint
	$(MAKE) unit
	$(MAKE) book
	$(MAKE) pdf
	$(PY) -m pytest -q -m build tests
	$(MAKE) envs

# Readers' environments built from scratch (slow, minutes): Binder's (binder/, every chapter
# executed), the Colab notebooks' install cell, and the README's commands for readers without make.
envs: $(STAMP)
	$(PY) -m pytest -q -s --durations=3 -m envs tests

# Every chapter as a Colab notebook (cvbook/colab.py); the Pages workflow publishes them. The
# first cell installs cvbook from repository.branch, or from NOTEBOOK_REF (the workflow: the commit).
notebooks: $(STAMP)
	$(PY) -m cvbook.colab --out _build/colab $(if $(NOTEBOOK_REF),--ref $(NOTEBOOK_REF))

# The PDF from the executed book: LaTeX, xelatex (ctex), checks of the log, a few page images in
# _build/screenshots; a copy goes beside the website's pages for its download link.
pdf: $(BUILT)
	$(PY) -m cvbook.pdf

serve:
	@test -d _build/html || { echo "还没有构建：先运行 make book"; exit 1; }
	$(PY) -m http.server $(PORT) --bind $(HOST) --directory _build/html

lab: $(STAMP)
	$(VENV)/bin/jupytext-config set-default-viewer markdown myst >/dev/null
	$(VENV)/bin/jupyter lab --notebook-dir=. chapters

chapter: $(STAMP)
	@test -n "$(Q)" || { echo "用法：make chapter Q=08"; exit 2; }
	$(PY) -m cvbook.build chapter $(Q)

preview: $(STAMP)
	@test -n "$(Q)" || { echo "用法：make preview Q=08"; exit 2; }
	$(PY) -m cvbook.build preview $(Q)

figures: $(STAMP)
	$(PY) -m cvbook.figures

bench: vendor
	$(PY) -m cvbook.bench

clean:
	rm -rf _build
