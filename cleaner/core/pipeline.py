"""The Cleaner: decode, repair, normalise, apply rules, tidy. No I/O besides reading rule files once."""

from __future__ import annotations

import gc
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import compress, filterfalse, repeat
from operator import itemgetter, not_
from typing import NamedTuple

from cleaner.core import code, collect, dense, engine, heuristics, pieces
from cleaner.core.boundaries import BOTH, LONG_LINE, line_edges, on_word_edges
from cleaner.core.collect import RuleTable
from cleaner.core.decode import decode_bytes
from cleaner.core.fixpoint import is_final
from cleaner.core.fold import fold
from cleaner.core.language import detect_language
from cleaner.core.matcher import Matcher, PatternError, make_matcher
from cleaner.core.options import Options
from cleaner.core.prepare import prepare_text
from cleaner.core.sniff import looks_like_html
from cleaner.errors import RuleError
from cleaner.io.cache import cached_rules
from cleaner.rules.load import Rule, RuleSource, builtin_rules_dir, is_disabled, load_rules, read_sources

LANG_FILTER_RULE = "lang-filter"
_START = itemgetter(1)  # a match's start offset
_BY_START = itemgetter(1, 0)  # the order of a scan's matches


# The result types live here, not in the modules an optional build compiles (pyproject.toml): compiled classes
# pickle differently, and --jobs sends results between processes.
@dataclass(frozen=True, slots=True)  # slots: a file of short lines can have a million of them
class Removal:
    """One removed piece of text and the rule that removed it. Lines are 1-based, inclusive.

    Lines count in the text the rules saw: for an HTML page, the text HTML mode extracted. A block the HTML
    stage dropped (kind "html") has no line there: `where` says where it was in the page (an element path, or
    the line of the page's text outside the main content) and its lines are 0."""

    rule: str
    start_line: int
    end_line: int
    text: str
    kind: str = "line"  # "line", or "inline" for a span cut out of a line that stays
    column: int | None = None  # 1-based column of an inline span
    why: str | None = None  # the facts that decided it, where the rule id alone does not say them
    where: str | None = None  # kind "html": where in the page the dropped block was

    def to_dict(self) -> dict[str, object]:
        if self.kind == "html":
            return {"rule": self.rule, "kind": "html", "where": self.where, "text": self.text}
        d: dict[str, object] = {"rule": self.rule, "lines": [self.start_line, self.end_line], "text": self.text}
        if self.kind != "line":
            d["kind"] = self.kind
            d["column"] = self.column
        if self.why:
            d["why"] = self.why
        return d


@dataclass(frozen=True)
class CleanResult:
    """What `Cleaner.explain` returns: the text and an account of every change."""

    text: str
    removals: tuple[Removal, ...] = ()
    repaired_encoding: bool = False
    changed: bool = False
    language: str | None = None
    html: bool = False

    def to_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "changed": self.changed,
            "repaired_encoding": self.repaired_encoding,
            "language": self.language,
            "removals": [r.to_dict() for r in self.removals],
        }
        if self.html:  # the rules' "lines" count lines of the text extracted from the page, not of the HTML
            d["line_numbers"] = "extracted-text"
        return d


@dataclass
class CompiledRules:
    """A rule set as the cleaning runs it: the rules, the matcher of all their phrases and patterns, and per
    phrase or pattern (a match's id) the index of its rule; the heuristics enabled; collect's rule table;
    per phrase the ends that must be on word edges (empty when none must)."""

    rules: list[Rule]
    matcher: Matcher
    rule_of: list[int] = field(default_factory=list)
    heuristics: frozenset[str] = frozenset()
    table: RuleTable | None = None
    edges: list[int] = field(default_factory=list)  # per phrase: the ends that must be on word edges
    longest: int = 0  # the longest phrase (bytes)


