"""`ray start` that keeps a loopback --node-ip-address as given (test code only; see tests/ray_cluster.py)."""
import sys

import ray._private.services as services
from ray.scripts.scripts import main

services.resolve_ip_for_localhost = lambda host: host

if __name__ == "__main__":
    sys.argv[0] = "ray"
    sys.exit(main())
