"""Adapters for the tools where scraped text is produced and processed: Scrapy, Dask, datatrove, HF datasets.

Each adapter imports its tool lazily (in its own module), so `import cleaner` never needs them. They all
share one rule: a field that is missing or not a string is left alone, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from cleaner.core.options import Options, settings
from cleaner.core.pipeline import Cleaner


def make_cleaner(cleaner: Cleaner | Options | None = None, **options) -> Cleaner:
    """A Cleaner from a Cleaner, an Options, keyword options (the fields of `Options`, as every adapter takes
    them: datatrove's CleanerStep, the Dask functions, batch_cleaner), or nothing (the built-in rules)."""
    if isinstance(cleaner, Cleaner):
        if options:
            raise TypeError("pass a Cleaner or options, not both")
        return cleaner
    unknown = sorted(set(options) - {s.name for s in settings()})
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(unknown)}; the options are the fields of cleaner.Options: "
                        f"{', '.join(s.name for s in settings())}")
    return Cleaner(cleaner, **options) if isinstance(cleaner, Options) else Cleaner(Options(**options))


def batch_cleaner(columns: Iterable[str] = ("text",), cleaner: Cleaner | Options | None = None,
                  report_column: str | None = None, **options) -> Callable[[dict[str, list]], dict[str, list]]:
    """A function for `datasets.Dataset.map(fn, batched=True)`: cleans `columns` of a batch (a dict of lists).

    With `report_column`, each row also gets the removals (rule, lines, text) of its first column, as a
    list of dicts. The Cleaner travels with the function: it pickles as its rule texts, so `num_proc` works.
    """
    c = make_cleaner(cleaner, **options)
    cols = tuple(columns)

    def clean_batch(batch: dict[str, list]) -> dict[str, list]:
        out: dict[str, list] = {}
        for i, col in enumerate(cols):
            values = batch[col]
            results = [c.explain(v) if isinstance(v, str) else None for v in values]
            out[col] = [r.text if r is not None else v for r, v in zip(results, values, strict=True)]
            if report_column and i == 0:
                out[report_column] = [[x.to_dict() for x in r.removals] if r is not None else [] for r in results]
        return out

    return clean_batch


def clean_extracted(text: str | None, cleaner: Cleaner | None = None) -> str | None:
    """Clean what an extractor (trafilatura.extract, newspaper's article.text) returned.

    Extractors keep the promotional lines inside an article's body; they return None (trafilatura) or
    "" (newspaper) when they found nothing, which passes through as it came.
    """
    if not text:
        return text
    return (cleaner or _default_cleaner()).clean(text)


_DEFAULT: list[Cleaner] = []


def _default_cleaner() -> Cleaner:
    if not _DEFAULT:
        _DEFAULT.append(Cleaner())
    return _DEFAULT[0]
