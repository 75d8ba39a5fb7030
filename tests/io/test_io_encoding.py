"""Files that are not UTF-8: --encoding, detection with its confidence, and a refusal when unsure.

The texts are written to disk in their legacy encodings and read by the real CLI."""

from __future__ import annotations

import pytest

from cleaner.errors import InputError
from cleaner.io.encoding import detect, oddness, read_text
from tests.conftest import run_cli

RU = ("Городской совет во вторник утвердил бюджет на следующий год. Депутаты долго обсуждали расходы на "
      "школы, больницы и ремонт дорог.\nМэр сказал, что новые автобусы выйдут на линии уже весной.\n")
RU_TRAILER = "Подписывайтесь на наш канал в Телеграме\n"
JA = ("東京都は火曜日、新しい病院が開業したと発表した。来月には小児科の外来も始まる予定で、"
      "周辺の住民からは歓迎の声が上がっている。\n")
KO = ("서울시는 화요일 새 병원이 문을 열었다고 발표했다. "
      "다음 달에는 소아과 진료도 시작할 예정이며 주민들은 크게 반기고 있다.\n")
ZH = "市政府周二宣布新医院正式开业，并表示明年将把医疗服务扩展到周边农村地区，让更多居民就近看病。\n"
FR = ("Le conseil municipal a voté mardi le budget de l'année prochaine. Les élus ont débattu des dépenses "
      "pour les écoles, les hôpitaux et la rénovation des rues où circulent les bus.\nLe maire a précisé "
      "que les travaux débuteront dès février, après l'hiver, près de la gare et du marché.\n")


@pytest.mark.parametrize("text, encoding, shown", [
    (RU, "cp1251", "cp1251"), (JA, "shift_jis", "cp932"), (ZH, "gb18030", "gb18030"), (FR, "latin-1", "cp1252"),
    (KO, "cp949", "cp949"),
])
def test_a_legacy_file_is_detected_and_says_so(tmp_path, text, encoding, shown):
    path = tmp_path / "doc.txt"
    path.write_bytes(text.encode(encoding))
    proc = run_cli("--no-config", str(path))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == text
    err = proc.stderr.decode()
    assert f"read as {shown} (detected, confidence" in err and "--encoding" in err


def test_boilerplate_of_a_cp1251_file_goes_and_in_place_keeps_its_encoding(tmp_path):
    path = tmp_path / "news.txt"
    path.write_bytes((RU + "\n" + RU_TRAILER).encode("cp1251"))
    proc = run_cli("--no-config", "--explain", "-i", str(path))
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == RU.encode("cp1251")  # still cp1251, the channel line gone
    assert "Телеграме" in proc.stderr.decode()


def test_explain_names_the_guess_and_its_confidence():
    reading = read_text("x", RU.encode("cp1251"))
    assert reading.how == "detected" and reading.encoding == "cp1251"
    assert reading.confidence is not None and reading.confidence >= 0.8
    text, guesses = detect(RU.encode("cp1251"))
    assert text == RU and abs(sum(g.confidence for g in guesses) - 1) < 1e-6


def test_encoding_option_decodes_and_strict_refuses_bytes_invalid_in_it(tmp_path):
    path = tmp_path / "ja.txt"
    path.write_bytes(JA.encode("shift_jis"))
    proc = run_cli("--no-config", "--encoding", "shift_jis", str(path))
    assert proc.returncode == 0 and proc.stdout.decode() == JA
    assert b"detected" not in proc.stderr  # named, so not guessed
    proc = run_cli("--no-config", "--encoding", "utf-16-le", "--encoding-errors", "strict", str(path))
    assert proc.returncode == 2 and b"invalid utf-16-le" in proc.stderr
    proc = run_cli("--no-config", "--encoding", "no-such-codec", str(path))
    assert proc.returncode == 2 and b"unknown encoding" in proc.stderr


def test_unclear_bytes_are_refused_with_what_to_do(tmp_path):
    # Bytes no encoding reads as text: every reading is garbage, so none is trusted.
    data = bytes(range(0x80, 0x100)) * 2 + b"\n"
    with pytest.raises(InputError) as info:
        read_text("blob.txt", data)
    assert "encoding is unclear" in str(info.value) and "--encoding" in str(info.value)
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    proc = run_cli("--no-config", str(path))
    assert proc.returncode == 2 and proc.stdout == b""
    assert str(path).encode() in proc.stderr and b"pass --encoding NAME" in proc.stderr


def test_a_few_stray_bytes_in_utf8_stay_the_lossless_cp1252_reading():
    mixed = "Café crème, naïve résumé: déjà vu.\n".encode() + b"One stray \xe9 byte.\n"
    reading = read_text("x", mixed)
    assert reading.how == "stray-bytes" and reading.text.endswith("One stray \u00e9 byte.\n")


def test_oddness_sees_wrong_readings():
    assert oddness(FR) == 0 and oddness(RU) == 0 and oddness(JA) == 0
    assert oddness(FR.encode("latin-1").decode("cp1251")) > 3  # French read as Cyrillic
    assert oddness(FR.encode("mac_roman").decode("cp1252", errors="replace")) > 10  # a Mac file read as Windows: "votŽ"
    assert oddness(FR.encode("cp850").decode("latin-1")) > 10  # a DOS file read as Latin-1: C1 controls
