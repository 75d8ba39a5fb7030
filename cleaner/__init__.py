"""cleaner: strip boilerplate and spam from scraped text, and say what was removed and why."""

from .errors import CleanerError, InputError, RuleError
from .options import Options
from .pipeline import Cleaner, CleanResult, Removal, clean

__all__ = ["Cleaner", "CleanResult", "CleanerError", "InputError", "Options", "Removal", "RuleError", "clean"]
__version__ = "0.1.0"
