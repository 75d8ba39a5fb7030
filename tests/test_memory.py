"""Peak memory of a real `cleaner FILE` process grows by less than five times the input.

The peak resident set of each child comes from the kernel (wait4's ru_maxrss); the baseline is a run on a
file of the same shape a thirtieth the size, in the same test, so what a run costs whatever its size (Python,
the rules, the scanner's database, the inline regexes the shape's lines make RE2 compile on first use) is not
counted, only what grows with the input. A file of one line stopped being a baseline when inline regexes became
lazy: it compiles none of them, and they are a constant of the run, not of the input's size. Before documents
were cleaned in pieces, the files here took 12 to 30 times their size.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in kB is Linux's")

FACTOR = 5
_VOCABULARY = ("the of and to in is was for on that with as by at from people year government city council budget "
               "school children water report police court study research university market company price week month "
               "country state public river after about many when than only")
WORDS = _VOCABULARY.split()
MENU = ["Home", "Share this article", "Follow us on Twitter", "Advertisement", "Read more", "CLICK HERE"]


# The child's peak is read by a small process that starts it: a child forked from the test runner would
# report the runner's size if it was larger (Linux keeps the high-water mark of the memory before exec).
_MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.execv(sys.executable, [sys.executable, "-m", "cleaner", sys.argv[1]])
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _peak_mb(path: Path) -> float:
    """Peak resident memory (MB) of `cleaner path > /dev/null`, which must succeed."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], capture_output=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    code, kilobytes = done.stdout.split()
    assert code == b"0", done.stderr.decode()
    return int(kilobytes) / 1024


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30))).capitalize() + "."


def _short_lines(rng: random.Random, n: int) -> str:
    return "".join(f"{rng.choice(MENU)}\n" if rng.random() < 0.1 else f"{rng.choice(WORDS)} {rng.randint(0, 99999)}\n"
                   for _ in range(n))


def _article(rng: random.Random, size: int) -> str:
    out, total = [], 0
    while total < size:
        block = [rng.choice(MENU) for _ in range(rng.randint(3, 10))]
        block += ["", _sentence(rng)[:50].rstrip(". ").title(), ""]
        for _ in range(rng.randint(3, 14)):
            block += [_sentence(rng), ""]
        text = "\n".join(block) + "\n"
        out.append(text)
        total += len(text)
    return "".join(out)


def _paragraph(rng: random.Random, size: int) -> str:
    out, total = [], 0
    while total < size:
        s = _sentence(rng)
        out.append(s)
        total += len(s) + 1
    return " ".join(out) + "\n"


def _dense_line(size: int) -> str:
    """One line where a rule phrase matches every two words ("Share this Share this ..."): kept as (id, start,
    end) tuples, its 545,000 matches took 43 times its size (`cleaner/core/dense.py` sums them instead)."""
    return ("Share this " * (size // 11)).rstrip() + "\n"


# shape -> the document of about that size (characters; lines for short_lines)
SHAPES = {
    "short_lines": (lambda rng, n: _short_lines(rng, n), 300_000),  # about 3.5 MB, 300,000 lines
    "article": (lambda rng, n: _article(rng, n), 3_000_000),  # pages of paragraphs, menus between them
    "paragraph": (lambda rng, n: _paragraph(rng, n), 3_000_000),  # one line of 3 MB
    "dense_line": (lambda rng, n: _dense_line(n), 3_000_000),  # one line of 3 MB, 545,000 phrase matches
}
BASELINE_SHARE = 30  # the baseline file is a thirtieth of the size


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_peak_memory_stays_below_five_times_the_input(tmp_path, shape):
    make, size = SHAPES[shape]
    small, path = tmp_path / f"{shape}-small.txt", tmp_path / f"{shape}.txt"
    small.write_text(make(random.Random(10), size // BASELINE_SHARE))
    path.write_text(make(random.Random(10), size))
    small_mb, size_mb = small.stat().st_size / 2**20, path.stat().st_size / 2**20
    baseline, peak = _peak_mb(small), _peak_mb(path)
    assert peak - baseline < FACTOR * (size_mb - small_mb), \
        f"{shape}: {peak:.0f} MB peak, {baseline:.0f} MB on {small_mb:.2f} MB of the same shape, {size_mb:.1f} MB input"
