"""The 动手写 grader's runner (cvbook.grader): pass, fail, exception, time-out, wrong shape,
NaN vs number, inputs written in place, bad grader definitions."""

import math
import threading
import time

import numpy as np
import pytest
import torch

from cvbook.grader import Case, Grader, compare


def relu_cases():
    x = torch.tensor([[-1.0, 2.0], [0.5, -3.0]])
    return [
        # Hand-computed: negatives become 0, the rest stay.
        Case(
            "混合正负", args=(x,), expected=torch.tensor([[0.0, 2.0], [0.5, 0.0]]), hint="max(x, 0)"
        ),
        Case("空张量", args=(torch.zeros(0),), expected=torch.zeros(0), hint="空输入原样返回"),
    ]


def make_grader(**kw):
    return Grader("relu", relu_cases(), **kw)


def test_correct_candidate_passes_and_reports_every_case(capsys):
    check = make_grader()
    assert check(torch.relu) is True
    out = capsys.readouterr().out
    assert "2/2" in out and out.count("[通过]") == 2 and "[失败]" not in out
    assert check.last_report.failed_names == []


def test_wrong_values_fail_with_first_differing_element_and_hint(capsys):
    check = make_grader()
    assert check(torch.abs) is False
    out = capsys.readouterr().out
    assert check.last_report.failed_names == ["混合正负"]
    # abs differs from relu first at [0, 0]: expected 0, got 1.
    assert "[0, 0]" in out and "期望 0" in out and "得到 1" in out
    assert "2/4" in out  # two of four elements differ
    assert "提示: max(x, 0)" in out
    assert "输入: tensor(" in out


def test_exception_is_a_failed_case_with_traceback_not_a_crash(capsys):
    def broken(x):
        return x.no_such_method()

    assert make_grader()(broken) is False
    out = capsys.readouterr().out
    assert "抛出异常" in out and "AttributeError" in out and "no_such_method" in out
    assert "cvbook/grader.py" not in out  # the grader's own frames are hidden


def test_not_implemented_stub_gets_one_short_message(capsys):
    def stub(x):
        raise NotImplementedError

    check = make_grader()
    assert check(stub) is False
    out = capsys.readouterr().out
    assert "还没有实现" in out and "[失败]" not in out
    assert not check.last_report.passed


def test_not_implemented_later_case_is_an_ordinary_failure():
    def half(x):
        if x.numel() == 0:
            raise NotImplementedError("empty")
        return torch.relu(x)

    check = make_grader()
    assert check(half, verbose=False) is False
    assert check.last_report.failed_names == ["空张量"]
    assert not check.last_report.not_implemented


def test_hanging_candidate_times_out_and_the_next_case_still_runs():
    def hangs_on_empty(x):
        while x.numel() == 0:
            pass
        return torch.relu(x)

    check = make_grader(time_limit=0.3)
    start = time.perf_counter()
    assert check(hangs_on_empty, verbose=False) is False
    assert time.perf_counter() - start < 3
    report = check.last_report
    assert report.failed_names == ["空张量"]
    text = str(report)
    assert "超时" in text and "hangs_on_empty" in text  # where the loop was


def test_timeout_cannot_be_swallowed_by_except_exception():
    def stubborn(x):
        try:
            while True:
                pass
        except Exception:
            return torch.relu(x)

    check = make_grader(time_limit=0.2)
    assert check(stubborn, verbose=False) is False
    assert check.last_report.failed_names == ["混合正负", "空张量"]


def test_timeout_outside_the_main_thread_uses_a_worker_thread():
    results = {}

    def hang(x):
        time.sleep(5)

    def run():
        check = make_grader(time_limit=0.2)
        results["ok"] = check(hang, verbose=False)
        results["report"] = str(check.last_report)

    t = threading.Thread(target=run)
    t.start()
    t.join(10)
    assert results["ok"] is False and results["report"].count("超时") == 2


def test_wrong_shape_and_wrong_type_are_named():
    assert "形状不对" in compare(torch.zeros(2, 2), torch.zeros(4))
    assert "类型不对" in compare(torch.zeros(2), [0.0, 0.0])
    assert "类型不对" in compare(np.zeros(2), torch.zeros(2))
    assert "长度不对" in compare((1, 2), (1, 2, 3))


def test_dtype_is_checked_unless_told_otherwise():
    assert "dtype" in compare(torch.zeros(2), torch.zeros(2, dtype=torch.float64))
    assert compare(torch.zeros(2), torch.zeros(2, dtype=torch.float64), check_dtype=False) is None


def test_nan_matches_only_nan():
    assert compare(float("nan"), float("nan")) is None
    assert "nan" in compare(1.0, float("nan"))
    assert compare(float("nan"), 1.0) is not None
    e = torch.tensor([1.0, float("nan")])
    assert compare(e, torch.tensor([1.0, float("nan")])) is None
    assert "[1]" in compare(e, torch.tensor([1.0, 2.0]))
    assert "[0]" in compare(e, torch.tensor([float("nan"), float("nan")]))


