"""Limits and measurements a contestant sees: peak memory, CPU time, TLE/MLE/RE/OLE verdicts, the stack, Python, and
the executor's early stop, shared tests and solo re-runs. Everything runs in the real sandbox."""
from __future__ import annotations

import pytest

from sandbox.checkers import TokensChecker
from sandbox.compiler import compile_program
from sandbox.evaluation import evaluate
from sandbox.executor import PIPELINE_DEPTH, Limits, classify_run, run_program
from sandbox.executor import TestCase as Case  # aliased: pytest would try to collect a class named Test*
from sandbox.languages import get_language
from sandbox.verdicts import Verdict
from solver.judge.scoring import allows_early_stop, score_subtask

pytestmark = pytest.mark.docker

MIB = 1024

SOURCES = {
    "empty": "int main() {}\n",
    # touches exactly N MiB (N from stdin), all of it written so it is resident
    "touch": r"""
#include <cstdio>
#include <cstdlib>
#include <cstring>
int main() {
    long n;
    if (scanf("%ld", &n) != 1 || n <= 0) return 1;
    size_t bytes = (size_t)n << 20;
    char* p = (char*)malloc(bytes);
    if (!p) return 2;
    memset(p, 1, bytes);
    printf("%d\n", p[bytes - 1] + p[bytes / 2]);
}
""",
    # burns ~0.3 s of its own CPU time, whatever the machine's speed
    "busy": r"""
#include <cstdio>
#include <ctime>
int main() {
    volatile unsigned long x = 0;
    clock_t start = clock();
    while (clock() - start < 0.3 * CLOCKS_PER_SEC) x++;
    printf("%d\n", (int)(x & 1));
}
""",
    "spin": "int main() { volatile unsigned long x = 0; for (;;) x++; }\n",
    "sleep": "#include <unistd.h>\nint main() { sleep(30); }\n",
    "exit3": "#include <cstdio>\nint main() { puts(\"partial\"); return 3; }\n",
    "segv": "int main() { volatile int* p = nullptr; *p = 1; return 0; }\n",
    # 2 MiB of output; "ign" first ignores SIGXFSZ, so the write fails quietly and the program exits 0
    "output": r"""
#include <csignal>
#include <cstdio>
#include <cstring>
static char buf[1 << 20];
int main() {
    char mode[8] = "";
    if (scanf("%7s", mode) == 1 && !strcmp(mode, "ign")) signal(SIGXFSZ, SIG_IGN);
    memset(buf, 'a', sizeof buf);
    for (int i = 0; i < 2; i++) fwrite(buf, 1, sizeof buf, stdout);
    return 0;
}
""",
    # exactly N bytes of output (N from stdin), ignoring SIGXFSZ so a write past the cap fails quietly
    "nbytes": r"""
#include <csignal>
#include <cstdio>
int main() {
    long n;
    if (scanf("%ld", &n) != 1) return 1;
    signal(SIGXFSZ, SIG_IGN);
    for (long i = 0; i < n; i++) putchar('a');
    return 0;
}
""",
    # 1e6 frames of ~100 bytes each: fine when the stack may use the whole memory limit
    "recurse": r"""
#include <cstdio>
int f(int n, volatile char* prev) {
    volatile char buf[64];
    buf[0] = (char)n;
    buf[63] = prev[0];
    if (n == 0) return buf[0];
    return f(n - 1, buf) + buf[0] + buf[63];
}
int main() { volatile char c = 1; printf("%d\n", f(1000000, &c)); }
""",
    # four threads of ~0.4 s CPU each: their CPU time adds up
    "threads": r"""
#include <cstdio>
#include <ctime>
#include <thread>
#include <vector>
static double cpu() { timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main() {
    std::vector<std::thread> v;
    for (int k = 0; k < 4; k++)
        v.emplace_back([] { volatile long x = 0; double s = cpu(); while (cpu() - s < 0.4) x++; });
    for (auto& t : v) t.join();
    puts("done");
}
""",
    # a child burns ~1.2 s of CPU; the parent only waits on a pipe, never wait()s, and exits
    "fork_cpu": r"""
#include <cstdio>
#include <ctime>
#include <unistd.h>
int main() {
    int fds[2];
    if (pipe(fds)) return 1;
    if (fork() == 0) {
        volatile long x = 0;
        clock_t s = clock();
        while (clock() - s < 1.2 * CLOCKS_PER_SEC) x++;
        write(fds[1], "x", 1);
        _exit(0);
    }
    char b;
    read(fds[0], &b, 1);
    puts("done");
}
""",
    # a child touches 200 MiB and keeps it while the parent exits without wait()ing
    "fork_mem": r"""
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>
int main() {
    int fds[2];
    if (pipe(fds)) return 1;
    if (fork() == 0) {
        size_t n = (size_t)200 << 20;
        char* p = (char*)malloc(n);
        memset(p, 1, n);
        write(fds[1], "x", 1);
        sleep(5);
        _exit(p[n - 1]);
    }
    char b;
    read(fds[0], &b, 1);
    puts("done");
}
""",
    # the program of the evaluate() tests: prints the word it reads, or loops forever on "spin"
    "echo": r"""
#include <cstdio>
#include <cstring>
int main() {
    char w[64];
    if (scanf("%63s", w) != 1) return 1;
    if (!strcmp(w, "spin")) { volatile unsigned long x = 0; for (;;) x++; }
    puts(w);
}
""",
}

