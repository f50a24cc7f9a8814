"""Auto-grader for the 动手写 (hand-written code) exercises.

A chapter describes its graded cases with :class:`Case` and wraps them in a :class:`Grader`
under the name the book pins (``check_nms`` and so on). The grader runs a candidate function on
every case, each under a time limit, and prints one line per case; a failed case shows its
input, the expected and the received value, the first element that differs and a hint tied to
the usual mistake. When every case passes it also times the candidate against the chapter's
reference on one larger case and prints the ratio (for information only: speed never decides a
pass).

Example::

    check_relu = Grader("relu", [
        Case("负数变 0", args=(torch.tensor([-1.0, 2.0]),), expected=torch.tensor([0.0, 2.0]),
             hint="max(x, 0)，不是 abs(x)。"),
    ], reference=torch.relu, speed_case=Case("1e5 个元素", args=(torch.randn(100_000),)))

    check_relu(my_relu)  # prints the report, returns True only if every case passed
    check_relu.last_report.failed_names  # [] or the names of the failed cases

The candidate never crashes the grader: an exception or a time-out is reported as a failed case
with its traceback. Each case gets fresh copies of its inputs, so a candidate that writes into
its arguments cannot spoil the next case, and such writes are reported as a failure unless the
case allows them. Expected values should come from an independent reference (torch's own ops,
autograd, a brute-force loop, a hand-computed case), never from the implementation under test.
"""

from __future__ import annotations

import copy
import math
import re
import signal
import sys
import threading
import time
import traceback
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

__all__ = ["Case", "CaseResult", "Grader", "Report", "compare"]

_NOT_SET = object()
_PREVIEW = 24  # arrays with at most this many elements are printed in full
MAX_DETAILED = 4  # failed cases shown with input, expected, got and hint; the rest by name


@dataclass
class Case:
    """One graded case.

    Args:
        name (str): short Chinese label naming what the case tests ("IoU 恰好等于阈值").
        args (tuple): positional arguments for the candidate (kept small and printable).
        kwargs (dict): keyword arguments for the candidate.
        expected: the right output, from an independent reference. Tensors, ndarrays, numbers,
            tuples, lists and dicts of those are compared by :func:`compare`.
        check (callable, optional): ``check(got) -> str | None`` for outputs that have several
            right answers (an optimal assignment with ties, say): returns a description of what
            is wrong, or None. Used instead of ``expected``.
        hint (str): what a candidate who fails this case has most likely done wrong.
        rtol, atol (float): tolerances for floating-point values.
        check_dtype (bool): whether a tensor/ndarray result must have the expected dtype.
        raises (type, optional): the exception the candidate must raise on this input (bad
            input that the contract says is rejected, e.g. ``ValueError``). Used instead of
            ``expected``.
        allow_inplace (bool): whether the candidate may write into its tensor/ndarray/module
            arguments.
        time_limit (float, optional): seconds; defaults to the grader's.
        show (str, optional): how to print the input; by default the arguments' values.
    """

    name: str
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    expected: Any = _NOT_SET
    check: Callable[[Any], str | None] | None = None
    hint: str = ""
    rtol: float = 1e-5
    atol: float = 1e-6
    check_dtype: bool = True
    raises: type | None = None
    allow_inplace: bool = False
    time_limit: float | None = None
    show: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"name must be a non-empty string, got {self.name!r}")
        if not isinstance(self.args, tuple):
            raise ValueError(f"args of case {self.name!r} must be a tuple, got {self.args!r}")
        if not isinstance(self.kwargs, Mapping):
            raise ValueError(f"kwargs of case {self.name!r} must be a dict, got {self.kwargs!r}")
        if self.check is not None and not callable(self.check):
            raise ValueError(f"check of case {self.name!r} must be callable, got {self.check!r}")
        given = [self.check is not None, self.expected is not _NOT_SET, self.raises is not None]
        if sum(given) > 1:
            raise ValueError(
                f"case {self.name!r}: give only one of expected, check and raises, not both"
            )
        if self.raises is not None and not (
            isinstance(self.raises, type) and issubclass(self.raises, Exception)
        ):
            raise ValueError(f"raises of case {self.name!r} must be an exception class")
        for tol in ("rtol", "atol"):
            value = getattr(self, tol)
            if not isinstance(value, Real) or not value >= 0:
                raise ValueError(f"{tol} of case {self.name!r} must be >= 0, got {value!r}")
        if self.time_limit is not None and not (
            isinstance(self.time_limit, Real) and self.time_limit > 0
        ):
            raise ValueError(
                f"time_limit of case {self.name!r} must be a positive number of seconds, "
                f"got {self.time_limit!r}"
            )

    @property
    def graded(self) -> bool:
        return self.check is not None or self.expected is not _NOT_SET or self.raises is not None


