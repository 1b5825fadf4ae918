"""CMS's Italian task format (task.yaml, input/inputI.txt, output/outputI.txt, gen/GEN, cor/, check/, sol/).

Every package is a tiny original problem written into tmp_path. The first half only loads packages (no Docker):
how CMS's rules (cmscontrib/loaders/italy_yaml.py) become subtasks, tests, checker and task type, and the one-line
errors that name the file and the field. The second half judges real solutions in the sandbox and checks the
total and per-subtask scores CMS would give.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.languages import get_language
from sandbox.verdicts import Verdict
from solver.judge.judging import judge_source
from solver.problems import load_problem

from .format_errors import assert_names, load_error


def write_task(root: Path, yaml_text: str | None, tests: list[tuple[str, str]], files: dict[str, str] | None = None,
               yaml_beside: bool = False) -> Path:
    """An Italian package: task.yaml (or ../<folder>.yaml when yaml_beside), input/inputI.txt +
    output/outputI.txt for each test, and any other files by relative path."""
    root.mkdir(parents=True, exist_ok=True)
    if yaml_text is not None:
        (root.parent / f"{root.name}.yaml" if yaml_beside else root / "task.yaml").write_text(yaml_text)
    (root / "input").mkdir(exist_ok=True)
    (root / "output").mkdir(exist_ok=True)
    for i, (inp, out) in enumerate(tests):
        (root / "input" / f"input{i}.txt").write_text(inp)
        (root / "output" / f"output{i}.txt").write_text(out)
    for rel, text in (files or {}).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


# ---------------------------------------------------------------- somma: batch on stdin/stdout, GEN subtasks

SOMMA_YAML = """\
name: somma
title: Somma di numeri
time_limit: 1
memory_limit: 64
n_input: 6
infile: ""
outfile: ""
public_testcases: all
token_mode: disabled
version: "1.0"
"""
SOMMA_GEN = """\
# Esempi
# ST: 0
esempio 1 2
# ST: 40
gen 3 small
gen 5 small

# ST: 60
gen 2 big   # comment after a test: still one test
#COPY: manuale.txt
gen 3 big
"""
SOMMA_TESTS = [("2\n1 2\n", "3\n"), ("3\n1 2 3\n", "6\n"), ("5\n5 4 3 2 1\n", "15\n"),
               ("2\n2000000000 2000000000\n", "4000000000\n"), ("1\n-7\n", "-7\n"),
               ("3\n1500000000 1500000000 1\n", "3000000001\n")]
SOMMA_LONG = """\
#include <cstdio>
int main() { int n; long long s = 0, x; scanf("%d", &n); while (n--) { scanf("%lld", &x); s += x; }
             printf("%lld  \\n", s); }  // trailing blanks: white-diff ignores them
