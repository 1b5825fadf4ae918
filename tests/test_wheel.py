"""A wheel install works outside the checkout: build the wheel, install it into a fresh venv, and from another
folder run judge, solve (scripted model), eval and report. The prompt templates and medal cut-offs must come from
the installed wheel, never from this checkout.

Offline by design: the wheel is built with the build backend already installed when it can build wheels
(setuptools >= 70.1, or the `wheel` package that `make setup` installs), else pip fetches the build
requirements; the fresh venv gets cpsolve with --no-deps, and its dependencies from the running environment's
site-packages through a .pth path line (which does not run that environment's own .pth files, so its editable
cpsolve stays invisible)."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from .scripted_server import ScriptedServer
from .test_agent import CORRECT, Script

pytestmark = pytest.mark.docker

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv*", "runs", "build", "*.egg-info", "__pycache__", "artifacts", "dist")


def _can_build_offline() -> bool:
    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def run(*argv, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    # no PYTHONPATH: the checkout must not be importable from the installed cpsolve
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, cwd=cwd, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv with the cpsolve wheel installed."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    shutil.copytree(ROOT, source, ignore=SKIP)
    isolation = ["--no-build-isolation"] if _can_build_offline() else []
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-w", tmp / "dist", source, cwd=tmp)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-3000:]
    wheel = next((tmp / "dist").glob("cpsolve-*.whl"))
    venv = tmp / "venv"
    made = run(sys.executable, "-m", "venv", venv, cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp).stdout.strip()
    (Path(site) / "cpsolve-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    done = run(python, "-m", "pip", "install", "--no-deps", "--no-index", "-q", wheel, cwd=tmp)
    assert done.returncode == 0, done.stderr[-3000:]
    where = run(python, "-c", "import solver, sandbox; print(solver.__file__); print(sandbox.__file__)", cwd=tmp)
    assert where.stdout.count(site) == 2, where.stdout + where.stderr  # the wheel's code, not the checkout's
    return venv / "bin"


def test_wheel_judges_solves_evaluates_and_reports(installed, tmp_path, docker_image):
    cpsolve = installed / "cpsolve"
    aplusb = ROOT / "problems" / "aplusb"
    judged = run(cpsolve, "judge", aplusb, aplusb / "solutions" / "accepted" / "aplusb.cpp", "--json", cwd=tmp_path)
    assert judged.returncode == 0, judged.stderr[-3000:]
    assert json.loads(judged.stdout)["score"] == 100

    config = tmp_path / "agent.yaml"
    config.write_text("drafts_per_target: 1\nstress_tests: 4\ncluster_tests: 2\nlarge_tests: 0\nrounds: 1\n")
    with ScriptedServer(Script({"full": CORRECT})) as server:
        solved = run(cpsolve, "solve", aplusb, "--endpoint", server.url, "--config", config, "--out",
                     tmp_path / "run", "--json", cwd=tmp_path)
        assert solved.returncode == 0, solved.stderr[-3000:]
        assert json.loads(solved.stdout.strip().splitlines()[-1])["score"] == 100
        evaluated = run(cpsolve, "eval", aplusb.parent, "--only", "aplusb", "--samples", "2", "--k", "1,2",
                        "--endpoint", server.url, "--out", tmp_path / "eval", cwd=tmp_path)
        assert evaluated.returncode == 0, evaluated.stderr[-3000:]
        assert "| aplusb | all | 2/2 | 1.000 | 1.000 |" in evaluated.stdout

    report = run(cpsolve, "report", tmp_path / "run", cwd=tmp_path)
    assert report.returncode == 0, report.stderr[-3000:]
    assert "**Total: 100 / 100**" in report.stdout and "gold 438.3" in report.stdout  # cut-offs from the wheel
    page = run(cpsolve, "report", tmp_path / "run", tmp_path / "eval", "--format", "html", cwd=tmp_path)
    assert page.returncode == 0, page.stderr[-3000:]
    assert "runs compared" in Path(page.stdout.strip()).read_text()
