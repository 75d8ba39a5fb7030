"""The optional compiled build (mypyc, see pyproject.toml): it compiles the modules `cleaner.core.build` names,
and cleans real and generated documents exactly as the plain Python sources do. CI runs the whole suite
once each way."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tomllib

import pytest

from cleaner import Cleaner
from cleaner.core.build import COMPILABLE, compiled_modules, describe
from tests.conftest import ROOT
from tests.core.test_fixpoint import CONTENT, MENU
from tests.test_dev_corpus import DOCS
from tests.test_properties import PIECES


def test_the_build_compiles_the_modules_build_names():
    hook = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    include = hook["hooks"]["mypyc"]["include"]
    assert sorted(include) == sorted(f"/cleaner/core/{name}.py" for name in COMPILABLE)


def test_version_says_how_cleaner_runs():
    out = subprocess.run([sys.executable, "-m", "cleaner", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    assert describe() in out.stdout


@pytest.mark.skipif(os.environ.get("CLEANER_EXPECT_COMPILED") != "1", reason="CI sets it after the compiled build")
def test_every_compilable_module_is_compiled():
    assert compiled_modules() == list(COMPILABLE)


# Imports cleaner from the sources only (no compiled module), cleans the documents given on stdin and prints
# each result; run in a child process, so that both builds clean the same documents.
_PURE = """
import json, os, sys
from importlib.machinery import FileFinder, SourceFileLoader
package_dir = os.path.realpath(sys.argv[1])
def sources_only(path):
    real = os.path.realpath(path or ".")
    if real == package_dir or real.startswith(package_dir + os.sep):  # the package and its subpackages
        return FileFinder(path, (SourceFileLoader, [".py"]))
    raise ImportError
sys.path_hooks.insert(0, sources_only)
sys.path_importer_cache.clear()
import cleaner, cleaner.core.build
assert cleaner.core.build.compiled_modules() == [], cleaner.core.build.compiled_modules()
c = cleaner.Cleaner()
for doc in json.load(sys.stdin):
    result = c.explain(doc)
    print(json.dumps([result.text, result.to_dict()]))
"""


def _generated(n: int) -> list[str]:
    """Page shapes and odd text from the property tests' pieces, drawn with a fixed seed: the edge cases
    (empty lines, controls, look-alikes, lone symbols, menus around one sentence) real pages seldom hold."""
    rng = random.Random(4)
    alphabet = "".join(map(chr, range(0x20, 0x250))) + "\u200b\u2022\u2013\ufffd\U0001f600\uff37\u0430\n\r\t\x00"
    docs = []
    for _ in range(n):
        head, tail = ([rng.choice(MENU) for _ in range(rng.randrange(14))] for _ in range(2))
        body = [rng.choice(CONTENT + MENU) for _ in range(rng.randrange(1, 14))]
        docs.append("\n".join(head + body + tail))
        docs.append("\n".join(rng.choice(PIECES) if rng.random() < 0.7 else "".join(rng.choices(alphabet, k=40))
                              for _ in range(rng.randrange(12))))
    return docs


def _documents() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").rglob("*")) if p.is_file()]
    mojibake = [d.encode("utf-8").decode("cp1252", errors="replace") for d in seeds]
    return seeds + mojibake + [doc for _, doc in DOCS[::3]] + _generated(1000)


@pytest.mark.skipif(not compiled_modules(), reason="the modules run as plain Python")
def test_compiled_cleans_as_the_sources_do():
    docs = _documents()
    pure = subprocess.run([sys.executable, "-c", _PURE, str(ROOT / "cleaner")], input=json.dumps(docs),
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert pure.returncode == 0, pure.stderr
    cleaner = Cleaner()
    compiled = [json.dumps([r.text, r.to_dict()]) for r in map(cleaner.explain, docs)]
    differ = [i for i, (a, b) in enumerate(zip(compiled, pure.stdout.splitlines(), strict=True)) if a != b]
    assert differ == []
