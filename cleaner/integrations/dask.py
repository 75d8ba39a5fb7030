"""Dask adapters: clean a bag of texts or records, or a text column of a dataframe, partition by partition.

The Cleaner is passed to each partition task; it pickles as its options and rule file texts and recompiles
once per worker process (then from the on-disk rule cache), so user rule files need not exist on workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from cleaner.core.options import Options
from cleaner.core.pipeline import Cleaner
from cleaner.integrations import make_cleaner


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
        url = item.get(cleaner.options.url_key) if cleaner.site_filter is not None else None
        result = cleaner.explain(value, url if isinstance(url, str) else None)
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


# -- corpus mode: a site profile as a reduction over partitions ------------------------------------------------

def _profile_partition(items: Iterable, key: str | None, url_key: str, site: str | None, by: str, budget: int,
                       total_budget: int) -> bytes:
    from cleaner.corpus.profile import build_profile

    def pages():
        for item in items:
            if key is None:
                if isinstance(item, str):
                    yield site, item
                continue
            value = item.get(key) if isinstance(item, dict) else None
            if isinstance(value, str):
                url = item.get(url_key)
                yield (url if isinstance(url, str) and url else site), value

    return build_profile(pages(), by, budget, total_budget).to_bytes()


def _merge_partitions(parts: Iterable[bytes]) -> bytes:
    from cleaner.corpus.profile import Profile, merge_profiles

    return merge_profiles(Profile.from_bytes(p) for p in parts).to_bytes()


def profile_bag(bag: Any, *, key: str | None = "text", url_key: str = "url", site: str | None = None,
                by: str = "domain", budget: int | None = None, total_budget: int | None = None) -> Any:
    """A delayed site profile of a bag of records (or of strings, all of `site`): each partition is profiled
    where it lies and the partial profiles are merged (a tree reduction); `.compute()` gives the Profile.

    Then clean with it: `clean_bag(bag, Cleaner(profile=profile), key="text")`; the profile travels to the
    workers by value (as its compact bytes), or pass `Cleaner(profile="path")` to have each worker read it.
    """
    from dask import delayed

    from cleaner.corpus.profile import DEFAULT_BUDGET, DEFAULT_TOTAL, Profile

    per_partition = partial(_profile_partition, key=key, url_key=url_key, site=site, by=by,
                            budget=budget or DEFAULT_BUDGET, total_budget=total_budget or DEFAULT_TOTAL)
    merged = bag.reduction(per_partition, _merge_partitions, split_every=8)
    return delayed(Profile.from_bytes)(merged)
