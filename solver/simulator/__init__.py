"""A simulated vLLM server answering as Nemotron-Cascade-2 does, optionally on a simulated H200's clock.

Tests and benchmarks share it: `SimulatedVLLM(NemotronShape(answer), gpu=GpuModel())`.
"""
from .gpu import PARAMETERS, GpuModel
from .replies import SentReply
from .server import SimulatedVLLM
from .shapes import CHARS_PER_TOKEN, Lengths, NemotronShape, ShapedAnswer

__all__ = ["CHARS_PER_TOKEN", "GpuModel", "Lengths", "NemotronShape", "PARAMETERS", "SentReply", "ShapedAnswer",
           "SimulatedVLLM"]
