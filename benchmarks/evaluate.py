"""Accuracy harness: run cleaner and peer tools on the labelled eval records and score them alike.

`python -m benchmarks.evaluate [FILES] [-d DATASETS] [-t TOOLS] [--half A|B] [--json OUT]` from a clone of the
repository: a tool of the repository, not of the wheel (users run cleaner; the peers' runners live here).

The eval data (see the eval README next to the data) is evaluation-only; nothing here embeds it.
Every tool sees the same records and every output is scored by the same functions, so the numbers
in one table are comparable. Peers that are not installed are skipped with a note, never a crash.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

ENV_DIR = "CLEANER_EVAL_DIR"
DEFAULT_REL_DIR = Path("..") / "shared" / "eval" / "dev"

# --------------------------------------------------------------------------------------------------
# loading


def default_eval_dir() -> Path | None:
    """$CLEANER_EVAL_DIR, else ../shared/eval/dev next to the current dir or the repository root."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env)
    for base in (Path.cwd(), Path(__file__).resolve().parent.parent):
        candidate = base / DEFAULT_REL_DIR
        if candidate.is_dir():
            return candidate
    return None


def find_files(paths: Sequence[str | Path] = (), datasets: Sequence[str] = ()) -> list[Path]:
    """Expand files/directories (default: the eval dir) to *.jsonl(.gz) files, filtered by dataset name."""
    roots = [Path(p) for p in paths]
    if not roots:
        default = default_eval_dir()
        if default is None:
            raise FileNotFoundError(f"no eval data: pass files or set {ENV_DIR}")
        roots = [default]
    files: list[Path] = []
    for root in roots:
        if root.is_dir():
            files.extend(sorted(root.glob("*.jsonl.gz")) + sorted(root.glob("*.jsonl")))
        else:
            files.append(root)
    if datasets:
        wanted = set(datasets)
        files = [f for f in files if _dataset_of(f) in wanted]
    return files


def _dataset_of(path: Path) -> str:
    name = path.name
    for suffix in (".jsonl.gz", ".jsonl"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def iter_records(files: Iterable[Path], limit: int | None = None, half: str | None = None) -> Iterator[dict[str, Any]]:
    """Records of each file in order; `limit` applies per file so every dataset stays represented; `half`
    keeps only the records of that half of the sites (see `half_of`)."""
    for path in files:
        opener = gzip.open if path.name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(fh):
                if limit is not None and n >= limit:
                    break
                if line.strip():
                    record = json.loads(line)
                    record.setdefault("dataset", _dataset_of(path))
                    if half is None or "input" in record or half_of(record) == half:
                        yield record


# --------------------------------------------------------------------------------------------------
# halves: tune on one, check on the other

HALVES = ("A", "B")
# Second-level labels under which a country's registrable names sit (example.co.uk, example.com.au).
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go", "gv", "nic"})


def site_of(record: dict[str, Any]) -> str:
    """The registrable host of a record's url (an approximation without a suffix list), else its id.

    Turku records (and any record without a url) are their own site, so they split by document."""
    url = record.get("url") or ""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.lower()).split("/", 1)[0].split(":", 1)[0]
    labels = [part for part in host.split(".") if part]
    if len(labels) < 2 or record.get("kind") == "text":
        return "id:" + str(record.get("id", ""))
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def half_of(record: dict[str, Any]) -> str:
    """"A" (tune on it) or "B" (judge on it): a salted hash of the record's site, so a site is in one half."""
    import hashlib

    digest = hashlib.sha256(("cleaner-half:" + site_of(record)).encode("utf-8")).digest()
    return HALVES[digest[0] & 1]


# --------------------------------------------------------------------------------------------------
# matching keys

_WS = re.compile(r"\s+")
# Typographic variants folded to one ASCII form, on both sides, so a quote normaliser or a peer that
# keeps curly quotes is not scored as losing a snippet.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2039": "'",
        "\u203a": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00ad": None,
        "\u200b": None,
        "\ufeff": None,
    }
)


def ws_norm(text: str) -> str:
    """The README's snippet normalisation: runs of whitespace to one space, stripped."""
    return _WS.sub(" ", text).strip()


