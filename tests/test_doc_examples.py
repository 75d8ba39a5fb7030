"""Every example in README.md and docs/*.md runs, so a wrong rule id, flag, key or extra fails CI.

Each fenced block is one test, named by its file and line:
- ``sh``/``bash``/``shell``: every command runs (bash, in a fresh folder holding the repository's seeds/ and the
  small files the examples name: page.txt, page.html, corpus.jsonl, ...; `cleaner` is the command of the Python
  that runs the tests, on this checkout). A command passes when it exits 0 (or 1 when it says `--check`,
  whose "something would change" that is) without a traceback.
- ``console``: lines starting with `$ ` are commands as above; the lines under one are output it must show
  (stdout or stderr; a line ending in `...` is a prefix).
- ``python``: the block runs as a script in such a folder.
- ``toml``: a `[tool.cleaner]` table must load without a warning; `[[rule]]` tables must pass `cleaner rules test`.
- ``yaml``: a pre-commit config names hooks that exist and the current version's tag as its `rev`.
- ``pip install`` commands are not run (installing is CI's first step, `.ci/run`); the distribution name and
  the extras they name are checked against pyproject.toml instead.

A block that cannot run here says so on the line before it: `<!-- doc-test: skip (reason) -->`, or
`<!-- doc-test: needs MODULE[, MODULE] -->` for one that runs when those modules import (CI installs them).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

import cleaner

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL = {"sh", "bash", "shell", "console"}
MARKER = re.compile(r"<!--\s*doc-test:\s*(skip|needs)\s*(.*?)\s*-->")
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
PIP = re.compile(r"^(?:\w+=\S*\s+)*(?:python -m )?pip install\s+(?P<args>[^&|;]*?)\s*(?:&&\s*|$)")
TIMEOUT = 180


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # of the opening fence, 1-based
    lang: str
    text: str
    marker: tuple[str, str] | None

    @property
    def name(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    out: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m or not m.group(2):
            i += 1
            continue
        indent, lang, start = len(m.group(1)), m.group(2), i
        body: list[str] = []
        i += 1
        while i < len(lines) and not FENCE.match(lines[i]):
            line = lines[i]
            body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
            i += 1
        i += 1
        before = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        mark = MARKER.search(before)
        found = (mark.group(1), mark.group(2)) if mark else None
        out.append(Block(page, start + 1, lang, "\n".join(body) + "\n", found))
    return out


ALL = [b for page in PAGES for b in blocks(page) if b.lang in SHELL | {"python", "toml", "yaml"}]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


# -- the folder the examples run in ----------------------------------------------------------------------------

STORY = ("The harbour office said the figures for the month would be published on its own website once they had "
         "been checked by the auditors.")
MENU = "Home | Local | Sport | Culture"
PROMO = "Order the book Tides of Elmsworth from our shop"
PAGE_HTML = ("<!doctype html><html><head><title>Harbour news</title></head><body>"
             "<nav><a href='/'>Home</a> <a href='/sport'>Sport</a> <a href='/local'>Local</a></nav>"
             "<article><h1>Harbour figures</h1>" + f"<p>{STORY}</p>" * 4 +
             "<div class='share'><a href='#'>Share on Facebook</a> <a href='#'>Tweet</a></div></article>"
             "<footer>Copyright 2026 Harbour News. All rights reserved.</footer></body></html>")
RULE_FILE = '''[[rule]]
id = "house.promo"
description = "Our own shop promotion"
scope = "line"
strength = "strong"
phrases = ["order the book tides of elmsworth"]
min_coverage = 0.5
remove = ["Order the book Tides of Elmsworth from our shop"]
keep = ["Nobody in the harbour office had read the book."]
'''


def _pages(site: str, n: int) -> list[dict]:
    words = ["tide", "harbour", "office", "figure", "month", "quay", "boat", "net", "crew", "gull", "storm", "pier"]
    out = []
    for i in range(n):
        body = "\n\n".join(" ".join(words[(i + k + j) % len(words)] for j in range(9)).capitalize() + f" {i}{k}."
                           for k in range(4))
        out.append({"url": f"https://www.{site}/news/{i}", "text": f"{MENU}\n\n{body}\n\n{STORY}\n\n{PROMO}\n"})
    return out


def _warc_record(kind: str, uri: str, rid: str, block: bytes, content_type: str) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: {rid}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2026-01-02T03:04:05Z\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return gzip.compress(head + block + b"\r\n\r\n")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("doc-examples")
    shutil.copytree(ROOT / "seeds", d / "seeds")
    seeds = sorted((ROOT / "seeds" / "input").glob("*.txt"))
    shutil.copy(seeds[0], d / "page.txt")
    (d / "page.html").write_text(PAGE_HTML, encoding="utf-8")
    (d / "texts").mkdir()
    for s in seeds:
        shutil.copy(s, d / "texts" / s.name)
    records = [{"url": f"https://example.org/{s.stem}", "text": s.read_text(encoding="utf-8")} for s in seeds]
    records += _pages("example.org", 12)
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    (d / "corpus.jsonl").write_bytes(jsonl)
    (d / "corpus.jsonl.gz").write_bytes(gzip.compress(jsonl))
    (d / "raw").mkdir()
    (d / "raw" / "part-0.jsonl").write_bytes(jsonl)
    (d / "crawl").mkdir()
    for i, site in enumerate(("example.org", "example.com")):
        part = "".join(json.dumps(r) + "\n" for r in _pages(site, 12)).encode()
        (d / "crawl" / f"part-{i + 1:04d}.jsonl.gz").write_bytes(gzip.compress(part))
    (d / "my-rules").mkdir()
    (d / "my-rules" / "house.toml").write_text(RULE_FILE, encoding="utf-8")
    body = PAGE_HTML.encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    (d / "crawl.warc.gz").write_bytes(
        _warc_record("warcinfo", "", "<urn:uuid:0>", b"software: test\r\n", "application/warc-fields")
        + _warc_record("response", "https://example.org/harbour", "<urn:uuid:1>", http,
                       "application/http; msgtype=response"))
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        pass
    else:
        pq.write_table(pa.Table.from_pylist(records), d / "pages.parquet")
    return d


@pytest.fixture
def workdir(template: Path, tmp_path: Path) -> Path:
    d = tmp_path / "work"
    shutil.copytree(template, d)
    return d


def _env() -> dict[str, str]:
    bindir = str(Path(sys.executable).parent)
    path = os.pathsep.join([bindir, os.environ.get("PATH", "")])
    pythonpath = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PATH": path, "PYTHONPATH": pythonpath, "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of every example: this Python first on PATH, this checkout first on the import path, and
    a `cleaner` command that runs it (the console script when this Python has one)."""
    e = _env()
    if shutil.which("cleaner", path=str(Path(sys.executable).parent)) is None:
        shim = tmp_path_factory.mktemp("bin")
        (shim / "cleaner").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cleaner "$@"\n')
        (shim / "cleaner").chmod(0o755)
        e["PATH"] = os.pathsep.join([str(shim), e["PATH"]])
    return e


