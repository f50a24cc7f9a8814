"""cvbook.sphinxext's Chinese indexer gives the same words and stems as Sphinx's own."""

from sphinx.search.zh import SearchChinese

from cvbook.sphinxext import FastSearchChinese, join_cjk_lines

TEXT = [
    "反向传播的梯度：Softmax 与 Cross Entropy 的导数 S - y，见 BatchNorm 与 ROIAlign。",
    "空洞卷积扩大感受野；非极大值抑制 NMS 在拥挤场景下会误删框。GPU DDP all_reduce",
    "均值和方差的无偏估计 m/(m-1)，running_var，momentum=0.1，IoU 与 mIoU。",
]


def _index(cls):
    lang = cls({})
    words = [w for text in TEXT for w in lang.split(text)]
    return words, [lang.stem(w) for w in words]


def test_same_words_and_stems_as_sphinx():
    SearchChinese.latin_terms = []  # the class-level list Sphinx's version appends to
    assert _index(FastSearchChinese) == _index(SearchChinese)


def test_latin_terms_is_a_set_per_instance():
    lang = FastSearchChinese({})
    lang.split("ROIAlign abc")
    assert isinstance(lang.latin_terms, set) and "ROIAlign" in lang.latin_terms
    assert "ROIAlign" not in FastSearchChinese({}).latin_terms


def test_join_cjk_lines_only_between_cjk_characters():
    assert join_cjk_lines("每个结论\n核实一遍") == "每个结论核实一遍"
    assert join_cjk_lines("用代码，\n  再检查") == "用代码，再检查"
    # A break next to Latin text or digits stays a space-like break.
    assert join_cjk_lines("使用 PyTorch\n的自动求导") == "使用 PyTorch\n的自动求导"
    assert join_cjk_lines("共 31\n章") == "共 31\n章"
    assert join_cjk_lines("no\nchange") == "no\nchange"


def test_soft_breaks_between_chinese_nodes_are_dropped():
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    from cvbook.sphinxext import _join_cjk_lines

    cases = {
        "把每个结论\n核实一遍，用 **代码**\n检查。": "把每个结论核实一遍，用 代码检查。",
        "用 PyTorch\n的自动求导": "用 PyTorch\n的自动求导",
        "第一行\n\n第二段": "第一行\n\n第二段",
    }
    for source, expected in cases.items():
        doctree = publish_doctree(source, parser=Parser())
        _join_cjk_lines(None, doctree)
        assert doctree.astext() == expected
        assert all(isinstance(t, nodes.Text) for t in doctree.findall(nodes.Text))
