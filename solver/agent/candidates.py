"""Candidates and how they are ranked, clustered and chosen for submission."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Candidate:
    id: str
    """Names the lineage: `full.r0.d1` is round 0's second full-problem draft; `.f2` its second repair."""
    target: str | None
    """Subtask it was written for; None for the whole problem."""
    language: str
    source: str
    parent: str | None = None
    compiled: bool = False
    compile_log: str = ""
    samples_passed: bool = False
    samples_failed: int = 0
    stress_passed: int = 0
    stress_failed: int = 0
    slow: bool = False
    speed_rank: int = 0
    """Its slowest stress or large input, in tenths of the time limit (0 when not stress-tested)."""
    signature: str = ""
    """Hash of its outputs on the clustering inputs: equal signatures behave the same."""
    submitted: bool = False

    @property
    def stress_ok(self) -> bool:
        return self.stress_failed == 0

    def to_json(self) -> dict:
        d = asdict(self)
        del d["source"]
        return d


def cluster_key(c: Candidate) -> str:
    """Candidates with equal signatures behave the same; one without a signature is its own cluster."""
    return c.signature or f"alone:{c.id}"


@dataclass
class Clusters:
    """Candidates grouped by behaviour (equal signatures); groups that failed no stress test first, then bigger
    groups first (independent drafts that agree are likelier right)."""

    groups: list[list[Candidate]] = field(default_factory=list)

    @classmethod
    def build(cls, candidates: list[Candidate]) -> "Clusters":
        by_sig: dict[str, list[Candidate]] = {}
        for c in candidates:
            by_sig.setdefault(cluster_key(c), []).append(c)
        for g in by_sig.values():
            g.sort(key=rank_key)
        # a cluster one of whose members failed a stress test behaves wrongly on a known input: after the others
        groups = sorted(by_sig.values(), key=lambda g: (any(c.stress_failed for c in g), -len(g),
                                                        -sum(c.stress_passed for c in g), sum(c.slow for c in g),
                                                        g[0].speed_rank, g[0].id))
        return cls(groups)


def rank_key(c: Candidate) -> tuple:
    """Within a cluster: samples passed, no stress failure, not slow, more stress passes, faster on the largest
    generated inputs (equal outputs say nothing about speed: a brute force and a fast solution agree on small
    inputs), earlier id."""
    return (not c.samples_passed, c.stress_failed > 0, c.slow, -c.stress_passed, c.speed_rank, c.id)
