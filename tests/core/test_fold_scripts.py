"""The folded key keeps what carries meaning in the scripts of the world-language rules.

Marks are dropped because for Latin text they are accents; in the Indic scripts the vowel signs are the
vowels, so dropping them folded "फोटो" (photo) and "फट" (burst) to the same key. These tests pin what each
script keeps and what it loses on purpose.
"""

from __future__ import annotations

import pytest

from cleaner.core.fold import fold


def key(text: str) -> str:
    return fold(text).decode("utf-8")


@pytest.mark.parametrize("word, other", [
    ("फोटो", "फट"),          # Devanagari: photo / burst
    ("पढ़ें", "पढ"),         # read (imperative) / its consonants
    ("ছবি", "ছব"),           # Bengali: picture
    ("পড়ুন", "পড"),
])
def test_indic_vowel_signs_are_kept(word, other):
    assert key(word) != key(other)
    assert len(key(word)) > len(key(other))


@pytest.mark.parametrize("with_nukta, without", [
    ("ज़्यादा", "ज्यादा"),     # spelled with and without the nukta
    ("\u095b", "\u091c"),     # precomposed ज़ and plain ज
    ("পড়ুন", "পডুন"),
])
def test_indic_nukta_folds_away_like_an_accent(with_nukta, without):
    assert key(with_nukta) == key(without)


def test_danda_is_punctuation():
    assert key("फोटो: पीटीआई।") == key("फोटो पीटीआई")


@pytest.mark.parametrize("text", [
    "اقرأ أيضا", "یہ بھی پڑھیں", "بیشتر بخوانید", "图片来源", "関連記事", "관련기사", "Đọc thêm", "Soma pia", "আরও পড়ুন",
])
def test_every_script_of_the_rules_folds_to_letters(text):
    folded = key(text)
    assert folded and " " not in folded


def test_arabic_hamza_and_tanween_fold_away():
    # Sites write اقرأ أيضاً, اقرأ أيضا and إقرأ ايضا for the same heading.
    assert key("اقرأ أيضاً") == key("اقرا ايضا") == key("إقرأ أيضا")


def test_arabic_and_persian_letter_forms_stay_distinct():
    # ي (Arabic yeh) and ی (Farsi yeh) do not fold together: rules write the form each language uses.
    assert key("\u064a") != key("\u06cc")


def test_kana_voicing_marks_are_dropped():
    # NFKD splits the dakuten off and the mark goes: a known loss, harmless for matching phrases.
    assert key("ダウンロード") == key("タウンロート")
