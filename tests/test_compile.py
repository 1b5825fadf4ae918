"""Compilation in the sandbox: the cache, compile errors and their logs, C++ dialects, and the precompiled header."""
from __future__ import annotations

import pytest

from sandbox.compiler import COMPILE_LOG_LIMIT, compile_program
from sandbox.languages import get_language
from sandbox.process import ProcSpec

pytestmark = pytest.mark.docker

HELLO = b'#include <bits/stdc++.h>\nint main() { std::cout << "hi" << std::endl; }\n'


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    """Every test starts from an empty compile cache, never the user's."""
    monkeypatch.setenv("CPSOLVE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_compile_comes_from_the_cache(worker, image, private_cache):
    cpp = get_language("cpp17")
    first = compile_program(worker, cpp, {"a.cpp": HELLO}, image)
    assert first.ok, first.log
    assert not first.cached
    assert first.program.artifact.startswith(b"\x7fELF")
    assert (private_cache / "compile" / first.key / "artifact").read_bytes() == first.program.artifact
    second = compile_program(worker, cpp, {"a.cpp": HELLO}, image)
    assert second.cached and second.ok
    assert second.key == first.key
    assert second.program.artifact == first.program.artifact
    # a different source, language or image is a different entry
    other = compile_program(worker, cpp, {"a.cpp": HELLO + b"// changed\n"}, image)
    assert not other.cached and other.key != first.key
    assert compile_program(worker, get_language("cpp20"), {"a.cpp": HELLO}, image).key != first.key


def test_compiled_program_runs(worker, image):
    res = compile_program(worker, get_language("cpp17"), {"a.cpp": HELLO}, image)
    binary = worker.stage_program(res.program)
    r = worker.contestant.run([ProcSpec(argv=res.program.language.run_argv(binary), wall_s=10)],
                              box=worker.contestant.box("program"))[0]
    assert r.exit_code == 0 and r.stdout == b"hi\n"


def test_syntax_error_is_a_compile_error_with_the_line(worker, image):
    src = b"#include <cstdio>\nint main() {\n    int x = 1\n    return x;\n}\n"
    res = compile_program(worker, get_language("cpp17"), {"a.cpp": src}, image)
    assert not res.ok and res.program is None
    assert "a.cpp:3" in res.log or "a.cpp:4" in res.log, res.log  # g++ names the line of the missing ';'
    assert "error" in res.log
    # a failed compile is cached too, log and all
    again = compile_program(worker, get_language("cpp17"), {"a.cpp": src}, image)
    assert again.cached and not again.ok and again.log == res.log


def errors_source(n: int) -> bytes:
    return b"".join(b"int v%d = undeclared_identifier_number_%d;\n" % (i, i) for i in range(1, n + 1))


@pytest.mark.parametrize("n", [60, 400])
def test_huge_error_log_is_truncated(worker, image, n):
    res = compile_program(worker, get_language("cpp17"), {"a.cpp": errors_source(n)}, image)
    assert not res.ok
    assert len(res.log) <= COMPILE_LOG_LIMIT + 200
    assert "characters cut" in res.log
    # the end of the log is kept: the last error is there
    assert f"undeclared_identifier_number_{n}" in res.log


@pytest.mark.parametrize("n", [
    60,  # ~12 KB of errors
    400,  # > 32 KB of errors: the head must still be the first error
])
def test_truncated_log_keeps_the_first_error(worker, image, n):
    res = compile_program(worker, get_language("cpp17"), {"a.cpp": errors_source(n)}, image)
    assert "a.cpp:1:" in res.log and "undeclared_identifier_number_1;" in res.log  # the message and its source line


def test_python_syntax_error_is_a_compile_error(worker, image):
    src = b"def f(:\n    return 1\nprint(f())\n"
    res = compile_program(worker, get_language("python3"), {"sol.py": src}, image)
    assert not res.ok and res.program is None
    assert "SyntaxError" in res.log and "line 1" in res.log, res.log


def test_python_valid_script_compiles_to_itself(worker, image):
    src = b"print(int(input()) * 2)\n"
    res = compile_program(worker, get_language("python3"), {"sol.py": src}, image)
    assert res.ok, res.log
    assert res.program.binary_name == "sol.py" and res.program.artifact == src


CPP20_ONLY = b"""#include <bits/stdc++.h>
template <class T> concept Small = sizeof(T) <= 4;
Small auto twice(Small auto x) { return x + x; }
int main() { std::cout << twice(21) << std::endl; }
"""


def test_cpp20_accepts_what_cpp17_rejects(worker, image):
    res17 = compile_program(worker, get_language("cpp17"), {"a.cpp": CPP20_ONLY}, image)
    assert not res17.ok
    assert "concept" in res17.log
    res20 = compile_program(worker, get_language("cpp20"), {"a.cpp": CPP20_ONLY}, image)
    assert res20.ok, res20.log


@pytest.mark.parametrize("lang", ["cpp17", "cpp20"])
def test_precompiled_header_is_used(worker, lang):
    """g++ -H marks a precompiled header it really used with a leading '!' (a '.' line would be the plain header)."""
    language = get_language(lang)
    src = worker.stage(b"#include <bits/stdc++.h>\nint main() { std::vector<int> v{1}; return v[0] - 1; }\n")
    argv = language.compile_argv(["a.cpp"])
    argv.insert(1, "-H")
    argv.insert(1, "-Winvalid-pch")
    r = worker.contestant.run([ProcSpec(argv=argv, cpu_s=60, wall_s=120, mem_kib=2 << 20, copies=[(src, "a.cpp")],
                                        err_tail=1 << 20)], box=worker.contestant.box("compile"))[0]
    assert r.exit_code == 0, r.stderr.decode(errors="replace")[-2000:]
    lines = r.stderr.decode(errors="replace").splitlines()
    used = [line for line in lines if line.startswith("!") and ".gch" in line]
    assert used, "\n".join(lines[:20])
    assert lang.replace("cpp", "gnu++") in used[0]  # the PCH built for this very dialect
    assert not any(line.startswith(". ") and line.rstrip().endswith("bits/stdc++.h") for line in lines)


@pytest.mark.parametrize("named_first", [True, False])
def test_the_same_bytes_stage_with_and_without_a_name(worker, named_first):
    # `cpsolve bench judge` staged the PCH source as sol.cpp, then the same bytes without a name: one path was
    # asked to be a folder and a file ("ERR put rename: Is a directory" on an empty compile cache)
    data = b"int main() { return 0; } // staged twice %d\n" % named_first
    calls = [lambda: worker.stage(data, name="sol.cpp"), lambda: worker.stage(data)]
    paths = [call() for call in (calls if named_first else calls[::-1])]
    assert len(set(paths)) == 2
    for path in paths:
        r = worker.judge.run([ProcSpec(["/bin/cat", path], untrusted=False, wall_s=10)], box=worker.box("cat"))[0]
        assert r.stdout == data, path


def test_a_compile_stopped_by_its_time_limit_is_retried_never_cached(worker, image, private_cache, monkeypatch):
    # a loaded machine, played by limits no compile can meet: the compiler is stopped both times
    import sandbox.compiler as compiler

    limits = compiler.COMPILE_CPU_S, compiler.COMPILE_WALL_S
    monkeypatch.setattr(compiler, "COMPILE_CPU_S", 0.01)
    monkeypatch.setattr(compiler, "COMPILE_WALL_S", 0.02)
    cpp = get_language("cpp17")
    slow = compile_program(worker, cpp, {"a.cpp": HELLO}, image)
    assert not slow.ok and slow.judge_error and "judge error" in slow.log, slow.log
    assert not (private_cache / "compile" / slow.key).joinpath("meta.json").exists()
    # the machine is quiet again: the same source compiles, it was not remembered as a compile error
    monkeypatch.setattr(compiler, "COMPILE_CPU_S", limits[0])
    monkeypatch.setattr(compiler, "COMPILE_WALL_S", limits[1])
    again = compile_program(worker, cpp, {"a.cpp": HELLO}, image)
    assert again.ok and not again.cached and not again.judge_error, again.log


def test_a_compiler_out_of_time_is_a_judge_error_not_ce(pool, image, tmp_path, monkeypatch):
    import sandbox.compiler as compiler
    from sandbox.verdicts import Verdict
    from solver.judge.judging import judge_source
    from solver.problems import load_problem

    root = tmp_path / "p"
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "1.in").write_text("\n")
    (root / "tests" / "1.ans").write_text("hi\n")
    (root / "problem.yaml").write_text("id: p\ntime_limit: 1\nmemory_limit: 64\n"
                                       "subtasks: [{name: all, points: 100, tests: ['*']}]\n")
    src = tmp_path / "a.cpp"
    src.write_bytes(HELLO)
    monkeypatch.setattr(compiler, "COMPILE_WALL_S", 0.02)
    sub = judge_source(load_problem(root), src, get_language("cpp17"), pool, image)
    assert [s.verdict for s in sub.subtasks] == [Verdict.JE]
