"""Behaviour of the removal decisions: precision guard, blocks at the edges, obfuscation, inline spans."""

from __future__ import annotations

import pytest

from cleaner import Cleaner, Options, clean

ARTICLE = (
    "The council approved the budget on Tuesday after a long debate about road repairs.\n"
    "Opponents said the plan would raise local taxes by several percent next year.\n"
)


@pytest.mark.parametrize(
    "trailer",
    [
        "JOIN US ON WHAT'SAPP, TO GET INSTANT STATUS UPDATES AND BE IN THE KNOW.",
        "Join us on W h a t s A p p for instant updates",
        "Join us on W.h.a.t.s.A.p.p for instant updates",
        "Join us on \uff37\uff48\uff41\uff54\uff53\uff41\uff50\uff50 for instant updates",  # fullwidth
        "Join us on Wh\u0430ts\u0430pp for instant updates",  # Cyrillic a
        "Join us on Whats\u200bApp \U0001f4f1\U0001f525 for instant updates",  # zero-width, emoji
    ],
)
def test_obfuscated_trailer_goes_with_its_weak_neighbour(trailer):
    text = ARTICLE + "\n" + trailer + "\nCLICK HERE"
    assert clean(text) == ARTICLE


def test_weak_line_alone_stays():
    text = ARTICLE + "CLICK HERE\n"
    assert clean(text) == text


def test_mention_inside_article_stays():
    text = (
        "Click here is what the banner said, according to the complaint.\n"
        + ARTICLE
        + "Users can join us on WhatsApp, the company claimed in its filing, though regulators doubted the "
        "figures it gave for the number of people who had actually done so during the trial period.\n"
    )
    assert clean(text) == text


def test_header_block():
    text = "Share on Facebook\nFacebook Twitter Email\n\n" + ARTICLE
    result = Cleaner().explain(text)
    assert result.text == ARTICLE
    assert [r.rule for r in result.removals] == ["share.bar", "share.buttons"]


def test_line_in_middle_removed_when_covered():
    text = ARTICLE + "Advertisement\n" + ARTICLE
    result = Cleaner().explain(text)
    assert result.text == ARTICLE + ARTICLE
    assert [(r.rule, r.start_line, r.end_line) for r in result.removals] == [("ads.label", 3, 3)]


def test_inline_teaser_line():
    text = ARTICLE + "ALSO READ: Markets rally after rate cut\n" + ARTICLE
    result = Cleaner().explain(text)
    assert result.text == ARTICLE + ARTICLE
    assert result.removals[0].rule == "read-more.teaser"


def test_disable_rule_and_family():
    text = ARTICLE + "\nFollow us on Telegram\n"
    assert Cleaner(Options(disable=("messaging.join",))).clean(text) == text
    assert Cleaner(Options(disable=("messaging.*",))).clean(text) == text
    assert Cleaner().clean(text) == ARTICLE


def test_unknown_disable_is_an_error():
    from cleaner import RuleError

    with pytest.raises(RuleError, match="no rule has the id"):
        Cleaner(Options(disable=("no.such-rule",)))


def test_crlf_preserved():
    text = ARTICLE.replace("\n", "\r\n") + "\r\nFollow us on Telegram\r\n"
    assert clean(text) == ARTICLE.replace("\n", "\r\n")


def test_quotes_keep_mode():
    text = "He said \u201cno\u201d and left \u2014 it\u2019s over.\n"
    assert clean(text) == "He said \"no\" and left \u2014 it's over.\n"
    assert clean(text, quotes="keep") == text


def test_cjk_punctuation_untouched():
    text = "\u4eca\u5929\u5929\u6c14\u5f88\u597d\uff0c\u6211\u4eec\u53bb\u516c\u56ed\u3002\u300c\u597d\u300d\uff01\n"
    assert clean(text) == text


def test_mojibake_repaired_and_reported():
    result = Cleaner().explain("The caf\u00c3\u00a9 opened on Monday.\n")
    assert result.text == "The caf\u00e9 opened on Monday.\n"
    assert result.repaired_encoding
    assert Cleaner(Options(fix_encoding=False)).clean("caf\u00c3\u00a9\n") == "caf\u00c3\u00a9\n"


def test_bytes_input_with_invalid_utf8_keeps_text():
    assert clean(b"Caf\xe9 au lait\n") == "Caf\u00e9 au lait\n"


def test_language_filter():
    de = "Der Gemeinderat hat am Dienstag den Haushalt nach einer langen Debatte beschlossen.\n"
    result = Cleaner(Options(languages=("en",))).explain(de)
    assert result.text == "" and result.removals[0].rule == "lang-filter"
    assert Cleaner(Options(languages=("de",))).clean(de) == de