def match_key(text: str) -> str:
    """Whitespace-normalised text with quotes/dashes folded: what snippet and line matching compare."""
    return ws_norm(text.translate(_FOLD))


_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Bag-of-words tokens (case-folded word characters), as token-level extraction benchmarks use."""
    return _TOKEN.findall(text.casefold().translate(_FOLD))


# --------------------------------------------------------------------------------------------------
# metrics


def snippet_hits(output_key: str, snippets: Iterable[str], label_fix: Callable[[str], str]) -> tuple[int, int]:
    """(present, total): how many snippets occur in the output (keys already normalised)."""
    present = total = 0
    for snippet in snippets:
        key = match_key(label_fix(snippet))
        if not key:
            continue
        total += 1
        present += key in output_key
    return present, total


@dataclass
class LineCounts:
    """Line-level confusion counts; positive class = noise (label 0) removed."""

    tp: int = 0  # noise line removed
    fp: int = 0  # good line removed
    fn: int = 0  # noise line kept
    tn: int = 0  # good line kept

    def add(self, other: LineCounts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn


def line_counts(
    text: str, labels: Sequence[int], output: str, label_fix: Callable[[str], str] = lambda s: s
) -> LineCounts:
    """Score line labels: a label line is kept when its key is still a line of the output."""
    kept_lines = Counter(match_key(line) for line in output.split("\n"))
    counts = LineCounts()
    for line, label in zip(text.split("\n"), labels, strict=False):
        key = match_key(label_fix(line))
        if not key:
            continue  # blank lines carry no decision
        kept = kept_lines[key] > 0
        if kept:
            kept_lines[key] -= 1
        if label == 0:
            if kept:
                counts.fn += 1
            else:
                counts.tp += 1
        elif kept:
            counts.tn += 1
        else:
            counts.fp += 1
    return counts


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty denominator counts as perfect (nothing to get wrong)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def token_prf(output: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision/recall/F1 of an output against a gold text."""
    out, ref = Counter(tokens(output)), Counter(tokens(gold))
    if not ref and not out:
        return 1.0, 1.0, 1.0
    common = sum((out & ref).values())
    p = common / sum(out.values()) if out else (1.0 if not ref else 0.0)
    r = common / sum(ref.values()) if ref else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# --------------------------------------------------------------------------------------------------
# tools

Runner = Callable[[dict[str, Any]], "str | None"]


@dataclass
class Tool:
    """One column of the table: `run` returns the output for a record, or None when not applicable."""

    name: str
    run: Runner
    repairs_encoding: bool = False  # labels get the same encoding repair before matching
    quotes: str = "ascii"
    note: str = ""


def _cleaner_factory(quotes: str = "ascii") -> tuple[Callable[[str], str], str]:
    try:
        from cleaner import Cleaner, Options

        cleaner = Cleaner(Options(quotes=quotes, fix_encoding=True))  # type: ignore[arg-type]
        cleaner.clean("x")
        return cleaner.clean, ""
    except Exception as err:  # the core is still being written: measure the identity instead
        return (lambda text: text), f"cleaner unavailable ({type(err).__name__}): identity used"


def _label_repair() -> Callable[[str], str]:
    try:
        from cleaner.core.normalize import normalize
        from cleaner.core.repair import repair_encoding

        return lambda s: normalize(repair_encoding(s))
    except Exception:
        try:
            import ftfy

            return ftfy.fix_encoding
        except ImportError:
            return lambda s: s


def _html_of(record: dict[str, Any]) -> str | None:
    return record.get("html") if record.get("kind") == "html" else None


def _text_of(record: dict[str, Any]) -> str | None:
    return record.get("text") if record.get("kind") in ("text", "html") else None


def _c4_lines(text: str) -> str:
    """C4's published line rules (Raffel et al. 2020, sec. 2.2), reimplemented from the description."""
    lowered = text.lower()
    if "lorem ipsum" in lowered or "{" in text:
        return ""  # page-level rules: placeholder text, code
    kept = []
    for raw in text.split("\n"):
        line = raw.strip()
        low = line.lower()
        if not line.endswith((".", "!", "?", '"', "\u201d", "'")):
            continue
        if len(line.split()) < 5:  # C4: at least 5 words per line
            continue
        if "javascript" in low:
            continue
        if any(p in low for p in _C4_POLICY):
            continue
        kept.append(line)
    # C4: pages with fewer than 3 sentences are discarded.
    if len(_SENTENCE_END.findall(" ".join(kept))) < 3:
        return ""
    return "\n".join(kept)


