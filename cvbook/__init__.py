"""Helpers for the book 《CV 面试 31 问：可运行的交互式题解》.

Presentation and infrastructure only: the quiz renderer, the matplotlib style, the figure
drawers behind ``make figures``, the interactive widgets and a launcher for multi-process
``torch.distributed`` demos. The answers themselves live in the chapters.
"""

__all__ = ["quiz", "style", "figures", "launch"]
__version__ = "0.1.0"
