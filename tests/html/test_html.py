"""HTML mode: block structure, boilerplate containers, link lists, robustness."""

from __future__ import annotations

import pytest

pytest.importorskip("selectolax")

from cleaner.html import html_to_text, html_to_text_full, looks_like_html  # noqa: E402

PAGE = """<!doctype html><html><head><title>T</title><style>p{}</style></head><body>
<header><a href="/">Logo</a></header>
<nav><ul><li><a href="/a">Alpha</a></li><li><a href="/b">Beta</a></li></ul></nav>
<div class="page-content has-sidebar">
  <article>
    <h1>The   headline</h1>
    <p>First paragraph with <b>bold</b> and <a href="/x">a link</a> inside it.</p>
    <p>Second paragraph.<br>After a break.</p>
    <pre>line one
line two</pre>
    <table><tr><td>cell a</td><td>cell b</td></tr></table>
    <div class="share-buttons">Share on Facebook</div>
  </article>
  <div class="sidebar-left">Sidebar text</div>
  <div class="shadow-box">Kept: shadow is not an ad</div>
  <div class="ad">Buy now</div>
  <div id="comments">A comment</div>
  <div aria-hidden="true">Invisible</div>
  <div style="display: none">Hidden by style</div>
  <ul><li><a href="/1">One</a></li><li><a href="/2">Two</a></li><li><a href="/3">Three</a></li>
      <li><a href="/4">Four</a></li></ul>
</div>
<script>var x = "<p>not text</p>";</script>
<footer>Copyright 2024</footer>
</body></html>"""


def test_looks_like_html() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("  <html lang='en'><head></head>")
    assert looks_like_html("<div><p>a</p><p>b</p><ul><li>c</li></ul></div>")
    assert not looks_like_html("Plain text with a stray <b>bold</b> tag.\nAnd more text.")
    assert not looks_like_html("a < b and c > d")
    assert not looks_like_html("")


def test_full_keeps_everything_visible_one_block_per_line() -> None:
    lines = html_to_text_full(PAGE).split("\n")
    assert lines[0] == "Logo"
    assert "The headline" in lines
    assert "First paragraph with bold and a link inside it." in lines
    assert "Second paragraph." in lines and "After a break." in lines
    assert "line one" in lines and "line two" in lines
    assert "cell a" in lines and "cell b" in lines
    for boiler in ("Sidebar text", "Share on Facebook", "Copyright 2024", "Invisible", "One"):
        assert boiler in lines
    assert "not text" not in html_to_text_full(PAGE)
    assert "p{}" not in html_to_text_full(PAGE)
    assert "" not in lines


def test_main_mode_drops_boilerplate_keeps_article() -> None:
    text = html_to_text(PAGE)
    lines = text.split("\n")
    for kept in (
        "The headline",
        "First paragraph with bold and a link inside it.",
        "After a break.",
        "line one",
        "line two",
        "cell a",
        "Kept: shadow is not an ad",
    ):
        assert kept in lines, kept
    for dropped in (
        "Logo",
        "Alpha",
        "Sidebar text",
        "Share on Facebook",
        "Buy now",
        "A comment",
        "Invisible",
        "Hidden by style",
        "One",
        "Copyright 2024",
    ):
        assert dropped not in text, dropped


def test_never_drops_the_article_container_for_its_class() -> None:
    html = (
        '<html><body><div class="main-menu-wrapper"><div id="content"><article><p>'
        + "Real article text. " * 20
        + "</p></article></div></div></body></html>"
    )
    assert "Real article text." in html_to_text(html)


def test_largest_text_block_is_protected_without_article_tag() -> None:
    html = (
        '<html><body><div class="widget-area"><p>' + "Body sentence here. " * 30 + "</p><p>More.</p>"
        "</div></body></html>"
    )
    assert "Body sentence here." in html_to_text(html)


def test_class_tokens_match_whole_parts_only() -> None:
    html = (
        "<html><body>"
        '<div class="thread-header">Header kept</div>'
        '<div class="loaded">Loaded kept</div>'
        '<div class="ads-top">Ad dropped</div>'
        '<div class="socialShare">Camel dropped</div>'
        '<div class="headerAdSlot">Slot dropped</div>'
        # generated ids and CSS-in-JS hashes: their case parts ("Au", "Ad", "Jl") are chance, not words
        '<p id="block-id-n1AuAdJlVL">Generated id kept</p>'
        '<div class="sc-17 kAdOlXE">Hash kept</div>'
        "</body></html>"
    )
    text = html_to_text(html)
    assert "Header kept" in text and "Loaded kept" in text
    assert "Generated id kept" in text and "Hash kept" in text
    assert "Ad dropped" not in text and "Camel dropped" not in text and "Slot dropped" not in text


def test_byline_and_login_boxes_are_boilerplate() -> None:
    # Inside the article's root, where the outside-the-root filter does not reach.
    html = _article_page().replace(
        "<div class='body'>",
        "<div class='body'><div class='article-byline'>By A. Writer, 3 May 2024</div>"
        "<div id='loginBox'>Sign in to comment</div>",
    )
    text = html_to_text(html)
    assert "By A. Writer" not in text and "Sign in to comment" not in text and "Paragraph 4." in text


