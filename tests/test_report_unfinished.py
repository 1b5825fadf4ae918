"""Reports never drop a problem: a failed, unfinished or never started problem (no result.json) is listed as such,
with the points its journaled submissions earned, and counts in totals, `max_total`, medals and comparisons; an
eval run's figure is labelled as the expected score of one sample, never as an IOI score. No Docker: the folders
are written the way `cpsolve batch` / `cpsolve eval` write them (batch.prepare and batch.run_each for real)."""
from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from solver.agent.journal import Journal
from solver.batch import prepare, run_each
from solver.reports.compare import compare_html, compare_json, compare_markdown
from solver.reports.report import load_run, render_html, render_json, render_markdown

from .test_report import TASKS, TOTAL, cpsolve, write_run

ROOT = Path(__file__).resolve().parent.parent


def submission(i: int, scores: dict[str, float], compiled: bool = True) -> dict:
    """A journal line as the agent's Selection.submit writes it."""
    return {"t": 1000.0 + i, "key": f"submit:c{i}", "type": "submission",
            "data": {"candidate": f"c{i}", "compiled": compiled, "score": sum(scores.values()), "subtasks": scores,
                     "feedback": {}, "elapsed": 10.0 * i}}


def worth(name: str) -> dict:
    """The batch.json entry of TASKS' NAME, with what it is worth (as batch.batch_entry records it)."""
    subtasks = next(t[1] for t in TASKS if t[0] == name)
    return {"id": name, "path": f"/archive/{name}", "dir": name, "max_score": float(sum(p for _, p in subtasks)),
            "score_precision": 2, "task_type": "batch", "subtasks": [{"name": s, "points": p} for s, p in subtasks]}


@pytest.fixture
def broken_run(tmp_path) -> Path:
    """The six-task batch where relay failed after two journaled submissions and quarry was killed before any."""
    out = tmp_path / "batch"
    write_run(out)
    relay = out / "relay"
    (relay / "result.json").unlink()
    zeros = {"samples": 0.0, "1": 0.0, "2": 0.0, "3": 0.0, "4": 0.0, "5": 0.0, "6": 0.0}
    with open(relay / "journal.jsonl", "a") as f:
        for event in (submission(1, zeros | {"1": 6.0}), submission(2, zeros, compiled=False),
                      submission(3, zeros | {"1": 6.0, "2": 8.0, "3": 11.0})):
            f.write(json.dumps(event) + "\n")
        f.write('{"t": 1100, "key": "submit:c4", "type": "submis')  # torn by the kill
    (relay / "failed.json").write_text(json.dumps({"status": "failed: ModelError: the server went away"}))
    (out / "quarry" / "result.json").unlink()
    batch = json.loads((out / "batch.json").read_text())
    batch["problems"] = [worth(e["id"]) if e["id"] in ("relay", "quarry") else e for e in batch["problems"]]
    (out / "batch.json").write_text(json.dumps(batch))
    return out


def test_failed_and_unfinished_problems_count_with_their_journaled_points(broken_run, tmp_path):
    rep = json.loads(cpsolve("report", str(broken_run), "--json").stdout)
    by_id = {p["problem"]: p for p in rep["problems"]}
    assert list(by_id) == [t[0] for t in TASKS]  # none dropped, in the archive's order
    assert by_id["relay"]["status"] == "failed: ModelError: the server went away"
    assert by_id["quarry"]["status"] == "unfinished"
    # relay: the IOI rule over its compiled journaled submissions (the compile failure does not count)
    assert {s["name"]: s["score"] for s in by_id["relay"]["subtasks"]} == {
        "samples": 0, "1": 6, "2": 8, "3": 11, "4": 0, "5": 0, "6": 0}
    assert by_id["relay"]["score"] == 25 and by_id["relay"]["submissions_used"] == 2
    assert by_id["relay"]["subtasks"][3]["submission"] == 2  # the second counted submission raised subtask 3
    assert by_id["quarry"]["score"] == 0 and by_id["quarry"]["max_score"] == 100
    assert rep["total"] == pytest.approx(TOTAL) and rep["max_total"] == 600  # the medal cut-offs still apply

    md = render_markdown(load_run(broken_run))
    assert "| relay (failed) |" in md and "| quarry (unfinished) |" in md and "## relay (failed)" in md
    assert "Without a result: relay (failed: ModelError: the server went away), quarry (unfinished)" in md
    assert "**Total: 319.1 / 600**" in md and "Medal: **none**" in md
    html = render_html(load_run(broken_run))
    assert "relay (failed)" in html and "quarry (unfinished)" in html and "Without a result" in html

    # compared with a run that finished everything: every problem has a row, and nothing differs
    write_run(tmp_path / "whole")
    both = [load_run(broken_run), load_run(tmp_path / "whole")]
    compared = compare_json(both)
    assert {r["problem"] for r in compared["rows"]} == {t[0] for t in TASKS}
    assert not any(r["differ"] for r in compared["rows"])
    assert compared["runs"][0]["max_total"] == 600 and compared["runs"][0]["unfinished"] == [
        "relay (failed: ModelError: the server went away)", "quarry (unfinished)"]
    assert "without a result: relay" in compare_markdown(both)


