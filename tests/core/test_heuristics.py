"""Position and structure heuristics: menus and repeated lines at the edges go, explained; content stays."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Options
from cleaner.errors import RuleError

ARTICLE = (
    "The council approved the budget on Tuesday after a debate that lasted well into the night.\n"
    "Opposition members said the plan cut too deeply into school funding and would be challenged.\n"
)

# A footer menu: two lines a rule knows (Impressum, Datenschutz) and section names no rule knows.
MENU_FOOTER = "Stadtteile\nVereinsleben\nImpressum\nZeitreise\nDatenschutz\n"


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def _rules(result) -> set[str]:
    return {r.rule for r in result.removals}


def test_menu_cluster_after_the_article_goes_with_its_rule_lines(cleaner):
    result = cleaner.explain(ARTICLE + "\n" + MENU_FOOTER)
    assert result.text == ARTICLE
    assert "heuristic.edge-cluster" in _rules(result)
    removed = {r.text for r in result.removals if r.rule == "heuristic.edge-cluster"}
    assert "Stadtteile\nVereinsleben" in removed and "Zeitreise" in removed


def test_a_sentence_introducing_what_follows_stays_in_a_footer_cluster(cleaner):
    # below the article, a line ending in a colon with more words than a menu item introduces a quote or an
    # embed that the page's text lost; the footer cluster around it still goes
    intro = "Readers on the forum seemed a bit unsure:"
    text = (ARTICLE + intro + "\nPublished 10:02 AM EST Nov 19, 2019\nTerms of Service Privacy Notice\n"
            "\u00a9 Copyright Harbour Press 2018\n")
    result = cleaner.explain(text)
    assert result.text == ARTICLE + intro + "\n"
    assert "heuristic.edge-cluster" in _rules(result)


def test_menu_cluster_before_the_article_goes_but_the_headline_stays(cleaner):
    text = "Home\nStadtteile\nVereinsleben\nKontakt\nImpressum\nCouncil passes budget\n" + ARTICLE
    result = cleaner.explain(text)
    assert result.text == "Council passes budget\n" + ARTICLE
    assert "heuristic.edge-cluster" in _rules(result)


def test_list_of_short_lines_next_to_one_rule_line_stays(cleaner):
    # Film titles after the article and one "Read more": no menu, so only the rule line goes.
    films = "American Gangster\nAtonement\nEastern Promises\nMichael Clayton\nThere Will Be Blood\n"
    result = cleaner.explain(ARTICLE + films + "Read more\n")
    assert result.text == ARTICLE + films
    assert _rules(result) == {"read-more.link"}


def test_ingredient_list_before_the_method_stays(cleaner):
    recipe = "Fig biscuits\n5 fresh figs\n1 cup butter\n1 egg\n2 cups flour\n1 pinch salt\n" + ARTICLE
    assert cleaner.explain(recipe).removals == ()


def test_short_lines_between_paragraphs_with_one_rule_line_stay(cleaner):
    # One line a rule knows is no menu: the list between the paragraphs stays whole.
    middle = ARTICLE + "Stadtteile\nVereinsleben\nImpressum\nZeitreise\nMarktplatz\n" + ARTICLE
    result = cleaner.explain(middle)
    assert result.text == middle


def test_menu_run_between_paragraphs_goes(cleaner):
    # Three lines a rule knows, at most two unknown section names between them: a menu.
    menu = "Impressum\nStadtteile\nVereinsleben\nDatenschutz\nKontakt"
    result = cleaner.explain(ARTICLE + menu + "\n" + ARTICLE)
    assert result.text == ARTICLE + ARTICLE
    assert _rules(result) == {"heuristic.menu-run"}
    assert result.removals[0].text == menu


def test_two_rule_lines_are_no_menu(cleaner):
    text = ARTICLE + "Stadtteile\nVereinsleben\nImpressum\nZeitreise\nDatenschutz\n" + ARTICLE
    assert cleaner.explain(text).removals == ()


def test_two_adjacent_rule_lines_go_but_a_subheading_between_two_ad_labels_stays(cleaner):
    pair = ARTICLE + "Impressum\nDatenschutz\n" + ARTICLE
    result = cleaner.explain(pair)
    assert result.text == ARTICLE + ARTICLE and _rules(result) == {"heuristic.menu-run"}
    sandwich = ARTICLE + "Impressum\nBudget details\nDatenschutz\n" + ARTICLE
    assert cleaner.explain(sandwich).text == sandwich


def test_menu_run_keeps_the_headline_and_the_signature_around_it(cleaner):
    # Unmarked short lines at the ends of the run (a signature, the next headline) are not menu items.
    text = (ARTICLE + "Sincerely,\nMelissa\n\nImpressum\nKontakt\nStadtteile\nDatenschutz\n\n"
            "Council passes budget\n" + ARTICLE)
    out = cleaner.explain(text).text
    assert out == ARTICLE + "Sincerely,\nMelissa\n\nCouncil passes budget\n" + ARTICLE


def test_menu_run_stops_at_a_long_gap_of_unmarked_lines(cleaner):
    # Three unmarked lines in a row end the menu: the list after it is a teaser list or content.
    films = "American Gangster\nAtonement\nEastern Promises\n"
    text = ARTICLE + "Impressum\nKontakt\nDatenschutz\n" + films + ARTICLE
    assert cleaner.explain(text).text == ARTICLE + films + ARTICLE


def test_list_between_paragraphs_without_rule_lines_stays(cleaner):
    recipe = ARTICLE + "5 fresh figs\n1 cup butter\n1 egg\n5 fresh figs\n2 cups flour\n1 egg\n" + ARTICLE
    assert cleaner.explain(recipe).removals == ()


def test_repeated_rule_line_between_paragraphs_goes_but_a_single_one_stays(cleaner):
    twice = ARTICLE + "Impressum\n" + ARTICLE + "Impressum\n" + ARTICLE
    result = cleaner.explain(twice)
    assert result.text == ARTICLE * 3
    assert _rules(result) == {"heuristic.repeated-rule-line"}
    once = ARTICLE + "Impressum\n" + ARTICLE + "Stadtteile\n" + ARTICLE
    assert cleaner.explain(once).removals == ()


def test_inline_rule_hits_do_not_mark_a_menu(cleaner):
    # Photo credits are cut inline; as lines they are captions of the article, not menu items.
    credits = "Foto: dpa\nFoto: Reuters\nFoto: AFP\n"
    text = ARTICLE + credits + ARTICLE
    assert not any(r.rule.startswith("heuristic.") for r in cleaner.explain(text).removals)


def test_inner_heuristics_can_be_disabled():
    text = ARTICLE + "Impressum\nStadtteile\nDatenschutz\nKontakt\n" + ARTICLE + "Impressum\n" + ARTICLE
    c = Cleaner(Options(disable=("heuristic.menu-run", "heuristic.repeated-rule-line")))
    assert c.explain(text).text == text


def test_a_line_that_a_rule_removes_does_not_split_a_menu(cleaner):
    # The comment-form line goes anyway; on a second pass its neighbours would meet, so they are judged
    # as one run on the first pass already (idempotence).
    form = "Your email address will not be published. Required fields are marked with an asterisk *"
    text = ARTICLE + "Stadtteile\nImpressum\n" + form + "\nDatenschutz\nVereinsleben\n" + ARTICLE
    once = cleaner.clean(text)
    assert once == ARTICLE + "Stadtteile\nVereinsleben\n" + ARTICLE
    assert cleaner.clean(once) == once


def test_inner_heuristics_are_idempotent(cleaner):
    text = (ARTICLE + "Impressum\nKontakt\nStadtteile\nDatenschutz\nCouncil passes budget\n" + ARTICLE
            + "Impressum\n" + ARTICLE + "Zeitreise\nImpressum\nKontakt\nMarktplatz\n" + ARTICLE)
    once = cleaner.clean(text)
    assert once != text
    assert cleaner.clean(once) == once


def test_repeated_short_line_at_the_edge_goes(cleaner):
    text = ARTICLE + "Zur Merkliste\nWeitere Infos im Heft\nZur Merkliste\nZur Merkliste\n© 2023 Beispiel GmbH\n"
    result = cleaner.explain(text)
    assert "heuristic.repeated-line" in _rules(result)
    assert "Zur Merkliste" not in result.text
    # the one-off line between the repeated ones is no menu item by itself, but it is in the anchored block
    assert result.text.startswith(ARTICLE)


def test_a_line_above_and_below_the_article_of_a_page_goes(cleaner):
    # a site's name and a menu item in the header and again in the footer: twice, once on each side
    text = ("Skip to content\nMarktblatt Online\nVereine\nBudget passed\n" + ARTICLE
            + "Vereine\nMarktblatt Online\nImpressum\n")
    result = cleaner.explain(text)
    assert result.text == "Budget passed\n" + ARTICLE  # the headline right above the article stays
    assert "heuristic.repeated-line" in _rules(result)


def test_the_first_line_a_category_link_repeats_and_label_lines_stay(cleaner):
    # the page's title comes back as a category link below; "Season: ..." is a record a listing repeats
    text = ("Armfotingar\nSeason: May 1 to October 31\nSkip to content\n" + ARTICLE
            + "Season: May 1 to October 31\nArmfotingar\nImpressum\n")
    result = cleaner.explain(text)
    assert result.text.startswith("Armfotingar\nSeason: May 1 to October 31\n")
    assert "heuristic.repeated-line" not in _rules(result)


def test_a_line_on_both_sides_of_a_text_no_rule_hit_stays(cleaner):
    # a note that opens and closes with the same line is no page: without a rule line, twice is not enough
    text = "Grandmother's recipe\n" + ARTICLE + "Grandmother's recipe\n"
    assert cleaner.explain(text).removals == ()


def test_repeated_line_inside_the_article_stays(cleaner):
    chorus = "Oh what a night\n"
    text = ARTICLE + chorus + ARTICLE + chorus + ARTICLE + chorus + ARTICLE
    assert cleaner.explain(text).removals == ()


def test_a_chorus_the_text_also_sings_inside_stays_at_the_end(cleaner):
    # The same line between the paragraphs, where nothing removes it, makes the repeats at the end a refrain of
    # the text; without that inner one they are a site's repeated furniture and go (test above).
    chorus = "Oh what a night\n"
    text = ARTICLE + chorus + ARTICLE + chorus + chorus + chorus
    assert cleaner.explain(text).removals == ()


def test_document_without_a_content_line_is_left_to_the_rules(cleaner):
    text = "Stadtteile\nVereinsleben\nImpressum\nZeitreise\nDatenschutz\n"
    result = cleaner.explain(text)
    assert "heuristic.edge-cluster" not in _rules(result)
    assert "Stadtteile" in result.text


def test_heuristics_can_be_disabled():
    text = ARTICLE + "\n" + MENU_FOOTER
    result = Cleaner(Options(disable=("heuristic.*",))).explain(text)
    assert not any(r.rule.startswith("heuristic.") for r in result.removals)
    assert "Stadtteile" in result.text
    one_off = Cleaner(Options(disable=("heuristic.edge-cluster",))).explain(text)
    assert "Zeitreise" in one_off.text


def test_unknown_heuristic_id_is_an_error():
    with pytest.raises(RuleError):
        Cleaner(Options(disable=("heuristic.nope",)))


def test_heuristic_removals_are_idempotent(cleaner):
    text = "Home\nStadtteile\nVereinsleben\nKontakt\nImpressum\nCouncil passes budget\n" + ARTICLE + "\n" + MENU_FOOTER
    once = cleaner.clean(text)
    assert cleaner.clean(once) == once


def test_edge_word_matches_do_not_lift_a_sentence_over_a_line_rule(tmp_path):
    # Edge-rule words ("home", "team", "abo") also match inside ordinary words; they must not add coverage
    # to a line rule, whose own match covers too little of this sentence.
    (tmp_path / "x.toml").write_text(
        '[[rule]]\nid = "x.line"\ndescription = "d"\nphrases = ["subscribe now"]\nmin_coverage = 0.5\n'
        'remove = ["Subscribe now"]\nkeep = ["x"]\n'
        '[[rule]]\nid = "x.edge"\ndescription = "d"\nscope = "edge"\nphrases = ["home", "team", "abo"]\n'
        'min_coverage = 0.9\nremove = ["Home"]\nkeep = ["x"]\n',
        encoding="utf-8",
    )
    c = Cleaner(Options(builtin_rules=False, rule_paths=(str(tmp_path),), disable=("heuristic.*",)))
    line = "Hometeam abode: subscribe now\n"  # x.line covers 12 of 25 folded letters; with x.edge, all
    text = ARTICLE + line + ARTICLE
    assert c.explain(text).removals == ()
    assert c.explain(ARTICLE + "Subscribe now!\n" + ARTICLE).removals[0].rule == "x.line"


def test_headline_stays_when_a_one_word_phrase_sits_inside_the_first_paragraph(cleaner):
    # "themen" (an edge rule's heading word) inside "Unternehmen" must not move the content span.
    first = ("Die Unternehmen der Region haben im vergangenen Jahr deutlich mehr investiert als erwartet, "
             "sagte der Verband.\n")
    text = "Home\nStadtteile\nVereinsleben\nKontakt\nImpressum\nInvestitionen steigen\n" + first + ARTICLE
    assert cleaner.explain(text).text == "Investitionen steigen\n" + first + ARTICLE


def test_headline_and_standfirst_between_two_menus_stay(cleaner):
    text = ("Home\nNews\nSport\nShare this page\nFacebook\nTwitter\n"
            "Chatham report says famine risks are badly managed\nBy A. Reporter, environment desk\n"
            "Continue reading the main story\nRelated Stories\n" + ARTICLE)
    out = cleaner.explain(text).text
    assert out.startswith("Chatham report says famine risks are badly managed\nBy A. Reporter, environment desk\n")
    assert out.endswith(ARTICLE)


def test_rules_list_names_the_heuristics():
    from click.testing import CliRunner

    from cleaner.cli import main

    shown = CliRunner().invoke(main, ["rules", "list"]).output
    assert "heuristic.edge-cluster" in shown and "heuristic.repeated-line" in shown
    hidden = CliRunner().invoke(main, ["rules", "list", "--disable", "heuristic.*"]).output
    assert "heuristic." not in hidden