@dataclass
class CaseResult:
    """What happened on one case: ``passed``, and for a failure a ``message`` and the hint."""

    name: str
    passed: bool
    shown_input: str
    message: str = ""
    hint: str = ""
    seconds: float = 0.0


@dataclass
class Report:
    """The outcome of grading one candidate; ``str(report)`` is the text the reader sees."""

    name: str
    results: list[CaseResult]
    speed: str = ""
    not_implemented: bool = False

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def failed_names(self) -> list[str]:
        return [r.name for r in self.results if not r.passed]

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        if self.not_implemented:
            return (
                f"check_{self.name}: 还没有实现（函数抛出 NotImplementedError）。"
                "在上面的单元格里写好函数体，再运行本单元格。"
            )
        n_ok = sum(r.passed for r in self.results)
        verdict = "全部通过" if self.passed else f"{len(self.results) - n_ok} 个未通过"
        lines = [f"check_{self.name}: {n_ok}/{len(self.results)} 个用例通过，{verdict}"]
        detailed = 0
        for r in self.results:
            lines.append(f"  [{'通过' if r.passed else '失败'}] {r.name}")
            if r.passed:
                continue
            detailed += 1
            if detailed > MAX_DETAILED:
                continue
            lines.append(_indent("输入: " + r.shown_input, 6))
            lines.append(_indent(r.message, 6))
            if r.hint:
                lines.append(_indent("提示: " + r.hint, 6))
        if detailed > MAX_DETAILED:
            lines.append(
                f"（只展开了前 {MAX_DETAILED} 个失败的用例；改好它们再运行，其余的会依次展开。）"
            )
        if self.speed:
            lines.append(self.speed)
        text = "\n".join(lines)
        return "\n".join(w for line in text.split("\n") for w in _wrap(line, WIDTH))