def test_an_old_batch_json_without_the_maximum_reads_the_package_or_says_what_is_missing(broken_run):
    batch = json.loads((broken_run / "batch.json").read_text())
    batch["problems"][3] = {"id": "relay", "path": "/archive/relay", "dir": "relay"}  # written before max_score
    (broken_run / "batch.json").write_text(json.dumps(batch))
    bad = cpsolve("report", str(broken_run))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert f"{broken_run / 'batch.json'}: problems[3].max_score: not recorded" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_a_batch_whose_problems_failed_lists_them_with_their_points(tmp_path):
    """batch.prepare and batch.run_each for real: the failing work journals one submission of aplusb first, as
    an agent that dies mid-run has; distinct fails before anything is journaled."""
    archive = tmp_path / "archive"
    for name in ("aplusb", "distinct"):
        shutil.copytree(ROOT / "problems" / name, archive / name, ignore=shutil.ignore_patterns("solutions"))
    out = tmp_path / "out"
    state = prepare(archive, out, None, resume=False)

    async def work(ps, progress) -> str:
        if ps.problem.id == "aplusb":
            journal = Journal(ps.run_dir)

            async def judged() -> dict:
                return {"candidate": "c1", "compiled": True, "score": 60.0, "elapsed": 3.0, "feedback": {},
                        "subtasks": {"samples": 0.0, "small": 30.0, "big": 30.0, "many": 0.0}}

            await journal.once("submit:c1", "submission", judged)
            journal.close()
        raise RuntimeError(f"{ps.problem.id} broke")

    asyncio.run(run_each(state, 2, lambda: None, "running", work))
    # each failed problem was tried once more after the others (batch.run_each) before it was reported
    assert [ps.status for ps in state.problems] == ["failed (tried 2 times): RuntimeError: aplusb broke",
                                                    "failed (tried 2 times): RuntimeError: distinct broke"]
    shutil.rmtree(archive)  # batch.json recorded what each problem is worth: the report needs no package
    rep = render_json(load_run(out))
    assert [(p["problem"], p["status"], p["score"]) for p in rep["problems"]] == [
        ("aplusb", "failed (tried 2 times): RuntimeError: aplusb broke", 60.0),
        ("distinct", "failed (tried 2 times): RuntimeError: distinct broke", 0)]
    assert rep["max_total"] == sum(ps.problem.max_score for ps in state.problems) and rep["total"] == 60.0


def test_the_report_reads_the_files_the_runs_write():
    from solver import batch, solve
    from solver.evaluation import archive
    from solver.reports import unfinished

    assert (unfinished.BATCH_FILE, unfinished.FAILED_FILE, unfinished.EVAL_FILE, unfinished.RUN_INFO) == (
        batch.BATCH_FILE, batch.FAILED_FILE, archive.EVAL_FILE, solve.RUN_INFO)


def test_a_solve_run_without_result_is_reported_unfinished(tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "run.json").write_text(json.dumps({"problem": "aplusb", "root": str(ROOT / "problems" / "aplusb")}))
    (run / "journal.jsonl").write_text(json.dumps(submission(1, {"samples": 0.0, "small": 30.0, "big": 0.0,
                                                                 "many": 0.0})) + "\n")
    rep = render_json(load_run(run))
    assert [(p["problem"], p["status"], p["score"], p["max_score"]) for p in rep["problems"]] == [
        ("aplusb", "unfinished", 30.0, 100.0)]


