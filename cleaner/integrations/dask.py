"""Dask adapters: clean a bag of texts or records, or a text column of a dataframe, partition by partition.

The Cleaner is passed to each partition task; it pickles as its options and rule file texts and recompiles
once per worker process (then from the on-disk rule cache), so user rule files need not exist on workers.
"""

from __future__ import annotations

from typing import Any

from ..options import Options
from ..pipeline import Cleaner
from . import make_cleaner


def _clean_items(items: list, cleaner: Cleaner, key: str | None, report_key: str | None) -> list:
    out = []
    for item in items:
        if key is None:
            out.append(cleaner.clean(item) if isinstance(item, str) else item)
            continue
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str):
            out.append(item)
            continue
        result = cleaner.explain(value)
        record = {**item, key: result.text}
        if report_key:
            record[report_key] = result.to_dict()
        out.append(record)
    return out


def clean_bag(bag: Any, cleaner: Cleaner | Options | None = None, *, key: str | None = None,
              report_key: str | None = None, **options) -> Any:
    """A `dask.bag.Bag` of strings (or of dicts, cleaning `key`) -> the same bag, cleaned.

    Records whose field is missing or not a string pass through unchanged; `report_key` adds what was removed.
    """
    c = make_cleaner(cleaner, **options)
    return bag.map_partitions(_clean_items, c, key, report_key)


def _clean_frame(frame: Any, cleaner: Cleaner, column: str, report_column: str | None) -> Any:
    frame = frame.copy()
    values = frame[column].tolist()
    results = [cleaner.explain(v) if isinstance(v, str) else None for v in values]
    frame[column] = [r.text if r is not None else v for r, v in zip(results, values, strict=True)]
    if report_column:
        frame[report_column] = [",".join(sorted({x.rule for x in r.removals})) if r is not None else ""
                                for r in results]
    return frame


def clean_dataframe(df: Any, column: str = "text", cleaner: Cleaner | Options | None = None, *,
                    report_column: str | None = None, **options) -> Any:
    """A `dask.dataframe.DataFrame` -> the same frame with `column` cleaned, partition by partition.

    `report_column` adds a string column with the ids of the rules that removed something (comma-separated),
    which is what a corpus builder filters or counts by.
    """
    c = make_cleaner(cleaner, **options)
    meta = df._meta.copy()
    if report_column:
        meta[report_column] = meta[column].astype(object)
    return df.map_partitions(_clean_frame, c, column, report_column, meta=meta)
