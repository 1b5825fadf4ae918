"""Built-in comparisons, run on the host (no container round trip for the common case)."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .base import CheckContext, Outcome

_WHITES = b" \t\n\x0b\x0c\r"


def _first_difference(out_tokens: list[bytes], ans_tokens: list[bytes]) -> str:
    for i, (a, b) in enumerate(zip(out_tokens, ans_tokens)):
        if a != b:
            return f"token {i + 1} differs: expected {_show(b)}, got {_show(a)}"
    if len(out_tokens) < len(ans_tokens):
        return f"output ends early: {len(out_tokens)} tokens, expected {len(ans_tokens)}"
    return f"extra output: {len(out_tokens)} tokens, expected {len(ans_tokens)}"


def _show(token: bytes) -> str:
    text = token.decode(errors="replace")
    return repr(text if len(text) <= 40 else text[:37] + "...")


@dataclass
class ExactChecker:
    """Byte-for-byte equality."""

    def check(self, ctx: CheckContext) -> Outcome:
        if ctx.output == ctx.load_answer():
            return Outcome(1.0, "output is exactly the expected one")
        return Outcome(0.0, "output differs from the expected bytes")


@dataclass
class TokensChecker:
    """Whitespace-separated tokens must match; amount and kind of whitespace do not matter."""

    def check(self, ctx: CheckContext) -> Outcome:
        out, ans = ctx.output.split(), ctx.load_answer().split()
        if out == ans:
            return Outcome(1.0, "output is correct")
        return Outcome(0.0, _first_difference(out, ans))


@dataclass
class WhiteDiffChecker:
    """CMS's white_diff: lines must match after collapsing whitespace; trailing blank lines are ignored."""

    def check(self, ctx: CheckContext) -> Outcome:
        out_lines, ans_lines = _lines(ctx.output), _lines(ctx.load_answer())
        for i in range(max(len(out_lines), len(ans_lines))):
            lo = out_lines[i] if i < len(out_lines) else None
            la = ans_lines[i] if i < len(ans_lines) else None
            if lo is None or la is None:
                rest = (lo if lo is not None else la).strip(_WHITES)
                if rest:
                    return Outcome(0.0, f"line {i + 1}: " + ("extra output" if lo is not None else "missing output"))
                continue
            if lo.split() != la.split():
                return Outcome(0.0, f"line {i + 1} differs")
        return Outcome(1.0, "output is correct")


def _lines(data: bytes) -> list[bytes]:
    """Lines as readline() yields them: a final newline ends the last line, it does not start another."""
    lines = data.split(b"\n")
    return lines[:-1] if lines and lines[-1] == b"" else lines


_FLOAT = re.compile(rb"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|nan)$", re.IGNORECASE)


@dataclass
class FloatChecker:
    """Tokens match, and numbers may differ by an absolute OR relative tolerance (the usual contest rule)."""

    abs_tol: float = 1e-6
    rel_tol: float = 1e-6

    def check(self, ctx: CheckContext) -> Outcome:
        out, ans = ctx.output.split(), ctx.load_answer().split()
        if len(out) != len(ans):
            return Outcome(0.0, _first_difference(out, ans))
        worst = 0.0
        for i, (a, b) in enumerate(zip(out, ans)):
            if a == b:
                continue
            if not (_FLOAT.match(a) and _FLOAT.match(b)):
                return Outcome(0.0, f"token {i + 1} differs: expected {_show(b)}, got {_show(a)}")
            x, y = float(a), float(b)
            if math.isnan(x) or math.isnan(y):
                return Outcome(0.0, f"token {i + 1}: not a number")
            if math.isinf(x) or math.isinf(y):
                if x != y:  # no tolerance is meaningful next to an infinity
                    return Outcome(0.0, f"number {i + 1}: expected {y!r}, got {x!r}")
                continue
            err = abs(x - y)
            if err > self.abs_tol and err > self.rel_tol * abs(y):
                return Outcome(0.0, f"number {i + 1}: expected {y!r}, got {x!r} (error {err:.3g})")
            worst = max(worst, err)
        return Outcome(1.0, f"output is correct (max error {worst:.3g})")
