"""The 手撕代码 track of the 模拟面试 page: ``{cvbook-exercises}`` lists every 动手写 exercise.

Each chapter's exercises are found when the chapter is read: a section labelled ``ex-qNN-…``
whose title reads "练习：手撕 …", its time budget ("面试时约 N 分钟") and its grader
(``check_x = Grader(…)`` in one of its code cells). The directive's placeholder is filled in when
the page is written, with one link per exercise in the book's question order, so the list is
always the chapters' own.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

LABEL = re.compile(r"^ex-q(\d\d)-[a-z0-9-]+$")
BUDGET = re.compile(r"面试时约\s*(\d+)\s*分钟")
GRADER = re.compile(r"^(check_\w+) = Grader\(", re.M)


class exercises_placeholder(nodes.General, nodes.Element):
    """Replaced by the list of exercises when the page is resolved."""


class ExercisesDirective(SphinxDirective):
    has_content = False

    def run(self):
        self.env.metadata[self.env.docname]["cvbook_exercises_page"] = True
        return [exercises_placeholder()]


def find_exercises(doctree: nodes.document) -> list[dict]:
    """The exercises of one chapter's doctree, in order."""
    found = []
    for section in doctree.findall(nodes.section):
        labels = [n for n in section["names"] if LABEL.match(n)] + [
            i for i in section["ids"] if LABEL.match(i)
        ]
        if not labels:
            continue
        title = section[0].astext() if isinstance(section[0], nodes.title) else ""
        text = section.astext()
        budget = BUDGET.search(text)
        code = "\n".join(n.astext() for n in section.findall(nodes.literal_block))
        found.append(
            {
                "label": labels[0],
                "n": int(LABEL.match(labels[0]).group(1)),
                "title": title.removeprefix("练习：").strip(),
                "minutes": int(budget.group(1)) if budget else None,
                "graders": GRADER.findall(code),
            }
        )
    return found


def _collect(app, doctree):
    env = app.env
    store = env.__dict__.setdefault("cvbook_exercises", {})
    store.pop(env.docname, None)
    items = find_exercises(doctree)
    if items:
        store[env.docname] = items


def _purge(app, env, docname):
    env.__dict__.setdefault("cvbook_exercises", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    store = env.__dict__.setdefault("cvbook_exercises", {})
    for doc, items in other.__dict__.get("cvbook_exercises", {}).items():
        if doc in docnames:
            store[doc] = items


def _outdated(app, env, added, changed, removed):
    # The list page depends on every chapter: re-read it whenever a chapter changes.
    if not (added or changed or removed):
        return []
    return [d for d, meta in env.metadata.items() if meta.get("cvbook_exercises_page")]


def _resolve(app, doctree, docname):
    placeholders = list(doctree.findall(exercises_placeholder))
    if not placeholders:
        return
    store = app.env.__dict__.get("cvbook_exercises", {})
    items = sorted(
        ((doc, item) for doc, items in store.items() for item in items),
        key=lambda d: (d[1]["n"], d[0]),
    )
    for ph in placeholders:
        if not items:
            ph.replace_self(nodes.paragraph(text="本书还没有动手写练习。"))
            continue
        lst = nodes.bullet_list(classes=["cvbook-exercises"])
        for doc, item in items:
            uri = app.builder.get_relative_uri(docname, doc) + "#" + item["label"]
            ref = nodes.reference("", "", internal=True, refuri=uri)
            ref += nodes.Text(f"问题 {item['n']}：{item['title']}")
            para = nodes.paragraph()
            para += ref
            extra = []
            if item["minutes"]:
                extra.append(f"面试时约 {item['minutes']} 分钟")
            if item["graders"]:
                extra.append("评测器 " + "、".join(item["graders"]))
            if extra:
                para += nodes.Text("（" + "；".join(extra) + "）")
            li = nodes.list_item()
            li += para
            lst += li
        ph.replace_self(lst)


def setup(app):
    app.add_node(exercises_placeholder)
    app.add_directive("cvbook-exercises", ExercisesDirective)
    app.connect("doctree-read", _collect)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _outdated)
    app.connect("doctree-resolved", _resolve)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
