from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from cleaner import Cleaner, Options
from cleaner.core.build import stale_modules
from cleaner.core.matcher import hyperscan_available

# Hypothesis: 300 examples a property in CI; HYPOTHESIS_PROFILE=thorough for a long hunt.
settings.register_profile("ci", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent

# A document with a strong trailer and its weak neighbour, and what cleaning leaves of it.
DIRTY = "The vote is on Sunday.\n\nFollow us on Telegram\nCLICK HERE\n"
CLEAN = "The vote is on Sunday.\n"


def run_cli(*args: str, stdin: bytes = b"", env: dict | None = None) -> subprocess.CompletedProcess:
    """The CLI as a user runs it: a real process, real pipes, real exit codes."""
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True, cwd=ROOT,
                          timeout=300, env={**os.environ, **(env or {})})




def pytest_sessionstart(session) -> None:
    # An opt-in compiled build leaves its modules beside the sources; after an edit they would shadow it.
    stale = stale_modules()
    if stale:
        pytest.exit(f"compiled modules older than their sources: {', '.join(stale)}. Rebuild them "
                    "(HATCH_BUILD_HOOK_ENABLE_MYPYC=1 pip install .) or delete them: rm cleaner/*.so *__mypyc*.so",
                    returncode=4)


BACKENDS = ["python"] + (["hyperscan"] if hyperscan_available() else [])


@pytest.fixture(scope="session")
def default_cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="session", params=BACKENDS)
def backend_cleaner(request) -> Cleaner:
    return Cleaner(Options(backend=request.param))
