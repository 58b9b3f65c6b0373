"""The hostile-input corpus: every recipe, generated here, through every import command and every admin upload.

Each is checked for: the refusal (CommandError, i.e. exit status 1; HTTP 200 with no confirm step), a
Chinese message, no traceback, the parse process's peak memory under 300 MB (read from the parse
log), and every table unchanged (tests/dbstate.py). The recipes are the issue's and their variants,
found by experiment with python-calamine 0.9.1; see tests/test_sheets_limits.py for the scan alone.
"""

import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.dbstate import database_checksum
from tests.factories import (
    csv_bytes,
    lying_member_xlsx,
    merged_ranges_xlsx,
    rewrite_sheet_xml,
    shared_text_xlsx,
    wide_csv,
    with_sheet_xml,
    xlsx_bytes,
    zip_bomb_xlsx,
)

PEAK_MB = 300
CHINESE = re.compile("[\u4e00-\u9fff]")
FIRM = ["91330902MA28K1XG4Q", "甲有限公司"]


def far_cell(cell, row=b"3"):
    return with_sheet_xml(b'<row r="' + row + b'">' + cell + b"<is><t>x</t></is></c></row>")


def many_members():
    """210 parts of 1 MB of zeros: each too small for the ratio check, together past the 200 MB limit."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["统一社会信用代码"], ["x"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member.filename, source.read(member.filename))
        for index in range(210):
            target.writestr(f"xl/media/padding{index}.bin", bytes(1024 * 1024))
    return out.getvalue()


def deep_nesting(levels=100_000):
    return with_sheet_xml(b'<row r="3"><c r="A3" t="inlineStr"><is>' + b"<r>" * levels + b"<t>x</t>" + b"</r>" * levels + b"</is></c></row>")


@dataclass(frozen=True)
class Recipe:
    name: str
    extension: str
    build: object
    fragment: str | None  # None: the file is read and its rows refused on their merits
    settings: dict = field(default_factory=dict)


RECIPES = [
    # Issue 15, item 1, and the spellings calamine also reads.
    Recipe("far-cell-lower-case", "xlsx", lambda: far_cell(b'<c r="xfd1048576" t="inlineStr">', b"1048576"), "单元格 XFD1048576 有内容"),
    Recipe("far-cell-mixed-case", "xlsx", lambda: far_cell(b'<c r="xFd1048576" t="inlineStr">', b"1048576"), "单元格 XFD1048576 有内容"),
    Recipe("far-cell-leading-zeros", "xlsx", lambda: far_cell(b'<c r="A0001048576" t="inlineStr">'), "单元格 A1048576"),
    Recipe("far-cell-quotes-and-spaces", "xlsx", lambda: far_cell(b"<c r = 'XFD1' t=\"inlineStr\">"), "单元格 XFD1 有内容"),
    Recipe("far-cell-position-last", "xlsx", lambda: far_cell(b'<c t="inlineStr"\nr="XFD1">'), "单元格 XFD1 有内容"),
    Recipe("far-cell-past-2-to-the-32", "xlsx", lambda: far_cell(b'<c r="A4295015872" t="inlineStr">'), "单元格 A4295015872"),
    Recipe("far-cell-repeated-position", "xlsx", lambda: far_cell(b'<c r="A3" r="XFD1048576" t="inlineStr">'), "文件结构不常见"),
    Recipe("far-row-cell-without-position", "xlsx", lambda: far_cell(b'<c t="inlineStr">', b"1048576"), "文件结构不常见"),
    Recipe("prefixed-cell", "xlsx", lambda: with_sheet_xml('<row r="3"><表:c xmlns:表="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD3" t="inlineStr"><表:is><表:t>x</表:t></表:is></表:c></row>'.encode()), "文件结构不常见"),
    Recipe("wide-xlsx", "xlsx", lambda: xlsx_bytes([["统一社会信用代码", "企业名称", *[f"列{index}" for index in range(60)]], FIRM]), "超出了最多 50 列"),
    Recipe("dimension-claims-the-whole-sheet", "xlsx", lambda: rewrite_sheet_xml(xlsx_bytes([["统一社会信用代码", "企业名称"], FIRM]), lambda xml: xml.replace(b'<dimension ref="A1:B2" />', b'<dimension ref="A1:XFD1048576" />')), None),
    # A far cell the checks are told to let through: calamine aborts its process, the child's.
    Recipe("reader-crash-forced-past-the-checks", "xlsx", lambda: far_cell(b'<c r="AX1048576" t="inlineStr">', b"1048576"), "内存超过了", {"SHEETS_MAX_ROWS": 2_000_000}),
    # Zip tricks.
    Recipe("zip-bomb", "xlsx", zip_bomb_xlsx, "压缩比异常"),
    Recipe("zip-many-small-parts", "xlsx", many_members, "解压后有"),
    Recipe("zip-part-larger-than-declared", "xlsx", lambda: lying_member_xlsx(b'<row r="3"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'), "已损坏"),
    Recipe("sheet-in-utf-16", "xlsx", lambda: rewrite_sheet_xml(xlsx_bytes([["统一社会信用代码"], ["x"]]), lambda xml: b"\xff\xfe" + xml.decode().encode("utf-16-le")), "已损坏"),
    # Sizes inside the sheet.
    Recipe("shared-text-of-megabytes", "xlsx", lambda: shared_text_xlsx(2 * 1024 * 1024), "的文字"),
    Recipe("shared-text-amplified", "xlsx", lambda: shared_text_xlsx(200_000, rows=1000), "反复引用同样的文字"),
    Recipe("merged-range-bomb", "xlsx", lambda: merged_ranges_xlsx(201_001), "个合并单元格区域"),
    Recipe("deep-nesting", "xlsx", deep_nesting, None),
    Recipe("long-cell-xlsx", "xlsx", lambda: xlsx_bytes([["统一社会信用代码", "企业名称"], [FIRM[0], "长" * 10_000]]), "第2行第B列的内容有 10000 个字符"),
    Recipe("many-rows-xlsx", "xlsx", lambda: xlsx_bytes([["统一社会信用代码", "企业名称"], *[FIRM] * 1001]), "数据超过 1000 行", {"SHEETS_MAX_ROWS": 1000}),
    # Issue 15, item 2, and CSV variants.
    # Headers no import takes: the rows are read (that is the test) and refused as a whole, not validated one by one.
    Recipe("wide-csv", "csv", lambda: wide_csv(header="序号,说明"), "缺少必填列："),
    Recipe("wide-csv-with-content-past-ax", "csv", lambda: ("统一社会信用代码,企业名称" + "," * 60 + "备注\r\n" + ",".join(FIRM) + "\r\n").encode(), "第1行第BJ列有内容"),
    Recipe("far-row-csv", "csv", lambda: "统一社会信用代码,企业名称\r\n".encode() + b"\r\n" * 300_000 + ",".join(FIRM).encode() + b"\r\n", None),
    Recipe("line-of-megabytes-csv", "csv", lambda: ("统一社会信用代码,企业名称\r\n" + FIRM[0] + "," + "长" * 1_500_000 + "\r\n").encode(), "文件第2行过长"),
    Recipe("long-cell-csv", "csv", lambda: csv_bytes([["统一社会信用代码", "企业名称"], [FIRM[0], "长" * 10_000]]), "第2行第B列的内容有 10000 个字符"),
    Recipe("many-rows-csv", "csv", lambda: csv_bytes([["统一社会信用代码", "企业名称"], *[FIRM] * 1001]), "数据超过 1000 行", {"SHEETS_MAX_ROWS": 1000}),
    Recipe("unknown-encoding-csv", "csv", lambda: b"\x81\x30\xff\xfe\xfd,\x80\r\n" * 100, "文字编码"),
]


BUILT = {}


def content(recipe):
    """Each file is built once per run: both tests of a recipe post the same bytes."""
    if recipe.name not in BUILT:
        BUILT[recipe.name] = recipe.build()
    return BUILT[recipe.name]


COMMANDS = [("import_enterprises",), ("import_pool", "--tier", "innovative_sme"), ("import_monthly",), ("import_annual_profiles",), ("import_projects",), ("import_project_progress",)]
ADMIN_IMPORTS = [
    "admin:registry_enterprise_import", "admin:cultivation_poolentry_import", "admin:cultivation_annualprofile_import", "admin:cultivation_monthlyreport_import",
    "admin:projects_project_import", "admin:projects_projectprogress_import", "admin:projects_indicatortarget_import",
]


@pytest.fixture
def parse_log(caplog):
    caplog.set_level(logging.INFO, logger="registry.sheets.isolation")
    return lambda: [record.sheet_parse for record in caplog.records if hasattr(record, "sheet_parse")]


def assert_refused(recipe, surface, message, parses):
    assert CHINESE.search(message), f"{surface}: no Chinese message"
    assert recipe.fragment is None or recipe.fragment in message, f"{surface}: {message[:500]}"
    assert "Traceback" not in message, surface
    assert parses, f"{surface}: the file was never parsed"
    assert max(parse["peak_rss_mb"] for parse in parses) < PEAK_MB, f"{surface}: {parses}"


@pytest.mark.django_db
class HostileFileTests:
    @pytest.mark.parametrize("recipe", RECIPES, ids=[recipe.name for recipe in RECIPES])
    def test_every_command_refuses_it_and_changes_nothing(self, recipe, settings, tmp_path, parse_log):
        for name, value in recipe.settings.items():
            setattr(settings, name, value)
        path = tmp_path / f"hostile.{recipe.extension}"
        path.write_bytes(content(recipe))
        before = database_checksum()
        for command in COMMANDS:
            parsed = len(parse_log())
            out = io.StringIO()
            with pytest.raises(CommandError) as refused:
                call_command(command[0], str(path), *command[1:], stdout=out, stderr=io.StringIO())
            assert_refused(recipe, command[0], out.getvalue() + str(refused.value), parse_log()[parsed:])
            assert database_checksum() == before, command[0]

    @pytest.mark.parametrize("recipe", RECIPES, ids=[recipe.name for recipe in RECIPES])
    def test_every_admin_upload_refuses_it_and_changes_nothing(self, recipe, admin_client, settings, tmp_path, parse_log):
        settings.MEDIA_ROOT = tmp_path
        for name, value in recipe.settings.items():
            setattr(settings, name, value)
        before = database_checksum()
        for url in ADMIN_IMPORTS:
            parsed = len(parse_log())
            upload = SimpleUploadedFile(f"hostile.{recipe.extension}", content(recipe))
            response = admin_client.post(reverse(url), {"import_file": upload, "format": "1" if recipe.extension == "csv" else "0", "resource": "0"})
            assert response.status_code == 200, url
            page = html.unescape(response.content.decode())
            assert response.context.get("confirm_form") is None, url
            assert getattr(response.context.get("outcome"), "ok", False) is False, url
            assert_refused(recipe, url, page, parse_log()[parsed:])
            assert database_checksum() == before, url
