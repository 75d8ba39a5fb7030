"""-o/--output, --output-dir and --separator, with real files on disk."""

from __future__ import annotations

import gzip
import json

from click.testing import CliRunner

from cleaner.cli import main
from cleaner.io.outputs import unescape
from tests.conftest import CLEAN, DIRTY, run_cli


def _cli(*args: str):
    result = CliRunner().invoke(main, ["--no-config", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def _corpus(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(DIRTY)
    (src / "sub" / "b.md").write_text(DIRTY)
    with gzip.open(src / "sub" / "c.txt.gz", "wt") as f:
        f.write(DIRTY)
    (src / "d.jsonl").write_text(json.dumps({"text": DIRTY, "id": 7}) + "\n")
    return src


def test_output_dir_keeps_relative_paths_and_compression(tmp_path):
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    code, stdout, err = _cli("--output-dir", str(out), str(src))
    assert code == 0, err
    assert stdout == b""
    assert (out / "a.txt").read_text() == CLEAN and (out / "sub" / "b.md").read_text() == CLEAN
    assert gzip.decompress((out / "sub" / "c.txt.gz").read_bytes()).decode() == CLEAN
    assert json.loads((out / "d.jsonl").read_text()) == {"text": CLEAN, "id": 7}
    assert (src / "a.txt").read_text() == DIRTY  # inputs untouched


def test_output_dir_inside_the_input_is_not_walked_and_collisions_are_refused(tmp_path):
    src = _corpus(tmp_path)
    code, _, err = _cli("--output-dir", str(src / "cleaned"), str(src))
    assert code == 0, err
    code, _, err = _cli("--output-dir", str(src / "cleaned"), str(src))  # a second run: not its own input
    assert code == 0 and not (src / "cleaned" / "cleaned").exists()
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(DIRTY)
    code, _, err = _cli("--output-dir", str(tmp_path / "o2"), str(src / "a.txt"), str(other / "a.txt"))
    assert code == 2 and "already was" in err


def test_output_file_is_replaced_only_when_the_run_ends_well(tmp_path):
    src = _corpus(tmp_path)
    target = tmp_path / "all.txt"
    target.write_text("old\n")
    code, stdout, err = _cli("-o", str(target), "--separator", "\\f", str(src / "a.txt"), str(src / "sub" / "b.md"))
    assert code == 0 and stdout == b""
    assert target.read_text() == CLEAN + "\f" + CLEAN
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{broken\n')
    code, _, err = _cli("-o", str(target), str(bad))
    assert code == 2
    assert target.read_text() == CLEAN + "\f" + CLEAN  # the failed run left it as it was
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_separator_between_documents_on_stdout(tmp_path):
    src = _corpus(tmp_path)
    proc = run_cli("--no-config", "--separator", "==> {path}\\n", str(src / "a.txt"), str(src / "sub" / "b.md"))
    assert proc.returncode == 0
    assert proc.stdout.decode() == CLEAN + f"==> {src / 'sub' / 'b.md'}\n" + CLEAN
    assert unescape("\\0") == "\0" and unescape("---\\n") == "---\n"


def test_conflicting_output_options_exit_2(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DIRTY)
    for args in (["-i", "-o", str(tmp_path / "x")], ["-o", "x", "--output-dir", "y"], ["--check", "--output-dir", "y"]):
        code, _, err = _cli(*args, str(f))
        assert code == 2, args
    code, _, err = _cli("--output-dir", str(tmp_path / "o"))  # stdin has no name to write it under
    assert code == 2
