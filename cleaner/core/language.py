"""Language detection, run lazily and deterministically.

langdetect is slow (about 1 MB/s) and random by default; it is seeded once and only ever sees a sample
of the document, and only when a language-restricted rule or a language filter needs the answer.
"""

from __future__ import annotations

import threading

SAMPLE_CHARS = 1000
_lock = threading.Lock()


def _detect(sample: str) -> str:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0  # each Detector seeds its own random.Random from this
    return detect(sample)


def _sample(text: str) -> str:
    # Take the longest lines: boilerplate is short, and long lines carry the article's language.
    lines = sorted((ln for ln in text.split("\n") if ln.strip()), key=len, reverse=True)
    out, size = [], 0
    for ln in lines:
        out.append(ln)
        size += len(ln)
        if size >= SAMPLE_CHARS:
            break
    return "\n".join(out)[: SAMPLE_CHARS * 2]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's main language, or None when there is too little text to tell."""
    sample = _sample(text)
    if sum(c.isalpha() for c in sample) < 20:
        return None
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:  # the profile factory is built once, lazily; a lock keeps that safe across threads
        try:
            lang = _detect(sample)
        except LangDetectException:
            return None
    return lang.split("-")[0]
