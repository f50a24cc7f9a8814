"""The bench table (make bench) as the terminal and the 执行统计 page show it."""

from __future__ import annotations

from cvbook.bench import rows

RESULT = {
    "date": "2026-12-02",
    "machine": "2 核，CPU",
    "python": "3.11.7",
    "cold_build_s": 150.4,
    "cold_execute_s": 110.0,
    "cold_html_s": 40.4,
    "nochange_make_book_s": 0.04,
    "nochange_sphinx_s": 5.2,
    "slowest_chapters": [["q04-model-acceleration", 12.9], ["q30-cyclegan-geometry", 9.1]],
    "roialign": {
        "ms": 60.0,
        "reference_ms": 40.0,
        "ratio": 1.5,
        "reference": "grid_sample 版",
        "workload": "512 个 RoI",
    },  # fmt: skip
    "widgets": {
        "iou": {"updates": 300, "median_ms": 0.2, "p95_ms": 1.1},
        "roi": {"error": "no chromium"},
    },  # fmt: skip
    "site_mb": 22.5,
    "largest_page": "q07-classification-vs-retrieval",
    "largest_page_kb": 410.2,
}


def test_rows_show_every_figure():
    table = dict(rows(RESULT))
    assert table["冷启动构建（空缓存：执行全部章节 + 生成网页）"] == "150 s"
    assert table["无改动时的 make book"] == "0.04 s"
    assert table["最慢的章节：q04-model-acceleration"] == "12.9 s"
    assert table["问题 8 RoIAlign：向量化实现 / grid_sample 版（512 个 RoI）"] == (
        "60 ms / 40 ms = 1.50 倍"
    )
    assert table["问题 14 IoU 控件每次刷新（300 次，中位数 / 95 分位）"] == "0.2 ms / 1.1 ms"
    assert table["问题 8 RoIAlign 控件每次刷新"] == "no chromium"
    assert table["网站总大小"] == "22.5 MB"
    assert table["最大的章节页面（q07-classification-vs-retrieval）"] == "410 KB"