"""
SOMMA_INT = """\
#include <cstdio>
int main() { int n, s = 0, x; scanf("%d", &n); while (n--) { scanf("%d", &x); s += x; } printf("%d\\n", s); }
"""


def somma(root: Path) -> Path:
    return write_task(root, SOMMA_YAML, SOMMA_TESTS, {"gen/GEN": SOMMA_GEN, "sol/soluzione.cpp": SOMMA_LONG,
                                                      "sol/template_cpp.cpp": "int main() {}\n",
                                                      "att/esempio.txt": "ignored\n",
                                                      "testo/testo.md": "# Somma\nSomma N numeri.\n"})


def test_somma_loads_gen_subtasks_as_group_min(tmp_path):
    p = load_problem(somma(tmp_path / "somma"))
    assert (p.id, p.title, p.format) == ("somma", "Somma di numeri", "italian")
    assert (p.limits.time_s, p.limits.memory_mib) == (1.0, 64)
    assert list(p.tests) == ["000", "001", "002", "003", "004", "005"]
    assert p.tests["003"].input_path == tmp_path / "somma" / "input" / "input3.txt"
    assert p.tests["003"].answer_path == tmp_path / "somma" / "output" / "output3.txt"
    assert [(s.name, s.points, s.tests, s.score_type) for s in p.subtasks] == [
        ("subtask0", 0, ["000"], "GroupMin"),
        ("subtask1", 40, ["001", "002"], "GroupMin"),
        ("subtask2", 60, ["003", "004", "005"], "GroupMin")]
    assert p.max_score == 100
    assert p.checker.kind == "whitediff"  # CMS's "diff" evaluation
    tt = p.task_type
    assert (tt.kind, tt.input_file, tt.output_file, tt.compile_with) == ("batch", "", "", [])
    assert p.score_precision == 0  # CMS's Task default: the Italian loader only sets it when given
    assert p.samples == ["000"]  # the 0-point subtask, not "public_testcases: all"
    assert p.statement.startswith("# Somma")
    assert p.solutions == {"accepted": [tmp_path / "somma" / "sol" / "soluzione.cpp"]}


def test_defaults_are_cms_file_io_and_italian_aliases(tmp_path):
    root = write_task(tmp_path / "alias", "nome_breve: alias\nnome: Alias\ntimeout: 0.5\nmemlimit: 32\n"
                      "n_input: 1\nrisultati: '0'\n", [("1\n", "1\n")])
    p = load_problem(root)
    assert (p.id, p.title, p.limits.time_s, p.limits.memory_mib) == ("alias", "Alias", 0.5, 32)
    assert (p.task_type.input_file, p.task_type.output_file) == ("input.txt", "output.txt")
    assert [(s.name, s.points, s.score_type) for s in p.subtasks] == [("all", 100.0, "Sum")]
    assert p.samples == ["000"]


def test_gen_without_st_lines_is_sum_over_its_tests(tmp_path):
    root = write_task(tmp_path / "t", "name: t\ntitle: T\ntime_limit: 1\nmemory_limit: 64\ntotal_value: 30\n",
                      [("1\n", "1\n")] * 3, {"gen/GEN": "# tests\ngen 1\n\ngen 2\ngen 3\n"})
    p = load_problem(root)
    assert [(s.points, s.tests, s.score_type) for s in p.subtasks] == [(30.0, ["000", "001", "002"], "Sum")]


def test_score_type_in_task_yaml_overrides_gen(tmp_path):
    base = "name: t\ntitle: T\ntime_limit: 1\nmemory_limit: 64\nn_input: 4\n"
    gen = {"gen/GEN": "# ST: 100\na\nb\nc\nd\n"}
    tests = [("1\n", "1\n")] * 4
    regex = write_task(tmp_path / "regex", base + "score_type: GroupMul\n"
                       "score_type_parameters: [[30, '00[01]'], [70, '00[23]']]\n", tests, gen)
    p = load_problem(regex)
    assert [(s.points, s.tests, s.score_type) for s in p.subtasks] == [
        (30, ["000", "001"], "GroupMul"), (70, ["002", "003"], "GroupMul")]
    counts = write_task(tmp_path / "counts", base + "score_type: GroupThreshold\n"
                        "score_type_parameters: [[10, 1, 0.5], [90, 3, 2.0]]\n", tests, gen)
    p = load_problem(counts)
    assert [(s.points, s.tests, s.threshold) for s in p.subtasks] == [(10, ["000"], 0.5),
                                                                      (90, ["001", "002", "003"], 2.0)]
    lists = write_task(tmp_path / "lists", base + "score_type: GroupMin\nscore_type_parameters:\n"
                       "  - {max_score: 50, testcases: ['003', '000']}\n  - {max_score: 50, testcases: ['001']}\n",
                       tests, gen)
    assert [s.tests for s in load_problem(lists).subtasks] == [["003", "000"], ["001"]]
    summed = write_task(tmp_path / "sum", base + "score_type: Sum\nscore_type_parameters: 5\n", tests, gen)
    assert [(s.points, s.score_type) for s in load_problem(summed).subtasks] == [(20.0, "Sum")]
    # CMS overrides only when score_type, score_type_parameters and n_input are all present
    partial = write_task(tmp_path / "partial", base.replace("n_input: 4\n", "") + "score_type: Sum\n", tests, gen)
    assert [(s.points, s.score_type) for s in load_problem(partial).subtasks] == [(100, "GroupMin")]


def test_contest_style_yaml_beside_the_folder(tmp_path):
    root = write_task(tmp_path / "contest" / "pari", PARI_YAML, PARI_TESTS, yaml_beside=True)
    assert not (root / "task.yaml").exists()
    p = load_problem(root)
    assert p.id == "pari" and p.format == "italian"


def test_checker_manager_stub_and_grader_detection(tmp_path):
    base = "name: t\ntitle: T\ntime_limit: 1\nmemory_limit: 64\nn_input: 1\n"
    both = write_task(tmp_path / "both", base, [("1\n", "1\n")],
                      {"check/checker.cpp": "", "check/testlib.h": "", "cor/correttore.cpp": ""})
    p = load_problem(both)  # check/ before cor/, as CMS looks
    assert (p.checker.kind, p.checker.sources) == ("cms", ["checker.cpp"])
    assert set(p.checker.files) == {"checker.cpp", "testlib.h"}
    script = write_task(tmp_path / "script", base, [("1\n", "1\n")], {"cor/correttore": "#!/usr/bin/env python3\n"})
    checker = load_problem(script).checker  # a Python checker shipped without extension is compiled as Python
    assert (checker.kind, checker.sources, checker.files) == ("cms", ["correttore.py"],
                                                              {"correttore.py": script / "cor" / "correttore"})
    comm = write_task(tmp_path / "comm", base + "num_processes: 2\n", [("1\n", "1\n")],
                      {"cor/manager.cpp": "", "sol/stub.cpp": "", "sol/stub.c": "", "sol/t.h": ""})
    tt = load_problem(comm).task_type
    assert (tt.kind, tt.num_processes, tt.user_io, tt.compile_with) == ("communication", 2, "fifo_io", ["stub.cpp"])
    assert set(tt.graders) == {"stub.cpp", "t.h"} and tt.manager.sources == ["manager.cpp"]
    alone = write_task(tmp_path / "alone", base, [("1\n", "1\n")], {"check/manager.cpp": ""})
    tt = load_problem(alone).task_type
    assert (tt.kind, tt.user_io, tt.compile_with) == ("communication", "std_io", [])
    grader = write_task(tmp_path / "grader", base, [("1\n", "1\n")],
                        {"sol/grader.cpp": "", "sol/grader.py": "", "sol/t.h": "", "sol/soluzione.py": ""})
    tt = load_problem(grader).task_type
    assert (tt.kind, tt.compile_with, tt.submission_name) == ("batch", ["grader.cpp"], "t.cpp")
    assert set(tt.graders) == {"grader.cpp", "t.h"}
    out = write_task(tmp_path / "out", base.replace("time_limit: 1\nmemory_limit: 64\n", "") + "output_only: true\n",
                     [("1\n", "1\n")])
    tt = load_problem(out).task_type
    assert (tt.kind, tt.outputs_allowed) == ("output_only", True)


# ---------------------------------------------------------------- errors: one line, file and field


def test_missing_task_yaml_field(tmp_path):
    root = write_task(tmp_path / "t", "name: t\ntime_limit: 1\nmemory_limit: 64\nn_input: 1\n", [("1\n", "1\n")])
    assert_names(load_error(root), root / "task.yaml", "title", "missing", "nome")
    root = write_task(tmp_path / "u", "name: u\ntitle: U\nmemory_limit: 64\nn_input: 1\n", [("1\n", "1\n")])
    assert_names(load_error(root), root / "task.yaml", "time_limit", "missing")
    root = write_task(tmp_path / "v", "name: v\ntitle: V\ntime_limit: fast\nmemory_limit: 64\nn_input: 1\n",
                      [("1\n", "1\n")])
    assert_names(load_error(root), root / "task.yaml", "time_limit", "'fast'")
    root = write_task(tmp_path / "w", "name: w\ntitle: W\ntime_limit: 1\nmemory_limit: 64\n", [("1\n", "1\n")])
    assert_names(load_error(root), root / "task.yaml", "n_input", "gen/GEN")
    root = write_task(tmp_path / "y", "name: y\ntitle: Y\ntime_limit: 1\nmemory_limit: 64\nn_input: 1\n"
                      "public_testcases: 0, 3\n", [("1\n", "1\n")])
    assert_names(load_error(root), root / "task.yaml", "public_testcases", "'3'")
    root = write_task(tmp_path / "x", "name: [x\n", [])
    assert_names(load_error(root), root / "task.yaml", "", "not valid YAML at line")


def test_n_input_mismatches(tmp_path):
    root = write_task(tmp_path / "t", "name: t\ntitle: T\ntime_limit: 1\nmemory_limit: 64\nn_input: 4\n",
                      [("1\n", "1\n")] * 3)
    assert_names(load_error(root), root / "task.yaml", "n_input", "input/input3.txt", "missing")
    root = write_task(tmp_path / "u", "name: u\ntitle: U\ntime_limit: 1\nmemory_limit: 64\nn_input: 2\n",
                      [("1\n", "1\n")] * 2)
    (root / "output" / "output1.txt").unlink()
    assert_names(load_error(root), root / "task.yaml", "n_input", "output/output1.txt")
    root = write_task(tmp_path / "v", "name: v\ntitle: V\ntime_limit: 1\nmemory_limit: 64\nn_input: 3\n",
                      [("1\n", "1\n")] * 3, {"gen/GEN": "# ST: 100\na\nb\n"})
    assert_names(load_error(root), root / "task.yaml", "n_input", "is 3", "lists 2")


@pytest.mark.parametrize("gen, field, words", [
    ("# ST: 50\na\n# ST: half\nb\n", "line 3", ["integer", "'half'"]),
    ("# ST: 100\na # ST: 5\n", "line 2", ["same line"]),
    ("a\n# ST: 100\nb\n", "line 2", ["1 test(s)", "before the first"]),
    ("# ST: 40\na\n# ST: 50\nb\n", "ST", ["add up to 90", "100"]),
    ("# ST: 40\n# ST: 60\nb\n", "line 2", ["no tests"]),
])
def test_bad_gen(tmp_path, gen, field, words):
    root = write_task(tmp_path / "t", "name: t\ntitle: T\ntime_limit: 1\nmemory_limit: 64\n",
                      [("1\n", "1\n")] * 2, {"gen/GEN": gen})
    assert_names(load_error(root), root / "gen" / "GEN", field, *words)


def test_bad_score_type_and_programs(tmp_path):
    base = "name: t\ntitle: T\ntime_limit: 1\nmemory_limit: 64\nn_input: 2\n"
    root = write_task(tmp_path / "a", base + "score_type: GroupMax\nscore_type_parameters: []\n",
                      [("1\n", "1\n")] * 2)
    assert_names(load_error(root), root / "task.yaml", "score_type", "'GroupMax'")
    root = write_task(tmp_path / "b", base + "score_type: GroupMin\nscore_type_parameters: [[50, 1], [50, 'x']]\n",
                      [("1\n", "1\n")] * 2)
    assert_names(load_error(root), root / "task.yaml", "score_type_parameters", "one kind")
    root = write_task(tmp_path / "c", base + "score_type: GroupMin\nscore_type_parameters: [[50, 1], [50, 2]]\n",
                      [("1\n", "1\n")] * 2)
    assert_names(load_error(root), root / "task.yaml", "score_type_parameters", "take 3 tests", "there are 2")
    root = write_task(tmp_path / "d", base, [("1\n", "1\n")] * 2, {"cor/correttore": "\x7fELF binary"})
    assert_names(load_error(root), root / "cor" / "correttore", "checker", "cor/correttore.cpp")
    root = write_task(tmp_path / "e", base, [("1\n", "1\n")] * 2, {"sol/grader.c": ""})
    assert_names(load_error(root), root / "sol", "grader.cpp", "missing", "grader.c")


# ---------------------------------------------------------------- judged for real

CPP = get_language("cpp17")


def judge(problem, tmp_path: Path, code: str, pool, image, name: str = "sub.cpp"):
    source = tmp_path / name
    source.write_text(code)
    return judge_source(problem, source, CPP, pool, image)


def test_somma_judged(tmp_path, pool, image):
    p = load_problem(somma(tmp_path / "somma"))
    good = judge_source(p, p.solutions["accepted"][0], CPP, pool, image)
    assert good.compile.ok, good.compile.log
    assert good.score == 100 and good.subtask_scores == [0, 40, 60]
    assert [s.verdict for s in good.subtasks] == [Verdict.AC] * 3
    overflow = judge(p, tmp_path, SOMMA_INT, pool, image)
    assert overflow.score == 40 and overflow.subtask_scores == [0, 40, 0]
    assert overflow.subtasks[2].verdict is Verdict.WA


DOPPIO_YAML = "name: doppio\ntitle: Il doppio\ntime_limit: 1\nmemory_limit: 64\n"
DOPPIO_GEN = "# ST: 50\n1\n2\n# ST: 50\n100\n250\n"
DOPPIO_TESTS = [("1\n", "2\n"), ("7\n", "14\n"), ("100\n", "200\n"), ("250\n", "500\n")]
# CMS protocol: correttore <input> <correct output> <contestant output>; outcome on stdout, message on stderr.
# Exact double: 1; off by one: 0.5; else 0. It re-derives the answer from the input, so swapped arguments show.
CORRETTORE = """\
#include <cstdio>
#include <cstdlib>
int main(int argc, char** argv) {
    FILE *in = fopen(argv[1], "r"), *cor = fopen(argv[2], "r"), *out = fopen(argv[3], "r");
    long long n, want, got;
    if (fscanf(in, "%lld", &n) != 1 || fscanf(cor, "%lld", &want) != 1 || want != 2 * n) return 1;
    if (fscanf(out, "%lld", &got) != 1) { printf("0.0\\n"); fprintf(stderr, "translate:wrong\\n"); return 0; }
    if (got == want) { printf("1.0\\n"); fprintf(stderr, "translate:success\\n"); }
    else if (llabs(got - want) == 1) { printf("0.5\\n"); fprintf(stderr, "translate:partial\\n"); }
    else { printf("0.0\\n"); fprintf(stderr, "Doppio sbagliato\\n"); }
}
"""


def test_correttore_partial_scores(tmp_path, pool, image):
    root = write_task(tmp_path / "doppio", DOPPIO_YAML, DOPPIO_TESTS,
                      {"gen/GEN": DOPPIO_GEN, "cor/correttore.cpp": CORRETTORE})
    p = load_problem(root)
    assert p.task_type.input_file == "input.txt"  # CMS's default: the Italian tradition of file I/O
    files_io = ('#include <cstdio>\nint main() { long long n; FILE* f = fopen("input.txt", "r"); fscanf(f, "%lld", &n);'
                ' FILE* g = fopen("output.txt", "w"); fprintf(g, "%lld\\n", 2 * n + (n >= 100 ? OFF : 0)); }\n')
    exact = judge(p, tmp_path, files_io.replace("OFF", "0"), pool, image)
    assert exact.score == 100 and exact.subtasks[1].tests[0].message == "Output is correct"
    off = judge(p, tmp_path, files_io.replace("OFF", "1"), pool, image)
    assert off.subtask_scores == [50, 25] and off.score == 75
    assert off.subtasks[1].verdict is Verdict.PA
    assert off.subtasks[1].tests[0].message == "Output is partially correct"
    wrong = judge(p, tmp_path, files_io.replace("OFF", "7"), pool, image)
    assert wrong.subtask_scores == [50, 0] and wrong.subtasks[1].tests[0].message == "Doppio sbagliato"


MASSIMO_H = "int massimo(int n, int* v);\n"
MASSIMO_GRADER = """\
#include <cstdio>
#include "massimo.h"
static int v[1000];
int main() { int n; scanf("%d", &n); for (int i = 0; i < n; i++) scanf("%d", &v[i]); printf("%d\\n", massimo(n, v)); }
"""
MASSIMO_OK = """\
#include "massimo.h"
int massimo(int n, int* v) { int m = v[0]; for (int i = 1; i < n; i++) if (v[i] > m) m = v[i]; return m; }
"""


def test_grader_compiled_with_the_submission(tmp_path, pool, image):
    root = write_task(tmp_path / "massimo", "name: massimo\ntitle: Massimo\ntime_limit: 1\nmemory_limit: 64\n"
                      "infile: ''\noutfile: ''\n",
                      [("3\n5 1 2\n", "5\n"), ("1\n-4\n", "-4\n"), ("4\n9 8 7 10\n", "10\n")],
                      {"gen/GEN": "# ST: 30\n1\n2\n# ST: 70\n3\n", "sol/grader.cpp": MASSIMO_GRADER,
                       "sol/massimo.h": MASSIMO_H, "sol/soluzione.cpp": MASSIMO_OK})
    p = load_problem(root)
    assert p.task_type.submission_name == "massimo.cpp"
    good = judge_source(p, p.solutions["accepted"][0], CPP, pool, image)
    assert good.compile.ok, good.compile.log
    assert good.subtask_scores == [30, 70]
    first = judge(p, tmp_path, '#include "massimo.h"\nint massimo(int n, int* v) { return v[0]; }\n', pool, image)
    assert first.subtask_scores == [30, 0]


def test_named_infile_outfile(tmp_path, pool, image):
    root = write_task(tmp_path / "copia", "name: copia\ntitle: Copia\ntime_limit: 1\nmemory_limit: 64\n"
                      "infile: dati.in\noutfile: risposta.out\n", [("ciao\n", "ciao\n"), ("mondo\n", "mondo\n")],
                      {"gen/GEN": "# ST: 100\na\nb\n"})
    p = load_problem(root)
    named = judge(p, tmp_path, '#include <fstream>\n#include <string>\nint main() { std::ifstream in("dati.in"); '
                  'std::ofstream out("risposta.out"); std::string s; in >> s; out << s << "\\n"; }\n', pool, image)
    assert named.score == 100
    stdio = judge(p, tmp_path, '#include <iostream>\n#include <string>\nint main() { std::string s; std::cin >> s; '
                  'std::cout << s << "\\n"; }\n', pool, image)
    assert stdio.score == 0


PARI_YAML = ("name: pari\ntitle: Pari o dispari\ntime_limit: 1\nmemory_limit: 64\nn_input: 3\nscore_precision: 2\n"
             "infile: ''\noutfile: ''\n")
PARI_TESTS = [("4\n", "SI\n"), ("7\n", "NO\n"), ("10\n", "SI\n")]


def test_sum_without_gen(tmp_path, pool, image):
    p = load_problem(write_task(tmp_path / "gare" / "pari", PARI_YAML,
                                PARI_TESTS, yaml_beside=True))
    assert [(s.points, s.score_type) for s in p.subtasks] == [(100.0, "Sum")]
    always_si = judge(p, tmp_path, '#include <cstdio>\nint main() { printf("SI\\n"); }\n', pool, image)
    assert always_si.score == pytest.approx(200 / 3) and [t.verdict for t in always_si.subtasks[0].tests] == [
        Verdict.AC, Verdict.WA, Verdict.AC]


def test_output_only_submission(tmp_path, pool, image):
    p = load_problem(write_task(tmp_path / "uscite", "name: uscite\ntitle: Uscite\noutput_only: true\nn_input: 2\n",
                                [("1\n", "uno\n"), ("2\n", "due\n")]))
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "output_000.txt").write_text("uno\n")  # CMS's submission format: output_%03d.txt
    (outputs / "output_001.txt").write_text("tre\n")
    sub = judge_source(p, outputs, None, pool, image)
    assert sub.score == 50


ECO_MANAGER = """\
#include <cstdio>
// CMS Communication: argv = <user-to-manager fifo> <manager-to-user fifo>; the test on stdin.
int main(int argc, char** argv) {
    long long n, got = -1;
    scanf("%lld", &n);
    FILE* to_user = fopen(argv[2], "w");
    FILE* from_user = fopen(argv[1], "r");
    fprintf(to_user, "%lld\\n", n); fflush(to_user);
    if (fscanf(from_user, "%lld", &got) == 1 && got == n * n) {
        printf("1.0\\n"); fprintf(stderr, "translate:success\\n");
    }
    else { printf("0.0\\n"); fprintf(stderr, "translate:wrong\\n"); }
}
"""
ECO_STUB = """\
#include <cstdio>
#include "eco.h"
// fifo_io (CMS's default with a stub): argv = <manager-to-user fifo> <user-to-manager fifo>
int main(int argc, char** argv) {
    FILE* from_manager = fopen(argv[1], "r");
    FILE* to_manager = fopen(argv[2], "w");
    long long n; fscanf(from_manager, "%lld", &n);
    fprintf(to_manager, "%lld\\n", quadrato(n)); fflush(to_manager);
}
"""


def test_communication_with_stub(tmp_path, pool, image):
    p = load_problem(write_task(tmp_path / "eco", "name: eco\ntitle: Eco\ntime_limit: 1\nmemory_limit: 64\n",
                                [("3\n", "\n"), ("12\n", "\n")],
                                {"gen/GEN": "# ST: 100\na\nb\n", "check/manager.cpp": ECO_MANAGER,
                                 "sol/stub.cpp": ECO_STUB, "sol/eco.h": "long long quadrato(long long n);\n"}))
    assert p.task_type.user_io == "fifo_io"
    good = judge(p, tmp_path, '#include "eco.h"\nlong long quadrato(long long n) { return n * n; }\n', pool, image)
    assert good.compile.ok, good.compile.log
    assert good.score == 100
    bad = judge(p, tmp_path, '#include "eco.h"\nlong long quadrato(long long n) { return 2 * n; }\n', pool, image)
    assert bad.score == 0
