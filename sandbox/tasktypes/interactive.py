"""Interactive: an interactor (trusted, judge user) talks to the program over its stdin/stdout.

Protocols: Kattis (`interactor input answer feedback_dir`, exit 42 accept / 43 reject, judgemessage.txt and
score.txt in feedback_dir) and
testlib (`interactor input output answer`, exit 0 OK / 1 WA / 2 PE / 3 FAIL / 7 points). The program's own
failure (TLE, MLE, RE) wins over an interactor's accept; a reject wins over the program's crash, because a
crash after a wrong answer is what a rejected program usually does next.
"""
from __future__ import annotations

from ..checkers.external import get_optional, read_feedback_message, testlib_outcome
from ..compiler import Program
from ..executor import Limits, TestCase, classify_run
from ..process import ProcResult, ProcSpec
from ..verdicts import TestResult, Verdict
from ..worker import Worker
from .communication import _fifos, ensure_fifos

INTERACTOR_CPU_S = 30.0
INTERACTOR_MEM_KIB = 2 * 1024 * 1024


class InteractiveJudge:
    pipelined = False

    def __init__(self, program: Program, interactor: Program, limits: Limits, protocol: str = "kattis",
                 flags: tuple[str, ...] = ()):
        if protocol not in ("kattis", "testlib"):
            raise ValueError(f"unknown interactor protocol {protocol!r}")
        self.program, self.interactor, self.limits = program, interactor, limits
        self.protocol, self.flags = protocol, flags

    def send(self, worker: Worker, test: TestCase) -> None:
        ensure_fifos(worker, 1)
        to_judge, to_program = _fifos(0)
        worker.container.ensure_memory(self.limits.memory_mib + INTERACTOR_MEM_KIB // 1024)
        prog_bin = worker.stage_program(self.program)
        # the interactor and its input are the judge's: the program gets only what the interactor tells it
        inter_bin = worker.stage_program(self.interactor, secret=True)
        test_input = worker.stage_file(test.input_path, secret=True)
        answer = worker.stage(test.read_answer(), secret=True)
        argv = self.interactor.language.run_argv(inter_bin)
        if self.protocol == "kattis":
            argv += [test_input, answer, "feedback/"] + list(self.flags)
            copies = [(test_input, "feedback/.keep")]
        else:
            argv += [test_input, "interactor.out", answer]
            copies = []
        interactor = ProcSpec(argv=argv, cpu_s=INTERACTOR_CPU_S, wall_s=self.limits.wall + INTERACTOR_CPU_S,
                              mem_kib=INTERACTOR_MEM_KIB, stdin=to_judge, stdout=to_program, copies=copies,
                              untrusted=False, err_tail=16384)
        lim = self.limits
        program = ProcSpec(argv=self.program.language.run_argv(prog_bin), cpu_s=lim.time_s, wall_s=lim.wall,
                           mem_kib=lim.memory_kib, stack_kib=lim.memory_kib, out_kib=lim.output_cap_kib,
                           nproc=lim.processes, stdin=to_program, stdout=to_judge, err_tail=2048,
                           out_first=True)  # the interactor opens stdin first: the opens pair up
        worker.judge.send_run([interactor], box=worker.box("interactor"), keep_box=True)
        worker.contestant.send_run([program], box=worker.contestant.box("program"))

    def receive(self, worker: Worker, test: TestCase) -> TestResult:
        prog = worker.contestant.read_results(1)[0]
        inter = worker.judge.read_results(1)[0]
        box = worker.box("interactor")
        message = score_txt = None
        try:
            if self.protocol == "kattis":
                message = read_feedback_message(worker.judge, f"{box}/feedback")
                score_txt = get_optional(worker.judge, f"{box}/feedback/score.txt")
        finally:
            worker.judge.rm(box)
        result = self.outcome(test, prog, inter, message)
        if score_txt is not None and result.verdict is Verdict.AC:
            try:
                result.points = float(score_txt.split()[0])
            except (IndexError, ValueError):
                return TestResult(name=test.name, verdict=Verdict.JE, message="unreadable score.txt")
        return result

    def outcome(self, test: TestCase, prog: ProcResult, inter: ProcResult, message: bytes | None) -> TestResult:
        base = dict(name=test.name, time=prog.cpu_s, wall=prog.wall_s, memory_kib=prog.rss_kib,
                    exit_code=prog.exit_code, signal=prog.signal,
                    stderr_tail=prog.stderr[-2000:].decode(errors="replace"))
        run_verdict, run_message = classify_run(prog, self.limits)
        if inter.killed != "none" or inter.signal:
            if run_verdict is not None:  # the program hung or crashed and took the interactor with it
                return TestResult(verdict=run_verdict, message=run_message, **base)
            return TestResult(verdict=Verdict.JE, message=f"interactor failed ({inter.killed}, signal "
                              f"{inter.signal})", **base)
        text = (message or inter.stderr).decode(errors="replace").strip()[-500:]
        if self.protocol == "kattis":
            code_ok, code_wa = 42, 43
            accepted, rejected = inter.exit_code == code_ok, inter.exit_code == code_wa
            score = 1.0 if accepted else 0.0
        else:
            accepted, rejected = inter.exit_code == 0, inter.exit_code in (1, 2)
            score = 1.0 if accepted else 0.0
            if inter.exit_code == 7:
                outcome = testlib_outcome(inter)  # same "points X" rule as a checker
                if outcome.judge_error:  # exit 7 without points: the interactor failed, not the program
                    return TestResult(verdict=Verdict.JE, message=outcome.message, **base)
                accepted, score = True, outcome.score
        if rejected:
            if run_verdict is Verdict.TLE:
                return TestResult(verdict=run_verdict, message=run_message, **base)
            return TestResult(verdict=Verdict.WA, message=text or "wrong answer", **base)
        if not accepted:
            return TestResult(verdict=Verdict.JE, message=f"interactor exited {inter.exit_code}: {text}", **base)
        if run_verdict is not None:
            return TestResult(verdict=run_verdict, message=run_message, **base)
        verdict = Verdict.AC if score >= 1.0 else Verdict.WA if score <= 0.0 else Verdict.PA
        return TestResult(verdict=verdict, score=score, message=text, **base)

    def abort(self, worker: Worker) -> None:
        worker.reset_contestant()
        worker.reset_judge()