@dataclass(slots=True)
class LineFacts:
    """What one rule pass starts from, all by line number in `lines`: the lines, their folded keys (what the
    rules match), one record per line that has a hit (`engine.LineRules`: its hits and the coverage of the line
    rules' matches, from `collect.collect_hits`), and the lines where a strong rule matched too little to keep
    its hit ("quiet": `engine.decide` asks; such a line may have no record). `cut`: after `kept`, the lines
    whose keys and records must be found again."""

    lines: list[str]
    keys: list[bytes]
    rows: engine.Rows
    quiet: set[int]
    cut: list[int] = field(default_factory=list)

    def kept(self, lines: list[str], at: list[int], changed: set[int]) -> LineFacts:
        """The facts for the lines a pass kept (`lines`; `at`: where each stood in this pass's lines), but
        for those an inline cut `changed`: they are left out and listed in `cut` by their new positions."""
        pos = {j: k for k, j in enumerate(at)}
        rows = {pos[j]: row for j, row in self.rows.items() if j in pos and j not in changed}
        quiet = {pos[j] for j in self.quiet if j in pos and j not in changed}
        cut = [k for k in map(pos.get, changed) if k is not None]
        return LineFacts(lines, [self.keys[j] for j in at], rows, quiet, cut)

    def replace(self, changed: set[int], rows: engine.Rows, quiet: set[int]) -> None:
        """The `changed` lines' records and quiet marks replaced by those collected for them again (`rows`,
        `quiet`: of those lines only); records stay in line order, as collect gives them."""
        for line in changed:
            self.rows.pop(line, None)
            self.quiet.discard(line)
        self.rows.update(rows)
        self.quiet |= quiet
        self.rows = dict(sorted(self.rows.items()))

    def put(self, k: int, one: LineFacts) -> None:
        """Line k's record and quiet mark: those of line 0 of `one` (that line, collected alone)."""
        row = one.rows.get(0)
        if row is not None:
            self.rows[k] = row
        if one.quiet:
            self.quiet.add(k)


class PassResult(NamedTuple):
    """What `Cleaner._rule_pass` found: the kept lines, their positions in the pass's lines, the removals,
    the positions of the kept lines an inline cut changed, and whether another pass would remove nothing."""

    kept: list[str]
    kept_at: list[int]
    removals: list[Removal]
    changed: set[int]
    final: bool


