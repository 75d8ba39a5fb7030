"""Sentence ends and words of the scripts without Latin punctuation or spaces, as the heuristics see them.

A Hindi paragraph ends in a danda and a Chinese one in 。, and Chinese puts no spaces between words: before
these were known, a short last paragraph in those scripts was no "content line" and went with the footer
menu under it (heuristic.edge-cluster).
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from cleaner.core.heuristics import _is_content, ends_sentence, is_short


@pytest.mark.parametrize("line", [
    "अगली सीरीज अगले महीने खेली जाएगी।", "আগামী মাসে দলটি সিরিজ খেলবে।", "یہ فیصلہ اگلے ماہ ہوگا۔",
    "هل ستنخفض الأسعار؟", "下个月将举行比赛。", "来月に試合が行われる。", "真的吗？", "「来月に行われる。」",
])
def test_world_sentence_ends(line):
    assert ends_sentence(line)
    assert not is_short(line) or len(line) > 60


def test_a_chinese_paragraph_is_a_content_line():
    assert _is_content("市政府周二宣布新医院正式开业，并表示明年将扩展服务。")
    assert _is_content("東京都は火曜日、新しい病院が開業したと発表した。")
    # Menu words with spaces between them stay no content line.
    assert not _is_content("首页 新闻 财经")
    assert not _is_content("关于我们")


@pytest.mark.parametrize("doc, last", [
    ("बांग्लादेश ने तीसरे वनडे में जिम्बाब्वे को छह विकेट से हराकर सीरीज अपने नाम कर ली और कप्तान ने टीम की तारीफ की।\n"
     "अगली सीरीज अगले महीने खेली जाएगी।\nसबसे ज्यादा पढ़ी गई\nहमें फेसबुक पर फॉलो करें\nहमारे व्हाट्सएप चैनल से जुड़ें\n",
     "अगली सीरीज अगले महीने खेली जाएगी।"),
    ("市政府周二宣布新医院正式开业，并表示明年将把医疗服务扩展到周边农村地区，让更多居民就近看病。\n"
     "下个月还将开设儿科门诊。\n相关阅读\n关注我们\n扫码关注公众号\n",
     "下个月还将开设儿科门诊。"),
])
def test_short_last_paragraph_stays_above_the_footer(doc, last):
    out = Cleaner().clean(doc)
    assert last in out
    assert "关注我们" not in out and "हमें फेसबुक पर फॉलो करें" not in out
