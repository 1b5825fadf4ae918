"""Prompts are jinja2 templates in prompts/, rendered with StrictUndefined so a missing variable fails loudly.
Long texts are cut to head + tail inside the templates (the `clip` filter), not in Python."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from sandbox.languages import Language

from ..problems.model import Problem, Subtask

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
FENCES = {"cpp17": "cpp", "cpp20": "cpp", "python3": "python"}


def clip(text: str, head: int, tail: int = 0) -> str:
    """Keep the first `head` and last `tail` characters of a long text, saying how much was cut."""
    text = text if isinstance(text, str) else text.decode(errors="replace")
    if len(text) <= head + tail:
        return text
    cut = len(text) - head - tail
    return text[:head] + f"\n... [{cut} characters cut] ...\n" + (text[-tail:] if tail else "")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PROMPTS_DIR), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters["clip"] = clip
    return env


def problem_context(problem: Problem, language: Language, target: Subtask | None) -> dict:
    """What a contestant sees: statement, limits, subtasks, samples (never the hidden tests)."""
    samples = [{"input": problem.tests[n].read_input().decode(errors="replace"),
                "output": problem.tests[n].read_answer().decode(errors="replace")} for n in problem.samples]
    interface = None
    tt = problem.task_type
    # the task's own header (<id>.h) declares what the contestant implements; testlib.h is the judges' tool
    headers = sorted((n for n in tt.graders if n.endswith((".h", ".hpp")) and n != "testlib.h"),
                     key=lambda n: n.rsplit(".", 1)[0] != problem.id)
    if headers:
        interface = {"name": headers[0], "text": tt.graders[headers[0]].read_text(errors="replace")}
    return {
        "problem": problem,
        "subtasks": [s for s in problem.subtasks if s.points > 0],
        "samples": samples,
        "interface": interface,
        "target": target,
        "task_kind": tt.kind,
        "language_title": language.title,
        "fence": FENCES.get(language.name, "cpp"),
    }


def render(name: str, **context) -> str:
    return environment().get_template(f"{name}.j2").render(**context)


def messages(name: str, **context) -> list[dict]:
    return [{"role": "system", "content": render("system", **context).strip()},
            {"role": "user", "content": render(name, **context).strip()}]
