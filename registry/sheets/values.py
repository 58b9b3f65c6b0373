"""Cell values as staff type them, parsed into Python values; every refusal is a ValueError with a Chinese reason.

Cells arrive from calamine (str, float, int, bool, date, datetime, time) or from CSV (str).
The common case is checked first: a number cell for a number, a date cell for a date.
"""

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from registry.dates import FIRST_YEAR, LAST_YEAR

from .safety import restore_neutralised

EMPTY_MARKERS = frozenset({"", "-", "—", "－", "/", "／", "--", "——"})
TRUE_WORDS = frozenset({"是", "Y", "YES", "TRUE", "√", "✓", "✔", "1", "有", "对"})
FALSE_WORDS = frozenset({"否", "N", "NO", "FALSE", "×", "✗", "✘", "0", "无", "错"})
EXCEL_EPOCH = datetime.date(1899, 12, 30)
MAX_EXCEL_SERIAL = 2958465  # 9999-12-31
MIN_PERIOD_SERIAL = 10000  # 1927: a smaller bare number in a period column is a typo, not a date
EXCEL_ERRORS = frozenset({"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})

_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*[T ]?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PERIOD_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月份?)?$")
_PERIOD_DIGITS = re.compile(r"^(\d{4})(\d{2})$")
_NUMBER_JUNK = str.maketrans("", "", ", _\u00a0\u2009\u202f'")


class Month(datetime.date):
    """A date that stands for its whole month: written as 2024-03 in CSV and as a yyyy-mm cell in xlsx."""


def refuse_control_characters(text):
    """The text, or ValueError naming the first invisible control character (tab and line breaks are fine).

    PostgreSQL cannot store a NUL, and an xlsx cannot hold the other C0 controls (the export drops them):
    the characters refused are the ones the export strips, so a file exported and imported again is unchanged.
    """
    found = ILLEGAL_CHARACTERS_RE.search(text)
    if found:
        raise ValueError(f"不能包含不可见的控制字符（第{found.start() + 1}个字符），请删除后重新导入")
    return text


def clean_text(value):
    """Text with surrounding spaces (also full-width) removed; '' for an empty marker."""
    if value is None:
        return ""
    if value.__class__ is not str:
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, datetime.datetime):
            return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
        return str(value)
    text = value.strip().replace("\u3000", " ").strip()
    if text in EMPTY_MARKERS:
        return ""
    return restore_neutralised(text).strip()


def parse_text(value):
    """clean_text for a cell that is stored or looked up: control characters are refused."""
    if value.__class__ is str:
        refuse_control_characters(value)
    return clean_text(value)


def is_empty(value):
    if value is None:
        return True
    if value.__class__ is str:
        return value.strip().replace("\u3000", "").strip() in EMPTY_MARKERS
    return False


def _excel_error(text):
    if text in EXCEL_ERRORS:
        raise ValueError(f"单元格是 Excel 错误值 {text}，请修正公式或直接填写数值")


def parse_decimal(value):
    """Decimal or None: thousands separators, full-width digits, spaces, (123) and a trailing % are accepted.

    '12.5%' gives 12.5: a column headed (%) holds percentages. A cell formatted as a percentage in
    Excel arrives as its underlying fraction (0.125) and is not scaled.
    """
    cls = value.__class__
    if cls is float:
        if value - value == 0.0:  # false for NaN and infinities
            return Decimal(repr(value))
        raise ValueError("不是有效的数值")
    if cls is int:
        return Decimal(value)
    if value is None:
        return None
    if cls is bool:
        raise ValueError("应为数值，实际为是/否")
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise ValueError("应为数值，实际为日期")
    text = refuse_control_characters(str(value)).strip()
    if text in EMPTY_MARKERS:
        return None
    text = unicodedata.normalize("NFKC", text).strip()
    if text in EMPTY_MARKERS:
        return None
    _excel_error(text)
    number = text.translate(_NUMBER_JUNK)
    negative = number.startswith("(") and number.endswith(")")
    if negative:
        number = number[1:-1]
    if number.endswith("%"):
        number = number[:-1]
    try:
        result = Decimal(number)
    except InvalidOperation:
        raise ValueError(f"“{text}”不是有效的数值") from None
    if not result.is_finite():
        raise ValueError(f"“{text}”不是有效的数值")
    return -result if negative else result


def parse_integer(value):
    """int or None; 1,234 and 1234.0 are accepted, 12.5 is not."""
    cls = value.__class__
    if cls is int:
        return value
    if cls is float and value.is_integer():
        return int(value)
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(f"应为整数，实际为{number}")
    return int(number)


