"""HTML mode: the page's main text with block structure; menus, teasers, footers and the like dropped.

Speed matters (whole crawls go through here), so almost no Python runs per DOM node. One module per job,
in the order a page goes through them (`extract.py` runs them):

* `charset`: bytes as crawled to text (BOM, HTTP header, `<meta charset>`, UTF-8, then detection);
* `markup`: source preparation: nesting depth bounded, a form feed in front of every block tag (it becomes
  a line break after `text()`), then parsing;
* `containers`: boilerplate containers (nav/header/footer/aside/form tags, class/id words such as "sidebar"
  or "share", with a content container's own marker winning) flagged in the source by a few regex passes;
  roles, hidden elements and display:none found after parsing by one walk with cheap selectors;
* `links`: the link-density pass, only over containers that hold several links (counted once per link);
* `content`: the main content root, found from where the paragraph text is; outside it only the headline,
  the lead and prose survive, judged per line on the rendered text;
* `render`: a node's text as lines;
* `explain`: every removal as (rule id, element path in the page, excerpt), only when asked.
"""

from __future__ import annotations

from cleaner.core.sniff import looks_like_html
from cleaner.html.explain import HtmlRemoval
from cleaner.html.extract import HtmlOptions, html_to_text, html_to_text_explained, html_to_text_full

__all__ = ["looks_like_html", "html_to_text", "html_to_text_full", "html_to_text_explained", "HtmlRemoval",
           "HtmlOptions"]