class Cleaner:
    """Reusable and picklable: it pickles as options plus rule file texts and recompiles on load."""

    def __init__(self, options: Options | None = None, *, sources: list[RuleSource] | None = None, **kwargs):
        if options is None:
            options = Options(**kwargs)
        elif kwargs:
            raise TypeError("pass either an Options object or keyword options, not both")
        self.options = options
        if sources is None:
            paths = ([builtin_rules_dir()] if options.builtin_rules else []) + list(options.rule_paths)
            sources = read_sources(paths)
        self.sources = sources
        self._compiled = self._compile()
        self._sites = _site_filter(options)

    # -- set-up ---------------------------------------------------------------------------------
    def _compile(self) -> CompiledRules:
        all_rules = cached_rules(self.sources, load_rules)  # parsed once per rule set, then from disk
        known = {r.id for r in all_rules} | set(heuristics.IDS)
        for d in self.options.disable:
            if not any(is_disabled(rule_id, (d,)) for rule_id in known):
                raise RuleError("--disable", f"no rule has the id {d!r}; `cleaner rules list` shows them")
        rules = [r for r in all_rules if not is_disabled(r.id, self.options.disable)]
        phrases: list[bytes] = []
        edges: list[int] = []
        patterns: list[str] = []
        rule_of_phrase: list[int] = []
        rule_of_pattern: list[int] = []
        for index, rule in enumerate(rules):
            phrases.extend(rule.phrases)
            edges.extend(rule.edges or (BOTH,) * len(rule.phrases))
            rule_of_phrase.extend([index] * len(rule.phrases))
            for pattern in rule.patterns:
                patterns.append(pattern)
                rule_of_pattern.append(index)
        try:
            matcher = make_matcher(phrases, patterns, self.options.backend)
        except PatternError as err:
            rule = rules[rule_of_pattern[err.index]]
            raise RuleError(rule.source, f"pattern {patterns[err.index]!r}: {err}", rule.id, "patterns") from err
        enabled = frozenset(h for h in heuristics.IDS if not is_disabled(h, self.options.disable))
        return CompiledRules(rules, matcher, rule_of_phrase + rule_of_pattern, enabled, collect.rule_table(rules),
                             edges if any(edges) else [], max(map(len, phrases), default=0))

    @property
    def compiled_rules(self) -> CompiledRules:
        """The rule set compiled (matcher, tables): for tools and tests that run the stages one at a time."""
        return self._compiled

    @property
    def rules(self) -> list[Rule]:
        return list(self._compiled.rules)

    @property
    def backend(self) -> str:
        return self._compiled.matcher.backend

    def __getstate__(self) -> dict[str, object]:
        return {"options": self.options, "sources": self.sources}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.options = state["options"]  # type: ignore[assignment]
        self.sources = state["sources"]  # type: ignore[assignment]
        self._compiled = self._compile()
        self._sites = _site_filter(self.options)

    # -- cleaning -------------------------------------------------------------------------------
    def _rule_pass(self, facts: LineFacts, index: list[int] | None = None, fenced: bool = False) -> PassResult:
        """One pass of rules and heuristics over `facts.lines`: see PassResult. `index`: where each line stood
        in the input, on a later pass. `fenced`: the text may hold fenced code blocks, whose lines neither
        count as evidence for a heuristic nor go (`code`).

        The records in `facts` are left as they are (heuristics add to a copy), so a later pass can reuse them
        for the lines it keeps unchanged.
        """
        lines, folded_lines = facts.lines, facts.keys
        if not facts.rows and not heuristics.can_mark_alone(folded_lines, lines):
            return PassResult(lines, [], [], set(), True)  # no rule hit a line, and no heuristic can alone
        rows = dict(facts.rows)  # heuristics give a line that gains a hit a new record
        code_lines = code.fenced_lines(lines) if fenced else frozenset()
        if code_lines:  # no evidence for a heuristic; `engine.decide` then passes over what they gain
            rows = {i: row for i, row in rows.items() if i not in code_lines}
        frame = heuristics.add_hits(lines, folded_lines, rows, self._compiled.heuristics)
        if not rows:
            return PassResult(lines, [], [], set(), True)  # nothing found: the caller uses neither list
        decision = engine.decide(lines, list(map(len, folded_lines)), rows, facts.quiet, heuristics.prose_at,
                                 code_lines)
        if not decision.removed and not decision.inline:
            return PassResult(lines, [], [], set(), True)
        kept, kept_at, removals = _apply(decision, frame.details if frame is not None else None, index)
        # fixpoint's proof does not model code lines (members of the heuristics' runs, without their records):
        # a text with fenced code gets its next pass, which costs a few rare texts one more scan
        final = not code_lines and is_final(lines, folded_lines, frame, decision)
        return PassResult(kept, kept_at, removals, set(decision.inline), final)

    def collect(self, folded: bytes, applies, lines: list[str], folded_lines: list[bytes] | None = None,
                ) -> LineFacts:
        """What the rules say about each line of `lines` before any heuristic: their records and quiet
        marks (`folded`: their folded text; `applies`: whether a rule applies to the document). For callers
        that clean a document in parts (`pieces`) and for tools that run the stages one at a time."""
        return self._collect(folded, applies, lines, folded_lines)

    def _collect(self, folded: bytes, applies, lines: list[str], folded_lines: list[bytes] | None = None,
                 ) -> LineFacts:
        """What the rules say about each line of `lines` (`folded`: their folded text, `folded_lines` split)."""
        compiled = self._compiled
        if len(folded) > dense.LONG_SCAN:
            facts = self._collect_long(folded, applies, lines, folded_lines)
            if facts is not None:
                return facts
        quiet_strong: set[int] = set()
        matches = compiled.matcher.scan(folded)
        rows = collect.collect_hits(matches, folded, compiled.rule_of, compiled.rules,
                                    applies, quiet_strong, folded_lines, compiled.table)
        if compiled.edges and rows:
            # Word edges, looked at only on the lines the matches gave a hit: fewer
            # matches never give a line a hit it did not have, and most matches inside words ("abo" in
            # "about") sit in sentences where they make none.
            starts = collect.line_offsets(folded, folded_lines)
            facts = LineFacts(lines, folded_lines if folded_lines is not None else [folded], rows, quiet_strong)
            self._edges_again(facts, matches, folded, starts, applies, folded_lines, compiled.table)
            return facts
        return LineFacts(lines, folded_lines if folded_lines is not None else [folded], rows, quiet_strong)

    def _edges_again(self, facts: LineFacts, matches: list[tuple[int, int, int]], folded: bytes,
                     starts: list[int], applies, keys: list[bytes] | None, table: RuleTable | None,
                     ) -> None:
        """Drop the matches off word edges on the lines that have records in `facts`, and collect the lines that
        lost one again, alone, from the matches left (fewer matches never give a line a hit it lacked)."""
        compiled = self._compiled
        kept, changed = on_word_edges(matches, folded, starts, facts.lines, compiled.edges, set(facts.rows))
        if not changed:
            return
        pos = list(map(_START, kept))
        sub: list[tuple[int, int, int]] = []
        for line in sorted(changed):
            sub += kept[bisect_left(pos, starts[line]):bisect_left(pos, starts[line + 1])]
        sub_quiet: set[int] = set()
        sub_rows = collect.collect_hits(sub, folded, compiled.rule_of, compiled.rules, applies, sub_quiet, keys,
                                        table)
        facts.replace(changed, sub_rows, sub_quiet)

    def _collect_long(self, folded: bytes, applies, lines: list[str], folded_lines: list[bytes] | None,
                      ) -> LineFacts | None:
        """`_collect` for a key with a line longer than dense.LONG_SCAN: such a line's matches are summed as
        the scan reports them (`dense`), not kept; None when there is no such line or the scan reported out
        of the order that needs."""
        compiled = self._compiled
        keys = folded_lines if folded_lines is not None else folded.split(b"\n")
        limit = dense.LONG_SCAN
        if max(map(len, keys)) <= limit:
            return None
        starts = collect.line_offsets(folded, keys)
        long_lines = [i for i, n in enumerate(map(len, keys)) if n > limit]
        table = compiled.table if compiled.table is not None else collect.rule_table(compiled.rules)
        ask = lambda _index, rule: applies(rule)  # noqa: E731
        tracked = []
        for i in long_lines:
            line_start, line_end = starts[i], starts[i + 1] - 1
            # as on_word_edges gives it the key: a long line's as a view (line_edges reads only its length)
            key = folded[line_start:line_end] if line_end - line_start <= LONG_LINE \
                else memoryview(folded)[line_start:line_end]
            edges = line_edges(lines[i], key) if compiled.edges else None  # type: ignore[arg-type]
            tracked.append(dense.LongLine(line_start, line_end, edges, compiled.edges, compiled.rule_of, table,
                                          ask, compiled.longest))
        bounds = [starts[i] for i in long_lines]
        ends = [starts[i + 1] - 1 for i in long_lines]
        matches: list[tuple[int, int, int]] = []
        append = matches.append

        def report(pid: int, start: int, end: int) -> None:
            k = bisect_right(bounds, start) - 1
            if k >= 0 and start < ends[k]:
                tracked[k].report(pid, start, end)
            else:
                append((pid, start, end))

        compiled.matcher.scan_each(folded, report)
        if any(t.broken for t in tracked):
            return None
        matches.sort(key=_BY_START)
        quiet_strong: set[int] = set()
        rows = collect.collect_hits(matches, folded, compiled.rule_of, compiled.rules, applies, quiet_strong, keys,
                                    table)
        long_facts = [t.finish(bool(compiled.edges)) for t in tracked]
        if compiled.edges and rows:  # the long lines' matches were checked as they came
            edged = LineFacts(lines, keys, rows, quiet_strong)
            self._edges_again(edged, matches, folded, starts, applies, keys, table)
            rows, quiet_strong = edged.rows, edged.quiet
        for i, (row, quiet) in zip(long_lines, long_facts, strict=True):
            if row is not None:
                rows[i] = row
            if quiet:
                quiet_strong.add(i)
        rows = dict(sorted(rows.items()))  # in line order, as collect gives them
        return LineFacts(lines, keys if folded_lines is not None else [folded], rows, quiet_strong)

    def clean(self, text: str | bytes, url: str | None = None) -> str:
        """The cleaned text alone: as `explain(text, url).text`, without recording what the HTML stage drops
        (its excerpts and element paths were a twentieth of HTML mode's time)."""
        return self._run(text, url, records=False).text

    @property
    def site_filter(self):
        """The corpus-mode site decision (cleaner.corpus.SiteFilter), or None without a profile."""
        return self._sites

    def explain(self, text: str | bytes, url: str | None = None) -> CleanResult:
        """Clean one document and say what was removed, by which rule, and what else changed.

        `url` (or a site's name) matters only with a site profile: it says whose boilerplate to look for.
        """
        return self._run(text, url, records=True)

    def _run(self, text: str | bytes, url: str | None, records: bool) -> CleanResult:
        """`explain`; `records`: whether the HTML stage's removals are recorded (the text is the same)."""
        if pieces.is_huge(text):  # a very long text is cleaned in pieces, which bounds its memory (`pieces`)
            return self._explain_huge(text, url)
        if len(text) < GC_PAUSE_CHARS or not gc.isenabled():
            return self._explain(text, url, records=records)
        # The collector's full passes walk every list the document fills (its lines, keys, hits), and they
        # come each time a quarter more objects have lived long: on a document of a million lines that is
        # most of its cost, growing faster than the document. Cleaning makes next to no reference cycles.
        gc.disable()
        try:
            return self._explain(text, url, records=records)
        finally:
            gc.enable()

    def explain_whole(self, text: str | bytes, url: str | None = None, detect=None) -> CleanResult:
        """`explain` on the whole text at once, however long: the reference that cleaning a very long text
        in pieces must equal (`pieces`), and what a piece of one is cleaned with. Memory grows with the text.
        `detect`: what says the document's language when asked (`pieces` passes the whole document's)."""
        return self._explain(text, url, detect)

    def _page_once_prepared(self, text: str) -> tuple[bool, tuple[str, bool, bool] | None]:
        """Whether the text, not a page as it stands, is one once prepared (a control character that repair
        turns into '...' before a '#' that read as a Markdown heading): cleaning the output again would take
        it for a page, so it is taken for one now (idempotence). Also the text prepared (`prepare_text`'s
        result) when that was needed to tell and it is no page, for the caller to use rather than prepare it
        again; only a text with a '<' and a character beyond ASCII in what the sniff reads needs it."""
        head = text[:_SNIFF_CHARS]
        if "<" not in head or head.isascii():
            return False, None
        prepared = prepare_text(text, self.options.quotes, self.options.fix_encoding)
        if prepared[0] != text and looks_like_html(prepared[0]):
            return True, None
        return False, prepared

    def _explain_huge(self, text: str | bytes, url: str | None) -> CleanResult:
        paused = gc.isenabled()
        gc.disable()  # as for any long document (see `explain`)
        try:
            result = pieces.explain_in_pieces(self, text, url)
            return self._explain(text, url) if result is None else result
        finally:
            if paused:
                gc.enable()

    def _explain(self, text: str | bytes, url: str | None = None, detect=None, records: bool = True) -> CleanResult:
        """`detect`: what says the document's language when it is asked (`pieces` passes the whole
        document's); by default the text's own, detected once when first asked. `records`: whether the HTML
        stage's removals are recorded (`clean` needs only the text)."""
        if isinstance(text, bytes):
            if self.options.html != "never" and looks_like_html(text[:2048].decode("latin-1")):
                from cleaner.html.charset import decode_html

                text = decode_html(text).text
            else:
                text = decode_bytes(text).text
        original = text
        is_html = False
        html = self.options.html
        html_removals: list[Removal] = []
        page = html == "always" or (html == "auto" and looks_like_html(text))
        prepared: tuple[str, bool, bool] | None = None
        if not page and html == "auto":
            page, prepared = self._page_once_prepared(text)
        if page:
            module = _html_module()
            opts = self.options
            html_options = module.HtmlOptions(opts.html_comments, opts.html_tables, opts.html_headline)
            if records:
                text, dropped = module.html_to_text_explained(text, html_options)
                html_removals = [Removal(rule, 0, 0, excerpt, "html", where=where) for rule, where, excerpt in dropped]
            else:
                text = module.html_to_text(text, html_options)
            is_html = True
            for _ in range(8):  # a page quoting a page: extract until the text is no page, or cleaning it again
                assert isinstance(text, str)  # the lazily imported html module is untyped here
                if html != "auto" or not looks_like_html(text):  # would extract once more (idempotence)
                    break
                text = _html_module().html_to_text(text)
        assert isinstance(text, str)  # for the type checker: the lazily imported html module is untyped
        if prepared is None:
            prepared = prepare_text(text, self.options.quotes, self.options.fix_encoding)
        text, crlf, repaired = prepared
        site_gone: list[tuple[int, str, str]] = []
        site_at: list[int] | None = None
        site_folded: bytes | None = None
        if self._sites is not None:  # corpus mode: the site's repeated lines go before the rules look
            text, site_gone, site_at, site_folded = self._sites.strip(text, url)
        assert isinstance(text, str)
        lines = text.split("\n")
        folded = fold(text) if site_folded is None else site_folded
        folded_lines = folded.split(b"\n")

        language: str | None = None
        language_known = False

        def doc_language() -> str | None:
            nonlocal language, language_known
            if not language_known:
                language, language_known = (detect_language(text) if detect is None else detect()), True
            return language

        if self.options.languages:
            lang = doc_language()
            if lang not in self.options.languages:
                removal = Removal(LANG_FILTER_RULE, 1, len(lines), text.strip("\n"))
                filtered = (*html_removals, removal) if text.strip() else tuple(html_removals)
                return CleanResult("", filtered, repaired, bool(original), lang, is_html)

        def applies(rule: Rule) -> bool:
            return not rule.languages or doc_language() in rule.languages

        # Removing a block can complete another (a menu whose share of rule lines rises once its weak lines
        # are gone): rule passes repeat on the tidied remainder until nothing more goes, so that cleaning
        # the output again changes nothing. Line numbers in removals stay those of the prepared input.
        removals: list[Removal] = []
        index = list(range(len(lines)))
        prepared_lines = lines
        facts = self._collect(folded, applies, lines, folded_lines)
        fenced = code.may_have_fence(text)
        for n_pass in range(MAX_RULE_PASSES):
            kept, kept_at, found, changed, final = self._rule_pass(facts, index if n_pass else None, fenced)
            if not found:
                break
            # on the first pass a line's number is its number in the prepared input already
            removals.extend(found if n_pass == 0 else (_renumber(r, index) for r in found))
            lines, at = _tidy_kept(kept, kept_at)  # `at`: where each line stood in this pass
            if final:  # another pass would find nothing (see `fixpoint`)
                break
            index = at if n_pass == 0 else list(map(index.__getitem__, at))
            # Matching is line-local (fold too; phrases and patterns never span a line break), so a kept
            # line that an inline cut left alone keeps its folded key and its record; only cut lines are
            # folded, scanned and judged again. Trailing blanks that tidying strips fold to nothing.
            facts = facts.kept(lines, at, changed)
            if changed:
                for k in facts.cut:
                    key = facts.keys[k] = fold(lines[k])
                    facts.put(k, self._collect(key, applies, [lines[k]]))
                facts.rows = dict(sorted(facts.rows.items()))  # in line order, as a scan gives them
        if not removals:  # after a pass that removed something the lines are tidy already
            lines = _tidy_kept(lines, index)[0]
        if site_at is not None:
            removals = [_renumber(r, site_at) for r in removals]
            removals += [Removal(SITE_RULE, i + 1, i + 1, line, why=facts) for i, line, facts in site_gone]
        removals.sort(key=lambda r: (r.start_line, r.column or 0))
        kept_text = "\n".join(lines)
        if removals and html == "auto" and looks_like_html(kept_text):
            # What is left would be taken for a page ("<p>" once "Share this" under it went): cleaning the
            # output again would extract it. Keeping every line keeps cleaning idempotent (docs/rules-safety.md).
            removals = []
            kept_text = "\n".join(_tidy_kept(prepared_lines, list(range(len(prepared_lines))))[0])
        removals[:0] = html_removals  # what the HTML stage dropped comes first: it happened first
        out = kept_text + "\n" if kept_text else ""
        if crlf:
            out = out.replace("\n", "\r\n")
        return CleanResult(out, tuple(removals), repaired, out != original, language, is_html)


