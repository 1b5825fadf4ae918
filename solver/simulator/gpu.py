"""How long one H200 takes to serve Nemotron-Cascade-2-30B-A3B, and how many sequences its memory holds.

Every number the simulation uses is in `PARAMETERS`, with its source. The model:

- Decode is processor sharing: each engine step makes one token for every running sequence, and a step with
  sequences 1..b in flight takes  t = t0 + sum_i (t1 + kv_bytes_per_token * context_i / hbm_bandwidth):
  a fixed cost (weights read once a step), a per-sequence cost (the MoE/Mamba work, Mamba state read and
  written), and the KV cache of the 6 attention layers read for each sequence's context. t0 is set by the stated
  single-sequence speed, t1 so that 1,024 sequences of ~1.5k tokens context make vLLM's published 15,828
  output tokens/s. Per-sequence speed 1/t falls as b grows; the aggregate b/t rises towards 1/t1.
- Memory decides admission as vLLM's scheduler does (a request waits when `max_num_seqs` sequences run or the
  KV cache is full), simplified: each admitted sequence reserves its Mamba state plus KV for
  prompt + the expected reply length. vLLM allocates blocks as tokens come and preempts when full, so it runs
  more sequences at once (at the mean context of a reply in progress, 27.5k tokens, memory holds 256 and
  max_num_seqs binds; at the length-biased mean of a lognormal reply, ~34k, 233), but tokens/s moves little:
  8,636 here against 9,259 and 8,449 there, because near a full batch the aggregate is bounded by
  1/(t1 + KV read per sequence) ~ 10.8k tokens/s whatever the admission rule.
- Prefill is not timed (a 5k-token prompt is a few ms of a batch step at these sizes).
"""
from __future__ import annotations

from dataclasses import dataclass

#: name: (value, unit, source). The one table of pinned numbers.
PARAMETERS: dict[str, tuple[float, str, str]] = {
    "hbm_bytes": (141e9, "B", "NVIDIA H200 datasheet: 141 GB HBM3e"),
    "hbm_bandwidth": (4.8e12, "B/s", "NVIDIA H200 datasheet: 4.8 TB/s"),
    "gpu_memory_utilization": (0.9, "", "vLLM's default --gpu-memory-utilization"),
    "weight_bytes": (31.6e9 * 2, "B", "31.6B parameters (Nemotron 3 Nano tech report; Cascade-2 is its post-trained "
                                      "sibling) in bf16: NVIDIA publishes Cascade-2 in bf16 only, FP8 is a third-"
                                      "party quantization"),
    "runtime_overhead_bytes": (3e9, "B", "assumed: activations, CUDA graphs, sampler buffers"),
    "kv_bytes_per_token": (6 * 2 * 2 * 128 * 2, "B", "6 attention layers x K,V x num_key_value_heads 2 x head_dim 128 "
                                                     "x 2 bytes (bf16 KV): config.json hybrid_override_pattern has 6 "
                                                     "'*' layers"),
    "mamba_state_bytes": (23 * (64 * 64 * 128 * 4 + (64 * 64 + 2 * 8 * 128) * 3 * 2), "B",
                          "23 Mamba-2 layers x (SSM state mamba_num_heads 64 x mamba_head_dim 64 x ssm_state_size 128 "
                          "x 4 bytes, float32 as the model card's --mamba-ssm-cache-dtype float32 asks; conv state "
                          "(4096 + 2 x n_groups 8 x 128) x (conv_kernel 4 - 1) x 2 bytes)"),
    "anchor_tokens_per_s": (15_828, "tok/s", "vLLM recipe, Nemotron-3-Nano-30B-A3B FP8 on one H200: 1,024 concurrent "
                                            "1k-in/1k-out requests (peak 21,157)"),
    "anchor_sequences": (1_024, "", "same recipe"),
    "anchor_context": (1_500, "tokens", "mean context of a 1k-in/1k-out request while it decodes"),
    "single_sequence_tokens_per_s": (250, "tok/s", "assumed: a 3B-active MoE decoding alone on an H200"),
    "max_num_seqs": (256, "", "the Nemotron recipe's --max-num-seqs (solver/recipes/nemotron-cascade-2.yaml; "
                              "solver/model/metrics.py says why)"),
    "expected_prompt_tokens": (5_000, "tokens", "assumed: an IOI statement plus the agent's instructions"),
    "expected_reply_tokens": (45_000, "tokens", "issue 18: Nemotron olympiad replies ~45k tokens (~30k thinking)"),
    "max_reply_tokens": (131_072, "tokens", "Nemotron-Cascade-2 recipe: 131,072 per call"),
}


