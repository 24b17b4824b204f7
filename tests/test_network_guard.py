"""The suite itself refuses network sockets, so no careplan code path can use one unnoticed."""

from __future__ import annotations

import socket

import pytest

from tests.conftest import NetworkUsedError


@pytest.mark.parametrize("family", [socket.AF_INET, socket.AF_INET6])
def test_opening_a_network_connection_fails_the_test(family: socket.AddressFamily) -> None:
    with socket.socket(family, socket.SOCK_STREAM) as sock, pytest.raises(NetworkUsedError):
        sock.connect(("127.0.0.1", 9) if family == socket.AF_INET else ("::1", 9))


def test_create_connection_is_caught_too() -> None:
    with pytest.raises(NetworkUsedError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
