"""What the stress lab (stress.py, stress_setup.py) and the reference finder (references.py) use of a solving run,
and nothing more: the problem, the judge tools, the journal, the model's answers and the few agent services they
call (the prompt context, extracting a program from a reply, a candidate's compiled program). They are built on a
`Workbench`, never on the Agent itself, so they do not reach into its private state, and a test or another driver
(`cpsolve select`) can build them without one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Awaitable, Callable, Iterable

from sandbox.compiler import Program
from sandbox.languages import Language

from ..problems.model import Problem
from .candidates import Candidate
from .config import AgentConfig
from .journal import Journal
from .judge_tools import JudgeTools


@dataclass
class Workbench:
    problem: Problem
    config: AgentConfig
    tools: JudgeTools
    """The judge tools (or their remote twin, `RemoteJudgeTools`)."""
    journal: Journal
    language: Language
    """The language candidates are written in (a brute force compiled with a grader is written in it too)."""
    has_model: bool
    """Whether a model answers: without one nothing is asked, and only programs given beforehand are used."""
    ask: Callable[[str, str, dict], Awaitable[str]]
    """One journaled model call: (key, prompt template, context) to the answer's text."""
    context: Callable[[], dict]
    """The prompt context for the whole problem (no subtask targeted)."""
    extract: Callable[[str, Language], str]
    """The program in that language in a reply ("" when there is none)."""
    extract_any: Callable[[str], tuple[str, Language]]
    """A helper program in whatever language the reply chose, with that language ("" when there is none)."""
    program: Callable[[Candidate], Awaitable[Program | None]]
    """A candidate's compiled program (None when it does not compile), compiled once per run."""
    candidates: Callable[[], Iterable[Candidate]] = lambda: ()
    """The run's candidates so far."""
    first_drafts: Callable[[], dict] = dict
    """Round 0's first targeted drafts in flight, by candidate id (`Agent.first_drafts`)."""
    changed: Callable[[], None] = lambda: None
    """Called when a candidate's stress results change (the agent redraws its progress)."""

    @classmethod
    def of(cls, agent) -> Workbench:
        """The bench an `Agent` gives its stress lab: the agent grants these services here and nowhere else."""
        return cls(agent.problem, agent.config, agent.tools, agent.journal, agent.language, agent.model is not None,
                   agent.ask, lambda: agent._context(None), agent._extract, agent._extract_any, agent._program,
                   lambda: agent.candidates.values(), lambda: agent.first_drafts, agent._update)
