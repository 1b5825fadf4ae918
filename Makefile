# cpsolve developer entry points.  `make test` is what CI runs (.ci/run).
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python

.PHONY: setup test demo bench clean

# Venv + Docker engine + sandbox image; idempotent and quick when done.
setup:
	bash scripts/setup.sh

# Parallel (pytest-xdist): most of the suite's time is waiting on containers, subprocesses and servers, so a few
# workers overlap it on two cores; tests sharing a heavy fixture stay on one worker (tests/conftest.py), and the
# tests are safe beside each other (no test removes another's containers; SIGKILL tests hold their run in the
# phase they kill it in). TEST_WORKERS=0 runs it serially.
TEST_WORKERS ?= 4
test: setup
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup --durations=30 tests

# The judge on an example problem, then the whole agent pipeline on it with the embedded CPU model
# (vLLM on CPU, SmolLM2-135M: it completes every stage, it is not expected to solve the problem), then the
# judge alone over problems/ (scripts/demo_judge.sh) and how to point cpsolve at a real model, and last a short
# simulated contest day: scripted answers on a simulated H200, so the agent is seen winning points.
demo: setup
	$(VENV)/bin/cpsolve judge problems/aplusb problems/aplusb/solutions/accepted/aplusb.cpp
	$(VENV)/bin/cpsolve solve problems/aplusb --serve --cpu --config solver/agent/demo.yaml --out runs/demo-aplusb
	$(VENV)/bin/cpsolve report runs/demo-aplusb
	bash scripts/demo_judge.sh
	@echo "A simulated contest day (scripted answers on a simulated GPU, not a model):"
	$(VENV)/bin/cpsolve bench day --quick --policy clock

bench: setup
	$(VENV)/bin/cpsolve bench judge
	$(VENV)/bin/cpsolve bench client
	$(VENV)/bin/cpsolve bench agent

# Forces the next `make setup` to reinstall Python deps and removes leftover
# sandbox containers (they inherit the image's cpsolve.sandbox label).
# Images are kept: rebuilding them offline takes minutes.
clean:
	rm -f $(VENV)/.stamp
	-@if command -v docker >/dev/null 2>&1; then \
		ids=$$(docker ps -aq --filter label=cpsolve.sandbox 2>/dev/null); \
		if [ -n "$$ids" ]; then docker rm -f $$ids >/dev/null && echo "removed sandbox containers"; fi; \
	fi
