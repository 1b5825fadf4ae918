"""`cpsolve report` in its three formats, on a batch folder shaped like an IOI contest (six made-up tasks, 600
points) written the way `cpsolve batch` writes one; the HTML is rendered in headless Chromium and a screenshot kept as an artifact
(tests/artifacts/report.png). In CI (CI=true) a missing Chromium is a failure, never a skip."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = "/usr/bin/chromium"

# (problem, [(subtask, points)], submissions: [(elapsed s, {subtask: score})], tokens): made-up tasks and points
TASKS = [
    ("lanterns", [("samples", 0), ("1", 6), ("2", 24), ("3", 70)],
     [(120.0, {"1": 6, "2": 0, "3": 0}), (410.5, {"1": 6, "2": 24, "3": 0}), (1300.0, {"1": 6, "2": 24, "3": 70})],
     (210_000, 95_000)),
    ("ferry", [("samples", 0), ("1", 9), ("2", 5), ("3", 12), ("4", 14), ("5", 10), ("6", 16), ("7", 4),
               ("8", 30)],
     [(300.0, {"1": 9, "2": 5, "3": 0, "4": 0, "5": 0, "6": 0, "7": 0, "8": 0}),
      (900.0, {"1": 9, "2": 5, "3": 12, "4": 14, "5": 0, "6": 0, "7": 4, "8": 0}),
      (2000.0, {"1": 0, "2": 0, "3": 12, "4": 14, "5": 10, "6": 0, "7": 4, "8": 7.5})],
     (480_000, 230_000)),
    ("orchard", [("samples", 0), ("1", 4), ("2", 9), ("3", 7), ("4", 20), ("5", 60)],
     [(600.0, {"1": 4, "2": 9, "3": 7, "4": 20, "5": 33.6})], (150_000, 70_000)),
    ("relay", [("samples", 0), ("1", 6), ("2", 8), ("3", 11), ("4", 15), ("5", 25), ("6", 35)],
     [(200.0, {"1": 6, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0}), (700.0, {"1": 6, "2": 8, "3": 11, "4": 0,
                                                                         "5": 0, "6": 0})],
     (330_000, 160_000)),
    ("quarry", [("samples", 0), ("1", 15), ("2", 85)], [], (90_000, 40_000)),
    ("beacons", [("samples", 0), ("1", 12), ("2", 13), ("3", 14), ("4", 20), ("5", 24), ("6", 17)],
     [(150.0, {"1": 12, "2": 0, "3": 0, "4": 0, "5": 0, "6": 0}), (450.0, {"1": 12, "2": 13, "3": 0, "4": 0,
                                                                          "5": 0, "6": 0}),
      (800.0, {"1": 12, "2": 13, "3": 14, "4": 0, "5": 0, "6": 0}), (1500.0, {"1": 12, "2": 13, "3": 14, "4": 20,
                                                                             "5": 0, "6": 0})],
     (260_000, 120_000)),
]
TOTAL = 100 + 61.5 + 73.6 + 25 + 0 + 59


def write_run(out: Path) -> dict:
    """A batch folder as `cpsolve batch` leaves it; returns the expected points per problem and subtask."""
    expected = {}
    entries = []
    for name, subtasks, subs, (prompt, completion) in TASKS:
        run = out / name
        run.mkdir(parents=True)
        history, best, first = [], {s: 0.0 for s, _ in subtasks}, {s: None for s, _ in subtasks}
        for i, (elapsed, scores) in enumerate(subs, 1):
            scores = {"samples": 0.0, **{k: float(v) for k, v in scores.items()}}
            history.append({"candidate": f"full.r{i}.d0", "compiled": True, "score": sum(scores.values()),
                            "subtasks": scores, "verdicts": {k: "AC" if v else "WA" for k, v in scores.items()},
                            "elapsed": elapsed})
            for k, v in scores.items():
                if v > best[k]:
                    best[k], first[k] = v, i
        result = {"problem": name, "score": round(sum(best.values()), 2),
                  "max_score": float(sum(p for _, p in subtasks)),
                  "subtasks": [{"name": s, "max_score": float(p), "score": best[s], "submission": first[s]}
                               for s, p in subtasks],
                  "submissions_used": len(subs), "tokens": {"prompt": prompt, "completion": completion},
                  "wall_s": subs[-1][0] + 60 if subs else 1800.0, "run_dir": str(run), "history": history}
        (run / "result.json").write_text(json.dumps(result, indent=2))
        events = [{"key": f"eval:c{i}", "type": "candidate",
                   "data": {"compiled": i % 5 != 0, "passed": i % 2 == 0, "failed": i % 2, "log": "",
                            "feedback": None}} for i in range(1, 11)]
        (run / "journal.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
        entries.append({"id": name, "path": f"/archive/{name}", "dir": name})
        expected[name] = best
    (out / "batch.json").write_text(json.dumps({"archive": "/archive", "problems": entries}))
    return expected


def cpsolve(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "solver.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


@pytest.fixture
def run_dir(tmp_path) -> Path:
    write_run(tmp_path / "batch")
    return tmp_path / "batch"


def test_json_report_has_exactly_the_documented_shape(run_dir):
    expected = write_run(run_dir.parent / "again")
    done = cpsolve("report", str(run_dir), "--format", "json")
    assert done.returncode == 0, done.stderr
    rep = json.loads(done.stdout)
    assert json.loads(cpsolve("report", str(run_dir), "--json").stdout) == rep
    assert set(rep) == {"problems", "total", "max_total", "measure", "medal", "cutoffs"}
    assert rep["measure"] == "ioi" and rep["medal"] is None  # 319.1 points: under the gold cut-off, no medal
    assert [p["problem"] for p in rep["problems"]] == [t[0] for t in TASKS]
    for p in rep["problems"]:
        assert set(p) == {"problem", "score", "max_score", "subtasks", "submissions_used", "tokens", "wall_s",
                          "status"}
        assert p["status"] == "done"
        for s in p["subtasks"]:
            assert set(s) == {"name", "max_score", "score", "submission"}
        # the IOI rule: per subtask the best over submissions, and which submission first got it
        assert {s["name"]: s["score"] for s in p["subtasks"]} == expected[p["problem"]]
        assert p["score"] == pytest.approx(sum(expected[p["problem"]].values()))
    ferry = {s["name"]: s for s in rep["problems"][1]["subtasks"]}
    assert ferry["1"]["score"] == 9 and ferry["1"]["submission"] == 1  # not lost by submission 3
    assert ferry["8"]["score"] == 7.5 and ferry["8"]["submission"] == 3
    assert rep["max_total"] == 600
    assert rep["total"] == pytest.approx(TOTAL)
    assert rep["cutoffs"] == {"gold": 438.3}


def test_markdown_report_table_totals_and_cutoffs(run_dir, tmp_path):
    done = cpsolve("report", str(run_dir))
    assert done.returncode == 0, done.stderr
    md = done.stdout
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    header = rows[0]
    assert header.startswith("| problem |") and header.rstrip().endswith("| total |")
    table = {r.split("|")[1].strip(): [c.strip() for c in r.split("|")[2:-1]] for r in rows[1:7]}
    assert list(table) == [t[0] for t in TASKS]
    assert table["lanterns"][-1] == "**100**/100"
    assert "7.5/30" in table["ferry"] and "33.6/60" in table["orchard"] and table["quarry"][-1] == "**0**/100"
    assert "**Total: 319.1 / 600**" in md
    assert "gold 438.3" in md and "Medal: **none**" in md
    # per problem: its submission history, which submission raised which subtask, tokens
    assert "## beacons" in md and "| 4 | full.r4.d0 | 59 | 4 |" in md
    assert "points per million tokens" in md

    cutoffs = tmp_path / "cutoffs.yaml"
    cutoffs.write_text("contest: mock contest\nmedals:\n  gold: 400\n  silver: 300\n  bronze: 200\n")
    md = cpsolve("report", str(run_dir), "--cutoffs", str(cutoffs)).stdout
    assert "gold 400, silver 300, bronze 200" in md and "Medal: **silver**" in md and "438.3" not in md
    rep = json.loads(cpsolve("report", str(run_dir), "--json", "--cutoffs", str(cutoffs)).stdout)
    assert rep["cutoffs"] == {"gold": 400, "silver": 300, "bronze": 200}

    cutoffs.write_text("medals: [gold]\n")
    bad = cpsolve("report", str(run_dir), "--cutoffs", str(cutoffs))
    assert bad.returncode == 2 and bad.stderr.startswith("error: ") and "Traceback" not in bad.stderr


def test_report_of_a_single_solve_run(tmp_path):
    write_run(tmp_path / "batch")
    rep = json.loads(cpsolve("report", str(tmp_path / "batch" / "relay"), "--json").stdout)
    assert [p["problem"] for p in rep["problems"]] == ["relay"]
    assert rep["total"] == 25 and rep["max_total"] == 100


def test_html_report_is_self_contained(run_dir, tmp_path):
    done = cpsolve("report", str(run_dir), "--format", "html")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(run_dir / "report.html")
    page = (run_dir / "report.html").read_text()
    assert not re.search(r"https?://", page), "the page names a URL"
    assert not re.search(r"<script[^>]*\bsrc=|<link\b|@import|url\(|<img\b|<iframe\b", page, re.I)
    other = tmp_path / "elsewhere.html"
    done = cpsolve("report", str(run_dir), "--format", "html", "--output", str(other))
    assert done.stdout.strip() == str(other) and other.read_text() == page


def _chromium() -> str:
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if IN_CI:
        pytest.fail(f"CI=true but {CHROMIUM} is missing (scripts/setup.sh installs the Debian package chromium)",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} missing: apt-get install chromium (or run scripts/setup.sh as root)")


def _headless(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           "--no-first-run", "--disable-background-networking", "--disable-component-update",
                           "--disable-sync", f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=90)


def test_html_report_renders_in_chromium(run_dir, tmp_path):
    chromium = _chromium()
    assert cpsolve("report", str(run_dir), "--format", "html").returncode == 0
    url = (run_dir / "report.html").resolve().as_uri()

    dom = _headless(chromium, tmp_path / "profile-dom", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    rendered = dom.stdout
    assert re.search(r'id="total"[^>]*>.*Total:\s*<b>319\.1</b>\s*/\s*600', rendered, re.S)
    heat = re.search(r'<table id="heatmap".*?</table>', rendered, re.S)
    assert heat, "no heat map table"
    rows = {re.search(r"<th[^>]*>([^<]+)</th>", r).group(1): r for r in re.findall(r"<tr>.*?</tr>", heat.group(0))}
    assert list(rows) == ["problem"] + [t[0] for t in TASKS]
    for name, subtasks, *_ in TASKS:  # a cell per subtask worth points, then the problem's total
        assert len(re.findall(r'class="cell"', rows[name])) == sum(p > 0 for _, p in subtasks)
    assert re.search(r'class="cell"[^>]*>7\.5<span class="of">/30</span>', rows["ferry"])
    assert re.search(r'class="total">61\.5<', rows["ferry"])
    charts = re.findall(r"<svg\b.*?</svg>", rendered, re.S)
    assert len(charts) == 2, "expected two charts: score vs submissions and vs time"
    for chart in charts:
        lines = re.findall(r'<polyline[^>]*class="series"[^>]*data-name="([^"]+)"', chart)
        assert sorted(lines) == sorted(t[0] for t in TASKS), "one line per problem"

    shot = tmp_path / "report.png"
    done = _headless(chromium, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1200,1600",
                     "--hide-scrollbars", url)
    assert done.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000, done.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "report.png")


# ------------------------------------------------------------------ several runs side by side

def write_second_run(out: Path) -> None:
    """The same archive run by another model: better on ferry subtask 6, worse on orchard, the rest equal;
    its server recorded 2 GPUs and the folder 1000 s of wall time."""
    write_run(out)
    ferry = json.loads((out / "ferry" / "result.json").read_text())
    ferry["subtasks"] = [{**s, "score": 16.0, "submission": 3} if s["name"] == "6" else s for s in ferry["subtasks"]]
    ferry["score"] = 61.5 + 16
    ferry["history"][2]["subtasks"]["6"] = 16.0
    (out / "ferry" / "result.json").write_text(json.dumps(ferry))
    orchard = json.loads((out / "orchard" / "result.json").read_text())
    orchard["subtasks"] = [{**s, "score": 0.0} if s["name"] == "5" else s for s in orchard["subtasks"]]
    orchard["score"] = 40.0
    orchard["history"][0]["subtasks"]["5"] = 0.0
    (out / "orchard" / "result.json").write_text(json.dumps(orchard))
    (out / "serve.json").write_text(json.dumps({"recipe": "nemotron-cascade-2", "gpus": 2}))
    (out / "wall.json").write_text(json.dumps({"wall_s": 1000.0}))


@pytest.fixture
def two_runs(tmp_path) -> tuple[Path, Path]:
    write_run(tmp_path / "model-a" / "batch")
    write_second_run(tmp_path / "model-b" / "batch")
    return tmp_path / "model-a" / "batch", tmp_path / "model-b" / "batch"


def test_comparison_marks_exactly_the_differences(two_runs):
    a, b = two_runs
    done = cpsolve("report", str(a), str(b), "--json")
    assert done.returncode == 0, done.stderr
    rep = json.loads(done.stdout)
    # the same folder name twice: the labels take more of the path
    assert [r["run"] for r in rep["runs"]] == ["model-a/batch", "model-b/batch"]
    differ = {(r["problem"], r["subtask"]) for r in rep["rows"] if r["differ"]}
    assert differ == {("ferry", None), ("ferry", "6"), ("orchard", None), ("orchard", "5")}
    rows = {(r["problem"], r["subtask"]): r["scores"] for r in rep["rows"]}
    assert rows[("ferry", "6")] == [0.0, 16.0] and rows[("orchard", "5")] == [33.6, 0.0]
    first, second = rep["runs"]
    assert first["total"] == pytest.approx(TOTAL) and second["total"] == pytest.approx(TOTAL + 16 - 33.6)
    # cost per point: completion tokens / points; GPU-seconds = recorded GPUs x the folder's wall time
    completion = sum(t[3][1] for t in TASKS)
    assert first["tokens_per_point"] == pytest.approx(completion / TOTAL)
    assert first["gpu_seconds"] is None and second["gpus"] == 2 and second["gpu_seconds"] == 2000.0
    assert second["gpu_seconds_per_point"] == pytest.approx(2000.0 / second["total"])
    # --gpus overrides what was recorded, for every run
    forced = json.loads(cpsolve("report", str(a), str(b), "--json", "--gpus", "4").stdout)
    assert [r["gpus"] for r in forced["runs"]] == [4, 4] and forced["runs"][1]["gpu_seconds"] == 4000.0

    md = cpsolve("report", str(a), str(b)).stdout
    marked = [line for line in md.splitlines() if line.rstrip().endswith("≠ |")]
    assert len(marked) == 4
    assert any("| 6 | 0/16 | **16**/16 | ≠ |" in line for line in marked)


def test_comparison_html_renders_in_chromium(two_runs, tmp_path):
    chromium = _chromium()
    a, b = two_runs
    done = cpsolve("report", str(a), str(b), "--format", "html")
    assert done.returncode == 0, done.stderr
    page_path = a / "compare.html"
    assert done.stdout.strip() == str(page_path)
    page = page_path.read_text()
    assert not re.search(r"https?://|<script|<link\b|<img\b", page, re.I)
    dom = _headless(chromium, tmp_path / "profile-dom", "--dump-dom", page_path.resolve().as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    table = re.search(r'<table id="compare".*?</table>', dom.stdout, re.S).group(0)
    assert len(re.findall(r'<tr class="[^"]*\bdiff\b', table)) == 4
    assert len(re.findall(r'class="cell best"', table)) == 4  # in each differing row, the better run
    charts = re.findall(r"<svg\b.*?</svg>", dom.stdout, re.S)
    assert [re.search(r'aria-label="([^"]+)"', c).group(1) for c in charts] == [
        "total score vs completion tokens (thousands)", "total score vs minutes"]
    for chart in charts:
        assert sorted(re.findall(r'data-name="([^"]+)"', chart)) == ["model-a/batch", "model-b/batch"]
        # each line ends at its run's total (the legend shows it)
        assert "model-a/batch (319.1)" in chart and "model-b/batch (301.5)" in chart
    shot = tmp_path / "compare.png"
    done = _headless(chromium, tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1200,2000",
                     "--hide-scrollbars", page_path.resolve().as_uri())
    assert done.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000, done.stderr[-2000:]
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(shot, ARTIFACTS / "compare.png")


def test_gpus_recorded_by_a_launched_server_reach_the_report(run_dir):
    from solver.model.recipes import load_recipe
    from solver.reports.runs import load_run
    from solver.solve import gpus_of, record_gpus

    nemotron = load_recipe("nemotron-cascade-2")
    assert gpus_of(nemotron, cpu=False) == 1 and gpus_of(load_recipe("smollm2-cpu"), cpu=True) == 0
    wide = nemotron.model_copy(update={"vllm_args": nemotron.vllm_args + ["--tensor-parallel-size", "4"]})
    assert gpus_of(wide, cpu=False) == 4
    record_gpus(run_dir, wide, cpu=False)
    rep = load_run(run_dir)
    assert rep.gpus == 4 and rep.gpu_seconds == pytest.approx(4 * rep.wall_s)
    assert load_run(run_dir, gpus=1).gpus == 1  # --gpus wins
    md = cpsolve("report", str(run_dir)).stdout
    assert f"{4 * rep.wall_s:,.0f} GPU-seconds ({4 * rep.wall_s / TOTAL:,.1f} per point)" in md