MAX_RULE_PASSES = 4
_SNIFF_CHARS = 4096  # what `looks_like_html` reads of a document
# Documents of at least this many characters (or bytes) are cleaned with the garbage collector paused.
GC_PAUSE_CHARS = 1 << 20
_html = None


def _html_module():
    """cleaner.html, imported on first use: selectolax costs start-up time that plain text never needs."""
    global _html
    if _html is None:
        from cleaner import html

        _html = html
    return _html


def _renumber(removal: Removal, index: list[int]) -> Removal:
    return Removal(removal.rule, index[removal.start_line - 1] + 1, index[removal.end_line - 1] + 1,
                   removal.text, removal.kind, removal.column, removal.why)


SITE_RULE = "site.repeat"


def _site_filter(options: Options):
    """Corpus mode's site decision when the options name a profile (imported only then)."""
    if options.profile is None:
        return None
    from cleaner.corpus.decide import make_filter

    return make_filter(options)


def _tidy_kept(kept: list[str], kept_at: list[int]) -> tuple[list[str], list[int]]:
    """`tidy` on lines that carry a line number: what a second run of cleaner would see.

    No trailing blanks on a line, no leading blank lines, no two blank lines in a row (a blank line goes
    when the line before it is blank too, or it is the first), none at the end.
    """
    lines = list(map(str.rstrip, kept, repeat(" \t", len(kept))))
    blanks = list(compress(range(len(lines)), map(not_, lines)))  # all in C: no Python step per line
    if not blanks:
        return lines, kept_at
    drop = {k for k in blanks if k == 0 or not lines[k - 1]}
    end = len(lines)
    while end and not lines[end - 1]:
        end -= 1
        drop.add(end)
    keep = list(filterfalse(drop.__contains__, range(len(lines))))
    return list(map(lines.__getitem__, keep)), list(map(kept_at.__getitem__, keep))