_C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")
_SENTENCE_END = re.compile(r"[.!?]+(?=[\"'\u201d)\]]*(?:\s|$))")

_JUSTEXT_LANGS = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pl": "Polish",
    "pt": "Portuguese",
    "nl": "Dutch",
    "sv": "Swedish",
    "fi": "Finnish",
    "ru": "Russian",
    "cs": "Czech",
    "da": "Danish",
    "no": "Norwegian_Bokmal",
    "hu": "Hungarian",
    "tr": "Turkish",
    "el": "Greek",
    "zh": "Chinese",
    "ja": "Japanese",
}


def _on_text(fn: Callable[[str], str]) -> Runner:
    return lambda r: None if (t := _text_of(r)) is None else fn(t)


def _on_html(fn: Callable[[str], str]) -> Runner:
    return lambda r: None if (h := _html_of(r)) is None else fn(h)


def _after(first: Callable[[str], str], then: Callable[[str], str]) -> Callable[[str], str]:
    return lambda text: then(first(text))


def _on_mojibake(fn: Callable[[str], str]) -> Runner:
    return lambda r: fn(r["input"]) if "input" in r else None


TOOL_NAMES = ("cleaner", "raw", "html", "trafilatura", "justext", "resiliparse", "c4")


def build_tools(names: Sequence[str] = TOOL_NAMES, notes: list[str] | None = None) -> list[Tool]:
    """Tools by short name; a peer that cannot be imported is left out and explained in `notes`."""
    notes = notes if notes is not None else []
    tools: list[Tool] = []
    for name in names:
        if name == "cleaner":
            clean, note = _cleaner_factory("ascii")
            clean_keep, _ = _cleaner_factory("keep")
            if note:
                notes.append(note)
            from cleaner.html import html_to_text

            tools.append(Tool("cleaner[text]", _on_text(clean), repairs_encoding=True))
            tools.append(Tool("cleaner[html]", _on_html(_after(html_to_text, clean)), True))
            tools.append(Tool("cleaner[mojibake]", _on_mojibake(clean), True))
            tools.append(Tool("cleaner[mojibake,keep-quotes]", _on_mojibake(clean_keep), True, quotes="keep"))
        elif name == "raw":
            tools.append(Tool("raw[text]", _on_text(lambda t: t)))
        elif name == "html":
            from cleaner.html import html_to_text

            tools.append(Tool("html_to_text", _on_html(html_to_text)))
        elif name == "c4":
            tools.append(Tool("c4-lines[text]", _on_text(_c4_lines)))
        elif name == "trafilatura":
            try:
                import trafilatura
            except ImportError:
                notes.append("trafilatura not importable: skipped")
                continue

            def run_traf(html: str, _t=trafilatura) -> str:
                return _t.extract(html, include_comments=False, include_tables=True) or ""

            tools.append(Tool("trafilatura", _on_html(run_traf)))
        elif name == "justext":
            try:
                import justext
            except ImportError:
                notes.append("jusText not importable: skipped")
                continue

            def run_justext(r: dict[str, Any], _j=justext) -> str | None:
                h = _html_of(r)
                if h is None or not h.strip():
                    return None if h is None else ""
                lang = _JUSTEXT_LANGS.get((r.get("lang") or "en")[:2], "English")
                try:
                    stoplist = _j.get_stoplist(lang)
                except (ValueError, KeyError):
                    stoplist = _j.get_stoplist("English")
                try:
                    paragraphs = _j.justext(h.encode("utf-8", "surrogatepass"), stoplist, encoding="utf-8")
                except Exception:  # jusText raises on some malformed pages: an empty extraction
                    return ""
                return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

            tools.append(Tool("justext", run_justext))
        elif name == "resiliparse":
            try:
                from resiliparse.extract.html2text import extract_plain_text
            except ImportError:
                notes.append("resiliparse not importable: skipped")
                continue
            tools.append(Tool("resiliparse", _on_html(functools.partial(extract_plain_text, main_content=True))))
        else:
            raise ValueError(f"unknown tool {name!r}; known: {', '.join(TOOL_NAMES)}")
    return tools


