"""A runner exec whose READY never arrives is made again instead of waited on for ever.

On a loaded machine Docker can lose what an exec writes before its attach is wired; the runner then waits for a
command and the host for its READY (a suite worker hung so for 600 s). Docker cannot be made to lose it on cue, so
Docker's exec API is played here over socket pairs, framed as Docker frames an exec's output; the session is ours.
"""
from __future__ import annotations

import socket
import struct

import pytest

import sandbox.protocol as protocol
from sandbox.protocol import RunnerError, RunnerSession


def _frame(data: bytes) -> bytes:
    return bytes([1, 0, 0, 0]) + struct.pack(">I", len(data)) + data  # stdout, as Docker multiplexes it


class ExecApi:
    """Docker's exec calls as RunnerSession makes them; the runners of the first LOST execs say nothing."""

    def __init__(self, lost: int):
        self.lost = lost
        self.runners: list[socket.socket] = []

    def exec_create(self, container_id, cmd, **kwargs) -> dict:
        return {"Id": str(len(self.runners))}

    def exec_start(self, exec_id, socket: bool = True):
        import socket as sockets

        ours, runner = sockets.socketpair()
        if len(self.runners) >= self.lost:
            runner.sendall(_frame(b"READY 1\n"))
        self.runners.append(runner)
        return ours


@pytest.fixture
def quick_hello(monkeypatch):
    monkeypatch.setattr(protocol, "HELLO_TIMEOUT_S", 0.2)


def test_an_exec_whose_ready_was_lost_is_made_again(quick_hello):
    api = ExecApi(lost=1)
    session = RunnerSession(api, "container", "1500:1500", "/work/run").__enter__()
    assert len(api.runners) == 2
    assert api.runners[0].recv(1) == b""  # the silent exec was dropped: its runner reads end-of-input
    session._wrapper.close()


def test_a_runner_that_never_says_ready_is_a_runner_error(quick_hello):
    api = ExecApi(lost=protocol.HELLO_TRIES)
    with pytest.raises(RunnerError, match="did not say READY"):
        RunnerSession(api, "container", "1500:1500", "/work/run").__enter__()
    assert len(api.runners) == protocol.HELLO_TRIES
