"""The tools offered to the model, as OpenAI function schemas (vLLM renders them into the chat template)."""
from __future__ import annotations

PYTHON = {
    "type": "function",
    "function": {
        "name": "python",
        "description": ("Run Python 3 code in a stateful interpreter: variables, functions and imports persist "
                        "between calls. Standard library only. Prints and the value of a last expression are "
                        "returned. The statement's sample inputs are files in /work/samples."),
        "parameters": {
            "type": "object",
            "properties": {"code": {"type": "string", "description": "The Python code to run."}},
            "required": ["code"],
        },
    },
}

RUN_CPP = {
    "type": "function",
    "function": {
        "name": "run_cpp",
        "description": ("Compile a C++ source with the task's compiler flags (and its grader, if the task has one) "
                        "and run it on the given standard input under the task's time and memory limits. "
                        "Returns the verdict of the run, its time, standard output and standard error."),
        "parameters": {
            "type": "object",
            "properties": {
                "source": {"type": "string", "description": "The complete C++ source."},
                "input": {"type": "string", "description": "Standard input for the run."},
            },
            "required": ["source"],
        },
    },
}

TOOLS = {"python": PYTHON, "run_cpp": RUN_CPP}
"""By name: what a conversation may offer."""


def required_parameters(name: str) -> list[str]:
    return TOOLS[name]["function"]["parameters"]["required"]
