"""cvbook.sphinxext's Chinese indexer gives the same words and stems as Sphinx's own."""

from sphinx.search.zh import SearchChinese

from cvbook.sphinxext import FastSearchChinese

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