def test_prose_quoting_markup_is_not_corrupted() -> None:
    html = '<html><body><p>Write class="menu" and id="nav" hidden here</p></body></html>'
    assert html_to_text(html) == 'Write class="menu" and id="nav" hidden here'


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<",
        "<html",
        "<div><p>unclosed <b>tags <table><td>cell",
        "</div></div></body>",
        "<p>\x00nul\x0cform feed</p>",
        "<html><body>" + "<div>" * 2000 + "deep" + "</div>" * 10,
        "<div class=\"a\nb\" id='x>y'>odd attrs</div>",
        "<body><p>caf\u00e9 \U0001f600 \udcff</p></body>",
        '<body><nav hidden role="navigation" class="menu"><div aria-hidden=true hidden>x</div></nav></body>',
    ],
)
def test_malformed_html_does_not_raise(html: str) -> None:
    assert isinstance(html_to_text(html), str)
    assert isinstance(html_to_text_full(html), str)


def test_whitespace_collapsed_and_nbsp_kept_inside_lines() -> None:
    html = "<body><p>  a \n\t b\u00a0\u00a0c  </p><p>\u00a0</p></body>"
    assert html_to_text_full(html) == "a b\u00a0\u00a0c"


_SENT = "The council voted on the new budget after a long debate about schools, roads and parks. "


def _article_page(extra_after: str = "", extra_before: str = "") -> str:
    paragraphs = "".join(f"<p>{_SENT * 2}Paragraph {i}.</p>" for i in range(5))
    return (
        "<html><body><div class='top'><a href='/'>Site name</a><span>Tuesday</span></div>"
        + extra_before
        + "<div class='story'><h1>Council passes the budget</h1><span>By A. Writer</span>"
        + f"<div class='body'>{paragraphs}</div></div>"
        + extra_after
        + "</body></html>"
    )


def test_outside_the_article_only_runs_of_prose_survive() -> None:
    # Prose within a line of the article counts as the article's own (keeping it beats losing a
    # closing paragraph), so the teaser list starts, as on real pages, with its own heading lines.
    teasers = "<h2>More stories</h2><div>Sponsored links</div>" + "".join(
        f"<div class='card'><h3>Teaser headline number {i} here</h3>"
        f"<p>A short summary of another story that ends like a sentence, with some words {i}.</p>"
        f"<span>{i}h ago</span></div>"
        for i in range(4)
    )
    text = html_to_text(_article_page(extra_after=teasers))
    lines = text.split("\n")
    assert lines[0] == "Council passes the budget"
    assert sum(line.startswith("The council voted") for line in lines) == 5
    for gone in ("More stories", "Teaser headline", "A short summary", "h ago", "Site name", "Tuesday"):
        assert gone not in text, gone


def test_prose_next_to_the_article_is_kept() -> None:
    spill = f"<div class='more'><p>{_SENT * 2}Spilled one.</p><p>{_SENT * 2}Spilled two.</p></div>"
    lead = f"<div class='lead'><p>{_SENT}Lead.</p></div>"
    html = _article_page(extra_after=spill).replace("<div class='body'>", lead + "<div class='body'>")
    text = html_to_text(html)
    assert "Spilled one." in text and "Spilled two." in text and "Lead." in text


def test_a_cookie_dialog_is_not_the_main_content() -> None:
    dialog = "<div class='cookie-consent'>" + f"<p>{'We and our partners store cookies on your device. ' * 8}</p>" * 4
    text = html_to_text(_article_page(extra_before=dialog + "</div>"))
    assert "Paragraph 4." in text and "store cookies" not in text


def test_hidden_as_a_class_word_is_not_the_hidden_attribute() -> None:
    html = _article_page().replace("<div class='body'>", "<div class='body hidden gallery'>")
    assert "Paragraph 4." in html_to_text(html)
    assert "Hidden text" not in html_to_text("<body><p hidden>Hidden text</p><p>" + _SENT * 3 + "</p></body>")
    styled = "<body><div style='color:red; DISPLAY: none'>Styled away</div><p>" + _SENT * 3 + "</p></body>"
    assert "Styled away" not in html_to_text(styled)


def test_article_header_keeps_headline_and_lead() -> None:
    header = f"<header><h1>The real headline</h1><p>{_SENT}Lead in header.</p></header>"
    old = "<div class='story'><h1>Council passes the budget</h1>"
    html = _article_page().replace(old, "<div class='story'>" + header)
    text = html_to_text(html)
    assert text.startswith("The real headline\n") and "Lead in header." in text


def test_table_layout_page_is_kept_whole() -> None:
    cells = "".join(f"<p>{_SENT * 2}Cell paragraph {i}.</p>" for i in range(4))
    html = (
        "<html><body><table><tr><td><font size=4>Old style page title</font></td></tr>"
        f"<tr><td>{cells}</td></tr></table></body></html>"
    )
    text = html_to_text(html)
    assert "Old style page title" in text and "Cell paragraph 3." in text


def test_lone_long_line_below_the_article_goes_above_it_stays() -> None:
    long_line = "This site is produced by a team of editors and is best read in a recent browser " * 2 + "ok."
    above = f"<div class='intro'><div>x</div><p>{long_line} Above.</p><div>y</div><div>z</div></div>"
    below = f"<div class='foot'><div>a</div><div>b</div><p>{long_line} Below.</p></div>"
    text = html_to_text(_article_page(extra_before=above, extra_after=below))
    assert "Above." in text and "Below." not in text and "Paragraph 4." in text


def test_marker_characters_in_the_page_do_not_lose_the_article() -> None:
    html = _article_page(extra_before="<div>Icon \ufdd0\ufdd1\ufdd2 \ue001 glyphs</div>")
    text = html_to_text(html)
    assert "Paragraph 4." in text and "Paragraph 0." in text and "\ufdd0" not in text


