#!/usr/bin/env bash
# The second half of `make demo`: what the judge does on its own, with no model. The example packages' partial
# and wrong reference solutions are submitted, as a contestant would submit them (wrong first, then partial),
# with `cpsolve batch --solutions`; the IOI-style report shows what they earn per subtask.
set -euo pipefail
cd "$(dirname "$0")/.."
CPSOLVE=${CPSOLVE:-.venv/bin/cpsolve}
subs=runs/demo-submissions
out=runs/demo-judge
rm -rf "$subs" "$out"
for pkg in problems/*/; do
    id=$(basename "$pkg")
    mkdir -p "$subs/$id"
    n=0
    for kind in wrong_answer partial; do
        for f in "$pkg"solutions/"$kind"/*; do
            [ -e "$f" ] || continue
            n=$((n + 1))
            cp -r "$f" "$subs/$id/$n-$kind-$(basename "$f")"
        done
    done
done
"$CPSOLVE" batch problems --solutions "$subs" --out "$out"
"$CPSOLVE" report "$out"
"$CPSOLVE" report "$out" --format html
cat <<'MSG'

That was the judge alone. To point cpsolve at a real model:
  cpsolve serve --model nemotron-cascade-2          # on a GPU machine (pip install vllm), then in another shell:
  cpsolve batch problems --endpoint http://127.0.0.1:8000/v1 --out runs/agent
  cpsolve eval problems --samples 10 --k 1,5,10 --endpoint http://127.0.0.1:8000/v1 --out runs/eval
  cpsolve report runs/agent runs/eval --format html   # the two side by side
Any OpenAI-compatible endpoint works with --endpoint; --serve launches vLLM for the run itself.
MSG
