from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Cleaner, Options
from cleaner.matcher import hyperscan_available

ROOT = Path(__file__).resolve().parent.parent

BACKENDS = ["python"] + (["hyperscan"] if hyperscan_available() else [])


@pytest.fixture(scope="session")
def default_cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="session", params=BACKENDS)
def backend_cleaner(request) -> Cleaner:
    return Cleaner(Options(backend=request.param))
