"""Which time limit a judgement uses: the package's own, one given in seconds, or one calibrated on this machine.

Kattis packages mean their limit relative to the slowest accepted submission, measured on the judging machine
(problem.yaml `time_multiplier` / `time_multipliers`); a `.timelimit` file is that limit as derived on whichever
machine exported the package. `calibrated` derives it here, as problemtools does (Kattis/problemtools,
problemtools/verifyproblem.py, `Submissions.check`):
- legacy: limit = max(1, int(0.5 + slowest x time_multiplier)); the time_limit_exceeded submissions must still
  time out at max(limit + 1, int(0.5 + slowest x time_multiplier x time_safety_margin));
- 2023-07 and later: limit = max(1, ceil(slowest x ac_to_time_limit / time_resolution)) x time_resolution; they
  must time out at limit x time_limit_to_tle.
"slowest" is the slowest test (CPU time) of the slowest accepted submission. A calibration is cached per package
content and machine (CPSOLVE_CACHE or ~/.cache/cpsolve, under timelimits/), since it runs every accepted
submission. Formats that fix their limit (native, TPS, Italian, and Kattis packages that give limits.time_limit)
keep it, and the result says so.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import platform
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sandbox.verdicts import Verdict
from sandbox.worker import WorkerPool

from .judging import judge_source, language_for
from ..problems.model import Problem, TimeRule

CHOICES = ("package", "calibrated")
#: Accepted submissions are timed under a limit this many times the package's (at least PROBE_FLOOR_S): enough for
#: any machine a few times slower than the one that exported it, and a bound on a runaway.
PROBE_FACTOR = 4.0
PROBE_FLOOR_S = 10.0
EPS = 1e-9


@dataclass
class TimeLimitChoice:
    """The limit a judgement used, where it came from (package | calibrated | given) and why."""

    seconds: float
    source: str
    why: str
    calibration: dict | None = None
    """What a calibration measured: the slowest accepted run, each submission's slowest test, the TLE checks."""
    cached: bool = False

    def to_json(self) -> dict:
        calibration = {**self.calibration, "cached": self.cached} if self.calibration is not None else None
        return {"seconds": self.seconds, "source": self.source, "why": self.why, "calibration": calibration}


@dataclass
class Derived:
    """A limit derived from the slowest accepted run by a package's rule."""

    limit: float
    tle_limit: float
    """The limit under which every time_limit_exceeded submission must still time out."""
    formula: str
    """How the limit was computed, with the numbers."""


def derive(rule: TimeRule, slowest: float) -> Derived:
    """The package's rule applied to `slowest` seconds (see the module docstring for the sources)."""
    exact = slowest * rule.ac_to_time_limit
    if rule.resolution is None:
        limit = float(max(1, int(0.5 + exact)))
        tle = float(max(limit + 1, int(0.5 + exact * rule.time_limit_to_tle)))
        how = f"max(1, int(0.5 + {slowest:.3f} s x {rule.ac_to_time_limit:g}))"
    else:
        steps = max(1, math.ceil(round(exact / rule.resolution, 9)))  # round: 0.6 / 0.2 is 3.0000000000000004
        limit = round(steps * rule.resolution, 9)
        tle = round(limit * rule.time_limit_to_tle, 9)
        how = f"{rule.resolution:g} s x max(1, ceil({slowest:.3f} s x {rule.ac_to_time_limit:g} / {rule.resolution:g}))"
    return Derived(limit, tle, f"{how} = {limit:g} s")


def parse_choice(text: str) -> str | float:
    """`package`, `calibrated` or a positive number of seconds; a ValueError says what is expected."""
    if text in CHOICES:
        return text
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise ValueError(f"--time-limit: expected package, calibrated or a positive number of seconds, got {text!r}")
    return seconds


def with_time_limit(problem: Problem, seconds: float) -> Problem:
    """The same problem with another time limit (the wall-clock limit follows it unless the package set one)."""
    return dataclasses.replace(problem, limits=dataclasses.replace(problem.limits, time_s=seconds))


def choose_time_limit(problem: Problem, asked: str | float, pool: WorkerPool, image: str,
                      cache: Path | None = None, log: Callable[[str], None] | None = None
                      ) -> tuple[Problem, TimeLimitChoice]:
    """The problem to judge with, under the limit ASKED for (`package`, `calibrated` or seconds), and the choice."""
    rule = problem.time_rule
    package = TimeLimitChoice(problem.limits.time_s, "package", f"the package's limit ({rule.origin})")
    if isinstance(asked, float):
        return with_time_limit(problem, asked), TimeLimitChoice(asked, "given", "given on the command line")
    if asked == "package":
        return problem, package
    if not rule.derivable:
        package.why = (f"the package fixes its limit ({rule.origin}); only a Kattis package without "
                       "limits.time_limit derives it from its accepted submissions")
        return problem, package
    if not problem.solutions.get("accepted"):
        package.why = f"no accepted submissions to calibrate from; the package's limit applies ({rule.origin})"
        return problem, package
    choice = calibrate(problem, pool, image, cache or cache_dir(), log)
    if choice.source != "calibrated":
        return problem, choice
    return with_time_limit(problem, choice.seconds), choice


