"""Loaded by subprocesses the tests start (via PYTHONPATH): any network connection fails."""

import socket

_real_connect = socket.socket.connect


def _connect(self, address):  # type: ignore[no-untyped-def]
    if self.family != getattr(socket, "AF_UNIX", None):
        raise OSError(f"network access blocked in tests: {address!r}")
    return _real_connect(self, address)


socket.socket.connect = _connect  # type: ignore[method-assign]
