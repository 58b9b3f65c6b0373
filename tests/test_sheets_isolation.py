"""The parse runs in a child process: a crash, a memory blow-up or a hang there is a refusal here."""

import datetime
import logging

import pytest

from registry.sheets import parsing
from registry.sheets.limits import ReadingLimits, SheetRefused
from registry.sheets.reader import read_rows
from tests.factories import far_cell_xlsx, with_sheet_xml, xlsx_bytes

FAR_BUT_ALLOWED = b'<row r="1048576"><c r="AX1048576" t="inlineStr"><is><t>x</t></is></c></row>'


@pytest.fixture(autouse=True)
def parse_log(caplog):
    caplog.set_level(logging.INFO, logger="registry.sheets.isolation")


def parses(caplog):
    return [record.sheet_parse for record in caplog.records if hasattr(record, "sheet_parse")]


class ParseChildTests:
    def test_it_turns_a_crash_inside_the_reader_into_a_refusal(self, settings, caplog):
        # Let a far cell past the checks: calamine asks for 1.6 GB at once and aborts the process it runs in.
        settings.SHEETS_MAX_ROWS = 2_000_000
        with pytest.raises(SheetRefused, match="读取该文件需要的内存超过了 1024 MB 的上限"):
            read_rows(with_sheet_xml(FAR_BUT_ALLOWED), "firms.xlsx")
        assert read_rows(xlsx_bytes([["代码"], ["1"]]), "firms.xlsx").rows == [["1"]]
        assert [parse["outcome"] for parse in parses(caplog)] == ["memory", "sheet"]

    def test_a_refusal_of_the_cell_checks_wins_over_the_parse_beside_them(self, caplog):
        # The parser runs beside the checker and would abort sizing a grid to XFD1048576: the checker's reason is what comes back.
        with pytest.raises(SheetRefused, match="单元格 XFD1048576 有内容"):
            read_rows(far_cell_xlsx("XFD1048576"), "firms.xlsx")
        assert parses(caplog)[-1]["outcome"] == "refused"

    def test_the_parse_refuses_what_passed_the_cell_checks(self, settings):
        settings.SHEETS_MAX_ROWS = 2
        with pytest.raises(SheetRefused, match="数据超过 2 行的上限"):
            read_rows(xlsx_bytes([["代码"], ["1"], ["2"], ["3"]]), "firms.xlsx")

    def test_it_keeps_the_parse_within_the_memory_setting(self, settings):
        settings.SHEETS_MAX_ROWS = 2_000_000
        settings.SHEETS_PARSE_MEMORY_MB = 64
        # Two columns down to row 1,500,000: a dense grid of about 96 MB.
        with pytest.raises(SheetRefused, match="超过了 64 MB 的上限"):
            read_rows(with_sheet_xml(b'<row r="1500000"><c r="B1500000"><v>1</v></c></row>'), "firms.xlsx")

    def test_it_stops_a_parse_past_the_time_setting(self, settings, caplog):
        settings.SHEETS_PARSE_SECONDS = 0.001
        with pytest.raises(SheetRefused, match="用时超过了 0.001 秒的上限"):
            read_rows(xlsx_bytes([["代码"], ["1"]]), "firms.xlsx")
        assert parses(caplog)[-1]["outcome"] == "timeout"

    def test_it_logs_each_parse_with_its_peak_memory(self, caplog):
        read_rows(xlsx_bytes([["代码"], ["1"]]), "firms.xlsx")
        with pytest.raises(SheetRefused):
            read_rows(b"\x81\x30\xff\xfe\xfd,\x80\r\n", "firms.csv")
        assert [parse["outcome"] for parse in parses(caplog)] == ["sheet", "refused"]
        assert all(0 < parse["peak_rss_mb"] < 300 for parse in parses(caplog))

    def test_it_hands_back_the_cells_the_parse_read(self, tmp_path):
        rows = [
            ["统一社会信用代码", "统计期", "营业收入", "是否规上", "备注"],
            ["91330902MA28K1XG4Q", datetime.date(2025, 1, 1), 12.5, True, "甲"],
            ["91330902MA28K1XG4Q", datetime.date(2025, 2, 1), None, False, None],
            ["91330902MA28K1XG4Q", "2025年3月", "一百", None, 3],
            ["91330902MA28K1XG4Q", datetime.datetime(2025, 4, 1, 8, 30), 7, 1.5, datetime.time(9, 15)],
        ]
        path = tmp_path / "firms.xlsx"
        path.write_bytes(xlsx_bytes(rows))
        here = parsing.read_file(path, path.name, ReadingLimits.from_settings())
        there = read_rows(path, path.name)
        assert there.rows == here.rows
        assert [list(map(type, row)) for row in there.rows] == [list(map(type, row)) for row in here.rows]
        assert there.columns == here.columns
        assert (there.headers, there.row_numbers, there.header_row_number) == (here.headers, here.row_numbers, here.header_row_number)

    def test_it_refuses_in_chinese_when_the_child_cannot_start(self, monkeypatch):
        monkeypatch.setattr("registry.sheets.isolation.sys.executable", "/nonexistent/python")
        with pytest.raises(SheetRefused, match="服务器暂时无法读取文件"):
            read_rows(xlsx_bytes([["代码"], ["1"]]), "firms.xlsx")


class ResultReadingTests:
    def test_it_reads_cells_back_but_never_runs_code_from_the_child(self, tmp_path):
        import os
        import pickle

        from registry.sheets.isolation import _read_pickle

        class Payload:
            def __reduce__(self):
                return (os.system, ("touch " + str(tmp_path / "ran"),))

        with open(tmp_path / "cells", "w+b") as stream:
            pickle.dump(("sheet", {"columns": [(datetime.date(2025, 1, 1), 1.5, "甲")], "row_numbers": range(2, 3)}), stream)
            assert _read_pickle(stream)[1]["columns"] == [(datetime.date(2025, 1, 1), 1.5, "甲")]
        with open(tmp_path / "hostile", "w+b") as stream:
            pickle.dump(("sheet", Payload()), stream)
            assert _read_pickle(stream) is None
        assert not (tmp_path / "ran").exists()
