"""cleaner: strip boilerplate and spam from scraped text, and say what was removed and why."""

from cleaner.core.options import Options
from cleaner.core.pipeline import Cleaner, CleanResult, Removal, clean
from cleaner.errors import CleanerError, InputError, RuleError

__all__ = ["Cleaner", "CleanResult", "CleanerError", "InputError", "Options", "Removal", "RuleError", "clean"]
__version__ = "0.2.0"