def _checked_date(year, month, day):
    if not 1 <= month <= 12:
        raise ValueError(f"月份应在1-12之间，实际为{month}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"年份应在{FIRST_YEAR}-{LAST_YEAR}之间，实际为{year}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"{year}年{month}月没有{day}日") from None


def _from_serial(number):
    if not 1 <= number <= MAX_EXCEL_SERIAL:
        raise ValueError(f"“{number:g}”不是有效的日期")
    return EXCEL_EPOCH + datetime.timedelta(days=int(number))


def parse_date(value):
    """date or None from a date cell, an Excel serial, 2024-03-05, 2024/3/5, 2024年3月5日, 2024.3.5 or 20240305."""
    cls = value.__class__
    if cls is datetime.date or cls is Month:
        return value
    if cls is datetime.datetime:
        return value.date()
    if value is None:
        return None
    if cls is float or cls is int:
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return parse_date(str(int(value)))
        return _from_serial(value)
    if cls is bool or isinstance(value, (datetime.time, datetime.timedelta)):
        raise ValueError("应为日期")
    text = unicodedata.normalize("NFKC", refuse_control_characters(str(value))).strip()
    if text in EMPTY_MARKERS:
        return None
    _excel_error(text)
    match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if match:
        return _checked_date(*(int(part) for part in match.groups()))
    raise ValueError(f"“{text}”不是有效的日期，请写成 2024-03-05、2024/3/5 或 2024年3月5日")


def _period_from_float(value):
    year, _, fraction = repr(value).partition(".")
    if fraction == "1":
        raise ValueError(f"“{value:g}”有歧义（Excel 会把 {year}.10 存成 {year}.1），请写成 {year}-01 或 {year}-10")
    if len(fraction) > 2:
        raise ValueError(f"“{value:g}”不是有效的统计期，请写成 2024-03、2024/3、2024年3月 或 202403")
    return int(year), int(fraction)


def parse_period(value):
    """The first day of a month, or None: 2024-03, 2024/3, 2024年3月, 202403, 2024.03, or a date cell.

    A number cell holding 2024.1 is refused as ambiguous: Excel stores a typed 2024.10 that way.
    """
    cls = value.__class__
    if cls is datetime.date or cls is Month:
        return value.replace(day=1)
    if cls is datetime.datetime:
        return value.date().replace(day=1)
    if value is None:
        return None
    if cls is float or cls is int:
        if 190001 <= value <= 210012 and float(value).is_integer():
            year, month = divmod(int(value), 100)
        elif 1900 < value < 2101 and not float(value).is_integer():
            year, month = _period_from_float(float(value))
        elif 19000101 <= value <= 21001231 or value >= MIN_PERIOD_SERIAL:
            return parse_date(value).replace(day=1)
        else:
            raise ValueError(f"“{value:g}”不是有效的统计期，请写成 2024-03、2024/3、2024年3月 或 202403")
        return _checked_date(year, month, 1)
    if cls is bool or isinstance(value, (datetime.time, datetime.timedelta)):
        raise ValueError("应为统计期（年月）")
    return _period_from_text(str(value))


@lru_cache(maxsize=4096)
def _period_from_text(value):
    # A monthly file repeats a dozen period spellings over thousands of rows.
    text = unicodedata.normalize("NFKC", refuse_control_characters(value)).strip()
    if text in EMPTY_MARKERS:
        return None
    _excel_error(text)
    match = _PERIOD_TEXT.match(text) or _PERIOD_DIGITS.match(text)
    if match:
        return _checked_date(int(match.group(1)), int(match.group(2)), 1)
    match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if match:
        return _checked_date(*(int(part) for part in match.groups())).replace(day=1)
    raise ValueError(f"“{text}”不是有效的统计期，请写成 2024-03、2024/3、2024年3月 或 202403")


def parse_bool(value):
    """True, False or None from 是/否, Y/N, √/×, 1/0 (also TRUE/FALSE cells)."""
    cls = value.__class__
    if cls is bool:
        return value
    if value is None:
        return None
    if cls is float or cls is int:
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"应为“是”或“否”，实际为{value:g}")
    text = unicodedata.normalize("NFKC", refuse_control_characters(str(value))).strip().upper()
    if text in EMPTY_MARKERS:
        return None
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(f"应为“是”或“否”，实际为“{value}”")


def parse_year(value):
    """A four-digit year or None; a date cell gives its year."""
    if isinstance(value, datetime.date):
        return value.year
    year = parse_integer(value)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"年份应为四位数字（{FIRST_YEAR}-{LAST_YEAR}），实际为{year}")
    return year
