"""Reading run directories for reports: a `cpsolve solve` run (its `result.json`) or a batch / eval folder
(`batch.json` and one run directory per problem), with what they cost: tokens, wall time, the usage log
(`usage.jsonl`, written by solve, batch and eval) and GPUs (`serve.json` from a launched server, or `--gpus`)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..judge.scoring import shown
from .unfinished import (BATCH_FILE, EVAL_FILE, RUN_INFO, facts_from_entry, facts_from_package, read_journal, read_json,
                         unfinished_result)

CUTOFFS_DIR = Path(__file__).with_name("cutoffs")


@dataclass
class ProblemReport:
    result: dict
    candidates: dict[str, int] = field(default_factory=dict)
    """Verdict mix of the candidates: drafted, compiled, passing samples, failing compile."""

    @property
    def id(self) -> str:
        return self.result["problem"]

    @property
    def history(self) -> list[dict]:
        return self.result.get("history", [])

    @property
    def precision(self) -> int:
        """The task's score_precision: scores are stored unrounded and rounded only where they are shown."""
        return self.result.get("score_precision", 2)

    def shown(self, points: float) -> str:
        return shown(points, self.precision)

    @property
    def status(self) -> str:
        """'done', or for a problem without result.json 'failed: <why>', 'unfinished' or 'not started'."""
        return self.result.get("status", "done")

    @property
    def finished(self) -> bool:
        return self.status == "done"


@dataclass
class Report:
    problems: list[ProblemReport]
    cutoffs: dict
    run_dir: Path | None = None
    label: str = ""
    """How comparisons name the run (its folder name, made unique)."""
    usage: dict | None = None
    """Totals of the run's usage.jsonl files; None when it has none."""
    gpus: int | None = None
    """GPUs the run used: --gpus, else what its launched server recorded; None: unknown."""
    wall_s: float = 0.0
    """The run's wall time (a batch's, not the sum of its problems' overlapping times)."""
    timeline: list[tuple[float, int, float]] = field(default_factory=list)
    """(seconds from the start, completion tokens so far, IOI total so far) after each model call or judgement."""
    eval_run: bool = False
    """A `cpsolve eval` folder (eval.json): its scores are expected scores of one sample, not IOI scores."""

    @property
    def total(self) -> float:
        return round(sum(p.result["score"] for p in self.problems), 2)

    @property
    def max_total(self) -> float:
        return round(sum(p.result["max_score"] for p in self.problems), 2)

    @property
    def medals_apply(self) -> bool:
        """Cut-offs mean something only for an IOI score (never an eval's expected score of one sample) of an
        archive of the contest's size (IOI: 600 points)."""
        if self.is_eval:
            return False
        top = self.cutoffs.get("max_total")
        return top is None or abs(float(top) - self.max_total) < 1e-6

    @property
    def medal(self) -> str | None:
        if not self.medals_apply:
            return None
        medals = sorted(self.cutoffs.get("medals", {}).items(), key=lambda kv: -kv[1])
        return next((name for name, cut in medals if self.total >= cut), None)

    @property
    def completion_tokens(self) -> int:
        return sum(p.result["tokens"]["completion"] for p in self.problems)

    @property
    def gpu_seconds(self) -> float | None:
        return None if self.gpus is None else self.gpus * self.wall_s

    @property
    def is_eval(self) -> bool:
        return self.eval_run or any("eval" in p.result or p.result.get("mode") == "eval" for p in self.problems)

    @property
    def unfinished(self) -> list[ProblemReport]:
        """The problems without a result (failed, unfinished, not started): their journaled points count."""
        return [p for p in self.problems if not p.finished]


def load_cutoffs(path: Path | None) -> dict:
    path = path or CUTOFFS_DIR / "ioi2025.yaml"
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ValueError(f"{path}: cannot read cut-offs ({e})") from None
    medals = data.get("medals", {}) if isinstance(data, dict) else None
    if not isinstance(medals, dict) or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in medals.values()):
        raise ValueError(f"{path}: medals: expected a mapping of medal -> lowest total (a number)")
    return data


def load_run(run_dir: Path, cutoffs: dict | None = None, gpus: int | None = None) -> Report:
    """Every problem of the run: those with a result.json, and those without one (failed, unfinished, never
    started) with the points their journals hold, so the totals count the whole archive."""
    cutoffs = cutoffs if cutoffs is not None else load_cutoffs(None)
    is_eval = (run_dir / EVAL_FILE).exists()
    ks = [int(k) for k in read_json(run_dir / EVAL_FILE).get("k", [1])] if is_eval else None
    if (run_dir / BATCH_FILE).exists():
        batch = read_json(run_dir / BATCH_FILE)
        places = [(run_dir / e["dir"], e) for e in batch["problems"]]
        archive = batch.get("archive")
    elif (run_dir / "result.json").exists() or (run_dir / RUN_INFO).exists():
        places, archive = [(run_dir, None)], None
    else:
        raise ValueError(f"{run_dir}: not a run directory (no result.json, run.json or batch.json)")
    problems, dirs = [], []
    for d, entry in places:
        if (d / "result.json").exists():
            problems.append(ProblemReport(read_json(d / "result.json"), _candidate_mix(d)))
        else:
            facts = facts_from_entry(entry, run_dir / BATCH_FILE, archive) if entry is not None else \
                _facts_of_solve_dir(d)
            if is_eval and facts["task_type"] == "output_only":
                continue  # eval never samples an output-only task (its samples are programs)
            problems.append(ProblemReport(unfinished_result(facts, d, ks), _candidate_mix(d)))
        dirs.append(d)
    usage = _usage(list(dict.fromkeys([run_dir, *dirs])))
    if gpus is None and (run_dir / "serve.json").exists():
        gpus = read_json(run_dir / "serve.json").get("gpus")
    wall = read_json(run_dir / "wall.json").get("wall_s", 0.0) if (run_dir / "wall.json").exists() else \
        max((p.result.get("wall_s", 0.0) for p in problems), default=0.0)
    return Report(problems, cutoffs, run_dir, run_dir.name, usage, gpus, wall, _timeline(problems, dirs), is_eval)