def test_layout_prefix_l_is_not_a_sidebar() -> None:
    # "l-sidebar-fixed" names a layout that has a sidebar (SMACSS `l-` prefix), not the sidebar itself.
    # With a longer cookie notice on the page, flagging the layout box would leave the notice as the
    # only paragraph text outside boilerplate.
    notice = "<div class='cookie-consent'>" + f"<p>{'We and our partners store cookies on your device. ' * 10}</p>" * 4
    html = _article_page(extra_before=notice + "</div>")
    html = html.replace("<div class='body'>", "<div class='l-sidebar-fixed'><div class='body'>")
    html = html.replace("</div></div></body>", "</div></div></div></body>")
    assert "Paragraph 4." in html_to_text(html)
    assert "Side box" not in html_to_text("<body><div class='sidebar-fixed'>Side box</div><p>" + _SENT * 3)


def test_teaser_cards_as_article_elements_do_not_shield_their_grid() -> None:
    # News sites mark each teaser card up as an <article> wrapped in a link: that must not protect the
    # grid around them from the link-list pass.
    cards = "".join(
        f"<article class='item'><a href='/s{i}'><h4>Other story headline {i}</h4>"
        f"<p>A summary of another story that ends like a sentence, with some words {i}.</p></a></article>"
        for i in range(5)
    )
    text = html_to_text(_article_page(extra_after=f"<section class='grid'>{cards}</section>"))
    assert "Paragraph 4." in text
    assert "Other story headline" not in text and "A summary of another" not in text


def test_root_stops_at_the_article_element_before_teaser_summaries() -> None:
    # Teaser summaries are <p>s too; without the <article> boundary they pull the root up to <body>.
    story = "".join(f"<p>{_SENT * 2}Paragraph {i}.</p>" for i in range(4))
    teasers = "".join(
        f"<div class='card'><div><a href='/s{i}'>Other story {i}</a></div><div><span>x</span></div>"
        f"<p>Summary of another story {i} that is long enough to count as a paragraph of text here.</p></div>"
        for i in range(10)
    )
    html = f"<html><body><div><article><h1>Budget</h1><div>{story}</div></article></div>{teasers}</body></html>"
    text = html_to_text(html)
    assert "Paragraph 3." in text and "Summary of another story" not in text


def test_article_set_in_divs_beats_teaser_summaries_in_ps() -> None:
    # Some news CMSs write each paragraph as bare text in a <div> and the related stories' summaries as <p>s:
    # the divs' own text is paragraph text too, or the teaser list would be taken for the article.
    story = "".join(f"<div class='block'>{_SENT * 3}Paragraph {i}.</div>" for i in range(8))
    teasers = "<ul class='list'>" + "".join(
        f"<li><a href='/s{i}'>Other story {i}</a><p class='sub'>Summary of another story {i} that is long "
        f"enough to count as a paragraph of text here, and longer.</p></li>"
        for i in range(6)
    ) + "</ul>"
    html = f"<html><body><h1>Budget</h1><div class='main'><div>{story}</div><div>{teasers}</div></div></body></html>"
    text = html_to_text(html)
    assert "Paragraph 0." in text and "Paragraph 7." in text
    # (the summary next to the article's end stays, as prose beside the root does: test_prose_next_to_...)
    assert "Other story" not in text and "Summary of another story 5" not in text


def test_text_of_a_comment_in_a_div_does_not_make_a_root() -> None:
    # A forum thread whose posts are bare text in comment boxes: no article root comes of them, the page stays.
    posts = "".join(f"<div class='comment'><div class='comment-text'>{_SENT * 3}Reply {i}.</div></div>"
                    for i in range(5))
    html = f"<html><body><h1>Thread</h1><main>{posts}</main><div>Short note.</div></body></html>"
    text = html_to_text(html)
    assert "Reply 0." in text and "Reply 4." in text


def test_article_text_beats_a_longer_comment_thread() -> None:
    # An open thread: a one-paragraph post and long comments; the page's <article> says which is which.
    post = f"<article><h1>Open thread</h1><div class='entry'><p>{_SENT * 3}Post.</p></div></article>"
    comments = "<ol class='comment-list'>" + "".join(
        f"<li><div class='comment-body'><p>{'I disagree with the budget for several reasons. ' * 12}</p>"
        f"<p>{'More reasons follow from the first one. ' * 8}</p></div></li>"
        for _ in range(3)
    ) + "</ol>"
    text = html_to_text(f"<html><body><main>{post}{comments}</main></body></html>")
    assert "Post." in text and "I disagree" not in text


def test_root_holding_little_of_the_text_keeps_the_whole_page() -> None:
    # A directory page: the entries are <br>-separated text, one short <p> block is the "paragraph text".
    entry = "<b>Builder number {}</b><br>A local contractor offering building services.<br>"
    entries = "".join(entry.format(i) for i in range(30))
    html = (
        f"<html><body><div class='intro'><p>{_SENT * 3}</p></div>"
        f"<div class='list'>{entries}</div></body></html>"
    )
    text = html_to_text(html)
    assert "Builder number 29" in text and "The council voted" in text


def test_short_figcaption_goes_long_one_stays() -> None:
    short = "<figure><img src='a.jpg'><figcaption>The council chamber. Photo: A. Snapper</figcaption></figure>"
    long = f"<figure><img src='b.jpg'><figcaption>{_SENT * 2}Long caption.</figcaption></figure>"
    html = _article_page().replace("<div class='body'>", "<div class='body'>" + short + long)
    text = html_to_text(html)
    assert "Photo: A. Snapper" not in text and "Long caption." in text and "Paragraph 4." in text


