"""CSV/TSV and Parquet: the text column cleaned, every other column and row back as it was. Real files."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.cli import main
from cleaner.io.tables import clean_csv, records
from tests.conftest import CLEAN, DIRTY

CSV = ('id;"text";note\r\n'
       '1;"The vote is on Sunday.\n\nFollow us on Telegram";  spaced , "quoted"\r\n'
       '2;A plain line with no boilerplate.;"x ""y"""\r\n'
       '3;;empty text\r\n')


def _cli(*args: str):
    result = CliRunner().invoke(main, ["--no-config", *args])
    return result.exit_code, result.stdout_bytes, result.stderr


def test_only_the_text_field_changes_byte_for_byte(tmp_path):
    path = tmp_path / "pages.csv"
    path.write_bytes(CSV.encode())
    code, out, err = _cli(str(path))
    assert code == 0, err
    assert out.decode() == CSV.replace('"The vote is on Sunday.\n\nFollow us on Telegram"', '"The vote is on Sunday."')
    rows = list(csv.reader(io.StringIO(out.decode(), newline=""), delimiter=";"))
    assert [r[0] for r in rows] == ["id", "1", "2", "3"]  # no row lost, none added


def test_column_option_tsv_and_in_place(tmp_path):
    path = tmp_path / "pages.tsv"
    path.write_text('body\tlang\n"' + DIRTY + '"\ten\n')
    code, _, err = _cli("--column", "missing", str(path))
    assert code == 2 and "no column 'missing'" in err and "--column" in err
    code, _, err = _cli("--column", "body", "-i", "--explain", str(path))
    assert code == 0, err
    assert "record 2" in err  # the row's line
    assert path.read_text() == 'body\tlang\n"' + CLEAN + '"\ten\n'  # a cell that ended in a line end keeps it


def test_a_cp1252_csv_from_a_spreadsheet_is_read_and_written_back_so(tmp_path):
    path = tmp_path / "excel.csv"
    body = ("text,n\n\"Le conseil municipal a voté mardi le budget de l'année prochaine; les élus ont débattu "
            "des dépenses pour les écoles et les hôpitaux, près de la gare où arrivent les trains de Genève.\n"
            "Les travaux débuteront dès février, après l'hiver, a précisé le maire élu en été.\n\n"
            "Suivez-nous sur Facebook\",1\n")
    path.write_bytes(body.encode("cp1252"))
    code, _, err = _cli("-i", str(path))
    assert code == 0, err
    assert "read as cp1252 (detected" in err
    assert "Facebook" not in path.read_bytes().decode("cp1252")
    assert path.read_bytes().decode("cp1252").endswith('élu en été.",1\n')


def test_a_folder_of_tables_is_cleaned_not_skipped(tmp_path):
    (tmp_path / "a.csv").write_text("text\n\"" + DIRTY + "\"\n")
    code, out, err = _cli(str(tmp_path))
    assert code == 0, err
    assert out.decode() == 'text\n"' + CLEAN + '"\n'


@settings(max_examples=100)
@given(st.lists(st.tuples(st.text(max_size=12), st.text(max_size=30)), max_size=6))
def test_other_fields_come_back_as_the_csv_module_reads_them(default_cleaner, rows):
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(["other", "text"])
    writer.writerows(rows)
    before = buf.getvalue()
    after = clean_csv(default_cleaner, before, "text", lambda _row, _r: True)
    old = list(csv.reader(io.StringIO(before, newline="")))
    new = list(csv.reader(io.StringIO(after, newline="")))
    assert [r[0] for r in new] == [r[0] for r in old]
    assert len(new) == len(old)
    # the reader here agrees with the csv module on every field
    assert [[f.value for f in fields] for _line, fields in records(before)] == old


def test_parquet_other_columns_row_groups_and_codec_stay(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": pa.array([1, 2, 3], pa.int64()), "text": [DIRTY, None, "Plain text."],
                      "score": [0.5, 1.5, None]}).replace_schema_metadata({"source": "crawl-7"})
    path = tmp_path / "pages.parquet"
    pq.write_table(table, path, compression="zstd", row_group_size=2)
    code, _, err = _cli("-i", "--column", "text", str(path))
    assert code == 0, err
    out = pq.ParquetFile(path)
    assert out.num_row_groups == 2
    assert out.metadata.row_group(0).column(0).compression == "ZSTD"
    got = out.read()
    assert got.column("text").to_pylist() == [CLEAN, None, "Plain text."]
    assert got.column("id").equals(table.column("id")) and got.column("score").equals(table.column("score"))
    assert got.schema.metadata[b"source"] == b"crawl-7"
    code, _, err = _cli("--column", "id", str(path))
    assert code == 2 and "not text" in err
