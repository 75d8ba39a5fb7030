"""The body model: long runs of short lines around the article go, each explained; lists that content
has stay."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Options
from cleaner.core.body import BARE, RESIDUE, RUN_MIN, core, is_bare, is_residue

OUTSIDE = "heuristic.outside-body"
P1 = "The storm reached the coast on Monday night and damaged hundreds of houses, officials said on Tuesday."
P2 = "Rescue teams worked through the night to reach villages cut off by the floods, the regional government said."
P3 = "Schools stay closed until Thursday, and the army has sent trucks with drinking water to the worst-hit towns."
ARTICLE = "\n".join([P1, P2, P3]) + "\n"
MENU = ["Home", "News", "Sport", "Weather", "Culture", "Travel", "Archive"]


@pytest.fixture(scope="module")
def cleaner(backend_cleaner):
    return backend_cleaner


def removed(cleaner: Cleaner, text: str) -> list[tuple[str, str]]:
    return [(r.rule, r.text) for r in cleaner.explain(text).removals]


def test_a_menu_before_the_article_goes_with_its_reason(cleaner):
    text = "\n".join(MENU) + "\nBig storm hits the coast\n" + ARTICLE
    result = cleaner.explain(text)
    assert result.text == "Big storm hits the coast\n" + ARTICLE
    outside = [r for r in result.removals if r.rule == OUTSIDE]
    # the run counts the headline, which stays as one of the lines right above the article
    assert outside and outside[0].why == f"{len(MENU) + 1} short lines before the first paragraph"
    assert outside[0].to_dict()["why"] == outside[0].why


def test_teasers_after_the_article_go(cleaner):
    teasers = ["Storm season starts early", "Floods in the north", "New dam opens", "Weather map",
               "Readers' photos", "Archive", "Contact", "Imprint", "Privacy", "Jobs", "Advertise", "Shop"]
    result = cleaner.explain(ARTICLE + "\n".join(teasers) + "\n")
    assert result.text == ARTICLE


def test_the_headline_byline_and_date_above_a_share_bar_stay(cleaner):
    top = [*MENU, "Big storm hits the coast", "By Jane Doe", "12 March 2024", "Share on Facebook", "Twitter"]
    result = cleaner.explain("\n".join(top) + "\n" + ARTICLE)
    assert result.text.startswith("Big storm hits the coast\nBy Jane Doe\n")  # the date line is a rule's


@pytest.mark.parametrize("lines", [
    ["The ingredients:", "Flour", "Butter", "Sugar", "Eggs", "Milk", "Salt", "Vanilla"],
    ["We tested these apps", "Signal", "Telegram", "WhatsApp", "Threema", "Wire", "Viber", "Session"],
    ["the river runs slow and wide,", "the reeds bend low beside,", "and swallows skim the tide,",
     "the evening falls outside,", "the lanterns glow with pride,", "and we walk side by side,"],
    ["for item in items:", "    total += item.price", "print(total)", "if total > 10:", "    warn()", "done()"],
    ["Arsenal 2 - 1 Chelsea", "Leeds 0 - 0 Everton", "Spurs 3 - 2 Fulham", "Wolves 1 - 4 Brighton",
     "Burnley 2 - 2 Luton", "Villa 1 - 0 Forest"],
    ["Starters", "Soup of the day", "Green salad", "", "Mains", "Fish pie", "Roast chicken", "",
     "Desserts", "Apple crumble", "Ice cream"],
])
def test_lists_that_content_has_stay(cleaner, lines):
    if lines[0] == "We tested these apps":
        lines = [lines[0] + ":", *lines[1:]]
    text = ARTICLE + "\n".join(lines) + "\n"
    assert [r for r in cleaner.explain(text).removals if r.rule == OUTSIDE] == []


def test_a_short_list_after_the_article_needs_two_rule_lines(cleaner):
    films = ["American Gangster", "Atonement", "Eastern Promises", "Michael Clayton", "There Will Be Blood"]
    assert removed(cleaner, ARTICLE + "\n".join(films) + "\nRead more\n") == [("read-more.link", "Read more")]


def test_a_document_without_paragraphs_is_left_alone(cleaner):
    poem = "\n".join(["Home", "is where the lamp is lit", "Home", "is where the bread is warm"] * 2) + "\n"
    assert [r for r in cleaner.explain(poem).removals if r.rule == OUTSIDE] == []


def test_runs_shorter_than_the_minimum_stay(cleaner):
    text = "\n".join(MENU[:RUN_MIN - 2]) + "\n" + ARTICLE
    assert [r for r in cleaner.explain(text).removals if r.rule == OUTSIDE] == []


def test_the_core_leaves_a_teaser_out():
    lines = ["Home", "A teaser for another story about a quite different subject that runs on and on.", "News",
             "Sport", "Politics", "Culture", P1, P2, P3]
    content = [1, 6, 7, 8]
    assert core(lines, content) == (6, 8)


def test_table_residue_goes_but_a_markdown_separator_stays(cleaner):
    assert is_residue("||") and is_residue("|||+|") and is_residue("| \u2212 |")
    assert not is_residue("|---|---|") and not is_residue("| :-- |") and not is_residue("|a|")
    result = cleaner.explain(ARTICLE + "||\n|||+|\n")
    assert {r.rule for r in result.removals} == {RESIDUE}
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert cleaner.explain(ARTICLE + table).removals == ()


def test_a_wiki_diffs_minus_cells_go_as_residue_but_a_lazy_markdown_separator_stays(cleaner):
    # normalising makes the diff's U+2212 a hyphen: "|\u2212|" reaches the heuristics as "|-|"
    assert is_residue("|-|") and is_residue("|-|| |") and is_residue("||-") and is_residue("|- |||")
    assert not is_residue("|-|-|") and not is_residue("|:-|") and not is_residue("|---|---|")
    table = "| a | b |\n|-|-|\n| 1 | 2 |\n"
    assert cleaner.explain(ARTICLE + table).removals == ()


def test_bare_marks_are_lone_bullets_signature_rules_and_borders():
    assert is_bare("-") and is_bare(" \u2022 ") and is_bare("_" * 17) and is_bare("*-*-*-*-*-*-*-*-*-*-")
    assert is_bare("=-=-=-=-=-=")
    # Markdown's breaks, a poem's or a story's section marks, a table's "no value", short rules
    for line in ("---", "***", "* * *", "___", "*", "\u00b7", "\u2013", "--", "_______", "*-*-*", "...", "?"):
        assert not is_bare(line), line


def test_bare_marks_go_inside_a_post_with_their_reason(cleaner):
    text = P1 + "\n" + "_" * 17 + "\n" + P2 + "\n-\n" + P3 + "\n"
    result = cleaner.explain(text)
    assert result.text == ARTICLE
    assert [(r.start_line, r.rule) for r in result.removals] == [(2, BARE), (4, BARE)]


def test_bare_marks_stay_in_a_markdown_document(cleaner):
    # a setext heading's "-" underline and "________" as a thematic break are structure there
    text = "Notes on the storm\n-\n" + P1 + "\n" + "_" * 12 + "\n" + P2 + "\nSee [the report](https://example.org).\n"
    assert cleaner.explain(text).removals == ()


def test_bare_marks_go_on_the_next_pass_when_the_markdown_that_kept_them_goes(cleaner):
    # the header block takes the fence and the share line; the next pass sees no Markdown and takes the rule
    text = "Share on Facebook\n```\n-\n||\nPosted by admin\n" + "_" * 17 + "\n" + P2 + "\n"
    once = cleaner.clean(text)
    assert "_" * 17 not in once and cleaner.clean(once) == once


def test_disabling_the_heuristic_keeps_the_menu():
    text = "\n".join(MENU) + "\n" + ARTICLE
    plain = Cleaner(Options(disable=("heuristic.outside-body",)))
    assert [r for r in plain.explain(text).removals if r.rule == OUTSIDE] == []


def test_idempotent_on_a_page_shape(cleaner):
    page = "\n".join([*MENU, "Headline", "By A. Writer", P1, "Related", *MENU[:4], P2, P3, *MENU, "Contact"]) + "\n"
    once = cleaner.clean(page)
    assert cleaner.clean(once) == once


def test_a_short_footer_run_goes_under_a_page_header(cleaner):
    # no rule knows these lines, but a menu above the article goes: the text is a flattened page
    footer = ["Storm season starts early", "Floods in the north", "New dam opens", "Rain returns on Sunday",
              "Farmers count the cost", "A town rebuilds"]
    text = "\n".join(MENU) + "\n" + ARTICLE + "\n".join(footer) + "\n"
    result = cleaner.explain(text)
    assert result.text == ARTICLE
    why = [r.why for r in result.removals if r.rule == OUTSIDE and "New dam opens" in r.text]
    assert why == ["6 short lines after the last paragraph, under a page's menus above the article"]


@pytest.mark.parametrize("head", [["Packing list"], ["Packing list", "By Jane Doe", "Leeds", "12 March 2024"]])
def test_a_list_after_an_article_with_only_a_title_above_stays(cleaner, head):
    items = ["Waterproof jacket", "Walking boots", "Two warm jumpers", "Hat and gloves", "Water bottle", "Torch"]
    text = "\n".join(head) + "\n" + ARTICLE + "\n".join(items) + "\n"
    assert [r for r in cleaner.explain(text).removals if r.rule == OUTSIDE] == []


TEASERS = ["- Storm season starts early", "- Floods in the north", "- New dam opens", "- Rain returns on Sunday",
           "- Farmers count the cost", "- A town rebuilds"]


def test_item_teasers_of_a_flattened_page_go(cleaner):
    # '- ' items elsewhere (the page's menu) do not make the text Markdown
    menu = [f"- {m}" for m in MENU]
    result = cleaner.explain("\n".join(menu) + "\n" + ARTICLE + "\n".join(TEASERS) + "\n")
    assert result.text == ARTICLE


def test_item_lists_of_a_markdown_document_stay(cleaner):
    text = "\n".join(f"- {m}" for m in MENU) + f"\n{P1}\n## Rescue\n{P2}\n{P3}\n" + "\n".join(TEASERS) + "\n"
    assert [r for r in cleaner.explain(text).removals if r.rule == OUTSIDE] == []


def test_a_run_of_labels_and_values_stays(cleaner):
    record = ["Customer:", "Jo from Leeds", "Difficulty:", "Really easy", "Time to complete:", "Less than an hour",
              "Tools required:", "Screwdriver"]
    text = "\n".join(MENU) + "\n" + ARTICLE + "\n".join(record) + "\n"
    assert "\n".join(record) in cleaner.explain(text).text


def test_a_reference_in_a_long_run_after_the_article_stays(cleaner):
    tail = ["- ^ Hall, J. Storms of the north coast, 2011", *(f"- {m}" for m in MENU), "- Floods", "- Coasts",
            "- Weather", "- Rescue", "- Villages"]
    result = cleaner.explain(ARTICLE + "\n".join(tail) + "\n")
    assert result.text == ARTICLE + tail[0] + "\n"


INNER = "heuristic.inside-list"
P4 = "Power came back in most of the city by Wednesday evening, the utility said, but some suburbs still wait."
P5 = "Farmers in the valley counted their losses as the water went down, and many fields will not be sown this year."
P6 = "The government promised help for those who lost their homes, and the first payments are due next month."
P7 = "Insurers said claims were arriving faster than after any storm of the last twenty years in the region."
P8 = "Meteorologists warned that the season is not over and asked people near the rivers to stay ready to leave."
SIDEBAR = ["Categories", "Politics", "Economy", "Weather", "Science", "Culture", "Travel", "Sport", "Health",
           "Education", "Technology", "Opinion", "Letters", "Obituaries"]


ZH_SHORT_PROSE = [
    "清晨我们从山脚出发沿着溪谷慢慢往上走去", "路边的野花在薄雾里显得格外安静而且美丽",
    "走了一个多小时终于看见远处山坡上的红色屋顶", "营地的主人笑着迎接我们还端来了热腾腾的茶",
    "院子里那棵老枫树的叶子已经从绿色转成了金黄", "孩子们在落叶堆里跑来跑去笑声传遍了整个山谷",
    "傍晚时分天空慢慢暗下来远处的山峰也看不清了", "我们围着火堆一边烤肉一边聊起了小时候的故事",
    "夜里下起了小雨雨点打在帐篷上发出轻轻的声音", "第二天早上醒来时整片林子都被洗得干干净净",
    "地上铺满了红色和黄色的叶子像一块厚厚的地毯", "朋友拿着相机到处寻找最好看的角度拍个不停",
    "中午收拾好行李我们依依不舍地离开了这个地方", "下山的路上大家都说明年秋天一定还要再来一次",
]
ZH_SIDEBAR = ["分类", "新闻", "旅游", "美食", "露营", "摄影", "生活", "文化", "体育", "科技", "健康", "教育",
              "音乐", "电影"]


def test_a_chinese_sidebar_between_the_paragraphs_goes(cleaner):
    # (its items are two characters: short however they are counted)
    assert cleaner.clean(_page(ZH_SIDEBAR)) == "Big storm hits the coast\n" + _article(ZH_SIDEBAR[-3:])


def _article(middle: list[str]) -> str:
    return "\n".join([P1, P2, P3, P4, *middle, P5, P6, P7, P8]) + "\n"


def _page(middle: list[str]) -> str:
    """The article as a page's text: its menu above it, which outside-body takes."""
    return "\n".join([*MENU, "Big storm hits the coast"]) + "\n" + _article(middle)


