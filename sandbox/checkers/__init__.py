"""Checkers: built-in comparisons on the host, package checkers in the sandbox. See base.py for the contract."""
from .base import CheckContext, Checker, Outcome
from .builtin import ExactChecker, FloatChecker, TokensChecker, WhiteDiffChecker
from .external import ExternalChecker

BUILTIN = {
    "exact": ExactChecker,
    "tokens": TokensChecker,
    "whitediff": WhiteDiffChecker,
    "float": FloatChecker,
}

__all__ = ["BUILTIN", "CheckContext", "Checker", "ExactChecker", "ExternalChecker", "FloatChecker", "Outcome",
           "TokensChecker", "WhiteDiffChecker"]
