"""CMS's Italian task format (cmscontrib/loaders/italy_yaml.py, YamlLoader.get_task): task.yaml, input/inputI.txt,
output/outputI.txt, gen/GEN, check/ or cor/, sol/.

Read by CMS's rules so a submission scores here what it would score there:
- task.yaml inside the folder, else the deprecated contest-style `../<folder>.yaml`. Italian aliases are accepted
  (nome_breve, nome, timeout, memlimit, risultati); memory_limit is in MiB; unknown keys (tokens...) are ignored.
- Tests are `input/input<i>.txt` + `output/output<i>.txt` for i < n_input, named "%03d" (000, 001, ...).
- Scoring: `score_type` + `score_type_parameters` + `n_input` all in task.yaml override everything. Otherwise
  gen/GEN's `# ST: <points>` lines open subtasks (GroupMin, [points, number of tests that follow], points must
  add up to 100); a GEN without ST lines, or no GEN at all, means Sum with `total_value` (100) spread evenly.
  Group parameters given as counts take the tests in lexicographic codename order, as CMS does.
- Task type: `output_only: true` -> OutputOnly; a manager (check/manager, cor/manager) -> Communication with
  sol/stub.* when present (then fifo_io by default, std_io without a stub); otherwise Batch, compiled with
  sol/grader.* and the sol/*.h headers when a grader exists, reading `infile` / writing `outfile` (CMS's defaults
  are input.txt / output.txt; an empty value means stdin / stdout).
- check/checker or cor/correttore means a CMS-protocol checker; none means white-diff. CMS imports the compiled
  binary; we compile its source beside it (checker.cpp / correttore.cpp), same for the manager.
- score_precision defaults to 0 (CMS's Task default: this loader only sets it when task.yaml has it).
Not from CMS: `sol/soluzione.*` / `sol/solution.*` (the official solution of Italian packages) is the accepted
reference solution; samples are the tests of a 0-point subtask, else an explicit public_testcases list.

Modules: config (task.yaml keys, aliases, limits), testdata (tests, GEN, subtasks, samples), programs (checker,
manager, stub, grader); this one loads the whole package, its statement and its solution.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import ProblemFormatError
from ..model import Problem, TimeRule
from ..statements import statement_from_pdf
from .config import integer, read_task_yaml, required, task_limits
from .programs import checker_of, task_type_of
from .testdata import build_subtasks, read_tests, sample_names, score_spec

#: Reference solutions we can judge.
SOLUTION_EXTS = (".cpp", ".cc", ".cxx", ".py")
#: Statement files tried in each statement folder, best first (text before PDF).
STATEMENT_NAMES = ("{d}.md", "english.md", "en.md", "{d}.tex", "english.tex", "{d}.pdf", "english.pdf")


def task_yaml(path: Path) -> Path | None:
    """The package's task.yaml; CMS falls back to `../<folder>.yaml` (a contest folder holding every task's yaml)."""
    if (path / "task.yaml").is_file():
        return path / "task.yaml"
    sibling = path.parent / f"{path.name}.yaml"
    return sibling if path.is_dir() and sibling.is_file() else None


def is_italian(path: Path) -> bool:
    return path.is_dir() and task_yaml(path) is not None


def load_italian(root: Path) -> Problem:
    file = task_yaml(root)
    if file is None:
        raise ProblemFormatError(root / "task.yaml", "", "missing (nor is there a ../<folder>.yaml)")
    conf = read_task_yaml(file)
    name = str(required(conf, file, "name", "nome_breve"))
    title = str(required(conf, file, "title", "nome"))
    output_only = bool(conf.get("output_only", False))
    n_input, subtask_spec = score_spec(root, file, conf)
    tests = read_tests(root, file, n_input)
    subtasks = build_subtasks(file, subtask_spec, sorted(tests))
    checker = checker_of(root)
    return Problem(
        id=name,
        title=title,
        root=root,
        limits=task_limits(conf, file, output_only),
        time_rule=TimeRule(origin=f"{file.name} time_limit"),
        subtasks=subtasks,
        tests=tests,
        checker=checker,
        task_type=task_type_of(root, file, conf, name, output_only),
        score_precision=integer(conf, file, "score_precision", 0, minimum=0),
        **statement_text(root),
        samples=sample_names(conf, file, subtasks, tests),
        solutions=reference_solutions(root),
        format="italian",
    )


def statement_text(root: Path) -> dict[str, str]:
    """Problem's `statement`: Markdown or TeX as is, a PDF through pdftotext (`statement_error` when it yields no
    text), else empty."""
    for folder in ("statement", "testo"):
        d = root / folder
        if not d.is_dir():
            continue
        for pattern in STATEMENT_NAMES:
            path = d / pattern.format(d=folder)
            if not path.is_file():
                continue
            if path.suffix != ".pdf":
                return {"statement": path.read_text(errors="replace")}
            text, error = statement_from_pdf(path)
            return {"statement": text, "statement_error": error}
    return {"statement": ""}


def reference_solutions(root: Path) -> dict[str, list[Path]]:
    """sol/soluzione.* and sol/solution.* are the official solution: accepted. Other files of sol/ (graders,
    stubs, templates, partial attempts) have no declared class, so they are not listed."""
    folder = root / "sol"
    if not folder.is_dir():
        return {}
    accepted = sorted(p for p in folder.iterdir()
                      if p.is_file() and p.stem in ("soluzione", "solution") and p.suffix in SOLUTION_EXTS)
    return {"accepted": accepted} if accepted else {}