def test_a_sidebar_list_between_the_paragraphs_goes_but_for_the_lines_over_the_next_one(cleaner):
    result = cleaner.explain(_page(SIDEBAR))
    inner = [r for r in result.removals if r.rule == INNER]
    assert inner and inner[0].why == f"{len(SIDEBAR)} short lines between paragraphs"
    # the three lines right above the next paragraph may be its heading, byline and date: they stay
    assert result.text == "Big storm hits the coast\n" + _article(SIDEBAR[-3:])
    assert cleaner.clean(result.text) == result.text


def test_a_list_between_the_paragraphs_of_a_plain_text_stays(cleaner):
    # no page chrome around the article: a list of names or ingredients there is the text's own
    assert cleaner.clean(_article(SIDEBAR)) == _article(SIDEBAR)


@pytest.mark.parametrize("middle", [
    [f"- {label}" for label in SIDEBAR],  # a list with list marks
    [f"{label}, {n} June, 7pm" for n, label in enumerate(SIDEBAR, 1)],  # an event listing: details
    ["Ingredients:", *SIDEBAR],  # a list a colon opens
    SIDEBAR[:11],  # shorter than the minimum
    ZH_SHORT_PROSE,  # a Chinese blog's sentences set one to a line: short in characters, not in words
])
def test_lists_between_the_paragraphs_that_content_has_stay(cleaner, middle):
    assert cleaner.clean(_page(middle)) == "Big storm hits the coast\n" + _article(middle)


def test_disabling_the_inside_list_heuristic_keeps_the_list():
    assert Cleaner(Options(disable=(INNER,))).clean(_page(SIDEBAR)) == "Big storm hits the coast\n" + _article(SIDEBAR)