class Grader:
    """A named set of graded cases; calling it grades a candidate.

    Args:
        name (str): the graded function's name; the report calls itself ``check_<name>``.
        cases (Sequence[Case]): the graded cases, at least one, with unique names.
        reference (callable, optional): the chapter's implementation, used only to time the
            candidate against it on ``speed_case``.
        speed_case (Case, optional): a larger input for the speed ratio (its expected value is
            not used).
        time_limit (float): default seconds per case. A case that runs longer fails.
        repeats (int): timing runs of candidate and reference; the fastest of each is compared.
    """

    def __init__(
        self,
        name: str,
        cases: Sequence[Case],
        reference: Callable | None = None,
        speed_case: Case | None = None,
        time_limit: float = 5.0,
        repeats: int = 5,
    ):
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"name must be a Python identifier, got {name!r}")
        cases = list(cases) if isinstance(cases, Sequence) else cases
        if not isinstance(cases, list) or not cases:
            raise ValueError(f"cases must be a non-empty sequence of Case, got {cases!r}")
        for c in cases:
            if not isinstance(c, Case):
                raise ValueError(f"cases must contain Case objects, got {c!r}")
            if not c.graded:
                raise ValueError(f"case {c.name!r} needs expected, check or raises")
        names = [c.name for c in cases]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"case names must be unique, repeated: {dupes!r}")
        if reference is not None and not callable(reference):
            raise ValueError(f"reference must be callable, got {reference!r}")
        if speed_case is not None and not isinstance(speed_case, Case):
            raise ValueError(f"speed_case must be a Case, got {speed_case!r}")
        if (speed_case is None) != (reference is None):
            raise ValueError("reference and speed_case must be given together")
        if not (isinstance(time_limit, Real) and time_limit > 0):
            raise ValueError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
        if not (isinstance(repeats, int) and repeats >= 1):
            raise ValueError(f"repeats must be an integer >= 1, got {repeats!r}")
        self.name = name
        self.cases = cases
        self.reference = reference
        self.speed_case = speed_case
        self.time_limit = float(time_limit)
        self.repeats = repeats
        self.last_report: Report | None = None
        self.__name__ = f"check_{name}"

    def grade(self, candidate: Callable, speed: bool = True) -> Report:
        """Run ``candidate`` on every case and return the :class:`Report` (prints nothing).
        ``speed=False`` skips the timing against the reference."""
        if not callable(candidate):
            raise ValueError(f"candidate must be a function, got {candidate!r}")
        results = []
        for i, case in enumerate(self.cases):
            result, not_impl = self._run_case(candidate, case)
            if not_impl and i == 0:
                return Report(self.name, [result], not_implemented=True)
            results.append(result)
        report = Report(self.name, results)
        if speed and report.passed and self.speed_case is not None:
            report.speed = self._speed(candidate)
        return report

    def __call__(self, candidate: Callable, verbose: bool = True, speed: bool = True) -> bool:
        """Grade ``candidate``, print the report (unless ``verbose=False``), return whether
        every case passed. The report stays in ``self.last_report``. ``speed=False`` skips the
        timing against the reference."""
        report = self.grade(candidate, speed=speed)
        self.last_report = report
        if verbose:
            print(report)
        return report.passed

    def __repr__(self) -> str:
        return f"<grader check_{self.name}: {len(self.cases)} cases>"

    # -- internals -------------------------------------------------------------------------

    def _run_case(self, candidate, case: Case) -> tuple[CaseResult, bool]:
        shown = case.show if case.show is not None else _show_args(case.args, case.kwargs)
        args, kwargs = copy.deepcopy(case.args), copy.deepcopy(case.kwargs)
        limit = case.time_limit or self.time_limit
        outcome = _call_with_limit(candidate, args, kwargs, limit)
        fail = CaseResult(case.name, False, shown, hint=case.hint, seconds=outcome.seconds)
        if outcome.timed_out:
            fail.message = f"超时：超过 {limit:g} 秒仍未返回（死循环？）\n{outcome.error}".rstrip()
            return fail, False
        if case.raises is not None:
            if outcome.exc_type is not None and issubclass(outcome.exc_type, case.raises):
                return CaseResult(case.name, True, shown, seconds=outcome.seconds), False
            if outcome.error is not None and not outcome.not_implemented:
                fail.message = (
                    f"应当抛出 {case.raises.__name__}，实际抛出的是:\n" + outcome.error.rstrip()
                )
                return fail, False
            if outcome.error is None:
                fail.message = (
                    f"应当抛出 {case.raises.__name__}，却返回了 {_show_value(outcome.value)}"
                )
                return fail, False
        if outcome.error is not None:
            fail.message = "抛出异常:\n" + outcome.error.rstrip()
            return fail, outcome.not_implemented
        got = outcome.value
        if not case.allow_inplace:
            changed = _changed_inputs(case.args, case.kwargs, args, kwargs)
            if changed:
                fail.message = f"改写了输入参数 {', '.join(changed)}（应当不修改输入）"
                return fail, False
        if case.check is not None:
            try:
                problem = case.check(got)
            except Exception:
                problem = "检查结果时出错（返回值的类型或形状不对？）:\n" + _short_tb()
        else:
            problem = compare(
                case.expected, got, rtol=case.rtol, atol=case.atol, check_dtype=case.check_dtype
            )
        if problem:
            if case.check is None:
                problem = f"期望: {_show_value(case.expected)}\n得到: {_show_value(got)}\n{problem}"
            fail.message = problem
            return fail, False
        return CaseResult(case.name, True, shown, seconds=outcome.seconds), False

    def _speed(self, candidate) -> str:
        case = self.speed_case
        limit = case.time_limit or self.time_limit
        best = {"cand": math.inf, "ref": math.inf}
        loops = {"cand": 1, "ref": 1}
        for rep in range(self.repeats + 1):
            for key, fn in (("cand", candidate), ("ref", self.reference)):
                n = loops[key]
                arg_sets = [copy.deepcopy((case.args, case.kwargs)) for _ in range(n)]

                def run_all(fn=fn, arg_sets=arg_sets):
                    for a, k in arg_sets:
                        fn(*a, **k)

                out = _call_with_limit(run_all, (), {}, limit * n)
                if out.timed_out or out.error is not None:
                    who = "你的实现" if key == "cand" else "参考实现"
                    why = "超时" if out.timed_out else "抛出异常"
                    return f"速度：在「{case.name}」上{who}{why}，没有测出速度。"
                if rep == 0:
                    # Warm-up run; calls shorter than ~5 ms are timed in batches, so that
                    # timer resolution and scheduling noise do not dominate the ratio.
                    loops[key] = max(1, min(200, math.ceil(0.005 / max(out.seconds, 1e-7))))
                else:
                    best[key] = min(best[key], out.seconds / n)
        ratio = best["cand"] / max(best["ref"], 1e-9)
        return (
            f"速度：在「{case.name}」上，用时是本章参考实现的 {ratio:.2g} 倍"
            f"（各运行 {self.repeats} 次取最快；只供参考，不影响是否通过）"
        )


