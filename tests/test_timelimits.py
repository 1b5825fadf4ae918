"""Time limits as a Kattis package means them: derived on this machine from the slowest accepted submission.

The hand-made package below (2023-07-draft, time_resolution 0.1 s, the default multipliers ac_to_time_limit 2 and
time_limit_to_tle 1.5) has a `.timelimit` of 10 s, an export from a slow machine, but its accepted submissions are
quick: `step.cpp` iterates a 64-bit LCG 1e8 times (0.11 s of CPU measured on the development machine, the same
under a load average of 14 on 2 cores), `power.cpp` jumps there by squaring (1 ms). Its time_limit_exceeded
submission `step12.cpp` does step's work 12 times (1.4 s). Under the exported 10 s it is accepted, which verify
flags as a mismatch. Calibrated (0.1 s x ceil(0.11 x 2 / 0.1)) the limit is 0.3 s, and step12 times out even under
the rule's safety limit, 0.3 x 1.5 = 0.45 s. No assertion is on a time: each verdict is several times away from
its limit, in CPU time and in wall time (a loaded machine stretches wall time, not CPU time).

A legacy package cannot show this: its rule never derives less than 1 s (nor a safety limit under 2 s); the pure
tests below pin that rounding.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from solver.cli.main import app
from solver.problems import load_problem
from solver.problems.model import TimeRule
from solver.judge.timelimits import choose_time_limit, derive, parse_choice

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

A, C, N = 6364136223846793005, 1442695040888963407, 100_000_000
STEP = "x = x * 6364136223846793005ULL + 1442695040888963407ULL"
HEAD = "#include <cstdio>\n#include <cstdint>\n"
READ = "    unsigned long long n;\n    if (scanf(\"%llu\", &n) != 1) return 1;\n"
PACKAGE = {
    "problem.yaml": ("problem_format_version: 2023-07-draft\nname: Generator\n"
                     "limits:\n  memory: 256\n  time_resolution: 0.1\n"),
    ".timelimit": "10\n",
    "data/sample/1.in": "3\n",
    "submissions/accepted/power.cpp": (
        HEAD + "int main() {\n" + READ + f"    uint64_t a = {A}ULL, c = {C}ULL, A = 1, C = 0;\n"
        "    for (; n; n >>= 1, c = a * c + c, a = a * a)\n        if (n & 1) A = a * A, C = a * C + c;\n"
        "    printf(\"%llu\\n\", (unsigned long long)(A + C));\n}\n"),
    "submissions/accepted/step.cpp": (
        HEAD + "int main() {\n" + READ + "    uint64_t x = 1;\n"
        f"    for (uint64_t i = 0; i < n; i++) {STEP};\n    printf(\"%llu\\n\", (unsigned long long)x);\n}}\n"),
    "submissions/time_limit_exceeded/step12.cpp": (
        HEAD + "volatile uint64_t zero = 0;  // every round restarts from 1, unseen by the optimiser\n"
        "int main() {\n" + READ + "    uint64_t x = 1;\n    for (int round = 0; round < 12; round++) {\n"
        f"        x = 1 + (x & zero);\n        for (uint64_t i = 0; i < n; i++) {STEP};\n    }}\n"
        "    printf(\"%llu\\n\", (unsigned long long)x);\n}\n"),
}


def lcg(n: int) -> int:
    """x_n of x -> A x + C (mod 2^64) from x_0 = 1, by squaring the map."""
    a, c, pa, pc = A, C, 1, 0
    while n:
        if n & 1:
            pa, pc = a * pa % 2**64, (a * pc + c) % 2**64
        a, c, n = a * a % 2**64, (a * c + c) % 2**64, n >> 1
    return (pa + pc) % 2**64


def write_package(root: Path) -> Path:
    files = {**PACKAGE, "data/sample/1.ans": f"{lcg(3)}\n", "data/secret/1.in": f"{N}\n",
             "data/secret/1.ans": f"{lcg(N)}\n"}
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def verify_json(*args) -> dict:
    result = runner.invoke(app, ["verify", *map(str, args), "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


# ---------------------------------------------------------------- the rules, by hand


def test_legacy_rule_rounds_to_the_nearest_second_and_at_least_one():
    """problemtools (legacy verifyproblem.py): timelim = max(1, int(0.5 + exact)) with exact = slowest x multiplier,
    and TLE submissions are judged under max(timelim + 1, int(0.5 + exact x safety_margin))."""
    rule = TimeRule(derivable=True, ac_to_time_limit=5, time_limit_to_tle=2)
    assert (derive(rule, 0.113).limit, derive(rule, 0.113).tle_limit) == (1, 2)  # 0.565 -> 1; 1.13 -> 1 -> 2
    assert (derive(rule, 0.29).limit, derive(rule, 0.29).tle_limit) == (1, 3)  # 1.45 -> 1; 2.9 -> 3
    assert (derive(rule, 0.5).limit, derive(rule, 0.5).tle_limit) == (3, 5)  # 2.5 -> int(3.0) = 3; 5 -> 5
    assert derive(rule, 0.0).limit == 1


def test_2023_rule_rounds_up_to_the_resolution():
    """The 2025-09 spec, "Problem timing": the smallest multiple of time_resolution (at least one) with
    slowest x ac_to_time_limit <= limit; TLE submissions must fail under limit x time_limit_to_tle."""
    rule = TimeRule(derivable=True, ac_to_time_limit=2, time_limit_to_tle=1.5, resolution=0.25)
    assert (derive(rule, 0.3).limit, derive(rule, 0.3).tle_limit) == (0.75, 1.125)  # 0.6 -> 3 x 0.25
    assert derive(rule, 0.25).limit == 0.5  # exactly 2 steps, not 3
    assert derive(rule, 0.01).limit == 0.25  # at least one step
    assert derive(TimeRule(derivable=True, ac_to_time_limit=2, resolution=1.0), 0.3).limit == 1.0


def test_time_limit_option_values():
    assert parse_choice("package") == "package" and parse_choice("calibrated") == "calibrated"
    assert parse_choice("2.5") == 2.5
    for bad in ("0", "-1", "fast", "nan", "inf"):
        with pytest.raises(ValueError, match="--time-limit"):
            parse_choice(bad)


def test_where_each_format_takes_its_limit_from(tmp_path):
    kattis = load_problem(write_package(tmp_path / "gen"))
    assert kattis.limits.time_s == 10 and kattis.time_rule.derivable and ".timelimit" in kattis.time_rule.origin
    rule = kattis.time_rule
    assert (rule.ac_to_time_limit, rule.time_limit_to_tle, rule.resolution) == (2, 1.5, 0.1)
    legacy = tmp_path / "legacy"
    write_package(legacy)
    (legacy / "problem.yaml").write_text("name: G\nlimits:\n  time_multiplier: 4\n")
    rule = load_problem(legacy).time_rule
    assert (rule.derivable, rule.ac_to_time_limit, rule.time_limit_to_tle, rule.resolution) == (True, 4, 2, None)
    fixed = tmp_path / "fixed"
    write_package(fixed)
    (fixed / "problem.yaml").write_text("problem_format_version: 2025-09\nname: G\nuuid: x\n"
                                        "limits:\n  time_limit: 1.5\n  time_multipliers: {ac_to_time_limit: 3}\n")
    modern = load_problem(fixed)
    assert modern.limits.time_s == 1.5 and not modern.time_rule.derivable
    assert modern.time_rule.origin == "problem.yaml limits.time_limit" and modern.time_rule.ac_to_time_limit == 3
    native = load_problem(ROOT / "problems" / "aplusb")
    same, choice = choose_time_limit(native, "calibrated", pool=None, image="")  # fixed: nothing is run
    assert same is native and choice.source == "package" and "fixes its limit" in choice.why


def test_a_limit_given_in_seconds_replaces_the_package_one(tmp_path):
    problem = load_problem(write_package(tmp_path / "gen"))
    judged, choice = choose_time_limit(problem, 0.5, pool=None, image="")
    assert judged.limits.time_s == 0.5 and judged.limits.wall == 2.0 and problem.limits.time_s == 10
    assert (choice.source, choice.seconds) == ("given", 0.5)


# ---------------------------------------------------------------- on the sandbox


@pytest.mark.docker
def test_calibrated_limit_times_out_what_the_exported_limit_accepts(docker_image, tmp_path, monkeypatch):
    monkeypatch.setenv("CPSOLVE_CACHE", str(tmp_path / "cache"))  # a fresh calibration, whatever ran before
    pkg = write_package(tmp_path / "gen")

    exported = verify_json(pkg)
    by_file = {Path(s["file"]).name: s for s in exported["solutions"]}
    assert exported["time_limit"]["source"] == "package" and exported["time_limit"]["seconds"] == 10
    assert not exported["ok"] and not by_file["step12.cpp"]["ok"], by_file["step12.cpp"]  # accepted under 10 s

    calibrated = verify_json(pkg, "--time-limit", "calibrated")
    limit = calibrated["time_limit"]
    measured = limit["calibration"]
    print(f"slowest accepted {measured['slowest_accepted']}; limit {limit['seconds']:g} s; "
          f"TLE checked under {measured['tle_limit']:g} s; {limit['why']}")
    assert limit["source"] == "calibrated" and not measured["cached"]
    assert measured["slowest_accepted"]["file"] == "step.cpp"
    rule = load_problem(pkg).time_rule
    assert limit["seconds"] == derive(rule, measured["slowest_accepted"]["seconds"]).limit < 1
    assert measured["times_out_under_tle_limit"] == {"step12.cpp": True}
    assert calibrated["ok"], [s for s in calibrated["solutions"] if not s["ok"]]

    again = verify_json(pkg, "--time-limit", "calibrated")  # the same package on the same machine: from the cache
    assert again["time_limit"]["calibration"]["cached"] and again["time_limit"]["seconds"] == limit["seconds"]

    (pkg / "submissions/accepted/step.cpp").write_text(PACKAGE["submissions/accepted/step.cpp"] + "// edited\n")
    result = runner.invoke(app, ["judge", str(pkg), str(pkg / "submissions/accepted/power.cpp"), "--json",
                                 "--time-limit", "calibrated"])
    assert result.exit_code == 0, result.output
    edited = json.loads(result.stdout)
    assert not edited["time_limit"]["calibration"]["cached"]  # an edited package is measured again
    assert edited["score"] == 100