def calibrate(problem: Problem, pool: WorkerPool, image: str, cache: Path,
              log: Callable[[str], None] | None = None) -> TimeLimitChoice:
    """Time the accepted submissions here, derive the limit by the package's rule, check the TLE submissions
    against it; reuse a calibration of the same package on the same machine. A failed calibration (an accepted
    submission that does not pass) falls back to the package's limit, and says why."""
    file = cache / f"{problem.id}-{package_digest(problem.root)[:16]}-{machine_id(image)[:12]}.json"
    if file.is_file():
        try:
            return TimeLimitChoice(**json.loads(file.read_text()), cached=True)
        except (OSError, ValueError, TypeError):
            pass  # a damaged cache entry is measured again
    say = log or (lambda _: None)
    probe = max(PROBE_FLOOR_S, PROBE_FACTOR * problem.limits.time_s)
    timed = with_time_limit(problem, probe)
    runs = {}
    for source in problem.solutions["accepted"]:
        say(f"calibrating: timing {source.name} under a {probe:g} s probe limit")
        sub = judge_source(timed, source, language_for(problem, source), pool, image)
        if sub.score < problem.max_score - EPS:
            verdicts = sorted({s.verdict.value for s in sub.subtasks} - {"AC"})
            return TimeLimitChoice(problem.limits.time_s, "package", (
                f"calibration failed: accepted submission {source.name} scored {sub.score:g} of "
                f"{problem.max_score:g} ({', '.join(verdicts)}) under a {probe:g} s probe limit; the package's "
                f"limit applies ({problem.time_rule.origin})"))
        runs[source.name] = max((t.time for s in sub.subtasks for t in s.tests), default=0.0)
    slowest_name = max(runs, key=runs.get)
    derived = derive(problem.time_rule, runs[slowest_name])
    checks = {}
    for source in problem.solutions.get("time_limit_exceeded", []):
        say(f"calibrating: checking that {source.name} times out under {derived.tle_limit:g} s")
        sub = judge_source(with_time_limit(problem, derived.tle_limit), source, language_for(problem, source),
                           pool, image)
        checks[source.name] = any(t.verdict == Verdict.TLE for s in sub.subtasks for t in s.tests)
    late = [name for name, ok in checks.items() if not ok]
    why = (f"derived on this machine from the slowest accepted submission, {slowest_name} "
           f"({runs[slowest_name]:.3f} s): {derived.formula}")
    if late:
        why += (f"; but {', '.join(late)} (time_limit_exceeded) does not time out under {derived.tle_limit:g} s, "
                "which the package's rule requires")
    choice = TimeLimitChoice(derived.limit, "calibrated", why, {
        "slowest_accepted": {"file": slowest_name, "seconds": runs[slowest_name]},
        "accepted_seconds": runs, "tle_limit": derived.tle_limit,
        "times_out_under_tle_limit": checks, "machine": machine_id(image)[:12]})
    file.parent.mkdir(parents=True, exist_ok=True)
    # a name of its own: two runs calibrating one package at once (parallel tests, two terminals) shared ".tmp",
    # and the second one's replace found it gone
    tmp = file.with_name(f"{file.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({k: v for k, v in dataclasses.asdict(choice).items() if k != "cached"}))
    tmp.replace(file)  # atomic: a concurrent reader sees the old entry or the whole new one
    return choice


def cache_dir() -> Path:
    root = os.environ.get("CPSOLVE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "cpsolve")
    return Path(root) / "timelimits"


def package_digest(root: Path) -> str:
    """A hash of every file of the package (names and bytes), so an edited test or submission recalibrates."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and ".git" not in p.relative_to(root).parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    return h.hexdigest()


def machine_id(image: str) -> str:
    """What decides how fast a submission runs here: this host, its processor, and the sandbox image (compilers,
    interpreters)."""
    try:
        host = Path("/etc/machine-id").read_text().strip()
    except OSError:
        host = platform.node()
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    return hashlib.sha256(f"{host}\0{cpu}\0{os.cpu_count()}\0{platform.machine()}\0{image}".encode()).hexdigest()