# -- running one call under a time limit ------------------------------------------------------


class _CaseTimeout(BaseException):
    """Raised inside the candidate by the alarm; a BaseException so `except Exception` in the
    candidate cannot swallow it."""


@dataclass
class _Outcome:
    value: Any = None
    error: str | None = None
    exc_type: type | None = None
    not_implemented: bool = False
    timed_out: bool = False
    seconds: float = 0.0


def _call_with_limit(fn, args, kwargs, limit: float) -> _Outcome:
    """Call ``fn(*args, **kwargs)``; stop it after ``limit`` seconds.

    On POSIX in the main thread (Jupyter and plain Python run cells there) a real-time alarm
    interrupts the call, so a runaway loop is stopped and its traceback shows where it was.
    Elsewhere (Windows, or a worker thread) the call runs in a daemon thread; after the limit the
    case is failed and the thread is left to finish on its own.
    """
    use_alarm = (
        hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    )
    if use_alarm:
        return _call_with_alarm(fn, args, kwargs, limit)
    return _call_in_thread(fn, args, kwargs, limit)


def _record_call(out: _Outcome, fn, args, kwargs) -> None:
    """Call ``fn`` and record its value, or the exception it raised, in ``out``."""
    try:
        out.value = fn(*args, **kwargs)
    except NotImplementedError:
        out.not_implemented = True
        out.error = _short_tb()
    except Exception as exc:
        out.exc_type = type(exc)
        out.error = _short_tb()


