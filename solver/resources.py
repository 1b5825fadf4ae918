"""Files cpsolve reads at run time that are not Python modules, found the same way in a checkout and in a wheel.

The prompt templates live in the repository's `prompts/` (where they are edited). A wheel cannot put a top-level
folder inside a package, so pyproject.toml installs them as data files under `<prefix>/share/cpsolve/prompts`;
files inside `solver/` (recipes, medal cut-offs) are package data and are found beside the code.
"""
from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
SHARE = Path("share") / "cpsolve"


def shared_dir(name: str) -> Path:
    """The folder NAME (e.g. "prompts"): the checkout's own when running from one (editable installs too), else
    the copy a wheel installed under the prefix it was installed into (a venv, the system, or --user)."""
    # a checkout is recognised by its pyproject.toml, so a stray site-packages/prompts is never taken for ours
    candidates = [CHECKOUT / name] if (CHECKOUT / "pyproject.toml").is_file() else []
    prefixes = [sysconfig.get_path("data"), sys.prefix, getattr(site, "USER_BASE", None)]
    candidates += [Path(p) / SHARE / name for p in prefixes if p]
    for folder in candidates:
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f"cpsolve's {name}/ folder is missing (looked in {', '.join(map(str, candidates))}); "
                            "reinstall cpsolve")
