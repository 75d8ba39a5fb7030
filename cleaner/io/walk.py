"""Which files a folder stands for, as black and ruff decide it.

A folder named on the command line is walked for text-like files; on the way these are left out:
- hidden folders and files (a name starting with "."): .git, .venv, .hypothesis, .tox, .github ...;
- folders that hold tools, not data: node_modules, __pycache__, __pypackages__, site-packages, and any
  folder with a pyvenv.cfg (a virtual environment, whatever its name);
- what the .gitignore files say: the walked folder's own and its subfolders' (each relative to its folder),
  and those of its parents up to the root of the git repository it is in;
- what --exclude says (gitignore-style patterns, relative to the walked folder).
--include replaces the default suffixes (TEXT_SUFFIXES) with gitignore-style patterns of its own.

A file named on the command line is always taken, as black and ruff take it, unless `force_exclude` is set
(black's --force-exclude): then the hidden, .gitignore and --exclude rules apply to it too, which is what a
pre-commit hook wants, since pre-commit names every staged file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.io.files import TEXT_SUFFIXES

if TYPE_CHECKING:
    import pathspec

TOOL_FOLDERS = frozenset({"node_modules", "__pycache__", "__pypackages__", "site-packages"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".parquet"})
WALK_SUFFIXES = frozenset(TEXT_SUFFIXES | TABLE_SUFFIXES)


def _spec(lines: Iterable[str]) -> pathspec.PathSpec:
    import pathspec  # only when a folder is walked or a pattern given: start-up

    return pathspec.GitIgnoreSpec.from_lines(list(lines))


def is_hidden(name: str) -> bool:
    return name.startswith(".") and name not in (".", "..")


def is_tool_folder(path: str, name: str) -> bool:
    """node_modules and its kind, or a virtual environment under any name."""
    return name in TOOL_FOLDERS or os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _read_gitignore(folder: str) -> pathspec.PathSpec | None:
    try:
        with open(os.path.join(folder, ".gitignore"), encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    return _spec(lines) if any(s.strip() and not s.lstrip().startswith("#") for s in lines) else None


def _git_root(folder: Path) -> Path | None:
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return parent
    return None


@dataclass
class Walker:
    """Expands the command line's paths into files; `relative[path]` is where each sits below what was named
    (a folder's files: their path below it; a named file: its name), for --output-dir."""

    exclude: Sequence[str] = ()
    include: Sequence[str] = ()
    gitignore: bool = True
    force_exclude: bool = False
    skip: Sequence[str] = ()  # folders never entered (an --output-dir inside the input)
    suffixes: frozenset[str] = WALK_SUFFIXES  # what a walk takes without --include
    relative: dict[str, str] = field(default_factory=dict)
    skipped: int = 0  # files left out by the rules above (hidden, .gitignore, --exclude)

    def __post_init__(self) -> None:
        self._exclude = _spec(self.exclude) if self.exclude else None
        self._include = _spec(self.include) if self.include else None
        self._skip = {os.path.realpath(p) for p in self.skip}

    def walk(self, paths: Sequence[str]) -> Iterator[str]:
        for p in paths:
            if p != "-" and os.path.isdir(p):
                yield from self._walk_folder(p)
                continue
            if p != "-" and self.force_exclude and self._excluded_file(p):
                self.skipped += 1
                continue
            self.relative.setdefault(p, os.path.basename(p) if p != "-" else "-")
            yield p

    __call__ = walk

    def _excluded_file(self, p: str) -> bool:
        """--force-exclude: a named file under the same rules as one found in a walk (relative to the current
        folder, or to its git repository's root for .gitignore)."""
        parts = Path(os.path.normpath(p)).parts
        if any(is_hidden(part) for part in parts):
            return True
        rel = "/".join(parts)
        if self._exclude is not None and self._exclude.match_file(rel):
            return True
        if self.gitignore:
            here = Path(os.path.abspath(p))
            root = _git_root(here.parent)
            for folder in here.parents:
                spec = _read_gitignore(str(folder))
                if spec is not None and spec.match_file(here.relative_to(folder).as_posix()):
                    return True
                if folder == root or root is None:
                    break
        return False

    def _walk_folder(self, top: str) -> Iterator[str]:
        """The files below top, sorted by path (as `sorted(Path(top).rglob('*'))` orders them)."""
        found: list[tuple[tuple[str, ...], str, str]] = []
        # .gitignore files of the folders above top, up to the repository root, each with its own folder
        ignores: list[tuple[str, pathspec.PathSpec]] = []
        if self.gitignore:
            abs_top = Path(os.path.abspath(top))
            root = _git_root(abs_top)
            if root is not None:
                for folder in abs_top.parents:
                    if len(folder.parts) < len(root.parts):
                        break
                    spec = _read_gitignore(str(folder))
                    if spec is not None:
                        ignores.append((str(folder), spec))
        self._visit(top, "", ignores, found, os.path.abspath(top))
        found.sort()
        for _key, path, rel in found:
            self.relative[path] = rel
            yield path

    def _ignored(self, ignores: list[tuple[str, pathspec.PathSpec]], abspath: str, is_dir: bool) -> bool:
        for folder, spec in ignores:
            rel = os.path.relpath(abspath, folder).replace(os.sep, "/")
            if spec.match_file(rel + "/" if is_dir else rel):
                return True
        return False

    def _visit(self, folder: str, rel: str, ignores: list[tuple[str, pathspec.PathSpec]],
               found: list[tuple[tuple[str, ...], str, str]], absfolder: str) -> None:
        if self.gitignore:
            own = _read_gitignore(folder)
            if own is not None:
                ignores = [*ignores, (absfolder, own)]
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            child_rel = f"{rel}/{name}" if rel else name
            child_abs = os.path.join(absfolder, name)
            try:
                is_dir = entry.is_dir()  # a symlink to a folder is not entered (no loops), as git does
                if is_dir and entry.is_symlink():
                    continue
            except OSError:
                continue
            if is_hidden(name) or (is_dir and is_tool_folder(entry.path, name)):
                self.skipped += not is_dir
                continue
            if self._exclude is not None and self._exclude.match_file(child_rel + "/" if is_dir else child_rel):
                self.skipped += not is_dir
                continue
            if self.gitignore and self._ignored(ignores, child_abs, is_dir):
                self.skipped += not is_dir
                continue
            if is_dir:
                if os.path.realpath(entry.path) not in self._skip:
                    self._visit(entry.path, child_rel, ignores, found, child_abs)
                continue
            try:
                if not entry.is_file():
                    continue
            except OSError:
                continue
            if self._include is not None:
                if not self._include.match_file(child_rel):
                    continue
            elif Path(name).suffix.lower() not in self.suffixes:
                continue
            found.append((Path(entry.path).parts, str(Path(entry.path)), child_rel))


def walk(paths: Sequence[str], exclude: Sequence[str] = (), include: Sequence[str] = ()) -> Iterator[str]:
    """The files the command line's paths stand for (a convenience over Walker with its defaults)."""
    return Walker(exclude=exclude, include=include).walk(paths)