def _call_with_alarm(fn, args, kwargs, limit):
    def on_alarm(signum, frame):
        raise _CaseTimeout

    out = _Outcome()
    previous = signal.signal(signal.SIGALRM, on_alarm)
    start = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            _record_call(out, fn, args, kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _CaseTimeout:
        out.timed_out = True
        out.error = _short_tb()
    finally:
        out.seconds = time.perf_counter() - start
        signal.signal(signal.SIGALRM, previous)
    return out


def _call_in_thread(fn, args, kwargs, limit):
    out = _Outcome()

    start = time.perf_counter()
    worker = threading.Thread(target=_record_call, args=(out, fn, args, kwargs), daemon=True)
    worker.start()
    worker.join(limit)
    out.seconds = time.perf_counter() - start
    if worker.is_alive():
        out.timed_out = True
        out.error = ""
    return out


def _short_tb() -> str:
    """The current exception's traceback without the grader's own frames."""
    etype, value, tb = sys.exc_info()
    frames = [f for f in traceback.extract_tb(tb) if f.filename != __file__]
    lines = traceback.format_list(frames) + traceback.format_exception_only(etype, value)
    return "".join(lines)


# -- comparing results ---------------------------------------------------------------------------


def _torch():
    return sys.modules.get("torch")


def _is_tensor(x) -> bool:
    torch = _torch()
    return torch is not None and isinstance(x, torch.Tensor)


def _is_ndarray(x) -> bool:
    np = sys.modules.get("numpy")
    return np is not None and isinstance(x, np.ndarray)


def compare(expected, got, rtol: float = 1e-5, atol: float = 1e-6, check_dtype: bool = True):
    """Describe how ``got`` differs from ``expected``, or return None when they agree.

    Tensors must come back as tensors and ndarrays as ndarrays, with the same shape (and dtype
    when ``check_dtype``); floating values agree within ``atol + rtol * |expected|``, integer and
    boolean values exactly, and NaN only matches NaN. Python numbers also accept 0-d tensors and
    numpy scalars. Tuples, lists and dicts are compared element by element.

    Returns:
        str | None: e.g. ``"第一个不同的元素在 [1, 0]: 期望 0.5，得到 0.25"``.
    """
    return _compare(expected, got, "", rtol, atol, check_dtype)


def _where(path: str) -> str:
    return f"{path} " if path else ""


def _compare(expected, got, path, rtol, atol, check_dtype):
    if _is_tensor(expected) or _is_ndarray(expected):
        return _compare_array(expected, got, path, rtol, atol, check_dtype)
    if isinstance(expected, bool):
        if not isinstance(got, bool) and not _is_scalar(got):
            return f"{_where(path)}类型不对：期望 bool，得到 {type(got).__name__}"
        return (
            None if bool(_scalar(got)) == expected else f"{_where(path)}期望 {expected}，得到 {got}"
        )
    if isinstance(expected, Real):
        if not _is_scalar(got):
            return f"{_where(path)}类型不对：期望一个数，得到 {_describe(got)}"
        g, e = float(_scalar(got)), float(expected)
        if math.isnan(e) and math.isnan(g):
            return None
        if math.isnan(g) or math.isnan(e) or abs(g - e) > atol + rtol * abs(e):
            digits = 6 if _num(e) != _num(g) else 17
            return (
                f"{_where(path)}期望 {_num(e, digits)}，得到 {_num(g, digits)}"
                f"（容差 atol={atol:g}, rtol={rtol:g}）"
            )
        return None
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)):
            return f"{_where(path)}类型不对：期望 {type(expected).__name__}，得到 {_describe(got)}"
        if len(got) != len(expected):
            return f"{_where(path)}长度不对：期望 {len(expected)} 项，得到 {len(got)} 项"
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            problem = _compare(e, g, f"{path}[{i}]", rtol, atol, check_dtype)
            if problem:
                return problem
        return None
    if isinstance(expected, Mapping):
        if not isinstance(got, Mapping):
            return f"{_where(path)}类型不对：期望 dict，得到 {_describe(got)}"
        if set(got) != set(expected):
            return f"{_where(path)}键不对：期望 {sorted(expected)}，得到 {sorted(got)}"
        for k in expected:
            problem = _compare(expected[k], got[k], f"{path}[{k!r}]", rtol, atol, check_dtype)
            if problem:
                return problem
        return None
    try:
        same = bool(expected == got)
    except Exception:
        same = False
    return None if same else f"{_where(path)}期望 {expected!r}，得到 {got!r}"


