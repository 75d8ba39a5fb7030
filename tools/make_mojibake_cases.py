"""Write tests/data/mojibake_cases.jsonl: our own sentences in many scripts, encoded as UTF-8 and read
through each code page once or twice (or with a byte 0xA0 turned into a space or lost), and ftfy's repair
of each line.

Run `python tools/make_mojibake_cases.py` after an ftfy upgrade; the sentences are written for this file.
"""

from __future__ import annotations

import json
from pathlib import Path

SENTENCES = [
    "The café on the corner sells crème brûlée for £5 — “really” good…",
    "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Zażółć gęślą jaźń, powiedział łoś.",
    "Saeimā ievēlētās deputātes runāja.",
    "Съешь ещё этих мягких французских булок, да выпей чаю.",
    "Чуєш їх, доцю, га? Кумедна ж ти, прощайся без ґольфів!",
    "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.",
    "Pijamalı hasta yağız şoföre çabucak güvendi.",
    "Straße, Größe, Äpfel und Öl für 3 €.",
    "voilà le travail, à bientôt",
    "日本語のテキストと中文文本",
    "مرحبا بالعالم",
    "Emoji: 😀 👍🏽 🎉 ✓ ★",
    "Quotes ‘single’ and „low“ and «guillemets» ‹one›",
    "Şehir ve ülke: Türkiye, İstanbul",
    "Đây là tiếng Việt có dấu",
]
ENCODINGS = ("latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
             "cp1258", "iso8859-2", "cp437", "mac-roman")


# The second reading: what a misread text is most often read through again.
SECOND = ("cp1252", "cp1251", "latin-1", "mac-roman")


def lost_a0(broken: str) -> list[tuple[str, str]]:
    """The forms in which a continuation byte 0xA0 (read as a no-break space) became a plain space, or
    went missing after "\u00c3" (ftfy repairs both where it can tell)."""
    forms = [("spaced-a0", broken.replace("\u00a0", " ")), ("lost-a0", broken.replace("\u00c3\u00a0", "\u00c3"))]
    return [(kind, form) for kind, form in forms if form != broken]


def misread(text: str, encoding: str) -> str:
    """UTF-8 bytes read through a code page, an undefined byte kept as the Latin-1 character (sloppy)."""
    return "".join(bytes([b]).decode(encoding, "replace").replace("\ufffd", chr(b)) for b in text.encode("utf-8"))


def cases() -> list[dict[str, str]]:
    import ftfy

    out = []
    for sentence in SENTENCES:
        for first in ENCODINGS:
            once = misread(sentence, first)
            readings = [(first, once)] + [(f"{first}+{second}", misread(once, second)) for second in SECOND]
            readings += [(f"{first}+{kind}", lost) for kind, lost in lost_a0(once)]
            for path, broken in readings:
                fixed = ftfy.fix_encoding(broken)
                if fixed != broken:
                    out.append({"input": broken, "ftfy": fixed, "path": path})
    return out


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "tests" / "data" / "mojibake_cases.jsonl"
    rows = cases()
    target.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} cases -> {target.name}")
