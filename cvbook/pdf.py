"""The book as a PDF: ``make pdf`` → ``_build/pdf/cv-interview-31.pdf``.

The PDF is typeset from the same sources and the same executed outputs as the website
(Jupyter Book's LaTeX builder, then xelatex with ctex for the Chinese text). Three things make the
printed book differ from the web page, and they live here:

- **Print versions of live outputs.** A notebook output may carry, beside its HTML, a MyST-markdown
  version under the MIME type :data:`PRINT_MIME`; the LaTeX builder renders that one (a myst-nb
  mime-render plugin, :class:`PrintRenderer`) and the website ignores it. The self-quiz uses it for
  numbered questions, a step-through figure for a grid of its key frames, and a widget for a
  static figure of one of its states. Scripts carry an empty print version, so they print as
  nothing.
- **Quiz answers at the back.** The answers of every self-quiz are typeset in an appendix 答案,
  gathered from the whole book by :class:`CollectQuizAnswers`.
- **The LaTeX preamble** (:func:`latex_elements`): fonts with full CJK coverage, code that wraps,
  A4, no index.

``python -m cvbook.pdf`` runs the whole chain and checks the result (see :func:`main`).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from cvbook.printing import ANSWERS_CLASS, PRINT_MIME

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LATEX_DIR = ROOT / "_build" / "latex"
PDF_DIR = ROOT / "_build" / "pdf"
SHOTS = ROOT / "_build" / "screenshots"
TEX_NAME = "cv-interview-31"
PDF_NAME = f"{TEX_NAME}.pdf"


#: Fonts: Noto CJK covers every Chinese character and CJK punctuation the book uses; DejaVu Sans
#: Mono covers the arrows, box-drawing and maths symbols that appear in code and outputs.
FONTS = {
    "serif": "Noto Serif CJK SC",
    "sans": "Noto Sans CJK SC",
    "mono": "Noto Sans Mono CJK SC",
}
#: Characters of the prose that the CJK fonts lack, typeset from the maths font instead.
TEXT_SYMBOLS = {
    "⌊": "\\ensuremath{\\lfloor}",
    "⌋": "\\ensuremath{\\rfloor}",
    "✅": "\\ensuremath{\\checkmark}",
}
#: Latin letters of authors' names that the CJK fonts lack, taken from DejaVu Serif.
FALLBACK_CHARS = "ŁłıŞşŠšČčĆćŽžŘřĞğŃńŚśŹźĘęĄą"
# What to install when a tool or font is missing (Debian/Ubuntu package names).
NEEDS = {
    "xelatex": "texlive-xetex",
    "latexmk": "latexmk",
    "ctex.sty": "texlive-lang-chinese",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "DejaVu Sans Mono": "fonts-dejavu-core",
}


# -- the myst-nb plugin and the answers appendix ---------------------------------------------------


class PrintRenderer:
    """myst-nb mime-render plugin: the LaTeX builder renders :data:`PRINT_MIME` outputs."""

    mime_priority_overrides = [("latex", PRINT_MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != PRINT_MIME:
            return None
        text = data.string
        if not text.strip():
            # A node that prints nothing, so the bundle is not reported as unrenderable.
            return [nodes.comment("", "")]

        def to_file(m):
            png = base64.b64decode(m.group(1))
            name = "print-" + hashlib.sha1(png).hexdigest()[:16] + ".png"
            return renderer.write_file([name], png, overwrite=False, exists_ok=True)

        # LaTeX cannot include data: URIs; the images go to files beside the notebook's outputs.
        data = dataclasses.replace(data, content=_DATA_PNG.sub(to_file, text))
        return renderer._render_markdown_base(data, fmt="myst", inline=inline)


_DATA_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


def _chapter_title(node) -> str:
    """The title of the outermost section above ``node`` ("问题 8：…" → "问题 8")."""
    title = ""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section) and parent.children:
            first = parent.children[0]
            if isinstance(first, nodes.title):
                title = first.astext()
        parent = parent.parent
    m = re.match(r"问题 \d+", title)
    return m.group(0) if m else title


def collect_answers(doctree) -> nodes.section | None:
    """Move every quiz-answers container of ``doctree`` into a new section 答案, by chapter."""
    found = [n for n in doctree.findall(nodes.container) if ANSWERS_CLASS in n["classes"]]
    if not found:
        return None
    appendix = nodes.section(ids=["cvbook-answers"], names=["答案"])
    appendix += nodes.title(text="答案")
    appendix += nodes.paragraph(text="各章「自测」的答案，按章的顺序排列。")
    for container in found:
        title = _chapter_title(container)
        container.parent.remove(container)
        sub = nodes.section(ids=[f"cvbook-answers-{len(appendix.children)}"])
        sub += nodes.title(text=title)
        sub += container.children
        appendix += sub
    return appendix


class CollectQuizAnswers(SphinxPostTransform):
    """LaTeX only: gather the quiz answers of the book into a final chapter 答案.

    The LaTeX builder applies post-transforms once, to the tree it assembles from all documents,
    so this sees every chapter's answers in reading order.
    """

    default_priority = 900
    builders = ("latex",)

    def run(self, **kwargs):
        appendix = collect_answers(self.document)
        if appendix is None:
            return
        # Right after the book's last document, at its level: 答案 becomes the last chapter of
        # the appendices and each question's answers a section of it.
        files = list(self.document.findall(addnodes.start_of_file))
        if files:
            files[-1].parent.insert(files[-1].parent.index(files[-1]) + 1, appendix)
        else:
            self.document += appendix


class OneBibliography(SphinxPostTransform):
    """LaTeX only: one entry per work in the book's bibliography, sorted by label.

    Each chapter lists its own references (``:keyprefix: qNN-``), so a work cited in five chapters
    arrives five times in the bibliography LaTeX gathers at the back. The copies are merged (the
    citations that pointed at a dropped copy are pointed at the kept one) and the list is sorted.
    """

    default_priority = 760  # after Sphinx's BibliographyTransform (750) gathered the entries
    builders = ("latex",)

    def run(self, **kwargs):
        from sphinx.builders.latex.nodes import thebibliography

        for bib in list(self.document.findall(thebibliography)):
            kept: dict[str, nodes.citation] = {}
            moved: dict[str, str] = {}
            for cit in list(bib.children):
                if not isinstance(cit, nodes.citation) or not cit["ids"]:
                    continue
                key = re.sub(r"\s+", " ", cit.astext()).strip()
                if key in kept:
                    first = kept[key]
                    moved[f"{cit['docname']}:{cit['ids'][0]}"] = (
                        f"{first['docname']}:{first['ids'][0]}"
                    )
                    bib.remove(cit)
                else:
                    kept[key] = cit
            bib.children.sort(
                key=lambda c: c[0].astext().casefold() if isinstance(c, nodes.citation) else ""
            )
            if not moved:
                continue
            for raw in self.document.findall(lambda n: n.tagname == "raw_latex"):
                m = _HYPERLINK_OPEN.fullmatch(raw.rawsource)
                cite = m is not None and m.group(1).startswith("cite.")
                target = m.group(1)[len("cite.") :] if cite else None
                if target in moved:
                    raw.rawsource = f"\\hyperlink{{cite.{moved[target]}}}{{"


class BibliographyPointer(SphinxPostTransform):
    """LaTeX only: a chapter's 参考 section whose only content is its bibliography (which LaTeX
    gathers at the back of the book) says where the entries went, instead of printing a bare
    heading."""

    default_priority = 950
    builders = ("latex",)

    def run(self, **kwargs):
        for section in list(self.document.findall(nodes.section)):
            if not section.children or section[0].astext().strip() != "参考":
                continue
            body = [
                c
                for c in section.children[1:]
                if not isinstance(c, (nodes.citation, nodes.target, nodes.comment))
                and c.astext().strip()
            ]
            if not body:
                section.insert(1, nodes.paragraph(text="本章引用的文献列在书末的「参考文献」中。"))


#: The raw LaTeX sphinxcontrib-bibtex writes before a citation's text: "\\hyperlink{cite.<key>}{".
_HYPERLINK_OPEN = re.compile(r"\\hyperlink\{([^{}]*)\}\{")


class PlainCaptionLinks(SphinxPostTransform):
    """LaTeX only: links inside figure captions (citations) become plain text.

    A hyperlink in a caption breaks xelatex when the caption is copied into the list of figures;
    the printed reader loses nothing, the citation text stays.
    """

    default_priority = 999
    builders = ("latex",)

    def run(self, **kwargs):
        for caption in list(self.document.findall(nodes.caption)):
            for ref in list(caption.findall(nodes.reference)):
                ref.replace_self(nodes.inline("", ref.astext()))
            # sphinxcontrib-bibtex writes a citation as raw "\\hyperlink{key}{", the text, "}".
            opened = 0
            for raw in list(caption.findall(lambda n: n.tagname in ("raw", "raw_latex"))):
                text = raw.astext() or raw.rawsource
                if _HYPERLINK_OPEN.fullmatch(text):
                    raw.parent.remove(raw)
                    opened += 1
                elif text == "}" and opened:
                    raw.parent.remove(raw)
                    opened -= 1


def latex_elements() -> dict:
    """The preamble settings of the printed book."""
    mono = FONTS["mono"]
    return {
        "papersize": "a4paper",
        # Read on screen more than printed: chapters start on the next page, not the next odd one
        # (no blank pages between chapters).
        "extraclassoptions": "openany",
        # An output figure stays under the cell that drew it instead of floating into the next
        # section.
        "figure_align": "H",
        "pointsize": "10pt",
        "babel": "",
        "fontenc": "",
        "fontpkg": (
            "\\usepackage[UTF8,scheme=plain,fontset=none]{ctex}\n"
            # babel is not loaded (ctex does the Chinese); Sphinx's and Jupyter Book's preambles
            # still call babel's \\addto on \\captionsenglish.
            "\\providecommand\\addto[2]{\\ifx#1\\undefined\\def#1{#2}\\else"
            "\\expandafter\\def\\expandafter#1\\expandafter{#1#2}\\fi}\n"
            f"\\setCJKmainfont{{{FONTS['serif']}}}[BoldFont={{{FONTS['sans']}}}]\n"
            f"\\setCJKsansfont{{{FONTS['sans']}}}\n"
            f"\\setCJKmonofont{{{mono}}}\n"
            # The CJK fonts' own Latin, Greek and symbol glyphs, so that γ, ≤, ∂ or ℓ in the
            # prose are never missing; the few symbols they lack are mapped to maths below.
            f"\\setmainfont{{{FONTS['serif']}}}\n"
            f"\\setsansfont{{{FONTS['sans']}}}\n"
            "\\setmonofont{DejaVu Sans Mono}[Scale=0.88]\n"
            "\\usepackage{newunicodechar}\n"
            + "".join(f"\\newunicodechar{{{ch}}}{{{tex}}}\n" for ch, tex in TEXT_SYMBOLS.items())
            + "\\newfontfamily\\cvbookfallback{DejaVu Serif}\n"
            + "".join(
                f'\\newunicodechar{{{ch}}}{{{{\\cvbookfallback\\symbol{{"{ord(ch):04X}}}}}}}\n'
                for ch in FALLBACK_CHARS
            )
        ),
        "fncychap": "",
        "sphinxsetup": (
            "verbatimwrapslines=true, verbatimforcewraps=true, verbatimmaxoverfull=1, "
            "verbatimmaxunderfull=4, hmargin={2.2cm,2.2cm}, vmargin={2.4cm,2.4cm}"
        ),
        "printindex": "",
        "extrapackages": "\\usepackage{xurl}",
        "preamble": (
            "\\setlength{\\emergencystretch}{3em}\n"
            "\\setlength{\\headheight}{12.5pt}\n"
            # Tables in a smaller size with a minimum column width, so that formula and term
            # tables fit the text width and short columns are not squeezed into one character.
            "\\AtBeginEnvironment{tabulary}{\\small}\\AtBeginEnvironment{longtable}{\\small}\n"
            "\\setlength{\\tymin}{4.5em}\n"
            # The chapter titles carry the question number ("问题 8：…"): a second number
            # ("9.2.4") would only conflict with it, so parts are numbered and nothing below.
            "\\setcounter{secnumdepth}{-1}\n"
            # Long chapter titles wrap before the page number in the contents.
            "\\makeatletter\\renewcommand{\\@pnumwidth}{2.4em}"
            "\\renewcommand{\\@tocrmarg}{3.6em}\\makeatother\n"
            # unicode-math's \\setminus (U+29F5) is not in Latin Modern Math; U+2216 is.
            "\\AtBeginDocument{\\renewcommand{\\setminus}{\\smallsetminus}}\n"
            # Chapter titles are the questions themselves ("问题 8：…"): no "Chapter 8" above
            # them, no English "Part", and running heads carry only "问题 8" (a whole question
            # would run into the page number).
            "\\makeatletter\n"
            "\\def\\cvbook@short#1：#2\\@nil{#1}\n"
            "\\AtBeginDocument{"
            "\\def\\@makechapterhead#1{\\vspace*{10\\p@}{\\parindent\\z@\\raggedright"
            "\\normalfont\\sffamily\\LARGE\\bfseries #1\\par\\nobreak\\vskip 24\\p@}}"
            "\\renewcommand{\\chaptermark}[1]{\\markboth{\\cvbook@short#1：\\@nil}{}}"
            "\\renewcommand{\\partname}{}}\n"
            "\\makeatother\n"
            "\\AtBeginDocument{\\renewcommand{\\contentsname}{目录}"
            "\\renewcommand{\\bibname}{参考文献}\\renewcommand{\\appendixname}{附录}}\n"
            "\\xeCJKsetup{CJKecglue={\\hskip 0.2em plus 0.1em}}\n"
        ),
    }


def _latex_numbering(app):
    if app.builder.name == "latex":
        # Figures and equations numbered through the whole book, as on the website (图 29,
        # (134)), not restarted in every chapter.
        app.config.numfig_secnum_depth = 0


def _configure(app, config):
    defaults = latex_elements()
    # Settings written in _config.yml win over the defaults here.
    config.latex_elements = {**defaults, **(config.latex_elements or {})}
    config.latex_show_urls = "no"
    config.latex_additional_files = [
        *config.latex_additional_files,
        str(HERE / "latex" / "bbm.sty"),
    ]
    config.latex_show_pagerefs = False


def setup(app):
    app.connect("config-inited", _configure)
    # After sphinx-jupyterbook-latex, which asks for numbering by chapter.
    app.connect("builder-inited", _latex_numbering, priority=900)
    app.add_post_transform(CollectQuizAnswers)
    app.add_post_transform(PlainCaptionLinks)
    app.add_post_transform(BibliographyPointer)
    app.add_post_transform(OneBibliography)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


# -- make pdf --------------------------------------------------------------------------------------


def missing_tools() -> list[str]:
    """Names (from :data:`NEEDS`) of the tools and fonts ``make pdf`` needs that are absent."""
    missing = [t for t in ("xelatex", "latexmk", "pdftotext", "pdftoppm") if not shutil.which(t)]
    if shutil.which("kpsewhich"):
        found = subprocess.run(["kpsewhich", "ctex.sty"], capture_output=True, text=True).stdout
        if not found.strip():
            missing.append("ctex.sty")
    elif "xelatex" not in missing:
        missing.append("ctex.sty")
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    for family in (FONTS["serif"], "DejaVu Sans Mono"):
        if family not in fonts:
            missing.append(family)
    return missing


def install_hint(missing: list[str]) -> str:
    packages = sorted({NEEDS[m] for m in missing})
    return (
        "make pdf 需要 " + "、".join(missing) + "。在 Debian/Ubuntu 上安装：\n"
        "  sudo apt-get install --no-install-recommends " + " ".join(packages)
    )


def _run(cmd, cwd=ROOT, log=None) -> int:
    print("[pdf] " + " ".join(str(c) for c in cmd), flush=True)
    if log is None:
        return subprocess.run(cmd, cwd=cwd).returncode
    with open(log, "w", encoding="utf-8") as fh:
        return subprocess.run(cmd, cwd=cwd, stdout=fh, stderr=subprocess.STDOUT).returncode


OVERFULL = re.compile(r"^Overfull \\hbox \(([\d.]+)pt too wide\)(.*)$", re.M)


def log_problems(log_text: str, max_overfull_pt: float = 20.0) -> list[str]:
    """Problems in an xelatex log that the book does not accept: missing glyphs and lines that
    stick out of the margin by more than ``max_overfull_pt``."""
    problems = [line for line in log_text.splitlines() if line.startswith("Missing character")]
    for m in OVERFULL.finditer(log_text):
        if float(m.group(1)) > max_overfull_pt:
            problems.append(m.group(0).strip())
    return problems


#: Text that marks a page worth reviewing (whitespace removed): a quiz, a step-through figure,
#: an exercise, a widget's static figure, the answers.
REVIEW_MARKS = (
    "答案见书末的「答案」",
    "网页上可逐步翻看全部",
    "练习：手撕",
    "印刷版里控件不能拖动",
    "各章「自测」的答案",
)


def review_pages(pdf_path: Path) -> list[int]:
    """The first page showing each of :data:`REVIEW_MARKS`."""
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=False
    ).stdout
    flat = [re.sub(r"\s+", "", page) for page in text.split("\f")]
    found = []
    for mark in REVIEW_MARKS:
        hits = [i + 1 for i, page in enumerate(flat) if mark in page]
        found += hits[:1]
    return found


def main(argv=None) -> int:
    """``make pdf``: LaTeX from the executed book, xelatex, checks, a few page images."""
    import argparse

    parser = argparse.ArgumentParser(description="Build the book's PDF (make pdf).")
    parser.add_argument(
        "--shots", default="1,3", help="pages to render for review, besides those found by text"
    )
    args = parser.parse_args(argv)
    missing = missing_tools()
    if missing:
        print(install_hint(missing), file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    jb = Path(sys.executable).with_name("jupyter-book")
    LATEX_DIR.mkdir(parents=True, exist_ok=True)
    sphinx_log = LATEX_DIR / "sphinx-build.log"
    code = _run(
        [jb, "build", ".", "--builder", "latex", "-W", "-n", "--keep-going"], log=sphinx_log
    )
    sphinx_text = sphinx_log.read_text(encoding="utf-8", errors="replace")
    if code != 0:
        print(sphinx_text[-4000:], file=sys.stderr)
        print(f"[pdf] the LaTeX build reported problems (above; all of it in {sphinx_log})")
        return 1
    executed = re.findall(r"^(\S+\.md): Executing notebook", sphinx_text, re.M)
    if executed:
        # The PDF is typeset from the outputs `make book` stored; executing here would mean the
        # cache missed, and the PDF could differ from the website.
        print(
            "[pdf] the LaTeX build executed " + ", ".join(executed) + ": run `make book` first",
            file=sys.stderr,
        )
        return 1
    t1 = time.perf_counter()
    tex_log = LATEX_DIR / f"{TEX_NAME}.log"
    code = _run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", f"{TEX_NAME}.tex"],
        cwd=LATEX_DIR,
        log=LATEX_DIR / "latexmk.out",
    )
    t2 = time.perf_counter()
    log_text = tex_log.read_text(encoding="utf-8", errors="replace") if tex_log.exists() else ""
    if code != 0:
        tail = (LATEX_DIR / "latexmk.out").read_text(encoding="utf-8", errors="replace")[-3000:]
        print(f"[pdf] xelatex failed; see {tex_log}\n{tail}", file=sys.stderr)
        return 1
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    out = PDF_DIR / PDF_NAME
    shutil.copyfile(LATEX_DIR / PDF_NAME, out)
    site = ROOT / "_build" / "html"
    if site.is_dir():  # beside the website's pages, for the intro's download link
        shutil.copyfile(out, site / PDF_NAME)
    problems = log_problems(log_text)
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = [int(p) for p in args.shots.split(",") if p.strip()] + review_pages(out)
    for page in sorted(set(pages)):
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(out),
                str(SHOTS / f"pdf-page-{page:03d}"),
            ],
            check=False,
        )
    print(
        f"[pdf] {out.relative_to(ROOT)}: {out.stat().st_size / 1e6:.1f} MB; "
        f"LaTeX {t1 - t0:.0f} s + xelatex {t2 - t1:.0f} s"
    )
    if problems:
        print("[pdf] problems in the LaTeX log:\n  " + "\n  ".join(problems[:40]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