PYTHON = {
    "hello": "print(sum(range(10)))\n",
    "hog": "data = b'x' * (400 << 20)\nprint(len(data))\n",
}


@pytest.fixture(scope="module")
def programs(pool, image, tmp_path_factory):
    cpp, py = get_language("cpp17"), get_language("python3")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CPSOLVE_CACHE", str(tmp_path_factory.mktemp("cache")))
        w = pool.acquire()
        try:
            for lang, ext, sources in ((cpp, "cpp", SOURCES), (py, "py", PYTHON)):
                for name, src in sources.items():
                    res = compile_program(w, lang, {f"{name}.{ext}": src.encode()}, image)
                    assert res.ok, f"{name}: {res.log}"
                    out[name] = res.program
        finally:
            pool.release(w)
    return out


@pytest.fixture
def case(tmp_path):
    def make(inp: str = "", name: str = "t", answer: str | None = None) -> Case:
        p = tmp_path / f"{name}.in"
        p.write_text(inp)
        a = None
        if answer is not None:
            a = tmp_path / f"{name}.ans"
            a.write_text(answer)
        return Case(name, p, a)
    return make


def run(worker, program, test, limits):
    r = run_program(worker, program, test, limits)
    return r, classify_run(r, limits)


LIMITS = Limits(time_s=2.0, memory_mib=256)

# ---------------------------------------------------------------- memory


def test_peak_memory_is_measured_to_within_2_mib(worker, programs, case):
    empty = min(run(worker, programs["empty"], case(), LIMITS)[0].rss_kib for _ in range(3))
    # the runner's own memory does not leak into the figure (a Python runner would add ~10 MiB)
    assert 0 < empty < 3 * MIB, empty
    for n in (64, 200):
        r, (verdict, msg) = run(worker, programs["touch"], case(f"{n}\n"), LIMITS)
        assert verdict is None, msg
        assert abs((r.rss_kib - empty) - n * MIB) <= 2 * MIB, (n, r.rss_kib, empty)


def test_memory_limit_exceeded(worker, programs, case):
    limits = Limits(time_s=2.0, memory_mib=64)
    r, (verdict, msg) = run(worker, programs["touch"], case("300\n"), limits)
    assert verdict is Verdict.MLE, (r, msg)
    assert r.rss_kib > 64 * MIB
    assert "memory limit exceeded" in msg


def test_memory_just_under_the_limit_is_fine(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["touch"], case("48\n"), Limits(time_s=2.0, memory_mib=64))
    assert verdict is None, msg


def test_stack_may_use_the_whole_memory_limit(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["recurse"], case(), LIMITS)
    assert verdict is None, (msg, r.stderr)
    assert r.rss_kib > 32 * MIB  # the frames really were on the stack, far beyond the usual 8 MiB


# ---------------------------------------------------------------- time


def test_cpu_time_of_a_busy_loop(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["busy"], case(), LIMITS)
    assert verdict is None, msg
    assert 0.25 <= r.cpu_s <= 0.6, r
    assert r.cpu_s <= r.wall_s + 0.05, r