def test_a_form_wrapping_the_whole_page_is_not_dropped() -> None:
    # ASP.NET-style pages put everything in one <form>; a real form (or a parked domain's link list) goes.
    row = "<tr><td>Golf course number {}. A fine course by the sea with eighteen holes.</td></tr>"
    rows = "".join(row.format(i) for i in range(8))
    page = f"<html><body><form id='aspnetForm'><table>{rows}</table></form></body></html>"
    assert "Golf course number 7." in html_to_text(page)
    links = "".join(f"<a href='/k{i}'>Keyword {i} dictionary</a> " for i in range(20))
    parked = f"<html><body><form id='parking'>Welcome to example.net {links}</form></body></html>"
    assert "Keyword 19" not in html_to_text(parked)


def test_block_tag_pattern_marks_exactly_the_block_tags() -> None:
    # The pattern is built from the tag list grouped by first letter; a tag lost or gained would move lines.
    from cleaner.html.markup import _BLOCK_TAG, _BLOCK_TAG_I, _BLOCK_TAGS

    for tag in _BLOCK_TAGS.split("|"):
        for markup in (f"<{tag}>", f"</{tag}>", f"<{tag} class=x>", f"<{tag}/>"):
            assert _BLOCK_TAG.sub(b"\f<", markup.encode()) == b"\f" + markup.encode()
            assert _BLOCK_TAG_I.sub(b"\f<", markup.upper().encode()) == b"\f" + markup.upper().encode()
    for markup in ("<span>", "<a href=x>", "<b>", "<img>", "<preface>", "<pa>", "<h7>", "<tdx>", "<u>", "<DIV>"):
        assert _BLOCK_TAG.sub(b"\f<", markup.encode()) == markup.encode()


def test_role_and_hidden_checks_agree_with_their_selectors() -> None:
    # Python decides what _ROLE_SELECTOR and _HIDDEN_SELECTOR would match (cheaper for lexbor): same elements.
    from selectolax.lexbor import LexborHTMLParser

    from cleaner.html.containers import _FLAG_SELECTOR, _HIDDEN_SELECTOR, _ROLE_SELECTOR, _flag_roles_and_hidden

    attributes = [
        "hidden", "HIDDEN", 'hidden=""', 'aria-hidden="true"', 'aria-hidden="TRUE"', 'aria-hidden=" true"',
        'aria-hidden="false"', "aria-hidden", 'style="display:none"', 'style="DISPLAY: NONE"',
        'style="display:\tnone"', 'style="a: b; visibility:hidden"', 'style="visibility: hidden"',
        'style="visibility:hidd"', 'style="border: none"', 'style="d\u0130splay:none"', 'class="hidden"',
        'data-hidden="true"', "", 'role="navigation"', 'role="NAVIGATION"', 'role="x navigation y"',
        'role="x\tsearch"', 'role="x\fbanner"', 'role="x\nbanner"', 'role="x\x0bbanner"', 'role="x\xa0banner"',
        'role="navigations"', 'role="main"', 'role=""', "role", 'role="dialog alertdialog"', 'role="s\u212aarch"',
        'role="complementary" style="display:none"',
    ]
    page = "<body>" + "".join(f"<div {a}>x</div>" for a in attributes)
    reference = LexborHTMLParser(page).body
    hidden_ids = {node.mem_id for node in reference.css(_HIDDEN_SELECTOR)}
    flag_ids = {node.mem_id for node in reference.css(f"{_ROLE_SELECTOR}, {_HIDDEN_SELECTOR}")}
    divs = reference.css("div")
    assert len(divs) == len(attributes) and len(hidden_ids) >= 6 and len(flag_ids) >= 12
    body = LexborHTMLParser(page).body
    hidden = _flag_roles_and_hidden(body)
    flagged = {node.mem_id for node in body.css(_FLAG_SELECTOR)}
    assert [node.mem_id in hidden for node in body.css("div")] == [node.mem_id in hidden_ids for node in divs]
    assert [node.mem_id in flagged for node in body.css("div")] == [node.mem_id in flag_ids for node in divs]


_POST = "".join(f"<p>Paragraph {i} of the post says something worth keeping in the output.</p>" for i in range(6))


@pytest.mark.parametrize(
    "container",
    [
        "<div class='widget Blog' id='Blog1'>{}</div>",  # Blogger's post column
        '<div class="post-body entry-content print-this-content">{}</div>',  # WordPress + a print marker
        '<div class="printReady">{}</div>',
        '<div class="sidebar-wrap field--name-body">{}</div>',  # Drupal body field in a sidebar-named box
    ],
)
def test_content_markers_win_over_a_boilerplate_word(container: str) -> None:
    page = f"<html><body><nav><a href='/'>Home</a></nav>{container.format(_POST)}<footer>Footer</footer></body></html>"
    text = html_to_text(page)
    assert "Paragraph 0 of the post" in text and "Paragraph 5 of the post" in text
    assert "Home" not in text and "Footer" not in text


