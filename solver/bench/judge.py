"""`cpsolve bench judge`: the judge's per-test overhead and the precompiled header's effect, each as a ratio
against a baseline measured in the same run (absolute times on a noisy shared machine mean little)."""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Callable

from sandbox.checkers import TokensChecker
from sandbox.compiler import compile_program
from sandbox.evaluation import evaluate
from sandbox.executor import Limits, TestCase
from sandbox.languages import get_language
from sandbox.process import ProcSpec
from sandbox.worker import WorkerPool

APLUSB = b"#include <bits/stdc++.h>\nint main(){long long a,b;std::cin>>a>>b;std::cout<<a+b<<'\\n';}\n"
PCH_SOURCE = APLUSB
CXX_FLAGS = ["-DEVAL", "-std=gnu++17", "-O2", "-pipe", "-static", "-s"]


def _make_tests(folder: Path, n: int) -> dict[str, TestCase]:
    tests = {}
    for i in range(n):
        inp, ans = folder / f"{i}.in", folder / f"{i}.ans"
        inp.write_text(f"{i} {i * 3}\n")
        ans.write_text(f"{i * 4}\n")
        tests[str(i)] = TestCase(str(i), inp, ans)
    return tests


def _exec_loop(pool: WorkerPool, binary: str, tests: list[TestCase]) -> float:
    """Baseline: one `docker exec` per test (what a naive judge does), run and checked the same way."""
    worker = pool.workers[0]
    api = worker.container.client.api
    cid = worker.container.container.id
    checker_ok = 0
    start = time.perf_counter()
    for t in tests:
        exec_id = api.exec_create(cid, ["/bin/sh", "-c", f"{binary} < {worker.stage(t.read_input())}"],
                                  user="1501:1501", workdir="/work")["Id"]
        out = api.exec_start(exec_id)
        checker_ok += out.split() == t.read_answer().split()
    elapsed = time.perf_counter() - start
    if checker_ok != len(tests):
        raise RuntimeError(f"baseline loop got {len(tests) - checker_ok} wrong answers")
    return elapsed / len(tests)


def _compile_seconds(pool: WorkerPool, header_path: str, with_pch: bool, reps: int) -> float:
    """Median wall time of one g++ compile in the sandbox. Without the PCH, a plain copy of bits/stdc++.h is
    put first on the include path, so g++ finds no .gch beside it and parses the whole library."""
    worker = pool.workers[0]
    src = worker.stage(PCH_SOURCE, name="sol.cpp")  # staged as what it is: the program compile_program saw
    copies = [(src, "sol.cpp")]
    argv = ["/usr/bin/g++", *CXX_FLAGS, "-o", "sol", "sol.cpp"]
    if not with_pch:
        copies.append((header_path, "inc/bits/stdc++.h"))
        argv[1:1] = ["-Iinc"]
    times = []
    for _ in range(reps):
        r = worker.contestant.run([ProcSpec(argv, cpu_s=120, wall_s=240, mem_kib=2 << 20, copies=copies)],
                                  box=worker.contestant.box("bench"))[0]
        if r.exit_code != 0:
            raise RuntimeError(f"bench compile failed: {r.stderr.decode(errors='replace')[-500:]}")
        times.append(r.wall_s)
    return statistics.median(times)


def _find_header(pool: WorkerPool) -> str:
    r = pool.workers[0].judge.run(
        [ProcSpec(["/bin/sh", "-c", "find /usr/include -path '*/bits/stdc++.h' -print -quit"], untrusted=False,
                  cpu_s=10, wall_s=20)], box=pool.workers[0].box("find"))[0]
    path = r.stdout.decode().strip()
    if not path:
        raise RuntimeError("bits/stdc++.h not found in the sandbox image")
    return path


def run_judge_bench(pool: WorkerPool, image: str, n_tests: int = 1000, n_exec: int = 100, compile_reps: int = 3,
                    log: Callable[[str], None] = print) -> dict:
    worker = pool.workers[0]
    compiled = compile_program(worker, get_language("cpp17"), {"sol.cpp": APLUSB}, image)
    if not compiled.ok:
        raise RuntimeError(compiled.log)
    program = compiled.program
    limits = Limits(time_s=1.0, memory_mib=256)
    with tempfile.TemporaryDirectory() as tmp:
        tests = _make_tests(Path(tmp), n_tests)
        # stage inputs and open sessions first: the figure is the steady-state cost per test
        for t in tests.values():
            worker.stage(t.read_input())
        log(f"judging {n_tests} A+B tests")
        start = time.perf_counter()
        results = evaluate(pool, program, tests, [list(tests)], limits, TokensChecker(), early_stop=False)
        per_test = (time.perf_counter() - start) / n_tests
        bad = [r for r in results[0] if r.verdict.value != "AC"]
        if bad:
            raise RuntimeError(f"{len(bad)} tests not AC, first: {bad[0]}")
        program_cpu = statistics.mean(r.wall for r in results[0])
        binary = worker.stage_program(program)
        log(f"baseline: {n_exec} tests with one docker exec each")
        exec_per_test = _exec_loop(pool, binary, list(tests.values())[:n_exec])
    header = _find_header(pool)
    log("compiling bits/stdc++.h with and without the precompiled header")
    plain = _compile_seconds(pool, header, with_pch=False, reps=compile_reps)
    pch = _compile_seconds(pool, header, with_pch=True, reps=compile_reps)
    return {
        "tests": n_tests,
        "per_test_ms": round(per_test * 1000, 3),
        "program_wall_ms": round(program_cpu * 1000, 3),
        "overhead_per_test_ms": round((per_test - program_cpu) * 1000, 3),
        "docker_exec_per_test_ms": round(exec_per_test * 1000, 3),
        "speedup": round(exec_per_test / per_test, 1),
        "compile_plain_s": round(plain, 3),
        "compile_pch_s": round(pch, 3),
        "pch_speedup": round(plain / pch, 2),
    }
