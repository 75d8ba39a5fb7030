"""`cleaner profile`: build, merge and show site profiles (imported only when the command runs)."""

from __future__ import annotations

import time

import click

from cleaner.corpus.profile import (
    DEFAULT_BUDGET,
    DEFAULT_TOTAL,
    KEY_BYTES,
    Profile,
    build_profile,
    merge_profiles,
    read_pages,
    read_profile,
    write_profile,
)
from cleaner.errors import CleanerError


def parse_budget(value: str) -> int:
    """A budget in keys ("200000", "200k") or in megabytes ("20MB"), as a number of keys."""
    v = value.strip().lower()
    try:
        if v.endswith("mb"):
            return max(1, int(float(v[:-2]) * 1_000_000 / KEY_BYTES))
        if v.endswith("k"):
            return max(1, int(float(v[:-1]) * 1000))
        if v.endswith("m"):
            return max(1, int(float(v[:-1]) * 1_000_000))
        return max(1, int(v))
    except ValueError:
        raise click.BadParameter(f"{value!r}: give a number of keys (200000, 200k) or megabytes (20MB)") from None


def _fail(message: str) -> None:
    """Bad usage or input: the CLI's one handler prints "cleaner: error: ..." and returns status 2."""
    raise CleanerError(message)


def show(profile: Profile, site: str | None, top: int) -> str:
    """The most repeated lines of a site (or of every site), with counts; text where the profile kept it."""
    names = [site] if site else sorted(profile.sites, key=lambda s: (-profile.sites[s].pages, s))
    out = []
    for name in names:
        table = profile.sites.get(name)
        if table is None:
            raise CleanerError(f"no site {name!r} in the profile; `cleaner profile --show FILE` lists them")
        pruned = f", pruned (dropped counts up to {table.cutoff})" if table.pruned else ""
        out.append(f"{name}: {table.pages} pages, {len(table.counts)} lines counted{pruned}")
        if site:
            for key, count in table.top(top):
                text = table.texts.get(key, f"(text not kept; key {key:016x})")
                out.append(f"  {count:6d} {count / max(table.pages, 1):6.1%}  {text}")
    return "\n".join(out) + "\n"


@click.command("profile")
@click.argument("files", nargs=-1, type=click.Path(exists=True, allow_dash=True))
@click.option("-o", "--out", type=click.Path(dir_okay=False), default=None, help="Write the profile here.")
@click.option("--text-key", default="text", show_default=True, help="JSONL field holding the text.")
@click.option("--url-key", default="url", show_default=True, help="JSONL field holding the page's URL.")
@click.option("--site", default=None, metavar="NAME", help="The site of plain files (and of records without a URL).")
@click.option("--by", type=click.Choice(["domain", "host"]), default="domain", show_default=True,
              help="Count per registered domain (approximated) or per host.")
@click.option("--budget", default=str(DEFAULT_BUDGET), show_default=True, metavar="KEYS|MB",
              help="Most lines kept per site (keys, or MB as 20MB); past it the rarest go.")
@click.option("--total-budget", default=str(DEFAULT_TOTAL), show_default=True, metavar="KEYS|MB",
              help="Most lines kept for all sites; past it the largest site is pruned first.")
@click.option("--merge", is_flag=True, help="FILES are profiles: write their sum.")
@click.option("--show", "show_path", default=None, type=click.Path(exists=True, dir_okay=False), metavar="PROFILE",
              help="List the sites of PROFILE, or with --site a site's most repeated lines.")
@click.option("--top", type=click.IntRange(min=1), default=30, show_default=True, help="Lines shown with --show.")
def profile_command(files, out, text_key, url_key, site, by, budget, total_budget, merge, show_path, top) -> None:
    """Count, per site, on how many pages each line occurs: the site profile that `cleaner --profile` uses.

    A profile holds 8-byte keys of lines, not their text, except the text of the TOP most repeated lines
    of each site (kept so --show can say what will go; at most 50 per site, 200 characters each).
    """
    try:
        if show_path:
            click.echo(show(read_profile(show_path), site, top), nl=False)
            return
        if not out:
            _fail("name the profile file with -o/--out")
        if not files:
            _fail("no input: give FILES (JSONL with a URL field, or plain files with --site)")
        start = time.perf_counter()
        if merge:
            prof = merge_profiles(read_profile(p) for p in files)
        else:
            prof = build_profile(read_pages(files, text_key, url_key, site), by, parse_budget(budget),
                                 parse_budget(total_budget))
        write_profile(prof, out)
    except (CleanerError, OSError, ValueError) as err:
        _fail(str(err))
    pruned = sum(t.pruned for t in prof.sites.values())
    click.echo(f"cleaner: {len(prof.sites)} sites, {prof.pages} pages, "
               f"{sum(len(t.counts) for t in prof.sites.values())} lines counted"
               + (f", {pruned} sites pruned" if pruned else "") + f" in {time.perf_counter() - start:.1f}s -> {out}",
               err=True)
