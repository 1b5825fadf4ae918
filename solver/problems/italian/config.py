"""task.yaml as CMS's YamlLoader reads it: English keys or their Italian aliases, numbers and integers checked with
a one-line error, and the limits."""
from __future__ import annotations

import math
from pathlib import Path

import yaml

from sandbox.executor import Limits

from ..errors import ProblemFormatError

def read_task_yaml(file: Path) -> dict:
    try:
        conf = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ProblemFormatError(file, "", f"not valid YAML{where}: {what}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ProblemFormatError(file, "", f"unreadable ({e})") from None
    if not isinstance(conf, dict):
        raise ProblemFormatError(file, "", "expected a mapping at the top level")
    return conf


def lookup(conf: dict, *keys: str):
    """CMS's `load` with a list of names: the first key present wins (English name, then the Italian alias)."""
    for key in keys:
        if key in conf:
            return conf[key]
    return None


def required(conf: dict, file: Path, key: str, alias: str):
    value = lookup(conf, key, alias)
    if value is None or value == "":
        raise ProblemFormatError(file, key, f"missing (nor is its Italian alias {alias} given)")
    return value


def parse_number(value, file: Path, field: str, positive: bool = True) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ProblemFormatError(file, field, f"expected a number, got {value!r}")
    try:
        number = float(value)
    except ValueError:
        raise ProblemFormatError(file, field, f"expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ProblemFormatError(file, field, f"must be finite, got {value!r}")
    if positive and not number > 0:
        raise ProblemFormatError(file, field, f"must be positive, got {value!r}")
    return number


def integer(conf: dict, file: Path, key: str, default: int, minimum: int = 0) -> int:
    value = conf.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) and not (isinstance(value, str) and value.isdigit()):
        raise ProblemFormatError(file, key, f"expected an integer, got {value!r}")
    if int(value) < minimum:
        raise ProblemFormatError(file, key, f"must be at least {minimum}, got {value!r}")
    return int(value)


def task_limits(conf: dict, file: Path, output_only: bool) -> Limits:
    """CMS drops the limits of OutputOnly tasks; for the others they are required here (CMS would run unlimited)."""
    time_raw, mem_raw = lookup(conf, "time_limit", "timeout"), lookup(conf, "memory_limit", "memlimit")
    if output_only:
        return Limits(time_s=1.0, memory_mib=256)
    if time_raw is None:
        raise ProblemFormatError(file, "time_limit", "missing (or its alias timeout); seconds")
    if mem_raw is None:
        raise ProblemFormatError(file, "memory_limit", "missing (or its alias memlimit); MiB")
    time_s = parse_number(time_raw, file, "time_limit")
    memory = parse_number(mem_raw, file, "memory_limit")
    if memory != int(memory):
        raise ProblemFormatError(file, "memory_limit", f"expected whole MiB, got {mem_raw!r}")
    return Limits(time_s=time_s, memory_mib=int(memory))
