"""CSV/TSV and Parquet files: the text column cleaned, every other column and row back as it was.

CSV is read with a small RFC 4180 reader that keeps where each field sits in the file, so only the text
field of a row that changed is rewritten: other fields keep their quoting and spacing, rows their line ends,
the header its bytes (the csv module would re-serialise every field). The delimiter is a tab for .tsv, else
whichever of , ; tab | the header line has most of outside quotes. Parquet needs pyarrow (the [parquet]
extra): other columns are the same Arrow arrays, written back with the file's schema (and its metadata),
row groups and compression codec.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cleaner.core.pipeline import Cleaner, CleanResult
from cleaner.errors import InputError

TABLE_SUFFIXES = (".csv", ".tsv", ".parquet")
# (row's line number or row number, result) -> whether to write the cleaned text (False: the cell stays)
OnResult = Callable[[int, CleanResult], bool]


def is_table_name(path: str) -> bool:
    name = path.lower().removesuffix(".gz").removesuffix(".zst")
    return name.endswith((".csv", ".tsv")) or path.lower().endswith(".parquet")


def is_parquet_name(path: str) -> bool:
    return path.lower().endswith(".parquet")


@dataclass(frozen=True)
class Field:
    start: int
    end: int
    quoted: bool
    value: str


def sniff_delimiter(text: str, path: str = "") -> str:
    if path.lower().removesuffix(".gz").removesuffix(".zst").endswith(".tsv"):
        return "\t"
    header = text.split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def records(text: str, delimiter: str = ",", path: str = "") -> Iterator[tuple[int, list[Field]]]:
    """(line the record starts on, its fields) of CSV text; InputError naming the line for an unclosed quote
    or text after a closing quote."""
    unquoted_end = re.compile(f"[{re.escape(delimiter)}\r\n]")
    pos, n, line = 0, len(text), 1
    while pos < n:
        start_line = line
        fields: list[Field] = []
        while True:
            start = pos
            if pos < n and text[pos] == '"':
                parts, j = [], pos + 1
                while True:
                    k = text.find('"', j)
                    if k < 0:
                        raise InputError(path, "a quoted field is never closed", start_line,
                                         "close the quote, or check the delimiter")
                    parts.append(text[j:k])
                    if text.startswith('""', k):
                        parts.append('"')
                        j = k + 2
                        continue
                    break
                pos = k + 1
                value = "".join(parts)
                line += text.count("\n", start, pos)
                fields.append(Field(start, pos, True, value))
                if pos < n and text[pos] not in (delimiter, "\r", "\n"):
                    raise InputError(path, f"text after a closing quote ({text[pos:pos + 10]!r})", line,
                                     "quote the whole field, doubling the quotes inside it")
            else:
                m = unquoted_end.search(text, pos)
                end = m.start() if m else n
                fields.append(Field(pos, end, False, text[pos:end]))
                pos = end
            if pos >= n:
                break
            if text[pos] == delimiter:
                pos += 1
                continue
            pos += 2 if text.startswith("\r\n", pos) else 1
            line += 1
            break
        yield start_line, fields


def quote(value: str, delimiter: str, quoted: bool) -> str:
    if quoted or any(c in value for c in (delimiter, '"', "\r", "\n")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def _clean_value(cleaner: Cleaner, value: str) -> CleanResult | None:
    if not value.strip():
        return None
    from dataclasses import replace

    result = cleaner.explain(value)
    text = result.text if value.endswith("\n") else result.text.rstrip("\n")
    return replace(result, text=text, changed=text != value)


def clean_csv(cleaner: Cleaner, text: str, column: str, on_result: OnResult, path: str = "") -> str:
    """The CSV text with `column` cleaned in every row; InputError when the header has no such column."""
    delimiter = sniff_delimiter(text, path)
    out: list[str] = []
    last = 0
    index = -1
    for lineno, fields in records(text, delimiter, path):
        if index < 0:
            names = [f.value for f in fields]
            if column not in names:
                raise InputError(path, f"no column {column!r} (columns: {', '.join(map(repr, names[:20]))})", 1,
                                 "name the text column with --column")
            index = names.index(column)
            continue
        if index >= len(fields):
            continue
        cell = fields[index]
        result = _clean_value(cleaner, cell.value)
        if result is None or not on_result(lineno, result) or not result.changed:
            continue
        out.append(text[last:cell.start])
        out.append(quote(result.text, delimiter, cell.quoted))
        last = cell.end
    if index < 0:
        raise InputError(path, "is empty: no header row", hint="a CSV needs a header naming its columns")
    out.append(text[last:])
    return "".join(out)


def clean_parquet(cleaner: Cleaner, path: str, column: str, on_result: OnResult) -> bytes:
    """The Parquet file at path with `column` cleaned: the bytes of the new file."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(path, "is Parquet, which needs pyarrow",
                         hint="pip install 'scrape-cleaner[parquet]'") from None
    import io

    pf = pq.ParquetFile(path)
    schema = pf.schema_arrow
    if column not in schema.names:
        raise InputError(path, f"no column {column!r} (columns: {', '.join(map(repr, schema.names[:20]))})",
                         hint="name the text column with --column")
    index = schema.get_field_index(column)
    field = schema.field(index)
    if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type)):
        raise InputError(path, f"column {column!r} is {field.type}, not text", hint="name a string column")
    meta = pf.metadata
    compression = "snappy"
    if meta.num_row_groups:
        col = meta.row_group(0).column(pf.schema.names.index(column) if column in pf.schema.names else 0)
        compression = col.compression.lower()
    sink = io.BytesIO()
    row = 0
    with pq.ParquetWriter(sink, schema, compression=compression if compression != "uncompressed" else "none") as w:
        for group in range(meta.num_row_groups):
            table = pf.read_row_group(group)
            values = table.column(index).to_pylist()
            new = []
            for value in values:
                row += 1
                result = _clean_value(cleaner, value) if isinstance(value, str) else None
                if result is not None and on_result(row, result) and result.changed:
                    new.append(result.text)
                else:
                    new.append(value)
            table = table.set_column(index, field, pa.array(new, type=field.type))
            w.write_table(table, row_group_size=max(len(new), 1))
    return sink.getvalue()
