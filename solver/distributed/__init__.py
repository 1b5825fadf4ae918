"""Beyond one machine: every node of a Ray cluster judges in its own Docker sandbox pool, for an agent that stays
on the head (its model calls, journal and run directory never leave it).

Ray is an optional extra (`pip install 'cpsolve[ray]'`); nothing here is imported unless `--ray` is given.
"""
from __future__ import annotations


def import_ray():
    """The `ray` module, or a one-line error saying how to get it."""
    try:
        import ray
    except ImportError:
        raise RuntimeError("--ray needs Ray on this machine and on every node: pip install 'cpsolve[ray]'") from None
    return ray
