"""The stress lab and the reference finder on a `Workbench` built here, with no Agent: real judge tools over the
Docker sandbox, a model that answers from a table, and the run's journal and case store in a temporary folder."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sandbox.languages import get_language
from solver.agent.cases import CaseStore
from solver.agent.config import AgentConfig
from solver.agent.journal import Journal
from solver.agent.judge_tools import Case, JudgeTools
from solver.agent.oracles import oracle_for
from solver.agent.references import ReferenceFinder
from solver.agent.stress import StressLab
from solver.agent.workbench import Workbench
from solver.model.extract import extract_code
from solver.problems import load_problem

pytestmark = pytest.mark.docker

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"
BRUTE_PY = "for _ in range(int(input())):\n    a, b = map(int, input().split())\n    print(a + b)\n"
BRUTE_CPP = ("#include <cstdio>\nint main(){int t;scanf(\"%d\",&t);while(t--){long long a,b;"
             "scanf(\"%lld %lld\",&a,&b);printf(\"%lld\\n\",a+b);}}\n")
ZERO_CPP = "#include <cstdio>\nint main(){puts(\"0\");}\n"


def bench_for(problem, tools, run_dir: Path, answers: dict[str, str], asked: list) -> Workbench:
    cpp = get_language(problem.cpp)

    async def ask(key: str, template: str, context: dict) -> str:
        asked.append((key, template, sorted(context)))
        return answers[key]

    def extract_any(text: str):
        code = extract_code(text, None)
        return code.source, get_language({"python": problem.python, "cpp": problem.cpp}[code.language])

    async def program(cand):
        raise AssertionError("no candidate is compiled here")

    return Workbench(problem, AgentConfig(brute_quorum=2, brute_attempts=2), tools, Journal(run_dir), cpp, True,
                     ask, lambda: {"statement": problem.statement}, lambda text, lang: extract_code(text, lang.name)
                     .source, extract_any, program)


def test_reference_finder_and_stress_lab_need_no_agent(pool, image, tmp_path):
    problem = load_problem(PROBLEMS / "aplusb")
    tools = JudgeTools(problem, pool, image)
    asked: list = []
    answers = {"brute:0": f"```python\n{BRUTE_PY}```\n", "brute:1": f"```cpp\n{BRUTE_CPP}```\n"}
    bench = bench_for(problem, tools, tmp_path / "run", answers, asked)
    store = CaseStore(bench.journal.run_dir)
    cases = [Case(f"s{i}", store.path(store.put(data))) for i, data in enumerate([b"1\n1 2\n", b"2\n-5 40\n7 7\n"])]
    try:
        reference = asyncio.run(ReferenceFinder(bench, oracle_for(problem), store).find(cases))
        assert reference.info["trusted"] == [0, 1] and reference.outputs == [b"3\n", b"35\n14\n"]
        assert [(key, template) for key, template, _ in asked] == [("brute:0", "brute"), ("brute:1", "brute")]
        assert {"statement", "oracle", "attempt"} <= set(asked[0][2])

        lab = StressLab(bench)
        # validator, generator and the two brute forces a quorum of two needs, all asked at once
        assert lab.helper_requests() == 4
        zero = tools.compile(ZERO_CPP, bench.language, "zero.cpp").program
        assert asyncio.run(lab.failing_sample(zero)) == "sample-1"
        assert asyncio.run(lab.failing_sample(reference.program)) is None
    finally:
        tools.close()
