"""Checkers: the built-in comparisons (exact, tokens, CMS white_diff, float), pure, on the host. Program checkers
run in the sandbox are in test_checker_programs.py."""
from __future__ import annotations

import pytest

from sandbox.checkers import CheckContext, ExactChecker, FloatChecker, TokensChecker, WhiteDiffChecker


def ctx(output: bytes, answer: bytes, inp: bytes = b"") -> CheckContext:
    return CheckContext(test_name="t", output=output, load_input=lambda: inp, load_answer=lambda: answer)


def check(checker, output: bytes, answer: bytes):
    return checker.check(ctx(output, answer))


# ---------------------------------------------------------------- exact


def test_exact_accepts_identical_bytes_only():
    assert check(ExactChecker(), b"1 2\n", b"1 2\n").score == 1.0
    for other in (b"1 2", b"1  2\n", b"1 2\n\n", b"1 2\r\n", b"1 3\n"):
        out = check(ExactChecker(), other, b"1 2\n")
        assert out.score == 0.0, other
        assert not out.judge_error


# ---------------------------------------------------------------- tokens


@pytest.mark.parametrize("output", [b"1 2 3\n", b"1\n2\n3", b"  1\t2\r\n3  \n\n\n", b"1 2 3"])
def test_tokens_ignores_kind_and_amount_of_whitespace(output):
    out = check(TokensChecker(), output, b"1 2 3\n")
    assert out.score == 1.0, out.message


def test_tokens_names_the_first_differing_token():
    out = check(TokensChecker(), b"1 2 4 5\n", b"1 2 3 5\n")
    assert out.score == 0.0
    assert "token 3" in out.message and "'3'" in out.message and "'4'" in out.message


def test_tokens_missing_and_extra_tokens():
    short = check(TokensChecker(), b"1 2\n", b"1 2 3\n")
    assert short.score == 0.0 and "early" in short.message and "2 tokens" in short.message
    extra = check(TokensChecker(), b"1 2 3 4\n", b"1 2 3\n")
    assert extra.score == 0.0 and "extra" in extra.message and "4 tokens" in extra.message
    empty = check(TokensChecker(), b"", b"1\n")
    assert empty.score == 0.0


def test_tokens_are_case_sensitive_and_not_numeric():
    assert check(TokensChecker(), b"yes\n", b"YES\n").score == 0.0
    assert check(TokensChecker(), b"1.0\n", b"1\n").score == 0.0
    assert check(TokensChecker(), b"12\n", b"1 2\n").score == 0.0


# ---------------------------------------------------------------- whitediff (CMS white_diff)
# CMS (cms/grading/steps/whitediff.py): files are compared line by line (lines end at b"\n"); within a line, runs
# of the six ASCII whitespace bytes are equivalent and leading/trailing ones ignored; once one file ends, the other
# may only continue with whitespace-only lines.


@pytest.mark.parametrize("output", [
    b"1 2\n3\n",
    b"1 2\n3",  # no final newline
    b"1    2\n3\n",  # runs of spaces collapse
    b"1\t2\r\n3\r\n",  # tabs and CRs are whitespace
    b"  1 2  \n\t3\n",  # leading and trailing whitespace in a line
    b"1 2\n3\n\n\n  \n\t\n",  # trailing blank (whitespace-only) lines
    b"1\x0b2\n3\x0c\n",  # vertical tab and form feed are whitespace too
])
def test_whitediff_accepts_whitespace_variants(output):
    out = check(WhiteDiffChecker(), output, b"1 2\n3\n")
    assert out.score == 1.0, (output, out.message)


def test_whitediff_answer_may_have_trailing_blank_lines_too():
    assert check(WhiteDiffChecker(), b"1 2\n3", b"1 2\n3\n\n \n").score == 1.0


@pytest.mark.parametrize("output", [
    b"1\n2\n3\n",  # a token moved to another line: line structure matters (tokens would accept this)
    b"1 2 3\n",  # two lines joined into one
    b"\n1 2\n3\n",  # a leading blank line shifts everything
    b"1 2\n\n3\n",  # a blank line in the middle
    b"12\n3\n",  # whitespace between tokens cannot disappear
    b"1 2\n3\n4\n",  # extra output
    b"1 2\n",  # missing line
    b"",  # nothing at all
])
def test_whitediff_rejects_changes_in_line_structure(output):
    out = check(WhiteDiffChecker(), output, b"1 2\n3\n")
    assert out.score == 0.0, output
    assert "line" in out.message


