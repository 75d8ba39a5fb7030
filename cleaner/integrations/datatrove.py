"""A datatrove pipeline step that cleans `Document.text` and records what was removed.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.integrations.datatrove import CleanerStep

    LocalPipelineExecutor(pipeline=[JsonlReader("raw/"), CleanerStep(), JsonlWriter("clean/")], tasks=8).run()
"""

from __future__ import annotations

from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from cleaner.core.options import Options
from cleaner.core.pipeline import Cleaner
from cleaner.integrations import make_cleaner


class CleanerStep(PipelineStep):
    """Cleans each document; per-rule removal counts go to datatrove's stats (`cleaner/<rule>`).

    report_key: store the removals (rule, lines, text) in `doc.metadata[report_key]`.
    drop_empty: drop documents with no text left (counted as `dropped_empty`), instead of passing them on.
    **options: any field of `cleaner.Options` (quotes, disable, languages, html, profile, ...: the table in
    docs/cli.md), checked against the Options fields when the step is made.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(self, cleaner: Cleaner | Options | None = None, *, report_key: str | None = None,
                 drop_empty: bool = True, **options: Any):
        super().__init__()
        self.cleaner = make_cleaner(cleaner, **options)
        self.report_key = report_key
        self.drop_empty = drop_empty

    def _url(self, doc) -> str | None:
        """The page's URL for corpus mode (a site profile): `doc.metadata[url_key]`."""
        if self.cleaner.site_filter is None:
            return None
        url = doc.metadata.get(self.cleaner.options.url_key)
        return url if isinstance(url, str) else None

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Yield the documents of `data`, cleaned."""
        if data is None:
            return
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                result = self.cleaner.explain(doc.text, self._url(doc))
            doc.text = result.text
            if result.changed:
                self.stat_update("changed")
            for removal in result.removals:
                self.stat_update(f"cleaner/{removal.rule}")
            if self.report_key:
                doc.metadata[self.report_key] = [r.to_dict() for r in result.removals]
            if self.drop_empty and not doc.text.strip():
                self.stat_update("dropped_empty")
                continue
            self.update_doc_stats(doc)
            yield doc


class ProfileStep(PipelineStep):
    """Corpus mode, first pipeline: count each site's repeated lines; each task writes `<rank>.profile` to
    `output_folder` and passes the documents on unchanged.

    The second pipeline cleans with all of them: `CleanerStep(profile=output_folder)` (a folder of profiles
    is read as their sum), the URL taken from `doc.metadata[url_key]`.
    """

    name = "🧮 site profile"
    type = "📊 - STATS"

    def __init__(self, output_folder: str, *, url_key: str = "url", by: str = "domain", budget: int | None = None,
                 total_budget: int | None = None):
        super().__init__()
        self.output_folder = output_folder
        self.url_key = url_key
        self.by = by
        self.budget = budget
        self.total_budget = total_budget

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Count the documents of `data` into this task's profile, yielding them as they came."""
        import os

        from cleaner.corpus.profile import DEFAULT_BUDGET, DEFAULT_TOTAL, Profile, write_profile

        profile = Profile(self.by, self.budget or DEFAULT_BUDGET, self.total_budget or DEFAULT_TOTAL)
        for doc in data or ():
            url = doc.metadata.get(self.url_key)
            site = profile.site_of(url) if isinstance(url, str) else None
            with self.track_time():
                if site is not None:
                    profile.add_page(site, doc.text)
            self.stat_update("profiled" if site is not None else "no_site")
            yield doc
        os.makedirs(self.output_folder, exist_ok=True)
        write_profile(profile, os.path.join(self.output_folder, f"{rank:05d}.profile"))
