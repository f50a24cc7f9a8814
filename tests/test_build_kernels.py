"""The build's kernels use private IPC sockets (no unencrypted-TCP warning in the build output)."""

from __future__ import annotations

import os

from cvbook.build import _ipc_kernel_manager


def test_kernel_manager_uses_ipc_in_a_private_folder():
    km = _ipc_kernel_manager()()
    try:
        assert km.transport == "ipc"
        folder = os.path.dirname(km.ip)
        assert os.path.isdir(folder) and os.path.basename(folder).startswith("cvbook-kernel-")
        assert oct(os.stat(folder).st_mode & 0o777) == "0o700"  # mkdtemp: private to the user
    finally:
        km.cleanup_resources()
    assert not os.path.exists(folder)
