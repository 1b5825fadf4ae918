"""Building the sandbox image once its tag is known missing (image.py): the Dockerfile on the pulled slim base, or
on a base debootstrapped here and imported (the offline path), with progress logged as it runs."""

from __future__ import annotations

import collections
import io
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
from typing import Callable

import docker
import docker.errors

# Base used by the online path, and the locally imported base of the offline path.
SLIM_REPO, SLIM_TAG = "debian", "bookworm-slim"
OFFLINE_BASE = "cpsolve-base:bookworm"
DEBIAN_SUITE = "bookworm"

# Compiling two bits/stdc++.h PCHs produces no output for a while; docker-py's
# default 60 s read timeout would abort a healthy build.
BUILD_TIMEOUT_S = 3600
TAIL_LINES = 40

Log = Callable[[str], None]

# The classic builder colours a RUN step's stderr; keep error messages plain.
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _context_tar(files: list[tuple[str, bytes]]) -> io.BytesIO:
    """A build context holding exactly ``files`` (a few kB, so kept in memory)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    buf.seek(0)
    return buf


def image_exists(client: docker.DockerClient, ref: str) -> bool:
    try:
        client.images.get(ref)
        return True
    except docker.errors.ImageNotFound:
        return False


def _tail(lines, n: int = TAIL_LINES) -> str:
    return "\n".join(list(lines)[-n:])


def build_missing(
    client: docker.DockerClient, files: list[tuple[str, bytes]], tag: str, log: Log
) -> None:
    mode = os.environ.get("CPSOLVE_IMAGE_BUILD", "auto").strip().lower() or "auto"
    if mode not in ("auto", "dockerfile", "offline"):
        raise RuntimeError(
            f"CPSOLVE_IMAGE_BUILD={mode!r}: expected auto, dockerfile or offline"
        )

    if mode == "auto":
        log(f"image: pulling {SLIM_REPO}:{SLIM_TAG} (falls back to offline build)")
        try:
            client.images.pull(SLIM_REPO, tag=SLIM_TAG)
            mode = "dockerfile"
        except Exception as exc:
            # No registry access (sandboxed CI): build everything from Debian mirrors.
            log(f"image: pull failed ({_clip(_first_line(exc))}); using the offline path")
            mode = "offline"

    if mode == "dockerfile":
        base = f"{SLIM_REPO}:{SLIM_TAG}"
    else:
        _ensure_offline_base(client, log)
        base = OFFLINE_BASE

    _build(client, files, tag, base, log)


def _clip(text: str, n: int = 120) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _build(
    client: docker.DockerClient,
    files: list[tuple[str, bytes]],
    tag: str,
    base: str,
    log: Log,
) -> None:
    """Run ``sandbox/image/Dockerfile`` on ``base``, logging each ``Step`` line.

    The low-level API is used (instead of ``client.images.build``) so progress
    can be shown while it runs rather than only after minutes of silence.
    """
    log(f"image: building {tag} from {base}")
    start = time.monotonic()
    tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
    try:
        stream = client.api.build(
            fileobj=_context_tar(files),
            custom_context=True,
            tag=tag,
            buildargs={"BASE": base},
            rm=True,
            forcerm=True,  # no stopped intermediate containers left after a failure
            decode=True,
            timeout=BUILD_TIMEOUT_S,
        )
        for chunk in stream:
            if "error" in chunk:
                tail.append(str(chunk["error"]).rstrip())
                raise RuntimeError(
                    f"image: docker build of {tag} failed:\n{_tail(tail)}"
                )
            text = chunk.get("stream")
            if not text:
                continue
            for line in _ANSI.sub("", text).rstrip("\n").splitlines():
                tail.append(line)
                if line.startswith("Step "):
                    log(f"image:   {_clip(' '.join(line.split()))}")
    except RuntimeError:
        raise
    except Exception as exc:
        raise RuntimeError(
            f"image: docker build of {tag} failed: {exc}\n{_tail(tail)}"
        ) from exc
    if not image_exists(client, tag):
        raise RuntimeError(f"image: build finished but {tag} is missing:\n{_tail(tail)}")
    log(f"image: built {tag} in {time.monotonic() - start:.0f} s")


def _ensure_offline_base(client: docker.DockerClient, log: Log) -> None:
    """Create ``cpsolve-base:bookworm`` from a debootstrapped rootfs, once.

    The docker tag itself is the cache: once imported it is reused by every
    later build, whatever the sandbox image hash.
    """
    if image_exists(client, OFFLINE_BASE):
        log(f"image: reusing base {OFFLINE_BASE}")
        return
    for tool in ("debootstrap", "docker", "tar"):
        if shutil.which(tool) is None:
            raise RuntimeError(
                f"image: offline build needs `{tool}` on PATH "
                "(run `make setup` as root, or apt-get install debootstrap docker.io)"
            )
    if os.geteuid() != 0:
        raise RuntimeError(
            "image: offline build runs debootstrap, which needs root; run "
            "`sudo make setup` once, or set CPSOLVE_IMAGE_BUILD=dockerfile where "
            "Docker Hub is reachable"
        )

    # /var/tmp rather than /tmp: /tmp is often a tmpfs (RAM; the rootfs is
    # ~600 MB) and may be mounted nodev/noexec, which breaks debootstrap's
    # mknod and chroot steps.
    parent = os.environ.get("CPSOLVE_DEBOOTSTRAP_TMP", "/var/tmp")
    rootfs = tempfile.mkdtemp(prefix="cpsolve-rootfs-", dir=parent)
    try:
        cmd = ["debootstrap", "--variant=minbase", "--include=g++,python3", DEBIAN_SUITE, rootfs]
        mirror = os.environ.get("CPSOLVE_DEBIAN_MIRROR")
        if mirror:
            cmd.append(mirror)
        log(f"image: debootstrap {DEBIAN_SUITE} (minbase + g++, python3) into {rootfs}")
        start = time.monotonic()
        _run_step("debootstrap", cmd)
        log(f"image: debootstrap done in {time.monotonic() - start:.0f} s")

        # Skip the downloaded .debs and apt lists (~150 MB): the Dockerfile
        # only needs them when g++/python3 are missing, which they are not.
        log(f"image: importing {rootfs} as {OFFLINE_BASE}")
        start = time.monotonic()
        script = (
            'tar -C "$1" --numeric-owner '
            "--exclude=./var/cache/apt/archives/*.deb "
            "--exclude=./var/lib/apt/lists/* "
            '-c . | docker import '
            '--change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" '
            '- "$2"'
        )
        _run_step(
            "docker import",
            ["bash", "-o", "pipefail", "-c", script, "import", rootfs, OFFLINE_BASE],
        )
        if not image_exists(client, OFFLINE_BASE):
            raise RuntimeError(f"image: docker import did not create {OFFLINE_BASE}")
        log(f"image: imported {OFFLINE_BASE} in {time.monotonic() - start:.0f} s")
    finally:
        _remove_rootfs(rootfs, log)


def _run_step(step: str, cmd: list[str]) -> None:
    """Run one external command; on failure raise with the tail of its output."""
    proc = subprocess.run(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"image: {step} failed (exit {proc.returncode}):\n"
            f"{_tail(proc.stdout.splitlines())}"
        )


def _remove_rootfs(rootfs: str, log: Log) -> None:
    """Delete the debootstrap tree, unmounting anything left inside it first.

    A debootstrap that dies in its second stage can leave proc/sys mounted in
    the target; rmtree must never descend into those.
    """
    real = os.path.realpath(rootfs)
    try:
        with open("/proc/mounts") as f:
            mounts = [line.split()[1].replace("\\040", " ") for line in f]
    except OSError:
        mounts = []
    for mnt in sorted((m for m in mounts if m.startswith(real + "/")), reverse=True):
        subprocess.run(["umount", "-l", mnt], check=False)
    shutil.rmtree(rootfs, ignore_errors=True)
    if os.path.exists(rootfs):
        log(f"image: warning: could not fully remove {rootfs}")
