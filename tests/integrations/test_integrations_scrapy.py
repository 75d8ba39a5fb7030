"""The Scrapy item pipeline with real Scrapy items, settings, and a real crawl of a local page."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

pytest.importorskip("scrapy")

import scrapy  # noqa: E402
from scrapy.exceptions import DropItem  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from cleaner.integrations.scrapy import CleanerPipeline  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

DIRTY = "The vote is on Sunday.\n\nFollow us on Telegram\nCLICK HERE\n"
CLEAN = "The vote is on Sunday.\n"


class Article(scrapy.Item):
    url = scrapy.Field()
    title = scrapy.Field()
    body = scrapy.Field()
    removed = scrapy.Field()


def test_pipeline_cleans_configured_fields_of_a_scrapy_item():
    crawler = get_crawler(settings_dict={"CLEANER_FIELDS": ["body", "title"], "CLEANER_REPORT_FIELD": "removed",
                                         "CLEANER_QUOTES": "keep"})
    pipeline = CleanerPipeline.from_crawler(crawler)
    item = Article(url="https://example.org/a", title="\u201cVote\u201d", body=DIRTY)
    out = pipeline.process_item(item)
    assert out is item
    assert item["body"] == CLEAN
    assert item["title"] == "\u201cVote\u201d\n"  # quotes kept as configured
    assert item["url"] == "https://example.org/a"
    assert [r["rule"] for r in item["removed"]] == ["messaging.join", "cta.click-here"]
    assert all(r["field"] == "body" for r in item["removed"])


def test_pipeline_leaves_missing_and_non_string_fields_and_drops_empty_when_asked():
    crawler = get_crawler(settings_dict={"CLEANER_DROP_EMPTY": True})
    pipeline = CleanerPipeline.from_crawler(crawler)
    assert pipeline.process_item({"url": "u"}) == {"url": "u"}
    assert pipeline.process_item({"text": None}) == {"text": None}
    with pytest.raises(DropItem):
        pipeline.process_item({"text": "Follow us on Telegram\nCLICK HERE\n"}, spider=None)


def test_user_rules_from_settings(tmp_path):
    rules = tmp_path / "mine.toml"
    rules.write_text('[[rule]]\nid = "mine.mugs"\ndescription = "d"\nphrases = ["buy our mugs"]\n'
                     'remove = ["Buy our mugs!"]\nkeep = ["The council bought mugs."]\n')
    crawler = get_crawler(settings_dict={"CLEANER_RULES": [str(rules)], "CLEANER_DISABLE": ["messaging.*"]})
    pipeline = CleanerPipeline.from_crawler(crawler)
    item = pipeline.process_item({"text": "Story.\n\nBuy our mugs!\n\nFollow us on Telegram\n"})
    assert "Buy our mugs" not in item["text"]
    assert "Follow us on Telegram" in item["text"]  # messaging.* disabled


SPIDER = """
import json, sys
import scrapy
from scrapy.crawler import CrawlerProcess

class Page(scrapy.Spider):
    name = "page"
    start_urls = [sys.argv[1]]

    def parse(self, response):
        yield {{"url": response.url, "text": "\\n".join(response.css("p::text").getall())}}

out = sys.argv[2]
process = CrawlerProcess(settings={{
    "ITEM_PIPELINES": {{"cleaner.integrations.scrapy.CleanerPipeline": 300}},
    "CLEANER_REPORT_FIELD": "removed",
    "FEEDS": {{out: {{"format": "jsonlines"}}}},
    "LOG_LEVEL": "ERROR",
}})
process.crawl(Page)
process.start()
"""


def test_real_crawl_of_a_local_page(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>The vote is on Sunday.</p><p>JOIN US ON WHAT'SAPP</p>"
                    "<p>CLICK HERE</p></body></html>")
    script = tmp_path / "crawl.py"
    script.write_text(textwrap.dedent(SPIDER.format()))
    out = tmp_path / "items.jsonl"
    proc = subprocess.run([sys.executable, str(script), page.as_uri(), str(out)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    items = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(items) == 1
    assert items[0]["text"] == "The vote is on Sunday.\n"
    assert {r["rule"] for r in items[0]["removed"]} == {"messaging.join", "cta.click-here"}
    assert proc.stderr.count("Traceback") == 0
