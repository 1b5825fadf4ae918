"""Prompts are jinja2 templates in prompts/, rendered with StrictUndefined so a missing variable fails loudly.
Long texts are cut to head + tail inside the templates (the `clip` filter), not in Python.

Every prompt must leave room for its completion in the model's context. The templates' clip lengths are the
most a part may take; `fit_messages` renders again with them scaled down (first the parts that grow during a run:
a program, its output, feedback; then the problem itself) until the estimate plus the completion fits."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import jinja2

from sandbox.languages import Language

from ..model.tokens import text_tokens
from ..problems.model import Problem, Subtask
from ..resources import shared_dir
from .candidates import Candidate

FENCES = {"cpp": "cpp", "python": "python", "c": "c"}
"""The Markdown fence tag a candidate is asked for, by language family."""


def clip(text: str, head: int, tail: int = 0) -> str:
    """Keep the first `head` and last `tail` characters of a long text, saying how much was cut."""
    text = text if isinstance(text, str) else text.decode(errors="replace")
    if len(text) <= head + tail:
        return text
    cut = len(text) - head - tail
    return text[:head] + f"\n... [{cut} characters cut] ...\n" + (text[-tail:] if tail else "")


@jinja2.pass_context
def _scaled_clip(ctx, text, head: int, tail: int = 0, part: str = "work") -> str:
    """`clip` with the lengths scaled by the render's `clip_scales[part]` (1.0 when not fitting to a context).
    Parts: "work" (what the run produced: programs, outputs, feedback) and "problem" (statement, samples)."""
    scale = (ctx.get("clip_scales") or {}).get(part, 1.0)
    return clip(text, max(1, int(head * scale)), int(tail * scale))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(shared_dir("prompts")), undefined=jinja2.StrictUndefined,
                             keep_trailing_newline=True, autoescape=False)
    env.filters["clip"] = _scaled_clip
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
        "fence": FENCES[language.family],
        # what earlier submissions taught: empty until verdict_history fills them for a draft
        "earlier": [],
        "solved_elsewhere": [],
    }


def render(name: str, **context) -> str:
    return environment().get_template(f"{name}.j2").render(**context)


def messages(name: str, **context) -> list[dict]:
    return [{"role": "system", "content": render("system", **context).strip()},
            {"role": "user", "content": render(name, **context).strip()}]


#: Tokens per message the chat template adds (role markers, separators), and per request (generation prompt).
MESSAGE_OVERHEAD, REQUEST_OVERHEAD = 8, 32
#: A completion shorter than this is not worth asking for: the prompt cannot be made to fit.
MIN_COMPLETION = 64
#: Clip scales tried in order: the run's own texts shrink first, the problem's only when that is not enough.
SCALES = [(1.0, 1.0), (0.5, 1.0), (0.25, 1.0), (0.125, 1.0), (0.0625, 1.0), (0.03, 1.0),
          (0.03, 0.5), (0.03, 0.25), (0.03, 0.125), (0.03, 0.06)]


def estimate_tokens(msgs: list[dict], factor: float = 1.0) -> int:
    """A conservative token count (the project's one estimate, solver/model/tokens.py) plus the chat template's
    overhead; `factor` scales it up once a server said an estimate was short."""
    total = REQUEST_OVERHEAD + sum(MESSAGE_OVERHEAD + text_tokens(m["content"]) for m in msgs)
    return int(total * factor) + 1


class PromptTooLong(ValueError):
    """Even clipped to the bone, the prompt leaves no room for a completion in the model's context."""


@dataclass(frozen=True)
class FittedPrompt:
    messages: list[dict]
    max_tokens: int
    """The completion budget that fits beside the prompt (at most the one asked for)."""
    prompt_estimate: int
    scale: tuple[float, float]
    """The (work, problem) clip scales used; (1, 1) when nothing had to be cut further."""


def fit_messages(name: str, context: dict, completion: int, window: int | None,
                 factor: float = 1.0) -> FittedPrompt:
    """The prompt NAME rendered so that its estimate plus the completion fits WINDOW tokens: the parts are clipped
    harder until the whole COMPLETION fits, and when even the most clipped prompt leaves less, the completion
    shrinks to what is left. Without a known window the prompt is rendered as the templates say."""
    fitted = None
    for work, problem in SCALES if window else SCALES[:1]:
        msgs = messages(name, **context, clip_scales={"work": work, "problem": problem})
        need = estimate_tokens(msgs, factor)
        fitted = FittedPrompt(msgs, completion, need, (work, problem))
        if window is None or need + completion <= window:
            return fitted
    room = window - fitted.prompt_estimate
    if room < MIN_COMPLETION:
        raise PromptTooLong(f"prompt {name!r} needs about {fitted.prompt_estimate} tokens even clipped, and the "
                            f"model's context is {window}")
    return FittedPrompt(fitted.messages, room, fitted.prompt_estimate, fitted.scale)


# ---------------------------------------------------------------------------------------------- learning from verdicts
#: Earlier submissions a draft prompt shows (the latest ones), and programs that solved other subtasks: each is
#: a clippable "work" part, so a long history shrinks with the rest when the prompt must fit the context.
MAX_EARLIER, MAX_SOLVED_ELSEWHERE = 6, 3


def verdict_history(problem: Problem, target: Subtask | None, submissions: list[dict],
                    candidates: Mapping[str, Candidate]) -> dict:
    """What a draft for TARGET (None: the whole problem) learns from the submissions so far, as Nemotron-Cascade's
    IOI loop does (arXiv 2603.19220 §6.1, App. C.1): the earlier submissions written for it (TARGET's subtask or
    the whole problem; for the whole problem, every submission that lost an open subtask) with the feedback a contestant got (solver/judge/feedback.py's oi_restricted view, never test
    data), and the code that solved other subtasks, labelled with what it was written for.

    SUBMISSIONS are the selection's records (`Selection.submissions`, in order); CANDIDATES, by id, give each
    one's program and the subtask it was written for. The result is the draft template's `earlier` and
    `solved_elsewhere`."""
    def source_of(cid: str) -> str | None:
        return candidates[cid].source if cid in candidates else None

    def target_of(cid: str) -> str | None:
        return candidates[cid].target if cid in candidates else None

    open_names = [s.name for s in problem.subtasks if s.points > 0]
    shown = [target.name] if target is not None else open_names

    def full(view: dict) -> bool:
        return view["score"] >= view["max_score"] - 1e-9

    earlier = []
    for number, sub in enumerate(submissions, 1):
        written_for = target_of(sub["candidate"])
        source = source_of(sub["candidate"])
        # a draft for the whole problem learns from every submission that lost an open subtask; one for a subtask
        # from those written for it or for the whole problem
        if source is None or (target is not None and written_for not in {None, target.name}):
            continue
        views = [{"subtask": n, **sub["feedback"][n]} for n in shown if n in sub["feedback"]]
        if not views or all(full(v) for v in views):
            continue
        earlier.append({"number": number, "source": source, "written_for": written_for, "subtasks": views})
    solved, seen = [], set()
    for number, sub in enumerate(submissions, 1):
        won = [n for n in open_names if n in sub["feedback"] and full(sub["feedback"][n])
               and (target is None or n != target.name) and n not in seen]
        source = source_of(sub["candidate"])
        if not won or source is None or len(solved) >= MAX_SOLVED_ELSEWHERE:
            continue
        seen.update(won)
        solved.append({"number": number, "source": source, "written_for": target_of(sub["candidate"]),
                       "solved": [s for s in problem.subtasks if s.name in won]})
    return {"earlier": earlier[-MAX_EARLIER:], "solved_elsewhere": solved}
