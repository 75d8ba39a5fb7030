"""Fuzzing the library and the CLI with a fixed budget: no input makes cleaner crash, hang or lose a record.

hypothesis always (a fixed number of examples); atheris too when it is installed (the integrations extra
on x86-64 Linux), in a subprocess with a fixed number of runs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.core.decode import decode_bytes, looks_binary
from tests.conftest import ROOT

BUDGET = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = ["Follow us on Telegram", "CLICK HERE", "\u00c3\u00a9", "\r\n", "\n", "\x00", "\ufeff", "<p>", "</div>",
          "\u201c", "\u2019", "Copyright 2024", "\u200b", " ", "Read more", "{", '"text"', "\xe9"]
text_like = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40).map("".join)


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


@BUDGET
@given(data=st.one_of(st.binary(max_size=400), text_like.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_library_on_arbitrary_bytes(cleaner, data):
    result = cleaner.explain(data)
    assert isinstance(result.text, str)
    assert cleaner.clean(result.text) == result.text or result.html  # idempotent on its own output
    decoded = decode_bytes(data)
    assert isinstance(decoded.text, str) and isinstance(looks_binary(data), bool)


@BUDGET
@given(data=st.binary(max_size=300), flags=st.sampled_from([[], ["--check"], ["--diff"], ["--explain"],
                                                            ["--html", "always"], ["--quotes", "keep", "--stats"]]))
def test_cli_on_arbitrary_stdin(data, flags):
    result = CliRunner().invoke(main, [*flags, "-"], input=data)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    # 2 only for bytes whose encoding is unclear: refused with what to do, not read as garbage (docs/inputs-outputs.md)
    assert result.exit_code in (0, 1) or (result.exit_code == 2 and "--encoding NAME" in result.stderr), result.stderr


@BUDGET
@given(lines=st.lists(st.one_of(text_like.map(lambda t: json.dumps({"text": t, "id": 1})),
                                st.text(alphabet="{}[]\":,ab 1\\", max_size=20)), max_size=12))
def test_cli_jsonl_keep_never_loses_a_line(lines):
    data = "".join(line.replace("\n", " ").replace("\r", " ") + "\n" for line in lines).encode()
    result = CliRunner().invoke(main, ["--jsonl", "--on-error", "keep", "-"], input=data)
    assert result.exit_code == 0, result.output
    expected = sum(1 for line in data.split(b"\n") if line.strip())
    assert len(result.stdout_bytes.splitlines()) == expected


ATHERIS_TARGET = """
import sys
import atheris

with atheris.instrument_imports():
    from cleaner import Cleaner
    from cleaner.io.jsonl import clean_record
    from cleaner.errors import InputError

cleaner = Cleaner()

def one_input(data: bytes) -> None:
    result = cleaner.explain(data)
    assert isinstance(result.text, str)
    try:
        clean_record(cleaner, data, path="-", lineno=1, text_key="text", report_key="r")
    except InputError:
        pass

atheris.Setup(sys.argv, one_input)
atheris.Fuzz()
"""


def test_atheris_fixed_runs(tmp_path):
    pytest.importorskip("atheris")
    script = tmp_path / "fuzz_target.py"
    script.write_text(textwrap.dedent(ATHERIS_TARGET))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed1").write_bytes(b"Story.\n\nFollow us on Telegram\nCLICK HERE\n")
    (corpus / "seed2").write_bytes(b'{"text": "caf\\u00c3\\u00a9\\r\\nRead more"}')
    proc = subprocess.run([sys.executable, str(script), "-runs=3000", "-seed=1", "-max_len=2048",
                           f"-artifact_prefix={tmp_path}/", str(corpus)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Done 3000 runs" in proc.stderr
