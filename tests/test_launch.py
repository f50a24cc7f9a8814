"""cvbook.launch.run_distributed runs real gloo collectives across processes."""

import pytest
import torch
import torch.distributed as dist

from cvbook.launch import run_distributed


def _allreduce_rank(rank, world_size, offset):
    t = torch.tensor([float(rank + offset)])
    dist.all_reduce(t)
    return t.item(), dist.get_world_size()


def _returns_tensors(rank, world_size):
    t = torch.full((3,), float(rank))
    dist.all_reduce(t)
    return {"sum": t, "rank": torch.tensor(rank)}


def _fails_on_rank_one(rank, world_size):
    if rank == 1:
        raise KeyError("rank one broke")
    return rank


def test_all_reduce_sums_over_ranks():
    out = run_distributed(_allreduce_rank, world_size=3, args=(10,))
    # ranks contribute 10, 11, 12
    assert out == [(33.0, 3)] * 3


def test_tensors_come_back_by_value():
    out = run_distributed(_returns_tensors, world_size=2)
    # 0 + 1 on every element, gathered after the children have exited.
    for rank, result in enumerate(out):
        assert torch.equal(result["sum"], torch.ones(3))
        assert result["rank"].item() == rank


def test_failure_in_a_rank_is_reported_with_its_traceback():
    with pytest.raises(RuntimeError, match="rank 1 failed(.|\n)*KeyError"):
        run_distributed(_fails_on_rank_one, world_size=2, timeout=30)


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"fn": 3, "world_size": 2}, "fn"),
        ({"fn": _allreduce_rank, "world_size": 0}, "world_size"),
        ({"fn": _allreduce_rank, "world_size": 2.0}, "world_size"),
        ({"fn": _allreduce_rank, "world_size": 9}, "world_size"),
        ({"fn": _allreduce_rank, "world_size": 2, "timeout": 0}, "timeout"),
    ],
)
def test_bad_arguments(kwargs, word):
    with pytest.raises(ValueError, match=word):
        run_distributed(**kwargs)