def _compare_array(expected, got, path, rtol, atol, check_dtype):
    import numpy as np

    want_tensor = _is_tensor(expected)
    kind = "torch.Tensor" if want_tensor else "numpy.ndarray"
    if want_tensor and not _is_tensor(got) or not want_tensor and not _is_ndarray(got):
        return f"{_where(path)}类型不对：期望 {kind}，得到 {_describe(got)}"
    if tuple(got.shape) != tuple(expected.shape):
        return f"{_where(path)}形状不对：期望 {tuple(expected.shape)}，得到 {tuple(got.shape)}"
    if check_dtype and got.dtype != expected.dtype:
        return f"{_where(path)}dtype 不对：期望 {expected.dtype}，得到 {got.dtype}"
    e = expected.detach().cpu().numpy() if want_tensor else np.asarray(expected)
    g = got.detach().cpu().numpy() if want_tensor else np.asarray(got)
    if e.dtype.kind in "fc" or g.dtype.kind in "fc":
        e64, g64 = (
            e.astype(np.complex128 if e.dtype.kind == "c" else np.float64),
            g.astype(np.complex128 if g.dtype.kind == "c" else np.float64),
        )
        both_nan = np.isnan(e64) & np.isnan(g64)
        with np.errstate(invalid="ignore"):
            close = np.abs(g64 - e64) <= atol + rtol * np.abs(e64)
        ok = both_nan | close
    else:
        ok = e == g
    if np.all(ok):
        return None
    bad = np.argwhere(~np.asarray(ok))
    first = tuple(int(i) for i in bad[0])
    where = f"[{', '.join(map(str, first))}]"
    ev, gv = e[first] if e.ndim else e, g[first] if g.ndim else g
    es, gs = _num(ev), _num(gv)
    if es == gs:  # they differ beyond the sixth digit: show them in full
        es, gs = _num(ev, 17), _num(gv, 17)
    return (
        f"{_where(path)}共 {len(bad)}/{e.size} 个元素不同；第一个在 {where}："
        f"期望 {es}，得到 {gs}"
        + (f"（容差 atol={atol:g}, rtol={rtol:g}）" if e.dtype.kind in "fc" else "")
    )


def _is_scalar(x) -> bool:
    if isinstance(x, (Real, bool)):
        return True
    if _is_tensor(x) or _is_ndarray(x):
        return x.ndim == 0
    np = sys.modules.get("numpy")
    return np is not None and isinstance(x, np.generic)


def _scalar(x):
    return x.item() if hasattr(x, "item") else x


def _num(x, digits: int = 6) -> str:
    x = _scalar(x)
    if isinstance(x, float):
        return f"{x:.{digits}g}"
    return repr(x)


def _describe(x) -> str:
    if _is_tensor(x) or _is_ndarray(x):
        return f"{type(x).__module__.split('.')[0]} 数组，形状 {tuple(x.shape)}"
    return type(x).__name__


# -- printing inputs and values -------------------------------------------------------------------


def _show_value(x) -> str:
    if _is_tensor(x) or _is_ndarray(x):
        import numpy as np

        arr = x.detach().cpu().numpy() if _is_tensor(x) else x
        head = "tensor" if _is_tensor(x) else "array"
        contiguous = x.is_contiguous() if _is_tensor(x) else x.flags.c_contiguous
        extra = "" if contiguous else ", 非连续"
        if arr.size == 0:
            return f"{head}[形状 {tuple(x.shape)}, 空, dtype={x.dtype}{extra}]"
        if arr.size <= _PREVIEW:
            body = np.array2string(arr, separator=", ", precision=4, max_line_width=88)
            return f"{head}({body}, dtype={x.dtype}{extra})"
        return f"{head}[形状 {tuple(x.shape)}, dtype={x.dtype}{extra}]"
    if isinstance(x, float):
        return _num(x)
    torch = _torch()
    if torch is not None and isinstance(x, torch.nn.Module):
        return " ".join(repr(x).split())
    if isinstance(x, (tuple, list)):
        inner = ", ".join(_show_value(v) for v in x)
        return f"({inner})" if isinstance(x, tuple) else f"[{inner}]"
    if isinstance(x, Mapping):
        return "{" + ", ".join(f"{k!r}: {_show_value(v)}" for k, v in x.items()) + "}"
    if callable(x):
        return getattr(x, "__name__", type(x).__name__)
    text = repr(x)
    return text if len(text) <= 200 else text[:200] + "…"