def _apply(decision: engine.Decision, details: dict[int, str] | None = None, index: list[int] | None = None,
           ) -> tuple[list[str], list[int], list[Removal]]:
    """Drop removed lines and cut inline spans: the kept lines, where they stood, and the removals. Lines
    removed by one rule, with only blank lines between them, make one record; `details`: the facts behind
    a heuristic's removal of a line (a record takes its first line's); `index`: where each line stood in
    the input, on a later pass (lines next to each other now may have had lines between them that an earlier
    pass removed, and a record names a span of the input)."""
    lines, removed = decision.lines, decision.removed
    groups: list[tuple[str, list[int]]] = []  # (rule id, its lines)
    for i, rule_id in sorted(removed.items()):
        if groups:
            rule, group = groups[-1]
            last = group[-1]
            # the same rule next to the last one (most often), or with only blank lines between
            if rule_id == rule and (i == last + 1 or not any(lines[j].strip() for j in range(last + 1, i))) \
                    and (index is None or index[i] - index[last] == i - last):
                group.append(i)
                continue
        groups.append((rule_id, [i]))
    removals = [Removal(rule, group[0] + 1, group[-1] + 1, "\n".join(map(lines.__getitem__, group)),
                        why=details.get(group[0]) if details else None)
                for rule, group in groups]
    cut: dict[int, str] = {}  # inline spans only stand on lines that stay
    for i, spans in decision.inline.items():
        line = lines[i]
        pieces, pos = [], 0
        for start, end, rule_id in spans:
            pieces.append(line[pos:start])
            removals.append(Removal(rule_id, i + 1, i + 1, line[start:end], "inline", start + 1))
            pos = end
        pieces.append(line[pos:])
        cut[i] = "".join(pieces)
    kept_at = list(filterfalse(removed.__contains__, range(len(lines))))
    kept = [cut.get(i, lines[i]) for i in kept_at] if cut else list(map(lines.__getitem__, kept_at))
    return kept, kept_at, removals  # removals in no particular order: explain sorts what all passes found


_default: Cleaner | None = None


def clean(text: str | bytes, **options) -> str:
    """Clean one document with the built-in rules; the Cleaner for default options is built once."""
    global _default
    if options:
        return Cleaner(Options(**options)).clean(text)
    if _default is None:
        _default = Cleaner()
    return _default.clean(text)