# ------------------------------------------------------------------ eval figures labelled as what they are

def write_eval(out: Path) -> None:
    """An eval folder as `cpsolve eval` leaves it: lanterns sampled 4 times (mean 50 of 100), ferry killed after
    two judged samples, quarry (output-only) skipped."""
    out.mkdir(parents=True)
    (out / "eval.json").write_text(json.dumps({"samples": 4, "language": None, "k": [1, 2]}))
    # quarry is output-only here: eval never samples it (prepare_eval leaves it out), so it is not counted
    entries = [worth("lanterns"), worth("ferry"), worth("quarry") | {"task_type": "output_only"}]
    (out / "batch.json").write_text(json.dumps({"archive": "/archive", "problems": entries}))
    lanterns = out / "lanterns"
    lanterns.mkdir()
    history = [{"candidate": f"sample-{i}", "compiled": True, "score": s, "elapsed": i,
                "subtasks": {"samples": 0.0, "1": 6.0 if s else 0.0, "2": 24.0 if s else 0.0, "3": 70.0 if s else 0.0}}
               for i, s in enumerate([100.0, 0.0, 100.0, 0.0])]
    (lanterns / "result.json").write_text(json.dumps({
        "problem": "lanterns", "mode": "eval", "score": 50.0, "max_score": 100.0,
        "subtasks": [{"name": n, "max_score": p, "score": p / 2, "submission": None}
                     for n, p in (("samples", 0.0), ("1", 6.0), ("2", 24.0), ("3", 70.0))],
        "submissions_used": 4, "tokens": {"prompt": 400, "completion": 4000}, "wall_s": 10.0,
        "run_dir": str(lanterns), "history": history,
        "eval": {"samples": 4, "k": [1, 2], "solved": 2, "pass_at_k": {"1": 0.5, "2": 5 / 6},
                 "expected_score": {"1": 50.0, "2": 100 * 5 / 6}, "subtasks": {}}}))
    ferry = out / "ferry"
    ferry.mkdir()
    judged = [{"t": 5.0 + i, "key": f"judge:{i}", "type": "judgement",
               "data": {"candidate": f"sample-{i}", "compiled": True, "score": s, "elapsed": i,
                        "subtasks": {"samples": 0.0, "1": s, **{str(k): 0.0 for k in range(2, 9)}}}}
              for i, s in enumerate([9.0, 0.0])]
    (ferry / "journal.jsonl").write_text("".join(json.dumps(e) + "\n" for e in judged))


def test_an_eval_is_labelled_expected_score_of_one_sample_never_an_ioi_score(tmp_path):
    write_eval(tmp_path / "eval")
    rep = load_run(tmp_path / "eval")
    js = render_json(rep)
    assert js["measure"] == "eval: expected score of one sample" and js["medal"] is None
    ferry = js["problems"][1]
    assert ferry["status"] == "unfinished" and ferry["score"] == 4.5 and ferry["eval"]["samples"] == 2
    assert js["total"] == 54.5 and js["max_total"] == 200
    assert [p["problem"] for p in js["problems"]] == ["lanterns", "ferry"]

    md = render_markdown(rep)
    assert "# Eval report: expected score of one sample" in md
    assert "**Expected score of one sample: 54.5 / 200**" in md and "not an IOI score" in md
    assert "**Total:" not in md and "Medal: **" not in md
    assert "No medal: an eval's figure is the expected score of one sample" in md
    html = render_html(rep)
    assert "Expected score of one sample: <b>54.5</b>" in html and "Total: <b>" not in html

    write_run(tmp_path / "agent")
    both = [load_run(tmp_path / "agent"), rep]
    runs = compare_json(both)["runs"]
    assert [r["measure"] for r in runs] == ["ioi", "eval: expected score of one sample"]
    assert runs[1]["medal"] == "n/a"
    md = compare_markdown(both)
    eval_row = next(line for line in md.splitlines() if line.startswith("| eval |"))
    assert "**54.5**/200 (E[score] of 1 sample)" in eval_row
    assert "not an IOI score of up to 50 submissions" in md
    page = compare_html(both)
    assert "eval (eval: best of samples)" in page and "(E[score] of 1 sample)" in page