def test_infinite_loop_is_tle_at_the_cpu_limit(worker, programs, case):
    limits = Limits(time_s=0.5, memory_mib=64)
    r, (verdict, msg) = run(worker, programs["spin"], case(), limits)
    assert verdict is Verdict.TLE, msg
    assert r.killed == "cpu"
    assert r.cpu_s >= 0.5
    assert r.cpu_s < 1.5  # stopped promptly, not by the RLIMIT_CPU backstop
    assert "CPU time limit exceeded" in msg


def test_sleeping_program_is_tle_by_wall_clock(worker, programs, case):
    limits = Limits(time_s=0.5, memory_mib=64, wall_s=1.0)
    r, (verdict, msg) = run(worker, programs["sleep"], case(), limits)
    assert verdict is Verdict.TLE, msg
    assert r.killed == "wall" and "wall-clock" in msg
    assert r.cpu_s < 0.1
    assert 1.0 <= r.wall_s < 3.0


def test_cpu_time_of_all_threads_counts(worker, programs, case):
    limits = Limits(time_s=0.8, memory_mib=64)
    r, (verdict, msg) = run(worker, programs["threads"], case(), limits)
    assert verdict is Verdict.TLE, (msg, r)


def test_forking_is_a_runtime_error_by_default(worker, programs, case):
    """CMS runs a submission as one process: a child is "too many processes"."""
    r, (verdict, msg) = run(worker, programs["fork_cpu"], case(), Limits(time_s=0.5, memory_mib=64, wall_s=10.0))
    assert verdict is Verdict.RE and r.killed == "nproc", (msg, r)


def test_cpu_time_of_forked_children_counts(worker, programs, case):
    limits = Limits(time_s=0.5, memory_mib=64, wall_s=10.0, processes=4)
    r, (verdict, msg) = run(worker, programs["fork_cpu"], case(), limits)
    assert verdict is Verdict.TLE, (msg, r)


def test_memory_of_forked_children_counts(worker, programs, case):
    limits = Limits(time_s=2.0, memory_mib=64, processes=4)
    r, (verdict, msg) = run(worker, programs["fork_mem"], case(), limits)
    assert verdict in (Verdict.MLE, Verdict.RE), (msg, r)


# ---------------------------------------------------------------- runtime errors and output


def test_nonzero_exit_is_re(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["exit3"], case(), LIMITS)
    assert verdict is Verdict.RE
    assert msg == "exit code 3"
    assert r.exit_code == 3 and r.signal == 0


def test_segfault_is_re_with_signal_11(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["segv"], case(), LIMITS)
    assert verdict is Verdict.RE
    assert r.signal == 11 and "signal 11" in msg


@pytest.mark.parametrize("mode", ["die", "ign"])
def test_output_limit_exceeded(worker, programs, case, mode):
    # whether the program dies of SIGXFSZ or ignores it and exits 0, 2 MiB against a 1 MiB limit is OLE
    limits = Limits(time_s=2.0, memory_mib=64, output_mib=1)
    r, (verdict, msg) = run(worker, programs["output"], case(mode + "\n"), limits)
    assert verdict is Verdict.OLE, (msg, r.exit_code, r.signal)
    assert len(r.stdout) <= limits.output_cap_kib * 1024  # cut just past the limit, never held in full


@pytest.mark.parametrize("extra, expected", [(0, None), (1, Verdict.OLE), (4096, Verdict.OLE)])
def test_output_at_the_limit_is_fine_one_byte_over_is_ole(worker, programs, case, extra, expected):
    # the limit is what a program may write: exactly 1 MiB against a 1 MiB limit is allowed, a byte more is not
    limits = Limits(time_s=2.0, memory_mib=64, output_mib=1)
    r, (verdict, msg) = run(worker, programs["nbytes"], case(f"{(1 << 20) + extra}\n"), limits)
    assert verdict is expected, (msg, len(r.stdout))
    if expected is None:
        assert len(r.stdout) == 1 << 20


def test_output_under_the_limit_is_fine(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["output"], case("die\n"), Limits(time_s=2.0, memory_mib=64, output_mib=4))
    assert verdict is None, msg
    assert len(r.stdout) == 2 << 20


# ---------------------------------------------------------------- Python