def test_a_wordpress_posts_categories_are_no_boilerplate_words() -> None:
    # post_class() names the post's categories and tags: "sharing" and "newsletter" are what it is filed
    # under, not a share bar or a newsletter box; a nav of categories has no post marks and stays boilerplate.
    from cleaner.html.containers import _is_boiler_value

    post = b'"post-7 post type-post status-publish category-sharing tag-newsletter-marketing"'
    assert not _is_boiler_value(True, post)
    assert _is_boiler_value(True, b'"post type-post status-publish share-bar"')  # its own word still counts
    assert _is_boiler_value(True, b'"category-nav"') and _is_boiler_value(True, b'"tag-newsletter"')
    page = f'<html><body><div class="category-nav">Recipes</div><article class={post.decode()}>{_POST}</article>'
    text = html_to_text(page + "</body></html>")
    assert "Paragraph 0 of the post" in text and "Recipes" not in text


def test_a_news_ticker_goes() -> None:
    ticker = ("<div class='breaking-news'><ul><li><a href='/a'>Minister resigns after vote</a> "
              "<span>LONDON: The minister resigned on Tuesday after a vote in the house...</span></li></ul></div>"
              "<div class='mh-ticker'><span class='ticker-item'>Storm warning for the coast</span></div>")
    text = html_to_text(f"<html><body>{ticker}<article>{_POST}</article></body></html>")
    assert "Paragraph 0 of the post" in text
    assert "Minister resigns" not in text and "Storm warning" not in text


def test_streamed_segments_and_paywalled_bodies_are_read() -> None:
    # React's streamed rendering sends the article late, as <div hidden id="S:1a"> that a script moves
    # into place; a paywalled body ships whole in a hidden "paywall" box: both are what the reader sees.
    streamed = (f"<html><body><nav>Home</nav><template id='B:1a'></template>"
                f"<div hidden id='S:1a'><article>{_POST}</article></div>"
                "<div hidden id='modal'><p>A hidden dialog that stays hidden whatever its length is here.</p></div>"
                "<script>$RC('B:1a','S:1a')</script></body></html>")
    text = html_to_text(streamed)
    assert "Paragraph 3 of the post" in text and "hidden dialog" not in text and "Home" not in text
    paywalled = (f"<html><body><article><p>{_SENT}</p><div class='paywall' hidden>{_POST}</div>"
                 "<div class='promo-box' hidden><p>Another hidden box of a sentence or two that goes.</p></div>"
                 "</article></body></html>")
    text = html_to_text(paywalled)
    assert "Paragraph 3 of the post" in text and "Another hidden box" not in text
    # ... or paragraph by paragraph, hidden from screen readers until login
    paras = "".join(f"<p class='paywall' aria-hidden='true'>{_SENT}Locked paragraph {i}.</p>" for i in range(3))
    locked = (f"<html><body><article><p>{_SENT}Open paragraph.</p>{paras}"
              "<div class='promo' aria-hidden='true'><p>An icon box hidden from screen readers, of a sentence.</p>"
              "</div></article></body></html>")
    text = html_to_text(locked)
    assert "Locked paragraph 2." in text and "An icon box" not in text


def test_an_article_cut_into_boxes_of_one_class_keeps_every_part() -> None:
    # Ads cut the article into four boxes of one class that reads as a sidebar; the box with the best block
    # is protected, and its siblings of the same class are the article's other parts. A real sidebar box
    # of that class elsewhere (another parent) still goes.
    parts = "".join(
        f"<div class='sidebar-grid__container'><p>Part {i} of the story tells what the council decided "
        f"and why the vote matters for the town's schools and roads.</p><p>{_SENT}</p></div>"
        "<div class='ad'>Advertisement</div>"
        for i in range(4)
    )
    page = (f"<html><body><article class='article'>{parts}</article>"
            "<div class='column'><div class='sidebar-grid__container'><p>Our sister site's podcast on "
            "gardening has a new episode out this week.</p></div></div></body></html>")
    text = html_to_text(page)
    assert all(f"Part {i} of the story" in text for i in range(4))
    assert "podcast" not in text and "Advertisement" not in text


def test_a_mediawiki_articles_link_lists_are_its_own() -> None:
    # An infobox cell and the "See also" list are link lists inside the parsed article: the authors wrote them.
    links = "".join(f"<li><a href='/wiki/T{i}'>Topic number {i}</a></li>" for i in range(4))
    html = (f"<html><body><div id='mw-navigation'><ul>{links.replace('Topic', 'Menu')}</ul></div>"
            f"<div id='content'><div class='mw-body-content'><div class='mw-parser-output'>"
            f"<table class='infobox'><tr><th>Languages</th><td><ul>{links}</ul></td></tr></table>"
            f"<p>{_SENT * 3}</p><p>{_SENT * 2}</p><h2>See also</h2><ul>{links.replace('Topic', 'Related')}</ul>"
            "</div></div></div></body></html>")
    text = html_to_text(html)
    assert "Topic number 3" in text and "Related number 3" in text and "Menu number" not in text


def test_print_buttons_and_share_widgets_still_go() -> None:
    page = (
        f"<html><body><article>{_POST}<div class='print-button'>Print this page</div>"
        "<div class='widget-share'>Share it</div></article></body></html>"
    )
    text = html_to_text(page)
    assert "Paragraph 3" in text and "Print this page" not in text and "Share it" not in text


def test_never_empty_when_the_page_has_paragraphs() -> None:
    page = f"<html><body><nav>Home</nav><div style='display:none'>{_POST}</div></body></html>"
    text = html_to_text(page)
    assert "Paragraph 0 of the post" in text and "Home" not in text
    # Too little paragraph text: empty is the honest answer.
    assert html_to_text("<html><body><div hidden><p>Short one paragraph here.</p></div></body></html>") == ""


