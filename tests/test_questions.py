"""The table of the 31 original questions."""

import re

import pytest

from cvbook.questions import QUESTIONS, heading


def test_thirty_one_questions_with_unique_stems():
    assert sorted(QUESTIONS) == list(range(1, 32))
    stems = [stem for stem, _ in QUESTIONS.values()]
    assert len(set(stems)) == 31
    for n, (stem, title) in QUESTIONS.items():
        assert re.fullmatch(rf"q{n:02d}-[a-z0-9]+(-[a-z0-9]+)*", stem), stem
        assert title.strip() == title and title


def test_heading():
    assert heading(8).startswith("# 问题 8：ROIPool")
    with pytest.raises(ValueError, match="number"):
        heading(32)
