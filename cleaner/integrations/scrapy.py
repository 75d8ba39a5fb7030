"""A Scrapy item pipeline that cleans text fields of scraped items as they pass.

Enable it in settings.py::

    ITEM_PIPELINES = {"cleaner.integrations.scrapy.CleanerPipeline": 500}
    CLEANER_FIELDS = ["text"]            # item fields to clean (default: ["text"])
    CLEANER_REPORT_FIELD = "removed"     # optional: store what was removed (rule, lines, text) in this field
    CLEANER_RULES = ["my-rules/"]        # optional: extra rule files or folders
    CLEANER_DISABLE = ["share.*"]        # optional: rules to switch off
    CLEANER_QUOTES = "ascii"             # or "keep"
    CLEANER_DROP_EMPTY = False           # True: drop items whose every cleaned field came out empty

Every field of `cleaner.Options` has its setting, named from its [tool.cleaner] key: CLEANER_LANG,
CLEANER_HTML, CLEANER_FIX_ENCODING, CLEANER_BUILTIN_RULES, CLEANER_PROFILE, CLEANER_SITE_MIN_PAGES, ...
(`settings_of_options()` lists them; docs/cli.md has the table).

Works with any item type Scrapy accepts (dict, scrapy.Item, dataclass, attrs) through itemadapter.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter

from cleaner.core.options import Options, options_from, settings, split_languages
from cleaner.core.pipeline import Cleaner


class CleanerPipeline:
    """Cleans the configured fields in place; a missing or non-string field is left alone."""

    def __init__(self, cleaner: Cleaner | None = None, fields: list[str] | tuple[str, ...] = ("text",),
                 report_field: str | None = None, drop_empty: bool = False, stats: Any = None):
        self.cleaner = cleaner or Cleaner()
        self.fields = tuple(fields)
        self.report_field = report_field
        self.drop_empty = drop_empty
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanerPipeline:
        """Read CLEANER_* settings; the Cleaner is built once per crawl, so its rules compile once."""
        s = crawler.settings
        options = options_from_settings(s)
        return cls(Cleaner(options), fields=s.getlist("CLEANER_FIELDS", ["text"]),
                   report_field=s.get("CLEANER_REPORT_FIELD"), drop_empty=s.getbool("CLEANER_DROP_EMPTY", False),
                   stats=getattr(crawler, "stats", None))

    def process_item(self, item: Any, spider: Any = None) -> Any:
        """Clean the item's text fields; raise DropItem when asked to and nothing is left."""
        adapter = ItemAdapter(item)
        report: list[dict[str, object]] = []
        cleaned_any = False
        all_empty = True
        for name in self.fields:
            value = adapter.get(name)
            if not isinstance(value, str):
                continue
            result = self.cleaner.explain(value)
            adapter[name] = result.text
            cleaned_any = True
            all_empty = all_empty and not result.text.strip()
            for removal in result.removals:
                report.append({"field": name, **removal.to_dict()})
                if self.stats is not None:
                    self.stats.inc_value(f"cleaner/removed/{removal.rule}")
        if self.report_field:
            adapter[self.report_field] = report
        if self.drop_empty and cleaned_any and all_empty:
            from scrapy.exceptions import DropItem

            raise DropItem(f"cleaner: nothing left in {', '.join(self.fields)}")
        return item


def settings_of_options() -> dict[str, str]:
    """Scrapy setting -> Options field, for every field (made from the Options metadata)."""
    return {setting.scrapy: setting.name for setting in settings()}


def options_from_settings(s: Any) -> Options:
    """Options from a Scrapy Settings object: each CLEANER_* setting that is set, read by its kind."""
    values: dict[str, object] = {}
    for setting in settings():
        name = setting.scrapy
        if s.get(name) is None:
            continue
        if setting.kind == "bool":
            values[setting.name] = s.getbool(name)
        elif setting.kind == "list":
            values[setting.name] = tuple(s.getlist(name))
        elif setting.kind == "langs":
            raw = s.get(name)
            values[setting.name] = split_languages(raw if isinstance(raw, str) else list(raw))
        elif setting.kind == "int":
            values[setting.name] = s.getint(name)
        elif setting.kind == "float":
            values[setting.name] = s.getfloat(name)
        else:
            values[setting.name] = s.get(name)
    return options_from(values)
