"""Communication: a trusted manager and N user processes talking over FIFOs (CMS's task type of that name).

The manager runs as the judge user, and the test input and the manager are staged among the judge's secret
files: a user process can read neither, nor the manager's /proc entries (see sandbox/image/confine.c). It gets,
for each process i, the FIFOs `u<i>_to_m m_to_u<i>`; it reads the test on stdin (also as
input.txt) and prints the outcome on stdout and a message on stderr, like a CMS checker. User processes run as
the contestant with the task's limits: with std_io their stdin/stdout are the FIFOs, with fifo_io the FIFO paths
are their arguments; with more than one process their index is the last argument. As in CMS, the users' CPU
times are summed and compared with the limit, a failed user process makes the outcome 0, and a failed manager
is a judge error.
"""
from __future__ import annotations

from ..compiler import Program
from ..executor import Limits, TestCase, classify_run
from ..process import ProcResult, ProcSpec
from ..verdicts import TestResult, Verdict
from ..worker import Worker
from ..checkers.external import CMS_MESSAGES

FIFO_DIR = "/work/run/fifo"
MANAGER_MIN_CPU_S = 10.0
MANAGER_MEM_KIB = 4 * 1024 * 1024


#: The judge reads what a user writes and writes what a user reads; the other users' ends are Landlock's to close.
TO_JUDGE_MODE, FROM_JUDGE_MODE = 0o622, 0o644


def _fifos(i: int) -> tuple[str, str]:
    return f"{FIFO_DIR}/u{i}_to_m", f"{FIFO_DIR}/m_to_u{i}"


def ensure_fifos(worker: Worker, n: int) -> None:
    """The FIFOs of users 0..n-1 (u<i>_to_m, m_to_u<i>), made once per worker and reused from test to test:
    whatever a finished test left unread is dropped once every end is closed."""
    made = getattr(worker, "fifo_count", 0)
    if made >= n:
        return
    worker.judge.mkdir(FIFO_DIR, 0o755)
    for i in range(made, n):
        to_judge, from_judge = _fifos(i)
        worker.judge.mkfifo(to_judge, TO_JUDGE_MODE)
        worker.judge.mkfifo(from_judge, FROM_JUDGE_MODE)
    worker.fifo_count = n


class CommunicationJudge:
    pipelined = False

    def __init__(self, program: Program, manager: Program, limits: Limits, num_processes: int = 1,
                 user_io: str = "std_io"):
        if user_io not in ("std_io", "fifo_io"):
            raise ValueError(f"unknown user_io {user_io!r}")
        self.program, self.manager, self.limits = program, manager, limits
        self.n, self.user_io = num_processes, user_io

    def send(self, worker: Worker, test: TestCase) -> None:
        ensure_fifos(worker, self.n)
        limits = self.limits
        worker.container.ensure_memory(limits.memory_mib * self.n + MANAGER_MEM_KIB // 1024)
        user_bin = worker.stage_program(self.program)
        manager_bin = worker.stage_program(self.manager, secret=True)
        test_input = worker.stage_file(test.input_path, secret=True)
        manager_cpu = max(self.n * (limits.time_s + 1.0), MANAGER_MIN_CPU_S)
        manager_args: list[str] = []
        for i in range(self.n):
            manager_args += list(_fifos(i))
        manager = ProcSpec(argv=self.manager.language.run_argv(manager_bin) + manager_args, cpu_s=manager_cpu,
                           wall_s=2 * manager_cpu + limits.wall, mem_kib=MANAGER_MEM_KIB, stdin=test_input,
                           copies=[(test_input, "input.txt")], untrusted=False, err_tail=16384)
        users = []
        for i in range(self.n):
            u_to_m, m_to_u = _fifos(i)
            spec = ProcSpec(argv=self.program.language.run_argv(user_bin), cpu_s=limits.time_s, wall_s=limits.wall,
                            mem_kib=limits.memory_kib, stack_kib=limits.memory_kib,
                            out_kib=limits.output_cap_kib, nproc=limits.processes, stdout="-", stderr="@",
                            err_tail=2048)
            # each process in a folder of its own: they may talk only through the manager
            spec.subdir = f"u{i}"
            if self.user_io == "std_io":
                spec.stdin, spec.stdout = m_to_u, u_to_m
            else:
                spec.argv = list(spec.argv) + [m_to_u, u_to_m]
                spec.rw = [m_to_u, u_to_m]  # its own two, not the other processes' ones
            if self.n != 1:
                spec.argv = list(spec.argv) + [str(i)]
            users.append(spec)
        worker.judge.send_run([manager], box=worker.box("manager"))
        worker.contestant.send_run(users, box=worker.contestant.box("users"))

    def receive(self, worker: Worker, test: TestCase) -> TestResult:
        users = worker.contestant.read_results(self.n)
        manager = worker.judge.read_results(1)[0]
        return self.outcome(test, users, manager)

    def outcome(self, test: TestCase, users: list[ProcResult], manager: ProcResult) -> TestResult:
        cpu = sum(u.cpu_s for u in users)
        base = dict(name=test.name, time=cpu, wall=max(u.wall_s for u in users),
                    memory_kib=max(u.rss_kib for u in users),
                    stderr_tail=b"".join(u.stderr for u in users)[-2000:].decode(errors="replace"))
        if manager.killed != "none" or manager.signal or manager.exit_code != 0:
            why = manager.killed if manager.killed != "none" else f"signal {manager.signal}" if manager.signal \
                else f"exit code {manager.exit_code}"
            return TestResult(verdict=Verdict.JE, message=f"manager failed ({why}): "
                              f"{manager.stderr.decode(errors='replace').strip()[-300:]}", **base)
        for i, u in enumerate(users):
            verdict, message = classify_run(u, self.limits)
            if verdict is not None:
                prefix = f"process {i}: " if self.n > 1 else ""
                return TestResult(verdict=verdict, message=prefix + message, exit_code=u.exit_code,
                                  signal=u.signal, **base)
        if cpu >= self.limits.time_s:
            return TestResult(verdict=Verdict.TLE, message=f"total CPU time {cpu:.3f} s of all processes "
                              f"reached the limit", **base)
        try:
            score = float(manager.stdout.split()[0])
        except (IndexError, ValueError):
            return TestResult(verdict=Verdict.JE, message="manager printed no outcome", **base)
        if not 0.0 <= score <= 1.0:
            return TestResult(verdict=Verdict.JE, message=f"manager outcome {score} outside [0, 1]", **base)
        lines = manager.stderr.decode(errors="replace").strip().splitlines()
        message = CMS_MESSAGES.get(lines[0], lines[0]) if lines else ""
        verdict = Verdict.AC if score >= 1.0 else Verdict.WA if score <= 0.0 else Verdict.PA
        return TestResult(verdict=verdict, score=score, message=message, **base)

    def abort(self, worker: Worker) -> None:
        worker.reset_contestant()
        worker.reset_judge()