def test_language_restricted_rule(tmp_path):
    (tmp_path / "de.toml").write_text(
        '[[rule]]\nid = "x.de-only"\ndescription = "German only"\nlanguages = ["de"]\n'
        'phrases = ["jetzt spenden"]\nremove = [{ text = "Der Gemeinderat hat am Dienstag den Haushalt '
        'beschlossen, nach einer langen Debatte.\\nJetzt spenden!\\n", expected = "Der Gemeinderat hat am '
        'Dienstag den Haushalt beschlossen, nach einer langen Debatte.\\n" }]\nkeep = ["x"]\n',
        encoding="utf-8",
    )
    cleaner = Cleaner(Options(rule_paths=(str(tmp_path),)))
    en = "The council approved the budget on Tuesday after a long debate.\nJetzt spenden!\n"
    assert cleaner.clean(en) == en
    de = "Der Gemeinderat hat am Dienstag den Haushalt beschlossen, nach einer langen Debatte.\nJetzt spenden!\n"
    assert cleaner.clean(de) == de.split("\n")[0] + "\n"


def test_cleaner_pickles():
    import pickle

    cleaner = Cleaner(Options(disable=("ads.*",)))
    copy = pickle.loads(pickle.dumps(cleaner))
    text = ARTICLE + "\nFollow us on Telegram\n"
    assert copy.clean(text) == cleaner.clean(text) == ARTICLE
    assert copy.options == cleaner.options


def test_document_that_is_all_edge_needs_full_coverage():
    # With no body between them, header and trailer mean nothing: a lone sentence that mentions a
    # newsletter stays, a lone call to action goes, and a weak line goes only with a strong one.
    sentence = "More than 40,000 readers subscribe to the newsletter, which the founders started in 2015.\n"
    assert clean(sentence) == sentence
    assert clean("Follow us on Twitter\n") == ""
    assert clean("Follow us on Twitter\nCLICK HERE\n") == ""
    assert clean(sentence + "CLICK HERE\n") == sentence + "CLICK HERE\n"


def test_a_strong_rule_that_matched_too_little_still_keeps_a_doubtful_line_when_no_body_is_left():
    # collect_hits leaves out edge hits too weak to act, but a line they are strong on must still count
    # as "doubtful strong" in a document the edge blocks would take whole: it stays.
    from cleaner.core.engine import LineHit, LineRules, decide

    lines = ["JOIN US ON WHATSAPP", "click here now"]
    sure = LineHit(None, "messaging.join", "strong", "edge", 1.0, 0.5, 0.2, all_coverage=1.0)
    weak = LineHit(None, "cta.click", "weak", "edge", 0.6, 0.5, 0.2, all_coverage=0.6)
    quiet = LineHit(None, "nav.word", "strong", "edge", 0.1, 0.8, 0.7, all_coverage=0.6)
    lengths = [17, 12]
    with_quiet_hit = decide(lines, lengths, {0: LineRules([sure], 0.0), 1: LineRules([weak, quiet], 0.0)})
    left_out = decide(lines, lengths, {0: LineRules([sure], 0.0), 1: LineRules([weak], 0.0)}, quiet_strong={1})
    assert with_quiet_hit.removed == left_out.removed == {0: "messaging.join"}
    assert decide(lines, lengths, {0: LineRules([sure], 0.0), 1: LineRules([weak], 0.0)}).removed == {
        0: "messaging.join", 1: "cta.click"}


def test_a_prompt_reported_in_a_sentence_stays_and_the_prompt_itself_goes():
    # After a comma, within three words, a verb of saying: the sentence quotes the prompt (engine.reports_speech).
    from cleaner import clean
    from cleaner.core.engine import reports_speech

    body = ("The council met on Tuesday evening and argued for three hours about the new bus shelter on Mill "
            "Road.\n\n")
    reported = ("Subscribe to our newsletter, the mayor joked as the meeting closed, and you will hear about it "
                "first.\n")
    assert clean(body + reported) == body + reported
    prompt = "Subscribe to our newsletter to get the latest news and offers delivered to your inbox every day.\n"
    assert clean(body + prompt) == body.rstrip("\n") + "\n"
    assert reports_speech("Abonnieren Sie unseren Newsletter, sagte der Bürgermeister zum Schluss, dann wissen Sie es.")
    assert not reports_speech("Follow us on Facebook, Twitter and Instagram")  # no verb of saying, no sentence
    assert not reports_speech("Subscribe, said the editor.")  # too short to be a reported sentence
    assert not reports_speech("Copyright © 2000-2003, Unicorn Enterprises SA. All rights reserved.  Legal Notice.")
    # Before the prompt with a colon: a subject of two to five words first ("Read more: <title>" has none).
    assert reports_speech("The sign read: We use cookies. Nobody understood the joke at first, and then everybody did.")
    assert not reports_speech("Read more: How the council spent the budget on the new bus shelter on Mill Road.")