def _show_args(args, kwargs) -> str:
    parts = [_show_value(a) for a in args]
    parts += [f"{k}={_show_value(v)}" for k, v in kwargs.items()]
    return ", ".join(parts) if parts else "（无参数）"


#: Report lines are wrapped at this many columns (a Chinese character counts two), so that they
#: fit a notebook, a phone and the printed page without running off the side.
WIDTH = 84


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


_NO_BREAK_BEFORE = re.compile(r"[\u0300-\u036f\u20d0-\u20ff，。、；：！？）」』》】,.;:!?)\]]")


def _wrap(line: str, width: int) -> list[str]:
    """Split ``line`` into pieces of at most ``width`` columns, between Chinese characters or at
    spaces (a word longer than a line is cut); continuations are indented two more spaces."""
    if sum(_columns(c) for c in line) <= width:
        return [line]
    pad = " " * (len(line) - len(line.lstrip(" ")) + 2)
    tokens = []
    for tok in re.findall(r" +|[^\x00-\x7f]|[\x21-\x7e]+", line):
        # Never start a line with a combining mark (the hat of m̂) or closing punctuation.
        if tokens and not tokens[-1].isspace() and (_NO_BREAK_BEFORE.match(tok)):
            tokens[-1] += tok
        else:
            tokens.append(tok)
    out, cur = [], ""
    for tok in tokens:
        size = sum(_columns(c) for c in tok)
        used = sum(_columns(c) for c in cur)
        if used + size <= width:
            cur += tok
            continue
        if tok.isspace():
            out.append(cur.rstrip())
            cur = pad
            continue
        if cur.strip():
            out.append(cur.rstrip())
            cur = pad
        while sum(_columns(c) for c in cur + tok) > width:  # a word longer than a line
            room = width - len(cur)
            out.append(cur + tok[:room])
            cur, tok = pad, tok[room:]
        cur += tok
    out.append(cur.rstrip())
    return out


def _indent(text: str, n: int) -> str:
    pad = " " * n
    return "\n".join(pad + line for line in text.splitlines())


def _changed_inputs(orig_args, orig_kwargs, args, kwargs) -> list[str]:
    changed = []
    pairs = [
        (f"第 {i + 1} 个参数", a, b) for i, (a, b) in enumerate(zip(orig_args, args, strict=True))
    ]
    pairs += [(k, orig_kwargs[k], kwargs[k]) for k in orig_kwargs]
    for label, before, after in pairs:
        if _array_changed(before, after):
            changed.append(label)
    return changed


def _array_changed(before, after) -> bool:
    import numpy as np

    if _is_tensor(before) and _is_tensor(after):
        b, a = before.detach().cpu().numpy(), after.detach().cpu().numpy()
    elif _is_ndarray(before) and _is_ndarray(after):
        b, a = before, after
    elif isinstance(before, (tuple, list)) and isinstance(after, (tuple, list)):
        return any(_array_changed(x, y) for x, y in zip(before, after, strict=False))
    elif isinstance(before, Real) and isinstance(after, Real):  # e.g. state["step"]
        return before != after and not (before != before and after != after)
    elif isinstance(before, Mapping) and isinstance(after, Mapping):
        return set(before) != set(after) or any(_array_changed(before[k], after[k]) for k in before)
    elif _torch() is not None and isinstance(before, _torch().nn.Module):
        if not isinstance(after, _torch().nn.Module) or before.training != after.training:
            return True
        b_state, a_state = before.state_dict(), after.state_dict()
        return set(b_state) != set(a_state) or any(
            _array_changed(b_state[k], a_state[k]) for k in b_state
        )
    else:
        return False
    if b.shape != a.shape:
        return True
    return not np.array_equal(b, a, equal_nan=b.dtype.kind in "fc")