# --------------------------------------------------------------------------------------------------
# scoring


@dataclass
class Score:
    """Running totals for one (dataset, tool) cell of the table."""

    dataset: str
    tool: str
    records: int = 0
    keep_hit: int = 0
    keep_total: int = 0
    remove_gone: int = 0
    remove_total: int = 0
    lines: LineCounts = field(default_factory=LineCounts)
    line_records: int = 0
    token_p: float = 0.0
    token_r: float = 0.0
    token_f: float = 0.0
    token_records: int = 0
    mojibake: Counter = field(default_factory=Counter)  # category -> exact matches
    mojibake_total: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    errors: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Numbers for --json: rates, P/R/F1 and the raw counts behind them."""
        out: dict[str, Any] = {"dataset": self.dataset, "tool": self.tool, "records": self.records}
        out["seconds"] = round(self.seconds, 3)
        out["errors"] = self.errors
        if self.keep_total:
            out["must_keep_kept"] = self.keep_hit / self.keep_total
            out["must_keep_n"] = self.keep_total
        if self.remove_total:
            out["must_remove_removed"] = self.remove_gone / self.remove_total
            out["must_remove_n"] = self.remove_total
        if self.line_records:
            c = self.lines
            out["line_removal_prf"] = prf(c.tp, c.fp, c.fn)
            out["line_retention_prf"] = prf(c.tn, c.fn, c.fp)
            out["line_counts"] = {"tp": c.tp, "fp": c.fp, "fn": c.fn, "tn": c.tn}
        if self.token_records:
            n = self.token_records
            out["token_prf"] = (self.token_p / n, self.token_r / n, self.token_f / n)
            out["token_records"] = n
        if self.mojibake_total:
            out["mojibake"] = {k: [self.mojibake[k], v] for k, v in sorted(self.mojibake_total.items())}
        return out


def score_record(
    score: Score, record: dict[str, Any], output: str, tool: Tool, label_fix: Callable[[str], str]
) -> None:
    """Add one record's output to the totals."""
    fix = label_fix if tool.repairs_encoding else (lambda s: s)
    score.records += 1
    if "input" in record and "expected" in record:  # a mojibake pair
        expected = record["expected"] if tool.quotes == "ascii" else record["expected_encoding_only"]
        if tool.repairs_encoding:
            # ftfy's `expected` carries ftfy's own normalisation (nbsp, ellipsis, control characters...);
            # cleaner's is documented and different, so score the repair: the encoding-only answer put
            # through cleaner's normalisation.
            from cleaner.core.normalize import normalize, tidy

            expected = tidy(normalize(record["expected_encoding_only"], tool.quotes))  # type: ignore[arg-type]
        category = record.get("category", "?")
        score.mojibake_total[category] += 1
        score.mojibake[category] += output.rstrip("\n") == expected.rstrip("\n")
        return
    key = match_key(output)
    hit, total = snippet_hits(key, record.get("must_keep") or (), fix)
    score.keep_hit += hit
    score.keep_total += total
    present, total = snippet_hits(key, record.get("must_remove") or (), fix)
    score.remove_gone += total - present
    score.remove_total += total
    labels = record.get("line_labels")
    if labels and record.get("kind") == "text":
        score.lines.add(line_counts(record["text"], labels, output, fix))
        score.line_records += 1
    gold = record.get("gold_text")
    if gold is not None and record.get("kind") == "html":
        p, r, f = token_prf(output, fix(gold))
        score.token_p += p
        score.token_r += r
        score.token_f += f
        score.token_records += 1


def evaluate(
    records: Iterable[dict[str, Any]],
    tools: Sequence[Tool],
    progress: Callable[[str], None] | None = None,
) -> list[Score]:
    """Run every tool on every record it applies to; one Score per (dataset, tool) seen."""
    label_fix = _label_repair()
    scores: dict[tuple[str, str], Score] = {}
    for n, record in enumerate(records, 1):
        dataset = record.get("dataset", "?")
        for tool in tools:
            started = time.perf_counter()
            try:
                output = tool.run(record)
            except Exception:  # a peer crashing on one page counts as an empty extraction
                output = ""
                scores.setdefault((dataset, tool.name), Score(dataset, tool.name)).errors += 1
            elapsed = time.perf_counter() - started
            if output is None:
                continue
            score = scores.setdefault((dataset, tool.name), Score(dataset, tool.name))
            score.seconds += elapsed
            score_record(score, record, output, tool, label_fix)
        if progress is not None and n % 100 == 0:
            progress(f"{n} records")
    return list(scores.values())


