"""The 31 questions of the original list (github.com/donnyyou/cv-interview), with the file
each chapter lives in. Chapter titles are ``问题 N：<title>``; the structure tests check them
against this table, and intro.md lists them all.
"""

from __future__ import annotations

#: number -> (chapter file stem, title as in the original list, spaced between CJK and Latin)
QUESTIONS: dict[int, tuple[str, str]] = {
    1: ("q01-softmax-cross-entropy-backward", "Softmax + Cross Entropy 反向求导"),
    2: ("q02-batchnorm", "BatchNorm 层的详细解读"),
    3: ("q03-conv-bn-fusion", "Conv + BN 加速策略"),
    4: ("q04-model-acceleration", "常见的模型加速方法"),
    5: ("q05-foreground-background-imbalance", "目标检测里如何有效解决常见的前景少背景多的问题"),
    6: (
        "q06-detector-structural-limits",
        "目标检测里有什么情况是 SSD、YOLOv3、Faster R-CNN 等所不能解决的，假设网络拟合能力无限强",
    ),
    7: ("q07-classification-vs-retrieval", "分类和检索两个问题可以怎么理解"),
    8: (
        "q08-roipool-vs-roialign",
        "ROIPool 和 ROIAlign 的区别，以及 ROIAlign 的简单实现（不考虑并行，CPU 串行即可）",
    ),
    9: (
        "q09-parameter-initialization",
        "深度神经网络常见的参数初始化方式，如果全部初始化为 0，会出现什么情况",
    ),
    10: (
        "q10-multi-gpu-gradient-sync",
        "多卡并行的时候怎么实现参数共享，通信梯度是指平均梯度，还是最大梯度，还是梯度总和",
    ),
    11: ("q11-gradient-descent-optimizers", "介绍常见的梯度下降优化方法"),
    12: ("q12-backpropagation-fc-conv", "神经网络（卷积/全连接）反向传播公式推导"),
    13: ("q13-focal-loss-vs-ohem", "Focal Loss 解决了什么问题，如何解决的，与 OHEM 有什么不同"),
    14: ("q14-rotated-polygon-iou", "斜着的矩形框如何求 IoU，两个多边形的框如何求 IoU"),
    15: ("q15-detection-open-problems", "Detection 你觉得还有哪些可做的点"),
    16: ("q16-convolution-implementation", "卷积底层如何实现的"),
    17: ("q17-minibatch-sgd-vs-gd", "mini-Batch SGD 相对于 GD 有什么优点"),
    18: ("q18-deformable-conv-cost", "DCN 比普通卷积多了多少计算量"),
    19: ("q19-syncbn", "SyncBN 如何实现的"),
    20: ("q20-background-class", "当需要添加背景类时，怎样处理比较合理"),
    21: ("q21-miou", "给出语义分割评估指标 mIoU 的计算公式和实现"),
    22: ("q22-pose-estimation", "人体姿态估计主流的两个做法是啥？简单介绍下"),
    23: ("q23-dilated-convolution", "介绍带孔卷积以及其优势与劣势"),
    24: ("q24-nonlocal-vs-self-attention", "Non-local 模块与 Self-attention 之间的关系与区别"),
    25: ("q25-pytorch-tensorflow-internals", "PyTorch 和 TensorFlow 的运行原理"),
    26: (
        "q26-local-weight-sharing-conv",
        "卷积的实现原理以及如何快速高效实现局部 weight sharing 的卷积操作方式",
    ),
    27: ("q27-optimizer-algorithms", "详解几种优化算法"),
    28: ("q28-batchnorm-train-vs-inference", "BN 在 training 和 inference 的时候有什么区别"),
    29: (
        "q29-anchor-vs-set-matching",
        "基于 anchor 匹配的目标检测和基于 RNN 集合匹配的目标检测有何区别，"
        "基于 RNN 集合匹配的损失定义有何缺陷",
    ),
    30: (
        "q30-cyclegan-geometry",
        "CycleGAN 的生成效果为啥一般都是位置不变纹理变化，为啥不能产生不同位置的生成效果",
    ),
    31: ("q31-l2-vs-weight-decay", "L2 regularization 和 Weight decay"),
}


def heading(number: int) -> str:
    """The chapter's H1 line, e.g. ``# 问题 8：ROIPool 和 ROIAlign 的区别…``."""
    if number not in QUESTIONS:
        raise ValueError(f"number must be 1..31, got {number!r}")
    return f"# 问题 {number}：{QUESTIONS[number][1]}"
