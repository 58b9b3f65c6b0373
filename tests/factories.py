"""Small factories: each test builds the data it needs — rows in the database, files to import, form data."""

import csv
import io
import itertools
import zipfile

import openpyxl

from django.contrib.auth import get_user_model

from registry.models import Enterprise
from registry.uscc import make_uscc

_serial = itertools.count(1)


def next_uscc(county="330902"):
    return make_uscc(f"91{county}{next(_serial):09d}")


def make_enterprise(**overrides):
    county = overrides.pop("county_id", "330902")
    chains = overrides.pop("chains", ())
    values = {
        "uscc": next_uscc(county),
        "name": f"测试企业{next(_serial)}有限公司",
        "county_id": county,
        "industry_id": "3731",
    }
    values.update(overrides)
    firm = Enterprise.objects.create(**values)
    if chains:
        firm.chains.set(chains)
    return firm


def make_user(username="staff", *, superuser=False, perms=(), **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-for-tests-5428", is_staff=True, is_superuser=superuser, **extra)
    if perms:
        from django.contrib.auth.models import Permission

        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def tier(code):
    from cultivation.models import Tier

    return Tier.objects.get(code=code)


def make_entry(enterprise=None, tier_code="innovative_sme", *, status="candidate", entered_on=None, applied_on=None, recognised_on=None, valid_until=None, **extra):
    """A pool entry in any status, written directly (tests of the services build through the services)."""
    import datetime

    from cultivation.ladder.services import default_valid_until
    from cultivation.models import PoolEntry

    enterprise = enterprise or make_enterprise()
    the_tier = tier(tier_code)
    entered_on = entered_on or min(datetime.date(2024, 1, 10), recognised_on or datetime.date.max)
    if status in ("applied", "recognised", "rejected", "expired") and applied_on is None:
        applied_on = recognised_on or entered_on
    if status in ("recognised", "expired") and recognised_on is None:
        recognised_on = applied_on
    if recognised_on and valid_until is None:
        valid_until = default_valid_until(the_tier, recognised_on)
    return PoolEntry.objects.create(
        enterprise=enterprise, tier=the_tier, status=status, entered_on=entered_on, applied_on=applied_on, recognised_on=recognised_on, valid_until=valid_until, **extra
    )


def make_monthly_report(enterprise=None, period="2024-01", **figures):
    """One firm's figures for one month; `period` as "YYYY-MM" or a date."""
    import datetime

    from cultivation.models import MonthlyReport

    if isinstance(period, str):
        year, month = period.split("-")
        period = datetime.date(int(year), int(month), 1)
    from cultivation.monitoring.summary import refresh_pairs

    report = MonthlyReport.objects.create(enterprise=enterprise or make_enterprise(), period=period, **figures)
    refresh_pairs([(report.enterprise_id, report.period)])  # as every writer does: the summary is what pages read
    return report


MONTHLY_HEADERS = ("统一社会信用代码", "企业名称", "统计期", "工业总产值（万元）", "营业收入（万元）", "主营业务收入（万元）", "从业人员（人）")


def monthly_xlsx(rows, headers=MONTHLY_HEADERS):
    """An xlsx (bytes) written as staff's files are: real number cells, text and date cells as given."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_annual_profile(enterprise=None, year=2025, **figures):
    """One firm's figures for one year (money in 万元); only the figures given are filled."""
    from cultivation.models import AnnualProfile

    return AnnualProfile.objects.create(enterprise=enterprise or make_enterprise(), year=year, **figures)


def innovative_figures(**overrides):
    """Figures that score 80 under the 2022 innovative-SME rules (IP 10, R&D 15, growth 15, debt 10, catalogue 10, share 20)."""
    from decimal import Decimal

    values = {
        "revenue": Decimal(1000), "main_business_revenue": Decimal(800), "net_profit": Decimal(60), "total_assets": Decimal(2000),
        "total_liabilities": Decimal(1000), "rd_expense": Decimal(45), "employees": 120, "rd_staff": 15, "ip_class1_count": 1,
        "ip_class1_high_value_count": 0, "ip_class1_self_developed_count": 0, "ip_class2_count": 2, "strategic_emerging_product": True,
        "rd_institution_level": "none", "award_level": "none", "high_tech_title": False, "equity_financing_3y": Decimal(0),
    }
    values.update(overrides)
    return values


def make_profile_years(enterprise, base_year=2025, growth="1.12", **overrides):
    """Three consecutive profiles ending in `base_year`; revenue figures grow by `growth` a year."""
    from decimal import Decimal

    current = innovative_figures(**overrides)
    profiles = []
    for back in (2, 1, 0):
        divisor = Decimal(growth) ** back
        figures = dict(current)
        for name in ("revenue", "main_business_revenue"):
            if figures.get(name) is not None:
                figures[name] = (figures[name] / divisor).quantize(Decimal("0.0001"))
        profiles.append(make_annual_profile(enterprise, base_year - back, **figures))
    return profiles


def form_data(**overrides):
    data = {
        "name": "舟山海星船舶修造有限公司",
        "short_name": "海星船舶",
        "uscc": next_uscc(),
        "uscc_override_reason": "",
        "county": "330902",
        "zone": "",
        "industry": "3731",
        "status": "operating",
        "size_class": "small",
        "main_products": "",
        "niche_market": "",
        "address": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def firm_with(name, *, this_year=None, last_year=None, **firm):
    """A firm with June output this year and last year (single months, so year to date = June + nothing else)."""
    enterprise = make_enterprise(name=name, **firm)
    if last_year is not None:
        make_monthly_report(enterprise, "2023-06", output_value=last_year)
    if this_year is not None:
        make_monthly_report(enterprise, "2024-06", output_value=this_year)
    return enterprise


# Spreadsheet files, built as staff's files are.


def xlsx_bytes(rows, *, title="Sheet1", hidden_first=None, merge=None):
    """An xlsx with `rows` on its first sheet; `hidden_first` puts a hidden sheet with those rows before it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if hidden_first is not None:
        sheet.title = "隐藏"
        for row in hidden_first:
            sheet.append(row)
        sheet.sheet_state = "hidden"
        sheet = workbook.create_sheet(title)
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def rewrite_sheet_xml(xlsx, change):
    """The same workbook with its first worksheet's XML passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(member.filename, data)
    return out.getvalue()


def with_blank_styled_rows(xlsx, count):
    """Append `count` rows that hold only formatting, as Excel writes after formatting whole rows."""
    start = 10

    def change(xml):
        rows = "".join(f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="B{n}" s="1"/></row>' for n in range(start, start + count))
        return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

    return rewrite_sheet_xml(xlsx, change)


def zip_bomb_xlsx(uncompressed_bytes=60 * 1024 * 1024):
    """A valid-looking xlsx whose sheet XML inflates a thousandfold."""
    small = xlsx_bytes([["统一社会信用代码", "企业名称"]])
    padding = b" " * uncompressed_bytes
    return rewrite_sheet_xml(small, lambda xml: xml.replace(b"</worksheet>", padding + b"</worksheet>"))


def far_cell_xlsx(reference="XFD1048576"):
    """A tiny xlsx with one value far away: calamine would size its grid to reach it."""
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "统一社会信用代码"
    workbook.active[reference] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def old_xls_bytes():
    """The start of an Excel 97-2003 file: an OLE2 compound document header."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Workbook" + b"\x00" * 1024


def with_sheet_xml(xml, rows=(("统一社会信用代码", "企业名称"), ("91330902MA28K1XG4Q", "甲有限公司"))):
    """A small xlsx with `xml` (rows and cells, as bytes) appended to its sheet data."""
    return rewrite_sheet_xml(xlsx_bytes([list(row) for row in rows]), lambda sheet: sheet.replace(b"</sheetData>", xml + b"</sheetData>"))


def wide_csv(commas=100_000, rows=3000, header="统一社会信用代码,企业名称"):
    """The issue's recipe: a header followed by `commas` empty cells, then short rows."""
    header = header + "," * commas + "\r\n"
    return (header + "".join(f"9133090200000{index:05d},企业{index}\r\n" for index in range(rows))).encode()


def lying_member_xlsx(hidden_xml):
    """The sheet XML grows by `hidden_xml` past its old end, while the zip directory keeps the old size and the CRC of that prefix.

    A reader that trusts the directory sees the old sheet; one that inflates everything sees the hidden rows.
    """
    import struct
    import zlib

    small = xlsx_bytes([["统一社会信用代码", "企业名称"], ["91330902MA28K1XG4Q", "甲有限公司"]])
    name = "xl/worksheets/sheet1.xml"
    original = zipfile.ZipFile(io.BytesIO(small)).read(name)
    grown = original.replace(b"</sheetData>", b" " * len(original) + hidden_xml + b"</sheetData>")
    data = bytearray(rewrite_sheet_xml(small, lambda xml: grown))
    prefix_crc = zlib.crc32(grown[: len(original)])
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 14, prefix_crc)
    struct.pack_into("<I", data, info.header_offset + 22, len(original))
    entry = data.find(b"PK\x01\x02")  # the central directory: one entry per member
    while data[entry + 46 : entry + 46 + len(name)] != name.encode():
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 16, prefix_crc)
    struct.pack_into("<I", data, entry + 24, len(original))
    return bytes(data)


def shared_text_xlsx(length, rows=25, *, cell='<c r="{ref}" t="s"><v>2</v></c>', skipped_first=False):
    """One shared text of `length` characters (random, so it passes the ratio check) shown in both cells of `rows` rows.

    `cell` spells each data cell; `skipped_first` puts a text calamine skips (it has no <t>) first, shifting the indices.
    """
    import base64
    import random

    text = base64.b64encode(random.Random(length).randbytes(length))[:length].decode()
    skipped = "<si></si>" if skipped_first else ""
    strings = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">{skipped}<si><t>统一社会信用代码</t></si><si><t>企业名称</t></si><si><t>{text}</t></si></sst>'
    sheet = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' + "".join(f'<row r="{row}">' + cell.format(ref=f"A{row}") + cell.format(ref=f"B{row}") + "</row>" for row in range(2, rows + 2))
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["x"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = re_sheet_data(data, sheet.encode())
            elif member.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif member.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            target.writestr(member.filename, data)
        target.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def re_sheet_data(xml, rows):
    """The sheet XML with its sheet data replaced by `rows`."""
    start, end = xml.index(b"<sheetData"), xml.index(b"</sheetData>") + len(b"</sheetData>")
    return xml[:start] + b"<sheetData>" + rows + b"</sheetData>" + xml[end:]


def merged_ranges_xlsx(count):
    """A small sheet declaring `count` merged ranges (each a distinct pair of cells far down column A and B)."""
    merges = "".join(f'<mergeCell ref="A{row}:B{row}"/>' for row in range(3, count + 3)).encode()
    return rewrite_sheet_xml(
        xlsx_bytes([["统一社会信用代码", "企业名称"], ["91330902MA28K1XG4Q", "甲有限公司"]]),
        lambda xml: xml.replace(b"</sheetData>", b"</sheetData>" + b'<mergeCells count="%d">' % count + merges + b"</mergeCells>"),
    )


def reference(model_name, code):
    """A row of assistance's reference data (ways, categories, units) by its code."""
    from django.apps import apps

    return apps.get_model("assistance", model_name).objects.get(code=code)


def make_problem(enterprise=None, *, status="collected", raised_on=None, category="financing", unit=None, due_on=None, resolved_on=None, **extra):
    """A problem in any status, written directly (tests of the services build through the services)."""
    import datetime

    from assistance.models import Problem

    raised_on = raised_on or datetime.date(2026, 1, 5)
    return Problem.objects.create(
        enterprise=enterprise or make_enterprise(), status=status, raised_on=raised_on, way=reference("ServiceWay", "visit"), category=reference("ProblemCategory", category),
        description=extra.pop("description", "融资难"), unit=reference("AssigneeUnit", unit) if unit else None, due_on=due_on, resolved_on=resolved_on,
        resolution=extra.pop("resolution", "已协调" if resolved_on else ""), **extra,
    )


def make_service_record(enterprise=None, *, served_on=None, officers=(), way="visit"):
    import datetime

    from assistance.models import ServiceRecord

    record = ServiceRecord.objects.create(enterprise=enterprise or make_enterprise(), served_on=served_on or datetime.date(2026, 1, 5), way=reference("ServiceWay", way), discussed="了解生产经营情况")
    record.officers.set(officers)
    return record


def make_project(enterprise=None, *, kind="new", renovation_kind=None, **overrides):
    """A project written directly (tests of the services build through the services); money in 万元."""
    from projects.models import Project, ProjectKind, RenovationKind

    values = {"code": f"P-{next(_serial):06d}", "name": f"测试项目{next(_serial)}", "total_investment": 5000, "status": "building"}
    values.update(overrides)
    return Project.objects.create(
        enterprise=enterprise or make_enterprise(), kind=ProjectKind.objects.get(code=kind),
        renovation_kind=RenovationKind.objects.get(code=renovation_kind) if renovation_kind else None, **values,
    )


def make_progress(project, period="2024-01", investment=0, **extra):
    """One project's investment for one month; `period` as "YYYY-MM" or a date."""
    import datetime

    from projects.models import ProjectProgress

    if isinstance(period, str):
        year, month = period.split("-")
        period = datetime.date(int(year), int(month), 1)
    return ProjectProgress.objects.create(project=project, period=period, investment=investment, **extra)


PROGRESS_HEADERS = ("项目编号", "项目名称", "统计期", "当月完成投资（万元）", "进展情况")
