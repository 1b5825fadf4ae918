"""What a submission may still read once the judge side's files are hidden (tests/test_hostile.py shows what it
may not): its streams reopened by name (/dev/stdin, /dev/stdout: files in Batch, FIFOs when interactive), its own
/proc folder and the system-wide /proc files runtimes read (cpuinfo, meminfo, sys/vm). Everything runs in the
real sandbox."""
from __future__ import annotations

import pytest

from sandbox.checkers import TokensChecker
from sandbox.compiler import compile_program
from sandbox.executor import Limits, TestCase, judge_test
from sandbox.languages import get_language
from sandbox.tasktypes.interactive import InteractiveJudge
from sandbox.verdicts import Verdict

from .hostile_tasks import compile_judge_sides, write_test

pytestmark = pytest.mark.docker

# Prints its input's first word, then "ok" if every read worked, else what failed.
READER = rb"""
import os
failed = []
def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError as e:
        failed.append(f"{path}: {e.strerror}")
        return ""
data = read("/dev/stdin")
if not read("/proc/self/status").startswith("Name:"):
    failed.append("/proc/self/status")
for path in ("/proc/self/maps", "/proc/thread-self/stat", "/proc/cpuinfo", "/proc/meminfo",
             "/proc/sys/vm/overcommit_memory", "/proc/self/mountinfo"):
    if not read(path):
        failed.append(path)
try:
    if len(os.listdir("/proc/self/fd")) < 3:
        failed.append("/proc/self/fd lists too few")
except OSError as e:
    failed.append(f"/proc/self/fd: {e.strerror}")
with open("/dev/stdout", "w") as out:
    out.write((data.split() or ["?"])[0] + " " + ("ok" if not failed else "; ".join(failed)) + "\n")
"""

# Interactive (the hostile suite's interactor): reads the interactor's lines through /dev/stdin, answers through
# /dev/stdout. Both are FIFOs the program may reopen: they are its own streams. The interactor may have sent its
# lines and closed its end already (a blocking open would then wait for a writer for ever), so stdin is reopened
# without blocking and read until end of file.
INTERACTIVE_READER = rb"""
import os, time
fd = os.open("/dev/stdin", os.O_RDONLY | os.O_NONBLOCK)
data = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except BlockingIOError:
        time.sleep(0.01)
        continue
    if not chunk:
        break
    data += chunk
assert data.startswith(b"token "), data
with open("/dev/stdout", "w") as out:
    out.write("contained\n")
"""


def _python(worker, image, name: str, src: bytes):
    result = compile_program(worker, get_language("python3"), {name: src}, image)
    assert result.ok, result.log
    return result.program


def test_batch_program_reopens_its_input_and_reads_its_own_proc(worker, image, tmp_path):
    program = _python(worker, image, "reader.py", READER)
    (tmp_path / "in").write_text("42\n")
    (tmp_path / "ans").write_text("42 ok\n")
    result = judge_test(worker, program, TestCase("t", tmp_path / "in", tmp_path / "ans"),
                        Limits(time_s=2, memory_mib=128), TokensChecker())
    assert result.verdict is Verdict.AC, (result.message, result.stderr_tail)


def test_interactive_program_reopens_its_fifos(worker, image, tmp_path):
    program = _python(worker, image, "inter.py", INTERACTIVE_READER)
    sides = compile_judge_sides(worker, image)
    test = write_test("interactive", tmp_path, "token access\n", b"contained\n", sides)
    judge = InteractiveJudge(program, sides.interactor, Limits(time_s=2, memory_mib=128))
    judge.send(worker, test)
    result = judge.receive(worker, test)
    assert result.verdict is Verdict.AC, (result.message, result.stderr_tail)