def test_scalars_accept_zero_d_tensors_and_numpy_numbers():
    assert compare(0.5, torch.tensor(0.5)) is None
    assert compare(0.5, np.float32(0.5)) is None
    assert compare(2, 2.0) is None
    assert "一个数" in compare(0.5, torch.tensor([0.5]))


def test_tolerances_are_honoured():
    assert compare(1.0, 1.0 + 1e-7) is None
    assert compare(1.0, 1.001) is not None
    assert compare(1.0, 1.001, rtol=1e-2) is None
    assert compare(torch.tensor([3, 4]), torch.tensor([3, 5])) is not None  # ints exact


def test_nested_results_name_the_path():
    problem = compare((torch.zeros(2), 1.0), (torch.zeros(2), 2.0))
    assert problem.startswith("[1] ")
    assert "['b']" in compare({"a": 1, "b": 2}, {"a": 1, "b": 3})


def test_writing_into_an_input_is_a_failure_unless_allowed():
    def relu_inplace(x):
        return x.clamp_(min=0)

    check = make_grader()
    assert check(relu_inplace, verbose=False) is False
    assert "改写了输入参数 第 1 个参数" in str(check.last_report)
    allowed = Grader(
        "relu",
        [Case(c.name, c.args, expected=c.expected, allow_inplace=True) for c in relu_cases()],
    )
    assert allowed(relu_inplace, verbose=False) is True


def test_inputs_are_fresh_copies_for_each_case():
    x = torch.tensor([-1.0, 1.0])
    case = Case("a", args=(x,), expected=torch.tensor([0.0, 1.0]), allow_inplace=True)
    check = Grader("relu", [case, Case("b", args=(x,), expected=torch.tensor([0.0, 1.0]))])
    assert check(lambda t: t.clamp_(min=0), verbose=False) is False  # "b" forbids the write
    assert torch.equal(x, torch.tensor([-1.0, 1.0]))  # the case's own tensor is untouched


def test_non_contiguous_inputs_stay_non_contiguous():
    x = torch.arange(6.0).reshape(2, 3).t()
    seen = []
    Grader("id", [Case("转置", args=(x,), expected=x.clone())])(
        lambda t: seen.append(t.is_contiguous()) or t.clone(), verbose=False
    )
    assert seen == [False]


def test_check_function_for_outputs_with_several_right_answers():
    def is_permutation(got):
        return None if sorted(got) == [0, 1, 2] else f"不是 0..2 的排列：{got}"

    check = Grader("perm", [Case("任一排列", args=(3,), check=is_permutation, hint="每个只用一次")])
    assert check(lambda n: [2, 0, 1], verbose=False) is True
    assert check(lambda n: [0, 0, 1], verbose=False) is False
    assert "不是 0..2 的排列" in str(check.last_report)
    assert check(lambda n: 5, verbose=False) is False  # a check that raises is a failure
    assert "检查结果时出错" in str(check.last_report)


def test_speed_ratio_is_reported_only_when_everything_passes(capsys):
    big = Case("1e4 个元素", args=(torch.randn(10_000),))
    check = make_grader(reference=torch.relu, speed_case=big, repeats=2)

    def slow_relu(x):
        time.sleep(0.02)
        return torch.relu(x)

    assert check(slow_relu) is True
    out = capsys.readouterr().out
    ratio = float(out.split("参考实现的 ")[1].split(" 倍")[0])
    assert ratio > 5 and math.isfinite(ratio)
    assert check(torch.abs) is False
    assert "速度" not in capsys.readouterr().out


def test_bad_grader_definitions_raise_value_error_naming_the_argument():
    good = relu_cases()
    with pytest.raises(ValueError, match="cases"):
        Grader("relu", [])
    with pytest.raises(ValueError, match="unique"):
        Grader("relu", good + good)
    with pytest.raises(ValueError, match="expected, check or raises"):
        Grader("relu", [Case("x", args=(1,))])
    with pytest.raises(ValueError, match="name"):
        Grader("not an identifier", good)
    with pytest.raises(ValueError, match="time_limit"):
        Grader("relu", good, time_limit=0)
    with pytest.raises(ValueError, match="together"):
        Grader("relu", good, reference=torch.relu)
    with pytest.raises(ValueError, match="args"):
        Case("x", args=[1], expected=1)
    with pytest.raises(ValueError, match="not both"):
        Case("x", expected=1, check=lambda g: None)
    with pytest.raises(ValueError, match="candidate"):
        make_grader()(42)