def _facts_of_solve_dir(run_dir: Path) -> dict:
    """A `cpsolve solve` run directory without result.json: its run.json names the problem and its package."""
    info = read_json(run_dir / RUN_INFO)
    return facts_from_package(info.get("problem", ""), [info.get("root")], f"{run_dir / RUN_INFO}: root")


def _candidate_mix(run_dir: Path) -> dict[str, int]:
    if not (run_dir / "journal.jsonl").exists():
        return {}
    events = [e for e in read_journal(run_dir) if e.get("type") == "candidate"]
    mix = {"drafted": 0, "compiled": 0, "passing samples": 0, "compile errors": 0}
    for event in events:
        data = event["data"]
        mix["drafted"] += 1
        mix["compiled"] += data["compiled"]
        mix["compile errors"] += not data["compiled"]
        mix["passing samples"] += data["passed"]
    return mix if mix["drafted"] else {}


def _usage(dirs: list[Path]) -> dict | None:
    """Totals over the usage.jsonl files of the run folder and its problems (a batch logs in the folder)."""
    totals = {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "reasoning_tokens": 0, "retries": 0}
    found = False
    for d in dirs:
        path = d / "usage.jsonl"
        if not path.exists():
            continue
        found = True
        for line in path.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            totals["calls"] += 1
            for key in ("prompt_tokens", "completion_tokens", "reasoning_tokens"):
                totals[key] += int(record.get(key, 0))
            totals["retries"] += int(record.get("attempts", 1)) - 1
    return totals if found else None


# journal events that spend tokens, and those that score (agent and eval runs name them differently)
_SPENDS = ("model_call", "sample")
_SCORES = ("submission", "judgement")


def _timeline(problems: list[ProblemReport], dirs: list[Path]) -> list[tuple[float, int, float]]:
    """The run's journals merged in time order: tokens spent and the IOI total (per problem and subtask, the best
    any judged program got) after each event. Runs without journals (judged --solutions) give their history."""
    events = []
    for d in dirs:
        for e in read_journal(d):
            if e.get("type") in _SPENDS + _SCORES and "t" in e:
                events.append((e["t"], d.name, e))
    if not events:
        return _timeline_from_results(problems)
    events.sort(key=lambda x: x[0])
    start, tokens, best, points = events[0][0], 0, {}, []
    for t, problem, e in events:
        data = e["data"]
        if e["type"] in _SPENDS:
            tokens += int(data.get("usage", {}).get("completion", 0))
        elif data.get("compiled", True):
            for name, score in data.get("subtasks", {}).items():
                best[(problem, name)] = max(best.get((problem, name), 0.0), score)
        points.append((t - start, tokens, sum(best.values())))
    return points


def _timeline_from_results(problems: list[ProblemReport]) -> list[tuple[float, int, float]]:
    """Without journals only results are known: the submissions in time order, and each problem's tokens counted
    as spent by its first submission (a problem's own split is not recorded)."""
    best, spent, points = {}, set(), []
    tokens = 0
    merged = sorted(((h.get("elapsed", 0.0), i, p, h) for i, p in enumerate(problems) for h in p.history),
                    key=lambda x: (x[0], x[1]))
    for elapsed, _, p, h in merged:
        if p.id not in spent:
            spent.add(p.id)
            tokens += p.result["tokens"]["completion"]
        for name, score in h["subtasks"].items():
            best[(p.id, name)] = max(best.get((p.id, name), 0.0), score)
        points.append((elapsed, tokens, sum(best.values())))
    return points


def unique_labels(reports: list[Report]) -> None:
    """Label each run by its folder name; where two share one, by more of the path."""
    for r in reports:
        r.label = r.run_dir.name if r.run_dir else "run"
    for depth in (2, 3, 4):
        labels = [r.label for r in reports]
        clash = {x for x in labels if labels.count(x) > 1}
        for r in reports:
            if r.label in clash and r.run_dir:
                r.label = "/".join(r.run_dir.resolve().parts[-depth:])
    labels = [r.label for r in reports]
    for i, r in enumerate(reports):
        if labels.count(r.label) > 1:
            r.label = f"{r.label} ({i + 1})"
