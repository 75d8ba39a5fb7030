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

from ..options import Options
from ..pipeline import Cleaner
from . import make_cleaner


class CleanerStep(PipelineStep):
    """Cleans each document; per-rule removal counts go to datatrove's stats (`cleaner/<rule>`).

    report_key: store the removals (rule, lines, text) in `doc.metadata[report_key]`.
    drop_empty: drop documents with no text left (counted as `dropped_empty`), instead of passing them on.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(self, cleaner: Cleaner | Options | None = None, *, report_key: str | None = None,
                 drop_empty: bool = True, **options: Any):
        super().__init__()
        self.cleaner = make_cleaner(cleaner, **options)
        self.report_key = report_key
        self.drop_empty = drop_empty

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Yield the documents of `data`, cleaned."""
        if data is None:
            return
        for doc in data:
            self.stat_update("total")
            with self.track_time():
                result = self.cleaner.explain(doc.text)
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