# -- running a block --------------------------------------------------------------------------------------------

def commands(text: str) -> list[str]:
    """Logical command lines: continuation lines joined, comments and blank lines left out."""
    out: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        line = pending + line
        pending = ""
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def check_install(args: str) -> None:
    """`pip install ARGS`: what it names must exist (this project's name, its extras)."""
    project = _pyproject()["project"]
    extras = set(project.get("optional-dependencies", {}))
    for arg in args.split("#")[0].split():
        arg = arg.strip("'\"")
        if arg.startswith("-"):
            continue
        m = re.fullmatch(r"(?P<name>[A-Za-z0-9_.-]+)(?:\[(?P<extras>[^\]]*)\])?", arg)
        assert m, f"cannot read the install argument {arg!r}"
        if m.group("name") != ".":
            assert m.group("name") == project["name"], f"pip install {arg}: the distribution is {project['name']}"
        for extra in filter(None, (m.group("extras") or "").split(",")):
            assert extra.strip() in extras, f"pip install {arg}: no extra {extra!r} in pyproject.toml"


def run_command(cmd: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    m = PIP.match(cmd)
    while m:
        check_install(m.group("args"))
        cmd = cmd[m.end():]
        m = PIP.match(cmd)
    if not cmd.strip():
        return subprocess.CompletedProcess(cmd, 0, "", "")
    proc = subprocess.run(["bash", "-c", "set -o pipefail\n" + cmd], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    allowed = {0, 1} if "--check" in cmd else {0}
    assert proc.returncode in allowed and "Traceback" not in proc.stderr, (
        f"$ {cmd}\nexit {proc.returncode}\nstdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-3000:]}")
    return proc


def run_shell(block: Block, cwd: Path, env: dict[str, str]) -> None:
    if block.lang != "console":
        for cmd in commands(block.text):
            run_command(cmd, cwd, env)
        return
    cmd: str | None = None
    expected: list[str] = []

    def finish() -> None:
        if cmd is None:
            return
        proc = run_command(cmd, cwd, env)
        shown = (proc.stdout + proc.stderr).splitlines()
        for want in expected:
            ok = any(line.startswith(want[:-3]) for line in shown) if want.endswith("...") else want in shown
            assert ok, f"$ {cmd}\ndoes not show: {want}\nit shows:\n" + "\n".join(shown[:40])

    for line in block.text.splitlines():
        if line.startswith("$ "):
            finish()
            cmd, expected = line[2:].strip(), []
        elif line.strip() and not line.lstrip().startswith("#"):
            expected.append(line.rstrip())
    finish()


def run_python(block: Block, cwd: Path, env: dict[str, str]) -> None:
    script = cwd / "example.py"
    script.write_text(block.text, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{block.name}\n{block.text}\nstderr: {proc.stderr[-3000:]}"


def run_toml(block: Block, cwd: Path, env: dict[str, str]) -> None:
    data = tomllib.loads(block.text)  # the block itself must be valid TOML
    if "tool" in data and "cleaner" in data["tool"]:
        (cwd / "rules").mkdir(exist_ok=True)
        shutil.copy(cwd / "my-rules" / "house.toml", cwd / "rules" / "house.toml")
        (cwd / "pyproject.toml").write_text(block.text, encoding="utf-8")
        proc = run_command("cleaner --check page.txt", cwd, env)
        # a warning about the configuration (an unknown key) names the file
        assert "pyproject.toml" not in proc.stderr and "warning" not in proc.stderr.lower(), proc.stderr
    if "rule" in data:
        (cwd / "example-rule.toml").write_text(block.text, encoding="utf-8")
        run_command("cleaner rules test --no-builtin-rules example-rule.toml", cwd, env)


def run_yaml(block: Block) -> None:
    if "repos:" not in block.text:
        return
    assert re.search(r"^\s*rev:\s*v" + re.escape(cleaner.__version__) + r"\s*$", block.text, re.M), (
        f"the pre-commit example's rev is not v{cleaner.__version__}")
    hooks = set(re.findall(r"^- id:\s*(\S+)", (ROOT / ".pre-commit-hooks.yaml").read_text(), re.M))
    named = set(re.findall(r"^\s*- id:\s*(\S+)", block.text, re.M))
    assert named and named <= hooks, f"hooks {sorted(named - hooks)} are not in .pre-commit-hooks.yaml"


@pytest.mark.parametrize("block", ALL, ids=[b.name for b in ALL])
def test_doc_example(block: Block, workdir: Path, env: dict[str, str]) -> None:
    if block.marker:
        kind, arg = block.marker
        if kind == "skip":
            assert arg.strip("() "), f"{block.name}: a skip marker says why"
            pytest.skip(f"{block.name}: {arg.strip('() ')}")
        for module in arg.replace(",", " ").split():
            pytest.importorskip(module)
    if block.lang in SHELL:
        run_shell(block, workdir, env)
    elif block.lang == "python":
        run_python(block, workdir, env)
    elif block.lang == "toml":
        run_toml(block, workdir, env)
    else:
        run_yaml(block)


def test_the_pages_have_examples_and_markers_are_well_formed() -> None:
    assert any(b.page.name == "README.md" and b.lang in SHELL for b in ALL)
    for page in PAGES:
        for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if "doc-test" in line:
                assert MARKER.search(line), f"{page.name}:{n}: not a doc-test marker: {line}"


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cmd = "pip install -e '.[test]' && python -m pytest"
    assert cmd in readme and cmd in ci.splitlines()


def test_version_is_the_same_everywhere() -> None:
    assert _pyproject()["project"]["version"] == cleaner.__version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{cleaner.__version__}]" in changelog


def test_the_pages_named_exist() -> None:
    """A path in backticks that names a file of the repository names one that is there (run output excepted)."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for name in re.findall(r"`((?:cleaner|docs|tests|benchmarks|tools|seeds|rules)/[\w./-]*)`", text):
            if "*" in name or name.startswith("benchmarks/out/"):
                continue
            assert (ROOT / name).exists(), f"{page.name} names {name}, which is missing"