def test_whitediff_messages_say_which_line():
    assert "line 2" in check(WhiteDiffChecker(), b"1 2\n4\n", b"1 2\n3\n").message
    assert "line 3" in check(WhiteDiffChecker(), b"1 2\n3\nmore\n", b"1 2\n3\n").message
    assert "line 2" in check(WhiteDiffChecker(), b"1 2\n", b"1 2\n3\n").message
    # without a final newline the shorter side has no phantom empty last line, and the message says what happened
    assert "extra" in check(WhiteDiffChecker(), b"1 2\n3\nmore", b"1 2\n3").message
    assert "missing" in check(WhiteDiffChecker(), b"1 2", b"1 2\n3").message


def test_whitediff_says_extra_or_missing_with_final_newlines():
    assert "extra" in check(WhiteDiffChecker(), b"1 2\n3\nmore\n", b"1 2\n3\n").message
    assert "missing" in check(WhiteDiffChecker(), b"1 2\n", b"1 2\n3\n").message


def test_whitediff_non_ascii_whitespace_is_not_whitespace():
    # CMS only knows the six ASCII whitespace bytes: a UTF-8 no-break space is content
    assert check(WhiteDiffChecker(), "1\u00a02\n".encode(), b"1 2\n").score == 0.0


# ---------------------------------------------------------------- float


def fcheck(output: bytes, answer: bytes, abs_tol: float = 1e-6, rel_tol: float = 1e-6):
    return check(FloatChecker(abs_tol=abs_tol, rel_tol=rel_tol), output, answer)


def test_float_absolute_tolerance():
    assert fcheck(b"1.0000005\n", b"1\n").score == 1.0
    assert fcheck(b"0.9999995\n", b"1\n").score == 1.0
    assert fcheck(b"1.00001\n", b"1\n").score == 0.0
    # small numbers: the absolute tolerance accepts although the relative error is huge
    assert fcheck(b"0.0000005\n", b"0.000000001\n").score == 1.0


def test_float_relative_tolerance_for_large_numbers():
    # error 500 > abs_tol but <= 1e-6 * 1e9
    assert fcheck(b"1000000500\n", b"1e9\n").score == 1.0
    out = fcheck(b"1000002000\n", b"1e9\n")
    assert out.score == 0.0 and "number 1" in out.message


def test_float_either_tolerance_suffices():
    assert fcheck(b"100.5\n", b"100\n", abs_tol=1.0, rel_tol=0.0).score == 1.0
    assert fcheck(b"100.5\n", b"100\n", abs_tol=0.0, rel_tol=0.01).score == 1.0
    assert fcheck(b"102\n", b"100\n", abs_tol=1.0, rel_tol=0.01).score == 0.0


def test_float_exponent_and_other_notations():
    assert fcheck(b"1.5e3 2E-3 .5 5. +7 -0\n", b"1500 0.002 0.5 5 7 0\n").score == 1.0
    assert fcheck(b"1.5e+3\n", b"1500.0000001\n").score == 1.0


def test_float_non_numeric_tokens_must_match_exactly():
    assert fcheck(b"Case 1: 3.0000001\n", b"Case 1: 3\n").score == 1.0
    bad = fcheck(b"case 1: 3\n", b"Case 1: 3\n")
    assert bad.score == 0.0 and "token 1" in bad.message
    assert fcheck(b"YES\n", b"1.0\n").score == 0.0
    assert fcheck(b"1.0\n", b"YES\n").score == 0.0
    assert fcheck(b"0x10\n", b"16\n").score == 0.0  # hex is not a decimal number


def test_float_token_count_must_match():
    short = fcheck(b"1.0\n", b"1.0 2.0\n")
    assert short.score == 0.0 and "early" in short.message
    assert fcheck(b"1.0 2.0 3.0\n", b"1.0 2.0\n").score == 0.0


def test_float_nan_is_never_close_to_a_number():
    out = fcheck(b"nan\n", b"1.5\n")
    assert out.score == 0.0 and "not a number" in out.message
    assert fcheck(b"1.5\n", b"nan\n").score == 0.0


def test_float_infinities():
    assert fcheck(b"inf\n", b"inf\n").score == 1.0
    assert fcheck(b"-inf\n", b"-INF\n").score == 1.0
    assert fcheck(b"inf\n", b"1e9\n").score == 0.0  # output infinite, answer finite


def test_float_output_does_not_match_a_different_infinite_answer():
    assert fcheck(b"1.0\n", b"inf\n").score == 0.0
    assert fcheck(b"inf\n", b"-inf\n").score == 0.0
    assert fcheck(b"5\n", b"-inf\n").score == 0.0
