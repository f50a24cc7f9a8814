"""Run a function on several processes joined by ``torch.distributed`` (gloo, CPU).

Used by the chapters on multi-GPU training (问题 10, 问题 19) to run *real* collective
communication on a laptop: every rank is a process, the gloo backend plays the role of NCCL,
and the processes meet through a file in a temporary directory (no TCP port to collide with).

Example::

    def worker(rank, world_size, x):
        t = torch.tensor([float(rank)])
        dist.all_reduce(t)
        return t.item()

    results = run_distributed(worker, world_size=2, args=(x,))  # [1.0, 1.0]

The worker may be defined in the notebook: processes are forked (POSIX), and each child limits
torch to one thread before doing anything else (a forked child using the parent's thread pool
can hang).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import queue
import tempfile
import traceback
from collections.abc import Callable, Sequence

__all__ = ["run_distributed"]


def _child(rank, world_size, init_file, fn, args, kwargs, results):
    import torch
    import torch.distributed as dist

    torch.set_num_threads(1)
    try:
        dist.init_process_group(
            "gloo", init_method=f"file://{init_file}", rank=rank, world_size=world_size
        )
        try:
            out = fn(rank, world_size, *args, **kwargs)
        finally:
            dist.destroy_process_group()
        # Plain pickle copies tensors by value; the queue's own pickler would share them
        # through file descriptors that vanish when this process exits.
        results.put((rank, True, pickle.dumps(out)))
    except BaseException:  # report any failure to the parent instead of dying silently
        results.put((rank, False, traceback.format_exc()))


def run_distributed(
    fn: Callable,
    world_size: int,
    args: Sequence = (),
    kwargs: dict | None = None,
    timeout: float = 120.0,
) -> list:
    """Run ``fn(rank, world_size, *args, **kwargs)`` on ``world_size`` processes.

    Args:
        fn (callable): the per-rank function; it may call any ``torch.distributed``
            collective (the process group is initialised before and destroyed after it). Its
            return value must be picklable (tensors are fine).
        world_size (int): number of processes, 1 to 8.
        args (sequence): extra positional arguments passed to every rank.
        kwargs (dict, optional): extra keyword arguments passed to every rank.
        timeout (float): seconds to wait for all ranks before giving up.

    Returns:
        list: the return values, indexed by rank.

    Raises:
        ValueError: bad ``world_size``, ``timeout`` or ``fn``.
        RuntimeError: a rank raised (its traceback is included) or timed out.
    """
    if not callable(fn):
        raise ValueError(f"fn must be callable, got {fn!r}")
    if isinstance(world_size, bool) or not isinstance(world_size, int) or not 1 <= world_size <= 8:
        raise ValueError(f"world_size must be an int from 1 to 8, got {world_size!r}")
    if not timeout > 0:
        raise ValueError(f"timeout must be > 0 seconds, got {timeout!r}")
    if "fork" not in mp.get_all_start_methods():
        raise RuntimeError("run_distributed needs the 'fork' start method (Linux or macOS)")
    ctx = mp.get_context("fork")
    results = ctx.Queue()
    with tempfile.TemporaryDirectory(prefix="cvbook-dist-") as tmp:
        init_file = os.path.join(tmp, "rendezvous")
        procs = [
            ctx.Process(
                target=_child,
                daemon=True,
                args=(rank, world_size, init_file, fn, tuple(args), dict(kwargs or {}), results),
            )
            for rank in range(world_size)
        ]
        for p in procs:
            p.start()
        collected: dict[int, object] = {}
        errors: list[str] = []
        try:
            for _ in range(world_size):
                try:
                    rank, ok, payload = results.get(timeout=timeout)
                except queue.Empty:
                    raise RuntimeError(
                        f"run_distributed: only {len(collected) + len(errors)} of {world_size} "
                        f"ranks answered within {timeout} s"
                    ) from None
                if ok:
                    collected[rank] = pickle.loads(payload)
                else:
                    errors.append(f"rank {rank} failed:\n{payload}")
                    break  # the other ranks may now be blocked in a collective
        finally:
            for p in procs:
                p.join(timeout=5 if not errors else 0.5)
                if p.is_alive():
                    p.kill()
                    p.join()
        if errors:
            raise RuntimeError("\n".join(errors))
    return [collected[r] for r in range(world_size)]
