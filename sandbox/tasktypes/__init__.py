"""Task types (CMS semantics): how a submission is run on a test and how the outcome is decided.

- batch.py          Batch and BatchAndOutput (stdin/stdout or named files, alone or with a grader)
- communication.py  a trusted manager plus N user processes over FIFOs
- interactive.py    an interactor wired to the program's stdin/stdout (Kattis, testlib)
- output_only.py    the submission is the output files themselves
"""
from ..executor import BatchJudge, TestJudge
from .communication import CommunicationJudge
from .interactive import InteractiveJudge
from .output_only import OutputOnlyJudge

__all__ = ["BatchJudge", "CommunicationJudge", "InteractiveJudge", "OutputOnlyJudge", "TestJudge"]