def test_every_dropped_block_is_explained_with_rule_place_and_excerpt() -> None:
    from cleaner.html import html_to_text_explained

    text, removed = html_to_text_explained(PAGE)
    assert text == html_to_text(PAGE)
    by_rule = {rule: (where, excerpt) for rule, where, excerpt in removed}
    assert by_rule["html.tag:nav"][1].startswith("Alpha")
    assert by_rule["html.class:sidebar"] == ("div.page-content.has-sidebar > div.sidebar-left", "Sidebar text")
    assert by_rule["html.class:share"][1] == "Share on Facebook"
    assert by_rule["html.class:ad"][1] == "Buy now"
    assert by_rule["html.id:comments"][1] == "A comment"
    assert by_rule["html.hidden"][1] in ("Invisible", "Hidden by style")
    assert by_rule["html.link-list"][1] == "One | Two | Three | Four"
    assert by_rule["html.tag:footer"][1] == "Copyright 2024"
    # Nothing that stayed is reported, and nothing is reported twice.
    assert not any(excerpt in text.split("\n") for _rule, _where, excerpt in removed)
    assert len(set(removed)) == len(removed)


def test_outside_main_lines_are_explained() -> None:
    from cleaner.html import html_to_text_explained

    page = _article_page(extra_after="<div><span>Read more stories</span></div>")
    text, removed = html_to_text_explained(page)
    assert "Read more stories" not in text
    outside = [r for r in removed if r[0] == "html.outside-main" and r[2] == "Read more stories"]
    assert outside and outside[0][1].startswith("after ")


def test_library_and_cli_carry_html_removals(tmp_path) -> None:
    import json
    import subprocess
    import sys

    from cleaner import Cleaner

    result = Cleaner().explain(PAGE)
    html_ones = [r for r in result.removals if r.kind == "html"]
    assert {r.rule for r in html_ones} >= {"html.tag:nav", "html.class:sidebar", "html.link-list"}
    d = html_ones[0].to_dict()
    assert d["kind"] == "html" and d["where"] and "lines" not in d
    page = tmp_path / "page.html"
    page.write_text(PAGE)
    run = subprocess.run([sys.executable, "-m", "cleaner", "--explain", str(page)], capture_output=True, text=True)
    assert run.returncode == 0 and "First paragraph" in run.stdout
    assert "html.class:sidebar: Sidebar text" in run.stderr
    record = json.dumps({"text": PAGE}) + "\n"
    run = subprocess.run([sys.executable, "-m", "cleaner", "--jsonl", "--report-key", "removed"], input=record,
                         capture_output=True, text=True)
    out = json.loads(run.stdout)
    assert any(r["rule"] == "html.tag:nav" and r["kind"] == "html" for r in out["removed"]["removals"])


def test_a_pages_text_rule_removals_say_their_lines_count_in_the_extracted_text(tmp_path) -> None:
    # Line 3 of the text extracted from the page is not line 3 of the HTML file: the CLI says which it is.
    import json
    import subprocess
    import sys

    from cleaner import Cleaner

    page = ("<html><body><nav><a href='/'>Home</a> <a href='/n'>News</a></nav><article><h1>Council votes</h1>"
            "<p>The council met on Monday and voted to repair the schools after a long debate on the budget.</p>"
            "<p>JOIN US ON WHATSAPP, TO GET INSTANT STATUS UPDATES AND BE IN THE KNOW.</p></article></body></html>")
    result = Cleaner().explain(page)
    assert result.html and result.to_dict()["line_numbers"] == "extracted-text"
    assert "line_numbers" not in Cleaner().explain("Plain text.\nJOIN US ON WHATSAPP\n").to_dict()
    path = tmp_path / "page.html"
    path.write_text(page)
    run = subprocess.run([sys.executable, "-m", "cleaner", "--explain", str(path)], capture_output=True, text=True)
    assert f"{path}: text line 3: messaging.join: JOIN US ON WHATSAPP" in run.stderr, run.stderr
    assert f"{path}: html [nav]: html.tag:nav: Home News" in run.stderr
    run = subprocess.run([sys.executable, "-m", "cleaner", "--explain", "--format", "json", str(path)],
                         capture_output=True, text=True)
    rows = [json.loads(line) for line in run.stderr.splitlines()]
    assert {"rule": "messaging.join", "lines": [3, 3], "line_numbers": "extracted-text"}.items() <= \
        next(r for r in rows if r["rule"] == "messaging.join").items()
    assert all("line_numbers" not in r for r in rows if r.get("kind") == "html")


def test_lead_above_a_date_and_byline_is_kept() -> None:
    lead = "The lead of this article says in one sentence what the whole story is going to be about today."
    page = (
        "<html><body><div class='top'><a href='/'>Site</a></div><div><div>News</div>"
        f"<div class='teaser'>{lead}</div><div>10.12.2022 18:27</div><div>By Jane Doe</div></div>"
        f"<div class='story'>{_POST}</div><div>Unrelated teaser text that is long enough to be prose, ok then.</div>"
        "</body></html>"
    )
    text = html_to_text(page)
    assert lead in text and "Paragraph 5" in text
    assert "By Jane Doe" not in text