def test_a_case_can_require_an_exception():
    def reduce_(x, reduction):
        if reduction not in ("mean", "sum"):
            raise ValueError(f"reduction {reduction!r}")
        return x.mean() if reduction == "mean" else x.sum()

    cases = [
        Case("mean", args=(torch.tensor([1.0, 3.0]), "mean"), expected=torch.tensor(2.0)),
        Case(
            "非法 reduction",
            args=(torch.tensor([1.0]), "max"),
            raises=ValueError,
            hint="不认识的 reduction 要报错",
        ),
    ]
    check = Grader("reduce", cases)
    assert check(reduce_, verbose=False) is True
    assert check(lambda x, r: x.mean(), verbose=False) is False
    assert "应当抛出 ValueError，却返回了" in str(check.last_report)
    assert check(lambda x, r: x[5], verbose=False) is False  # wrong exception type
    assert "IndexError" in str(check.last_report)
    with pytest.raises(ValueError, match="exception class"):
        Case("x", raises="ValueError")


def test_writes_into_modules_and_dicts_are_reported():
    conv = torch.nn.Conv2d(1, 1, 1)

    def scale_in_place(m):
        with torch.no_grad():
            m.weight.mul_(2)
        return m

    check = Grader("m", [Case("模块", args=(conv,), check=lambda got: None)])
    assert check(scale_in_place, verbose=False) is False
    assert "改写了输入参数" in str(check.last_report)
    assert "Conv2d(1, 1, kernel_size=(1, 1)" in str(check.last_report)  # the module's repr

    def bump(state):
        state["m"] += 1
        return 0

    check = Grader("d", [Case("字典", args=({"m": np.zeros(2)},), expected=0)])
    assert check(bump, verbose=False) is False


def test_values_equal_to_six_digits_are_shown_in_full():
    problem = compare(
        torch.tensor([1.0], dtype=torch.float64),
        torch.tensor([1.0 + 1e-9], dtype=torch.float64),
        rtol=0,
        atol=0,
    )
    assert "1.000000001" in problem
    assert "1.000000001" in compare(1.0, 1.0 + 1e-9, rtol=0, atol=0)


def test_empty_and_strided_arrays_show_their_shape():
    from cvbook.grader import _show_value

    assert "形状 (3, 0)" in _show_value(np.zeros((3, 0)))
    assert "非连续" in _show_value(np.zeros((4, 4))[:, ::2])


def test_speed_can_be_skipped(capsys):
    big = Case("1e4 个元素", args=(torch.randn(10_000),))
    check = make_grader(reference=torch.relu, speed_case=big, repeats=2)
    assert check(torch.relu, speed=False) is True
    assert "速度" not in capsys.readouterr().out
    assert check(torch.relu) is True
    assert "速度" in capsys.readouterr().out


def test_report_lines_fit_the_page():
    from cvbook.grader import WIDTH, _columns

    hint = "提示很长：" + "先用鞋带公式判断顶点的方向，顺时针就反转。" * 6
    check = Grader(
        "relu",
        [Case("长提示", args=(torch.tensor([-1.0]),), expected=torch.tensor([0.0]), hint=hint)],
    )
    assert check(torch.abs, verbose=False) is False
    text = str(check.last_report)
    assert all(sum(_columns(c) for c in line) <= WIDTH for line in text.splitlines())
    # Nothing is lost by wrapping.
    assert "".join(text.split()).count("顺时针就反转") == 6


def test_wrapping_keeps_the_report_lines():
    check = make_grader()
    assert check(torch.abs, verbose=False) is False
    lines = str(check.last_report).splitlines()
    # Input, expected, got and the difference each keep a line of their own.
    assert any(line.strip().startswith("输入: tensor(") for line in lines)
    assert any(line.strip().startswith("期望: tensor(") for line in lines)
    assert any(line.strip().startswith("得到: tensor(") for line in lines)


def test_only_the_first_failures_are_detailed():
    from cvbook.grader import MAX_DETAILED

    cases = [
        Case(
            f"用例 {i}",
            args=(torch.tensor([-1.0]),),
            expected=torch.tensor([0.0]),
            hint=f"提示 {i}",
        )
        for i in range(MAX_DETAILED + 3)
    ]
    check = Grader("relu", cases)
    assert check(torch.abs, verbose=False) is False
    text = str(check.last_report)
    assert text.count("[失败]") == MAX_DETAILED + 3  # every failure is named
    assert text.count("提示: ") == MAX_DETAILED and f"前 {MAX_DETAILED} 个" in text
    assert len(check.last_report.failed_names) == MAX_DETAILED + 3


def test_wrapping_never_starts_a_line_with_a_mark_or_closing_punctuation():
    from cvbook.grader import _wrap

    for n in range(60, 90):
        line = "提" * n + "m̂，再除以 v̂。" + "示" * 20
        pieces = _wrap(line, 84)
        assert "".join(p.strip() for p in pieces).replace(" ", "") == line.replace(" ", "")
        for piece in pieces[1:]:
            assert piece.strip()[0] not in "\u0302，。", piece


def test_numbers_inside_dict_inputs_are_checked_too():
    def bump_step(state):
        state["step"] += 1
        return 0

    check = Grader("d", [Case("步数", args=({"step": 3},), expected=0)])
    assert check(bump_step, verbose=False) is False
    assert check(lambda state: 0, verbose=False) is True
