"""Prompts fitted to a model's context: what can grow is clipped first, the completion shrinks only after, and a
prompt that cannot fit says so. No sandbox, no server: the templates and the estimate alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.languages import get_language
from solver.agent.prompts import PromptTooLong, estimate_tokens, fit_messages, problem_context
from solver.problems import load_problem

APLUSB = Path(__file__).resolve().parent.parent / "problems" / "aplusb"


def repair_context(source: str) -> dict:
    problem = load_problem(APLUSB)
    return {**problem_context(problem, get_language("cpp17"), None), "source": source,
            "feedback": {"kind": "compile", "log": "error: expected ';'\n" * 2000}}


def test_estimate_is_above_four_characters_a_token_and_counts_digits_alone():
    text = [{"role": "user", "content": "x" * 3000}]
    digits = [{"role": "user", "content": "7" * 3000}]
    assert estimate_tokens(text) >= 1000 and estimate_tokens(digits) >= 3000


@pytest.mark.parametrize("window", [3072, 4096, 32768])
def test_a_long_program_is_clipped_until_the_completion_fits(window):
    ctx = repair_context("int x;\n" * 20000)
    fitted = fit_messages("repair", ctx, completion=1024, window=window)
    assert fitted.prompt_estimate + fitted.max_tokens <= window
    assert fitted.max_tokens == 1024  # clipping the program was enough: the completion keeps its budget
    assert fitted.scale[1] == 1.0  # and the problem was not cut
    assert "characters cut" in fitted.messages[-1]["content"]
    assert "A + B" in fitted.messages[-1]["content"]  # the problem itself is still there


def test_the_completion_shrinks_when_clipping_is_not_enough_and_a_hopeless_prompt_is_refused():
    ctx = repair_context("int x;\n" * 20000)
    fitted = fit_messages("repair", ctx, completion=100_000, window=8192)
    assert fitted.prompt_estimate + fitted.max_tokens <= 8192 and fitted.max_tokens < 8192
    with pytest.raises(PromptTooLong, match="context is 100"):
        fit_messages("repair", ctx, completion=1024, window=100)


def test_without_a_known_window_the_templates_clip_as_written():
    ctx = repair_context("int x;\n" * 100)
    fitted = fit_messages("repair", ctx, completion=4096, window=None)
    assert fitted.scale == (1.0, 1.0) and fitted.max_tokens == 4096
    assert "int x;\n" * 100 in fitted.messages[-1]["content"]
