"""cleaner: strip boilerplate and spam from scraped text, and say what was removed and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cleaner.errors import CleanerError, InputError, RuleError

if TYPE_CHECKING:
    from cleaner.core.options import Options
    from cleaner.core.pipeline import Cleaner, CleanResult, Removal, clean

__all__ = ["Cleaner", "CleanResult", "CleanerError", "InputError", "Options", "Removal", "RuleError", "clean"]
__version__ = "0.2.0"

# The engine is imported on first use of one of its names (PEP 562), so that `cleaner --version`, `--help`
# and the config check do not pay for compiling the rules' machinery.
_LAZY = {"Options": "cleaner.core.options", "Cleaner": "cleaner.core.pipeline", "CleanResult": "cleaner.core.pipeline",
         "Removal": "cleaner.core.pipeline", "clean": "cleaner.core.pipeline"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
