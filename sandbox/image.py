"""Build and locate the Docker image the judge runs programs in.

The image is described by the files in ``sandbox/image/`` (a Dockerfile and
the C source of the in-container runner).  Its tag is derived from a hash of
those files, so editing any of them yields a new tag and a rebuild, while an
unchanged tree reuses the image already on the machine.

Two ways to build it:

* ``dockerfile``: ``FROM debian:bookworm-slim`` pulled from Docker Hub, the
  Dockerfile then apt-installs g++ and python3.
* ``offline``: Docker Hub is unreachable (sandboxed CI), but Debian mirrors
  are.  We debootstrap a minimal bookworm with g++ and python3 already in it,
  ``docker import`` it as ``cpsolve-base:bookworm`` and run the *same*
  Dockerfile on top of it.  docker-py always uses the classic builder, which
  resolves a ``FROM`` image that exists locally without touching a registry.

``auto`` (the default) tries to pull the slim base and falls back to offline.
How each is built is in ``image_build.py``; here, the tag and the lock.

Command line::

    python -m sandbox.image ensure   # build if missing, print the tag
    python -m sandbox.image tag      # print the tag, never build
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Callable

import docker

from .image_build import build_missing, image_exists

IMAGE_REPO = "cpsolve-sandbox"
IMAGE_DIR = Path(__file__).resolve().parent / "image"

Log = Callable[[str], None]


def _snapshot() -> list[tuple[str, bytes]]:
    """Read the plain files directly in ``sandbox/image/``, in name order.

    The tag and the build context are both made from one snapshot, so the
    tag always names exactly what was built even if a file changes while a
    long build (debootstrap) is under way.
    """
    return [
        (path.name, path.read_bytes())
        for path in sorted(IMAGE_DIR.iterdir(), key=lambda p: p.name)
        if path.is_file()
    ]


def _tag_of(files: list[tuple[str, bytes]]) -> str:
    # Names are hashed with the bytes so that a rename also counts as a change.
    h = hashlib.sha256()
    for name, data in files:
        h.update(name.encode() + b"\0")
        h.update(data)
        h.update(b"\0")
    return f"{IMAGE_REPO}:{h.hexdigest()[:12]}"


def image_tag() -> str:
    """Return ``cpsolve-sandbox:<12 hex>``, a hash of every file in ``sandbox/image/``.

    Any edit there gives a new tag (and a rebuild); an unchanged tree maps to
    the image already built.
    """
    return _tag_of(_snapshot())


def docker_client() -> docker.DockerClient:
    """Connect to the Docker daemon, failing with an actionable message."""
    try:
        client = docker.from_env()
        client.ping()
    except Exception as exc:  # DockerException, requests' ConnectionError, PermissionError...
        host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
        raise RuntimeError(
            f"Docker daemon not reachable ({host}: {exc}): run `make setup` "
            "(as root it installs and starts dockerd), or start the docker "
            "service / add yourself to the docker group"
        ) from exc
    return client


def ensure_image(client: docker.DockerClient | None = None, log: Log = print) -> str:
    """Return the sandbox image tag, building the image first if it is missing."""
    client = client or docker_client()
    files = _snapshot()
    tag = _tag_of(files)
    if image_exists(client, tag):
        return tag
    # Several processes (test workers, judge workers) may find it missing at
    # once; let one build while the others wait and then reuse its result.
    with _build_lock():
        if image_exists(client, tag):
            return tag
        build_missing(client, files, tag, log)
    return tag


@contextlib.contextmanager
def _build_lock():
    """An exclusive flock shared by every cpsolve process on this host (best effort)."""
    path = os.path.join(tempfile.gettempdir(), "cpsolve-image-build.lock")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        yield  # e.g. a lock file made by another user: build unlocked
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    cmd = argv[0] if argv else "ensure"
    if cmd == "tag":
        print(image_tag())
        return 0
    if cmd == "ensure":
        try:
            # Progress goes to stderr so stdout is just the tag (usable in $(...)).
            tag = ensure_image(log=lambda msg: print(msg, file=sys.stderr, flush=True))
        except RuntimeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(tag)
        return 0
    print("usage: python -m sandbox.image [ensure|tag]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
