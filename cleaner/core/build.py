"""Which of cleaner's modules run compiled: an optional mypyc build compiles the per-line and per-match code
(pyproject.toml, `[tool.hatch.build.targets.wheel.hooks.mypyc]`); any other install runs the same sources
as plain Python. Benchmarks and `cleaner --version` say which: throughput differs by a tenth to a fifth."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

# The modules the optional build compiles; a test checks the build configuration names the same ones.
COMPILABLE = ("collect", "engine", "fixpoint", "fold", "heuristics")


def compiled_modules() -> list[str]:
    """The modules of COMPILABLE that were loaded from a compiled extension."""
    return [name for name in COMPILABLE if _extension_of(name) is not None]


def stale_modules() -> list[str]:
    """Compiled modules older than the source beside them: a build left in a source tree, then edited there."""
    stale = []
    for name in COMPILABLE:
        extension = _extension_of(name)
        if extension is not None:
            source = extension.with_name(f"{name}.py")
            if source.exists() and source.stat().st_mtime > extension.stat().st_mtime:
                stale.append(name)
    return stale


def describe() -> str:
    compiled = compiled_modules()
    return f"compiled with mypyc ({', '.join(compiled)})" if compiled else "pure Python"


def _extension_of(name: str) -> Path | None:
    # The module that an import would load, found without running it (so `cleaner --version` stays fast):
    # the import system tries extension modules before sources, as find_spec does.
    module = sys.modules.get(f"{__package__}.{name}")
    if module is not None:
        path = module.__file__
    else:
        spec = importlib.util.find_spec(f"{__package__}.{name}")
        path = spec.origin if spec is not None else None
    return Path(path) if path is not None and path.endswith(tuple(EXTENSION_SUFFIXES)) else None