def test_python_program_runs_and_reports_its_memory(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["hello"], case(), LIMITS)
    assert verdict is None, (msg, r.stderr)
    assert r.stdout == b"45\n"
    assert 3 * MIB < r.rss_kib < 16 * MIB, r.rss_kib  # the interpreter's own ~8 MiB, nothing of the runner


def test_python_over_the_memory_limit_fails(worker, programs, case):
    r, (verdict, msg) = run(worker, programs["hog"], case(), Limits(time_s=5.0, memory_mib=64))
    assert verdict in (Verdict.MLE, Verdict.RE), (verdict, msg, r)


# ---------------------------------------------------------------- evaluate: early stop, shared tests, solo re-runs


def echo_tests(case, names_ok: dict[str, bool]) -> dict[str, Case]:
    """Tests for the echo program: AC when ok, else WA (the answer differs from the input)."""
    return {n: case(n, name=n, answer=n if ok else "other") for n, ok in names_ok.items()}


def test_group_min_stops_after_the_first_failure(pool, programs, case):
    names = [f"t{i}" for i in range(10)]
    tests = echo_tests(case, {n: n != "t1" for n in names})
    ran = []
    res = evaluate(pool, programs["echo"], tests, [names], LIMITS, TokensChecker(),
                   early_stop=allows_early_stop("GroupMin"), on_result=lambda r: ran.append(r.name))
    verdicts = [r.verdict for r in res[0]]
    assert verdicts[:2] == [Verdict.AC, Verdict.WA]
    # runs already queued in the runner when t1 failed (the pipeline) still finish and are reported; nothing
    # after them is started
    assert ran[:2] == ["t0", "t1"] and len(ran) <= 1 + PIPELINE_DEPTH
    assert verdicts[len(ran):] == [Verdict.SKIP] * (len(names) - len(ran))
    assert all(v is Verdict.AC for v in verdicts[2:len(ran)])
    sub = score_subtask("s1", 30, "GroupMin", res[0])
    assert sub.score == 0 and sub.verdict is Verdict.WA


def test_without_early_stop_every_test_runs(pool, programs, case):
    tests = echo_tests(case, {"a": True, "b": False, "c": True})
    ran = []
    res = evaluate(pool, programs["echo"], tests, [["a", "b", "c"]], LIMITS, TokensChecker(), early_stop=False,
                   on_result=lambda r: ran.append(r.name))
    assert sorted(ran) == ["a", "b", "c"]
    assert [r.verdict for r in res[0]] == [Verdict.AC, Verdict.WA, Verdict.AC]


def test_tests_shared_by_groups_run_once(pool, programs, case):
    tests = echo_tests(case, {"a": True, "b": True, "c": True})
    ran = []
    groups = [["a", "b"], ["b", "c"], ["a", "b", "c"]]
    res = evaluate(pool, programs["echo"], tests, groups, LIMITS, TokensChecker(),
                   on_result=lambda r: ran.append(r.name))
    assert sorted(ran) == ["a", "b", "c"]
    assert [[r.name for r in g] for g in res] == groups
    assert all(r.verdict is Verdict.AC for g in res for r in g)


def test_a_test_skipped_in_one_group_still_runs_for_another(pool, programs, case):
    tests = echo_tests(case, {"bad": False, "x": True})
    ran = []
    res = evaluate(pool, programs["echo"], tests, [["bad", "x"], ["x"]], LIMITS, TokensChecker(),
                   on_result=lambda r: ran.append(r.name))
    assert sorted(ran) == ["bad", "x"]
    assert res[1][0].verdict is Verdict.AC


def test_near_limit_tle_is_rerun_alone_and_stays_tle(docker_image, programs, case):
    from sandbox.worker import WorkerPool

    client, image = docker_image
    tests = {"slow": case("spin\n", name="slow", answer="spin\n"), "quick": case("q\n", name="quick", answer="q\n")}
    limits = Limits(time_s=0.5, memory_mib=64)
    ran: list[str] = []
    with WorkerPool(client, image, jobs=2) as pool2:
        res = evaluate(pool2, programs["echo"], tests, [["slow", "quick"]], limits, TokensChecker(),
                       early_stop=False, on_result=lambda r: ran.append(f"{r.name}:{r.verdict.value}"))
    # the TLE is judged in parallel first, then once more alone; the quick AC is never re-run
    assert sorted(ran) == ["quick:AC", "slow:TLE", "slow:TLE"]
    assert ran[-1] == "slow:TLE"
    assert [r.verdict for r in res[0]] == [Verdict.TLE, Verdict.AC]