def _p(name: str) -> float:
    return PARAMETERS[name][0]


@dataclass
class GpuModel:
    """One simulated GPU serving the model; every field defaults to `PARAMETERS`."""

    single_sequence_tokens_per_s: float = _p("single_sequence_tokens_per_s")
    """Decode speed of one sequence alone (sets the fixed step cost t0)."""
    anchor_tokens_per_s: float = _p("anchor_tokens_per_s")
    """Aggregate output speed at `anchor_sequences` short sequences (sets the per-sequence step cost t1)."""
    anchor_sequences: int = int(_p("anchor_sequences"))
    anchor_context: int = int(_p("anchor_context"))
    memory_bytes: float = _p("hbm_bytes") * _p("gpu_memory_utilization")
    """What vLLM may use: the GPU's memory times --gpu-memory-utilization."""
    weight_bytes: float = _p("weight_bytes")
    overhead_bytes: float = _p("runtime_overhead_bytes")
    kv_bytes_per_token: float = _p("kv_bytes_per_token")
    mamba_state_bytes: float = _p("mamba_state_bytes")
    hbm_bandwidth: float = _p("hbm_bandwidth")
    max_num_seqs: int = int(_p("max_num_seqs"))
    """vLLM's --max-num-seqs: never more sequences than this in flight."""
    expected_reply_tokens: int = int(_p("expected_reply_tokens"))
    """What admission reserves KV for, per sequence, beyond its prompt."""
    expected_prompt_tokens: int = int(_p("expected_prompt_tokens"))
    """The prompt length `full_batch_tokens_per_s` assumes."""

    @property
    def t0(self) -> float:
        """Seconds of each step whatever the batch (reading the weights)."""
        return 1.0 / self.single_sequence_tokens_per_s - self.t1 - self._kv_read_s(self.anchor_context)

    @property
    def t1(self) -> float:
        """Seconds each running sequence adds to a step, its KV reads apart (fitted to the anchor)."""
        step = self.anchor_sequences / self.anchor_tokens_per_s  # seconds per step at the anchor
        # step(b) = t0 + b*(t1 + kv) with step(1) = 1/single: step(N) - step(1) = (N - 1)*(t1 + kv)
        kv = self._kv_read_s(self.anchor_context)
        return (step - 1.0 / self.single_sequence_tokens_per_s) / (self.anchor_sequences - 1) - kv

    def _kv_read_s(self, context: float) -> float:
        return self.kv_bytes_per_token * context / self.hbm_bandwidth

    def step_seconds(self, contexts: list[int] | list[float]) -> float:
        """Seconds of one decode step with these sequences (their current context lengths) in flight."""
        kv_bytes = self.kv_bytes_per_token * sum(contexts)
        return self.t0 + len(contexts) * self.t1 + kv_bytes / self.hbm_bandwidth

    @property
    def cache_bytes(self) -> float:
        """Memory left for KV cache and Mamba state."""
        return self.memory_bytes - self.weight_bytes - self.overhead_bytes

    def reservation(self, prompt_tokens: int, max_tokens: int) -> float:
        """Bytes admission sets aside for a sequence: its Mamba state and KV for prompt + expected reply."""
        reply = min(max_tokens, self.expected_reply_tokens)
        return self.mamba_state_bytes + self.kv_bytes_per_token * (prompt_tokens + reply)

    def full_batch_sequences(self) -> int:
        """Sequences in flight with the batch as full as memory (and max_num_seqs) allows, at expected lengths."""
        per = self.reservation(self.expected_prompt_tokens, self.expected_reply_tokens)
        return max(1, min(self.max_num_seqs, int(self.cache_bytes // per)))

    def full_batch_tokens_per_s(self) -> float:
        """Output tokens a second with the batch full: sequences at the mean context of a reply in progress."""
        b = self.full_batch_sequences()
        context = self.expected_prompt_tokens + self.expected_reply_tokens / 2
        return b / self.step_seconds([context] * b)