def test_a_page_that_is_its_comments_keeps_them_an_article_page_does_not() -> None:
    posts = "".join(
        f"<div class='forum-comment' id='comment-{i}'>Post {i}: I tried the update and the store still fails for me "
        "on mobile data, only wifi works.</div>"
        for i in range(6)
    )
    thread = f"<html><body><nav><a href='/'>Forum</a></nav><main><h1>Store broken?</h1>{posts}</main></body></html>"
    text = html_to_text(thread)
    assert "Post 0: I tried" in text and "Post 5: I tried" in text
    article = f"<html><body><article>{_POST}</article><div class='comments'>{posts}</div></body></html>"
    text = html_to_text(article)
    assert "Paragraph 5" in text and "Post 0" not in text


def test_deeply_nested_page_is_bounded_in_time_and_keeps_its_text() -> None:
    import subprocess
    import sys

    # A child process, so a regression is stopped by the timeout instead of hanging the suite (unbounded,
    # lexbor took 41 s on this page).
    code = (
        "from cleaner.html import html_to_text\n"
        "n = 100_000\n"
        "page = '<html><body>' + '<div>' * n + '<p>Deep text at the bottom of it all.</p>' + '</div>' * n\n"
        "page += '<p>Text after the nest.</p><div>' + '<font>x ' * n + '</div></body></html>'\n"
        "out = html_to_text(page)\n"
        "assert 'Deep text at the bottom of it all.' in out and 'Text after the nest.' in out, out[:200]\n"
        "assert out.count('x') >= n\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr


def test_depth_bound_leaves_ordinary_pages_alone() -> None:
    from cleaner.html.markup import MAX_DEPTH, _bound_depth

    page = ("<div><p>a</p><br><img src=x><ul><li>1<li>2</ul></div>" * (MAX_DEPTH // 4)).encode()
    assert page.count(b"<") > MAX_DEPTH and _bound_depth(page) == page


def test_depth_bound_drops_from_one_past_max_depth() -> None:
    # The quick measure of the depth (`_deepest`) and the walk that drops must agree at the edge; self-closed
    # and void tags never nest.
    from cleaner.html.markup import MAX_DEPTH, _bound_depth, _deepest

    for depth, dropped in ((MAX_DEPTH, 0), (MAX_DEPTH + 1, 1), (MAX_DEPTH + 3, 3)):
        page = b"<div>" * depth + b"<x/><br><svg:path d='a/'/>text" + b"</div>" * depth
        out = _bound_depth(page)
        assert _deepest(page) == depth
        assert out.count(b"<div>") == depth - dropped and out.count(b"</div>") == depth - dropped
        assert b"<x/>" in out and b"text" in out


def test_options_comments_tables_headline() -> None:
    from cleaner.html import HtmlOptions, html_to_text_explained

    page = (
        "<html><body><article><h1>The headline here</h1>" + _POST
        + "<table><tr><td>price</td><td>12 EUR</td></tr></table></article>"
        "<div class='comments'><div class='comment'>First comment: a reader agrees with all of this post.</div>"
        "<div class='comment'>Second comment: another reader has a question about it.</div></div></body></html>"
    )
    default = html_to_text(page)
    assert "The headline here" in default and "12 EUR" in default and "First comment" not in default
    text, removed = html_to_text_explained(page, HtmlOptions(comments=True, tables=False, headline=False))
    lines = text.split("\n")
    assert "The headline here" not in text and "12 EUR" not in text
    assert lines[-2:] == ["First comment: a reader agrees with all of this post.",
                          "Second comment: another reader has a question about it."]
    assert {"html.headline", "html.table"} <= {r[0] for r in removed}
    # A layout table holding the article is not a data table.
    layout = f"<html><body><table><tr><td>{_POST}</td></tr></table></body></html>"
    assert "Paragraph 3" in html_to_text(layout, HtmlOptions(tables=False))


def test_cli_html_options(tmp_path) -> None:
    import subprocess
    import sys

    page = tmp_path / "p.html"
    page.write_text(
        f"<html><body><article><h1>Head line</h1>{_POST}</article>"
        "<div id='comments'><p>A reader comment that says the post was helpful, thanks a lot.</p></div></body></html>"
    )
    run = subprocess.run([sys.executable, "-m", "cleaner", str(page)], capture_output=True, text=True)
    assert "Head line" in run.stdout and "reader comment" not in run.stdout
    run = subprocess.run([sys.executable, "-m", "cleaner", "--html-comments", "--no-html-headline", str(page)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "Head line" not in run.stdout and "reader comment that says" in run.stdout


def test_a_class_word_on_a_link_inside_a_sentence_does_not_cut_the_sentence() -> None:
    para = "<p>Read the <a class='popup' href='/x'>full report</a> and the <span class='ad-note'>notes</span> too.</p>"
    page = f"<html><body><article>{_POST}{para}</article><div class='popup'>Subscribe now</div></body></html>"
    text = html_to_text(page)
    assert "Read the full report and the notes too." in text and "Subscribe now" not in text


def test_author_box_goes_a_post_named_after_its_author_stays() -> None:
    bio = "<div class='author-bio'>Jane writes about gardens and has a degree in botany from somewhere.</div>"
    page = f"<html><body><div class='entry entry_author_Jane-Doe'>{_POST}</div>{bio}</body></html>"
    text = html_to_text(page)
    assert "Paragraph 0" in text and "Paragraph 5" in text and "degree in botany" not in text


def test_lines_of_zero_width_characters_are_empty_lines() -> None:
    page = f"<html><body><article>{_POST}<p>\u200b</p><div>\u200b\u200b</div><p>a\u200b</p></article></body></html>"
    lines = html_to_text(page).split("\n")
    assert "\u200b" not in lines and "\u200b\u200b" not in lines and "a\u200b" in lines


def test_root_stops_at_a_platform_content_container() -> None:
    teasers = "".join(
        f"<div class='teaser'><p>Teaser {i} headline about something else entirely on this busy site</p></div>"
        for i in range(4)
    )
    page = f"<html><body><div class='wrap'><div class='entry-content'>{_POST}</div>{teasers}</div></body></html>"
    text = html_to_text(page)
    assert "Paragraph 5" in text and "Teaser 2" not in text


def test_label_of_a_dropped_box_goes_with_it() -> None:
    from cleaner.html import html_to_text_explained

    links = "".join(f"<li><a href='/r{i}'>Related story number {i}</a></li>" for i in range(5))
    page = (
        "<html><body><article><h1>The headline here</h1>" + _POST
        + f"<h3>Weitere Themen</h3><ul class='related'>{links}</ul>"
        + "<h2>Second part of the story</h2><p>" + "More words of the article follow here. " * 8 + "</p>"
        + "</article></body></html>"
    )
    text, record = html_to_text_explained(page)
    assert "Weitere Themen" not in text and "Second part of the story" in text
    assert any(rule == "html.label" and "Weitere Themen" in excerpt for rule, _where, excerpt in record)


def test_read_also_lines_and_teaser_cards_go() -> None:
    from cleaner.html import html_to_text_explained

    card = "<div class='x'><a href='/s'><h2>Another story headline</h2><p>Its summary line is here.</p></a></div>"
    page = (
        "<html><body><article><h1>The headline here</h1>" + _POST
        + "<p><strong>Read also:</strong></p><p><a href='/o'>An older story about the same topic</a></p>"
        + "<p>" + "The article goes on after the link with more words. " * 6 + "</p>"
        + card + "</article></body></html>"
    )
    text, record = html_to_text_explained(page)
    assert "Read also" not in text and "An older story" not in text and "Another story headline" not in text
    assert "The article goes on after the link" in text
    rules = {rule for rule, _where, _excerpt in record}
    assert {"html.read-also", "html.teaser"} <= rules


def test_section_whose_id_spells_its_heading_is_kept() -> None:
    body = "<p>" + "Each developer pushes to a shared repository and pulls the others' work. " * 4 + "</p>"
    page = (
        "<html><body><div class='body'><h1>Guide</h1>" + _POST
        + "<div class='section' id='sharing-with-a-single-developer'>"
        + f"<h2>Sharing with a single developer</h2>{body}</div>"
        + "<div id='share-bar'><a href='/f'>Share on the network</a></div></div></body></html>"
    )
    text = html_to_text(page)
    assert "Sharing with a single developer" in text and "pulls the others' work" in text
    assert "Share on the network" not in text


def test_label_needs_a_short_line_in_characters_too() -> None:
    # Chinese text has no spaces: a whole paragraph is one "word", and is no label of the box after it.
    article = "<div class='lead'>" + "海外留学生看两会出国前后关注点大不同" * 6 + "</div>"
    links = "".join(f"<li><a href='/r{i}'>相关新闻{i}</a></li>" for i in range(5))
    page = f"<html><body><div class='main'>{article}<ul class='related'>{links}</ul>{_POST}</div></body></html>"
    assert "海外留学生看两会" in html_to_text(page)


def test_a_text_that_prepare_makes_a_page_is_taken_for_one() -> None:
    # A C1 control before '#' hides the Markdown heading from the sniff until repair makes it '...': the text
    # with five closing tags is a page to the second cleaning, so the first takes it for one (hypothesis found it).
    from cleaner import Cleaner

    cleaner = Cleaner()
    text = "\x85# Title\n</p></p></p></p></p>"
    once = cleaner.clean(text)
    assert cleaner.explain(text).html and "</p>" not in once
    assert cleaner.clean(once) == once


def test_a_long_text_that_prepare_makes_a_page_is_judged_by_its_own_end() -> None:
    # The same, where what makes it a page (opening and ending with a tag) needs the text's end, past the 4 KB
    # the sniff reads of its head: the whole text is prepared and sniffed (and that preparation is reused
    # when it is no page), not the head alone, which ends in prose.
    from cleaner import Cleaner

    cleaner = Cleaner()
    text = "<b>Notes</b>\n\x85# Title\n" + "The council met on Tuesday and talked. " * 150 + "\n<i>end</i>\n"
    once = cleaner.clean(text)
    assert cleaner.explain(text).html and "<b>" not in once
    assert cleaner.clean(once) == once
    prose = "<b>Notes</b>\n\x85# Title\n" + "The council met on Tuesday and talked. " * 150 + "\n"
    assert not cleaner.explain(prose).html  # no tag at the end: prepared once, cleaned as text
    assert cleaner.clean(prose).startswith("<b>Notes</b>\n...# Title\n")


def test_clean_gives_the_text_explain_gives_without_recording_the_html_stage() -> None:
    # `clean` skips the HTML stage's records (excerpts and element paths): the text must be the same.
    from cleaner import Cleaner

    cleaner = Cleaner()
    page = (f"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>{_POST}</article>"
            "<div class='share-buttons'>Share on Facebook</div><footer>© 2024 Example Ltd</footer></body></html>")
    result = cleaner.explain(page)
    assert result.html and any(r.kind == "html" for r in result.removals)
    assert cleaner.clean(page) == result.text
    assert cleaner.clean(page.encode("utf-8")) == cleaner.explain(page.encode("utf-8")).text