def test_an_interrupted_parallel_evaluation_starts_no_more_tests(docker_image, programs, case):
    """Ctrl-C (SIGTERM becomes one in cpsolve) while two workers judge: the runs already queued end, nothing
    else starts. Every test left still ran before: an interrupted `cpsolve judge` took half a minute to exit."""
    import os
    import signal
    import threading

    from sandbox.worker import WorkerPool

    client, image = docker_image
    names = [f"t{i}" for i in range(30)]
    tests = echo_tests(case, {n: True for n in names})
    interrupted, sent, ran = threading.Event(), threading.Event(), []

    def on_interrupt(signum, frame):
        interrupted.set()
        raise KeyboardInterrupt

    def on_result(r):
        ran.append(r.name)
        if not sent.is_set():
            sent.set()
            os.kill(os.getpid(), signal.SIGINT)
        interrupted.wait()  # both workers stand still until the interrupt is in the main thread

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        with WorkerPool(client, image, jobs=2) as pool2, pytest.raises(KeyboardInterrupt):
            evaluate(pool2, programs["echo"], tests, [names], LIMITS, TokensChecker(), early_stop=False,
                     on_result=on_result)
    finally:
        signal.signal(signal.SIGINT, previous)
    # what each worker had queued in its runner, and at most one more each claimed as the interrupt landed
    assert len(ran) <= 2 * (PIPELINE_DEPTH + 1) < len(names)


def test_no_rerun_on_a_single_worker(pool, programs, case):
    # with one worker there is no contention to rule out: a TLE stands after one run
    ran = []
    limits = Limits(time_s=0.3, memory_mib=64)
    res = evaluate(pool, programs["echo"], {"s": case("spin\n", name="s")}, [["s"]], limits, TokensChecker(),
                   on_result=lambda r: ran.append(r.name))
    assert ran == ["s"] and res[0][0].verdict is Verdict.TLE


def test_runs_queued_behind_a_time_out_are_skipped_by_the_runner(pool, programs, case):
    """A lost subtask costs one time limit, not one per test already queued in the runner."""
    names = [f"t{i}" for i in range(6)]
    tests = {n: case(n, name=n, answer=n) for n in names}
    ran = []
    limits = Limits(time_s=0.3, memory_mib=64)
    res = evaluate(pool, programs["spin"], tests, [names], limits, TokensChecker(),
                   early_stop=True, on_result=lambda r: ran.append((r.name, r.verdict)))
    assert ran == [("t0", Verdict.TLE)]
    assert [r.verdict for r in res[0]] == [Verdict.TLE] + [Verdict.SKIP] * 5


def test_a_skipped_queued_run_still_runs_for_another_group(pool, programs, case):
    tests = {n: case(n, name=n, answer=n) for n in ("a", "b")}
    limits = Limits(time_s=0.3, memory_mib=64)
    ran = []
    res = evaluate(pool, programs["spin"], tests, [["a", "b"], ["b"]], limits, TokensChecker(), early_stop=True,
                   on_result=lambda r: ran.append(r.name))
    assert ran == ["a", "b"]  # b was skipped behind a's time-out in group 1, then run for group 2
    # once run, b's result is the same wherever it is shown
    assert [r.verdict for r in res[0]] == [Verdict.TLE, Verdict.TLE]
    assert [r.verdict for r in res[1]] == [Verdict.TLE]


def test_a_run_that_cannot_start_keeps_the_session_in_step(worker):
    """A box the contestant may not create is a setup failure of that run alone; the next run is unaffected."""
    from sandbox.process import ProcSpec

    first = worker.contestant.run([ProcSpec(["/bin/echo", "first"])], box="/work/run/not-mine")[0]
    assert first.setup_failed and first.killed == "setup:mkdir_box"
    second = worker.contestant.run([ProcSpec(["/bin/echo", "second"])], box=worker.contestant.box("x"))[0]
    assert second.stdout == b"second\n"