# --------------------------------------------------------------------------------------------------
# report


def _pct(num: float, den: float) -> str:
    return f"{100 * num / den:.1f}" if den else "-"


def _triple(values: Sequence[float] | None) -> str:
    return "-" if values is None else "/".join(f"{100 * v:.1f}" for v in values)


def format_table(scores: Sequence[Score]) -> str:
    """Markdown table, one row per dataset and tool."""
    header = (
        "| dataset | tool | records | must_remove removed % | must_keep kept % | line removal P/R/F1 "
        "| line retention P/R | token P/R/F1 | mojibake exact | s |"
    )
    rows = [header, "|" + "---|" * 10]
    for s in sorted(scores, key=lambda s: (s.dataset, s.tool)):
        d = s.as_dict()
        removal = d.get("line_removal_prf")
        retention = d.get("line_retention_prf")
        mojibake = ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in (d.get("mojibake") or {}).items()) or "-"
        rows.append(
            f"| {s.dataset} | {s.tool} | {s.records} | {_pct(s.remove_gone, s.remove_total)} "
            f"| {_pct(s.keep_hit, s.keep_total)} | {_triple(removal)} "
            f"| {_triple(retention[:2]) if retention else '-'} | {_triple(d.get('token_prf'))} "
            f"| {mojibake} | {s.seconds:.1f} |"
        )
    return "\n".join(rows)


def run(
    paths: Sequence[str | Path] = (),
    datasets: Sequence[str] = (),
    tools: Sequence[str] = TOOL_NAMES,
    limit: int | None = None,
    json_out: str | Path | None = None,
    echo: Callable[[str], None] = print,
    half: str | None = None,
) -> list[Score]:
    """Everything the CLI does: load, run, print the table (and notes), optionally save JSON."""
    notes: list[str] = []
    built = build_tools(tools, notes)
    files = find_files(paths, datasets)
    scores = evaluate(iter_records(files, limit, half), built)
    echo(format_table(scores))
    for note in notes:
        echo(f"note: {note}")
    if json_out is not None:
        payload = {
            "files": [str(f) for f in files],
            "limit": limit,
            "half": half,
            "notes": notes,
            "scores": [s.as_dict() for s in scores],
        }
        Path(json_out).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return scores


def _split(values: Sequence[str]) -> list[str]:
    return [v for value in values for v in value.split(",") if v]


@click.command("eval")
@click.argument("files", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--datasets", "-d", multiple=True, help="Dataset names (file names without .jsonl.gz), comma-separated.")
@click.option("--tools", "-t", multiple=True, help=f"Tools, comma-separated: {', '.join(TOOL_NAMES)}.")
@click.option("--limit", "-n", type=int, default=None, help="At most N records per file.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path), help="Save the numbers here.")
@click.option(
    "--half",
    type=click.Choice(HALVES, case_sensitive=False),
    default=None,
    help="Only the records of one half of the sites: tune on A, judge on B (a site is in one half).",
)
def eval_command(
    files: tuple[Path, ...],
    datasets: tuple[str, ...],
    tools: tuple[str, ...],
    limit: int | None,
    json_out: Path | None,
    half: str | None,
) -> None:
    """Score cleaner (and peers) on labelled eval records; FILES default to $CLEANER_EVAL_DIR or ../shared/eval/dev."""
    try:
        run(files, _split(datasets), _split(tools) or TOOL_NAMES, limit, json_out, echo=click.echo,
            half=half.upper() if half else None)
    except (FileNotFoundError, ValueError) as err:
        failure = click.ClickException(str(err))
        failure.exit_code = 2  # bad input or set-up, as everywhere in cleaner
        raise failure from err


if __name__ == "__main__":
    eval_command()
